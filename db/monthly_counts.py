"""Statements counted per month, once when the data changes, for the charts.

The chart queries of metadata.yml (statements per month by country, by speaker, topics per
month, and a speaker's own months and topics) were GROUP BYs over every statement: 2-2.6 s at a
million, past Datasette's sql_time_limit_ms. `save_monthly_counts` (called by `ensure_db_shape`)
stores those counts in `monthly_counts`, and the chart queries add up its few thousand rows.

In `monthly_counts`, one row per dimension, month and key:
  country        key = the statement's country, '(unknown)' when it has none
  topic          key = a topic (a statement about two topics counts for both)
  month          key = null: every statement of the month
  speaker_total  key = speaker_id = the speaker's id, month = null: all their statements
The last two let the speakers chart read its top twelve speakers' rows and subtract them from
the month's total for (others), instead of adding up a row per speaker and month.
Per speaker, in two tables of their own:
  speaker_monthly_counts        (speaker_id, month): the speaker's statements of the month
  speaker_topic_monthly_counts  (speaker_id, topic, month): those about the topic
At a million statements these are 1.27 million of the 1.35 million rows (a long tail of
speakers, each with a few months and topics). Kept in `monthly_counts` they took 139 MB with
its index (the dimension's name and the speaker id in every row and again in the index);
as WITHOUT ROWID tables keyed by what the speaker pages look up, the key is the table and no
index is needed (see the README's Speed section for the figures).
The month is the month said, else the month published (YYYY-MM); null when the statement has
neither (or the text is empty). Null-month rows are kept because the charts pick their top
twelve over all statements; in the two speaker tables, whose key columns cannot be null, an
undated month is ''.

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
from .facet_counts import STAMPS, save_facet_counts, stamps_kept, table_stamp

COUNTS = "monthly_counts"
SPEAKER_MONTHS = "speaker_monthly_counts"
SPEAKER_TOPIC_MONTHS = "speaker_topic_monthly_counts"
COUNT_TABLES = (COUNTS, SPEAKER_MONTHS, SPEAKER_TOPIC_MONTHS)
COUNT_STAMPS = "monthly_count_stamps"
STEP = "monthly counts"  # its place in the change log
DIMENSIONS = ("country", "speaker", "topic", "speaker_topic", "month", "speaker_total")
# Dimensions an earlier version kept in monthly_counts, now in the speaker tables.
MOVED_DIMENSIONS = ("speaker", "speaker_topic")

# The month a statement is charted in, as the chart queries have always counted it (an empty
# date is no date: the speaker tables write an undated month as '').
MONTH = ("nullif(coalesce(case when length(said_on) >= 7 then substr(said_on, 1, 7) end, "
         "substr(published, 1, 7)), '')")
UNDATED = "''"

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
# The dimension's rows (the charts), a speaker's total (a later count's look-ups).
COUNTS_INDEX = f"create index if not exists {COUNTS}_by_speaker on {COUNTS} (dimension, speaker_id, month)"
# A speaker's page reads that speaker's rows: the primary key's first column.
CREATE_SPEAKER_MONTHS = f"""
create table if not exists {SPEAKER_MONTHS} (
  speaker_id text not null,
  month text not null,
  count integer not null,
  primary key (speaker_id, month)
) without rowid
"""
# `topic` has no declared type, so a topic keeps its own type, as in statements.
CREATE_SPEAKER_TOPIC_MONTHS = f"""
create table if not exists {SPEAKER_TOPIC_MONTHS} (
  speaker_id text not null,
  topic not null,
  month text not null,
  count integer not null,
  primary key (speaker_id, topic, month)
) without rowid
"""
CREATE_COUNT_TABLES = [CREATE_COUNTS, COUNTS_INDEX, CREATE_SPEAKER_MONTHS,
                       CREATE_SPEAKER_TOPIC_MONTHS]
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
# Text that is not a JSON array has no topics, nor has a null in one. Rows go in in key order
# (null months first, as '' sorts before any month), which fills the table's pages.
SPEAKER_TOPIC_SQL = f"""
insert into {SPEAKER_TOPIC_MONTHS} (speaker_id, topic, month, count)
select speaker_id, topic.value, coalesce({MONTH}, {UNDATED}), count(*)
from statements, json_each(case when json_valid(topics) then topics else '[]' end) as topic
where topic.value is not null
group by speaker_id, topic.value, {MONTH}
"""
DERIVED_SQL = [
    f"""insert into {SPEAKER_MONTHS} (speaker_id, month, count)
select speaker_id, coalesce(month, {UNDATED}), sum(count)
from temp.monthly_speaker_country group by speaker_id, month""",
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
select 'topic', nullif(month, {UNDATED}), topic, null, sum(count)
from {SPEAKER_TOPIC_MONTHS} group by month, topic""",
]


def _counted_at(db: sqlite_utils.Database) -> tuple | None:
    """(changes, rows, max rowid) of statements now, or None when nothing counts the changes."""
    changes = db.execute(f"select changes from {STAMPS} where table_name = 'statements'").fetchone()
    if changes is None:
        return None
    return (changes[0], *table_stamp(db, "statements"))


def monthly_counts_are_current(db: sqlite_utils.Database) -> bool:
    tables = set(db.table_names())
    if not {COUNT_STAMPS, STAMPS, *COUNT_TABLES} <= tables or _earlier_shape(db):
        return False
    stamp = db.execute(f"select counted_changes, counted_rows, counted_max_rowid "
                       f"from {COUNT_STAMPS} where id = 1").fetchone()
    now = _counted_at(db)
    return stamp is not None and now is not None and tuple(stamp) == now


def _earlier_shape(db: sqlite_utils.Database) -> bool:
    """Counts of an earlier version: the per-speaker rows in monthly_counts."""
    return db.execute(f"select 1 from {COUNTS} where dimension in "
                      f"({', '.join(repr(d) for d in MOVED_DIMENSIONS)}) limit 1").fetchone() is not None


def save_monthly_counts(db: sqlite_utils.Database, force: bool = False) -> bool:
    """Count statements per month into `monthly_counts` unless the counts are current: by the
    statements the change log (db/changes.py) says changed when it can, else every statement;
    with `force`, every statement.

    Returns whether it counted. Safe to call any number of times.
    """
    with stamps_kept():
        return _save_monthly_counts(db, force)


def _save_monthly_counts(db: sqlite_utils.Database, force: bool) -> bool:
    if "statements" not in db.table_names():
        return False
    for sql in CREATE_COUNT_TABLES:
        db.execute(sql)
    db.execute(CREATE_STAMPS)
    if STAMPS not in db.table_names():
        save_facet_counts(db)  # creates the triggers that count changes to statements
    ensure_change_log(db)
    if not force and monthly_counts_are_current(db):
        with db.atomic():
            take_in(db, STEP)
        return False
    with db.atomic():
        changes = None if force or _earlier_shape(db) else changes_since(db, STEP, ("statements",))
        if changes is None or not _count_changes(db, changes):
            _count_all(db)
        db.execute(f"insert or replace into {COUNT_STAMPS} "
                   "(id, counted_changes, counted_rows, counted_max_rowid) values (1, ?, ?, ?)",
                   list(_counted_at(db)))
        take_in(db, STEP)
    return True


def _count_all(db: sqlite_utils.Database) -> None:
    for table in COUNT_TABLES:
        db.execute(f"delete from {table}")
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
  where topic.value is not null
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


class _Stored:
    """Where the rows of a dimension are stored: `table`, its key columns, and the key of a
    counted row (dimension, month, key, speaker_id) there."""

    def __init__(self, table: str, key_columns: tuple[str, ...], key):
        self.table, self.key_columns, self.key = table, key_columns, key
        where = " and ".join(f"[{c}] is ?" for c in key_columns)
        self.find = f"select count from {table} where {where}"
        self.delete = f"delete from {table} where {where}"
        self.update = f"update {table} set count = ? where {where}"
        self.insert = (f"insert into {table} ({', '.join(key_columns)}, count) "
                       f"values ({', '.join('?' for _ in key_columns)}, ?)")


_IN_COUNTS = _Stored(COUNTS, ("dimension", "month", "key", "speaker_id"),
                     lambda dimension, month, key, speaker_id: (dimension, month, key, speaker_id))
STORED = {
    "speaker": _Stored(SPEAKER_MONTHS, ("speaker_id", "month"),
                       lambda _d, month, _k, speaker_id: (speaker_id, month or "")),
    "speaker_topic": _Stored(SPEAKER_TOPIC_MONTHS, ("speaker_id", "topic", "month"),
                             lambda _d, month, key, speaker_id: (speaker_id, key, month or "")),
}


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
    writes = []  # (statement, values), made only once every change adds up
    for row in db.execute(DELTA_SQL.format(delta=delta)).fetchall():
        change = row[4]
        if not change:
            continue
        stored = STORED.get(row[0], _IN_COUNTS)
        key = stored.key(*row[:4])
        found = db.execute(stored.find, key).fetchone()
        count = found[0] if found else 0
        if count + change < 0:
            return False
        if found is None:
            writes.append((stored.insert, (*key, change)))
        elif count + change == 0:
            writes.append((stored.delete, key))
        else:
            writes.append((stored.update, (count + change, *key)))
    for sql, values in writes:
        db.execute(sql, values)
    return True
