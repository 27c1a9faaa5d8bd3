"""Statements counted per month, once when the data changes, for the charts.

The chart queries of metadata.yml (statements per month by country, by speaker, topics per
month, and a speaker's own months and topics) were GROUP BYs over every statement: 2-2.6 s at a
million, past Datasette's sql_time_limit_ms. `save_monthly_counts` (called by `ensure_db_shape`)
stores those counts in `monthly_counts`, and the chart queries add up its few thousand rows.

One row per dimension, month and key:
  country        key = the statement's country, '(unknown)' when it has none
  speaker        key = speaker_id = the speaker's id
  topic          key = a topic (a statement about two topics counts for both)
  speaker_topic  key = a topic, speaker_id = the speaker who spoke about it
  month          key = null: every statement of the month
  speaker_total  key = speaker_id = the speaker's id, month = null: all their statements
The last two let the speakers chart read its top twelve speakers' rows and subtract them from
the month's total for (others), instead of adding up a row per speaker and month: a long tail
of speakers makes those 450,000 rows at a million statements.
The month is the month said, else the month published (YYYY-MM); null when the statement has
neither. Null-month rows are kept because the charts pick their top twelve over all statements.

Whether the counts are current: the triggers of db/facet_counts.py count every insert, update
and delete of statements in `facet_count_stamps.changes` (copied columns such as country
follow their speaker through statements updates, so they count too); the monthly counts are
current while that number and the table's row count and max(rowid) are those they were counted
at, kept in `monthly_count_stamps`. After a write they change by the statements the change log
(db/changes.py) says changed, as the facet counts do.
"""
from __future__ import annotations

import sqlite_utils

from .changes import changes_since, delta_rows, ensure_change_log, rows_added, take_in
from .facet_counts import STAMPS, save_facet_counts, table_stamp

COUNTS = "monthly_counts"
COUNT_STAMPS = "monthly_count_stamps"
STEP = "monthly counts"  # its place in the change log
DIMENSIONS = ("country", "speaker", "topic", "speaker_topic", "month", "speaker_total")

# The month a statement is charted in, as the chart queries have always counted it.
MONTH = ("coalesce(case when length(said_on) >= 7 then substr(said_on, 1, 7) end, "
         "substr(published, 1, 7))")

# `key` has no declared type, so a topic or country keeps its own type, as in statements.
CREATE_COUNTS = f"""
create table if not exists {COUNTS} (
  dimension text not null,
  month text,
  key,
  speaker_id text,
  count integer not null
)
"""
# A speaker's page reads only that speaker's rows.
COUNTS_INDEX = f"create index if not exists {COUNTS}_by_speaker on {COUNTS} (dimension, speaker_id, month)"
CREATE_STAMPS = f"""
create table if not exists {COUNT_STAMPS} (
  id integer primary key check (id = 1),
  counted_changes integer,
  counted_rows integer,
  counted_max_rowid integer
)
"""

# One scan for month x speaker x country; the speaker and country rows are sums of it.
SPEAKER_COUNTRY_SQL = f"""
create temp table monthly_speaker_country as
select {MONTH} as month, speaker_id, coalesce(country, '(unknown)') as country, count(*) as count
from statements
group by 1, 2, 3
"""
# One scan through the topic arrays for month x speaker x topic; the topic rows are sums of it.
# Text that is not a JSON array has no topics.
SPEAKER_TOPIC_SQL = f"""
insert into {COUNTS} (dimension, month, key, speaker_id, count)
select 'speaker_topic', {MONTH}, topic.value, speaker_id, count(*)
from statements, json_each(case when json_valid(topics) then topics else '[]' end) as topic
group by 2, 3, 4
"""
DERIVED_SQL = [
    f"""insert into {COUNTS} (dimension, month, key, speaker_id, count)
select 'speaker', month, speaker_id, speaker_id, sum(count)
from temp.monthly_speaker_country group by month, speaker_id""",
    f"""insert into {COUNTS} (dimension, month, key, speaker_id, count)
select 'country', month, country, null, sum(count)
from temp.monthly_speaker_country group by month, country""",
    f"""insert into {COUNTS} (dimension, month, key, speaker_id, count)
select 'month', month, null, null, sum(count)
from temp.monthly_speaker_country group by month""",
    f"""insert into {COUNTS} (dimension, month, key, speaker_id, count)
select 'speaker_total', null, speaker_id, speaker_id, sum(count)
from temp.monthly_speaker_country group by speaker_id""",
    f"""insert into {COUNTS} (dimension, month, key, speaker_id, count)
select 'topic', month, key, null, sum(count)
from {COUNTS} where dimension = 'speaker_topic' group by month, key""",
]


def _counted_at(db: sqlite_utils.Database) -> tuple | None:
    """(changes, rows, max rowid) of statements now, or None when nothing counts the changes."""
    changes = db.execute(f"select changes from {STAMPS} where table_name = 'statements'").fetchone()
    if changes is None:
        return None
    return (changes[0], *table_stamp(db, "statements"))


def monthly_counts_are_current(db: sqlite_utils.Database) -> bool:
    if COUNT_STAMPS not in db.table_names() or STAMPS not in db.table_names():
        return False
    stamp = db.execute(f"select counted_changes, counted_rows, counted_max_rowid "
                       f"from {COUNT_STAMPS} where id = 1").fetchone()
    now = _counted_at(db)
    return stamp is not None and now is not None and tuple(stamp) == now


def save_monthly_counts(db: sqlite_utils.Database, force: bool = False) -> bool:
    """Count statements per month into `monthly_counts` unless the counts are current: by the
    statements the change log (db/changes.py) says changed when it can, else every statement;
    with `force`, every statement.

    Returns whether it counted. Safe to call any number of times.
    """
    if "statements" not in db.table_names():
        return False
    db.execute(CREATE_COUNTS)
    db.execute(COUNTS_INDEX)
    db.execute(CREATE_STAMPS)
    if STAMPS not in db.table_names():
        save_facet_counts(db)  # creates the triggers that count changes to statements
    ensure_change_log(db)
    if not force and monthly_counts_are_current(db):
        with db.atomic():
            take_in(db, STEP)
        return False
    with db.atomic():
        changes = None if force else changes_since(db, STEP, ("statements",))
        if changes is None or not _count_changes(db, changes):
            _count_all(db)
        db.execute(f"insert or replace into {COUNT_STAMPS} "
                   "(id, counted_changes, counted_rows, counted_max_rowid) values (1, ?, ?, ?)",
                   list(_counted_at(db)))
        take_in(db, STEP)
    return True


def _count_all(db: sqlite_utils.Database) -> None:
    db.execute(f"delete from {COUNTS}")
    db.execute("drop table if exists temp.monthly_speaker_country")
    db.execute(SPEAKER_COUNTRY_SQL)
    db.execute(SPEAKER_TOPIC_SQL)
    for sql in DERIVED_SQL:
        db.execute(sql)
    db.execute("drop table temp.monthly_speaker_country")


# The counts of the changed statements, as the full count makes them (the same month and
# topic expressions), each row of the delta table weighed by its sign.
DELTA_SQL = f"""
with speaker_country as (
  select {MONTH} as month, speaker_id, coalesce(country, '(unknown)') as country,
         sum(sign) as count
  from {{delta}} group by 1, 2, 3
), speaker_topic as (
  select {MONTH} as month, topic.value as topic, speaker_id, sum(sign) as count
  from {{delta}}, json_each(case when json_valid(topics) then topics else '[]' end) as topic
  group by 1, 2, 3
)
select 'speaker', month, speaker_id, speaker_id, sum(count) from speaker_country group by month, speaker_id
union all
select 'country', month, country, null, sum(count) from speaker_country group by month, country
union all
select 'month', month, null, null, sum(count) from speaker_country group by month
union all
select 'speaker_total', null, speaker_id, speaker_id, sum(count) from speaker_country group by speaker_id
union all
select 'speaker_topic', month, topic, speaker_id, count from speaker_topic
union all
select 'topic', month, topic, null, sum(count) from speaker_topic group by month, topic
"""
FIND_SQL = (f"select rowid, count from {COUNTS} where dimension = ? and speaker_id is ? "
            "and month is ? and key is ?")


def _count_changes(db: sqlite_utils.Database, changes) -> bool:
    """Add what the changed statements count now, take away what they counted before. False,
    having written nothing, when the rows do not add up (a write went unlogged)."""
    if not changes.of("statements"):
        return True
    delta = delta_rows(db, "statements", changes, "monthly_delta")
    counted = db.execute(f"select counted_rows from {COUNT_STAMPS} where id = 1").fetchone()
    if counted is None or counted[0] is None or \
            counted[0] + rows_added(db, delta) != table_stamp(db, "statements")[0]:
        return False
    updates, deletes, inserts = [], [], []
    for dimension, month, key, speaker_id, change in db.execute(DELTA_SQL.format(delta=delta)):
        if not change:
            continue
        found = db.execute(FIND_SQL, [dimension, speaker_id, month, key]).fetchone()
        count = found[1] if found else 0
        if count + change < 0:
            return False
        if found is None:
            inserts.append((dimension, month, key, speaker_id, change))
        elif count + change == 0:
            deletes.append((found[0],))
        else:
            updates.append((count + change, found[0]))
    db.conn.executemany(f"delete from {COUNTS} where rowid = ?", deletes)
    db.conn.executemany(f"update {COUNTS} set count = ? where rowid = ?", updates)
    db.conn.executemany(f"insert into {COUNTS} (dimension, month, key, speaker_id, count) "
                        "values (?, ?, ?, ?, ?)", inserts)
    return True
