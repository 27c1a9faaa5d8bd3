"""Facet counts of whole tables, counted once when the data changes instead of on every page view.

At a million statements each facet of the unfiltered statements page is a GROUP BY over every
row (50-140 ms) and the topics facet a json_each over every row (270 ms). `save_facet_counts`
(called by `ensure_db_shape`) stores those counts in `facet_counts`, one row per table, column
and value; plugins/precounted_facets.py shows them on a page with no filter and no search.

Whether the counts are current: plain SQL triggers (so any tool that writes the database counts)
add one to `facet_count_stamps.changes` for every row inserted, updated or deleted; the counts
are current while `changes` equals `counted_changes` and the table still has the row count and
max(rowid) it had when counted. Anything else and the site counts live, as Datasette would.

After a write the counts change by the rows that changed, as the change log (db/changes.py)
gives them: what they count now is added, what they counted before taken away.
"""
from __future__ import annotations

import json
from contextlib import contextmanager

import sqlite_utils

from .changes import (changes_since, delta_rows, ensure_change_log, rows_added, take_in,
                      temp_values)

COUNTS = "facet_counts"
STAMPS = "facet_count_stamps"

# table -> (column facets, JSON array facets): the facets metadata.yml configures as
# `counted` / `counted_array`.
COUNTED_FACETS = {
    "statements": (["speaker_id", "speaker_kind", "country", "speaker_org", "kind", "cue",
                    "outlet", "article_id"], ["topics"]),
    "claims": (["band", "verdict", "verdict_status", "voice", "match_status", "claimant_id",
                "article_id"], ["topics"]),
}

# `value` has no declared type, so values keep their own type and sort as in the source table.
CREATE_COUNTS = f"""
create table if not exists {COUNTS} (
  table_name text not null,
  "column" text not null,
  value,
  count integer not null
)
"""
CREATE_STAMPS = f"""
create table if not exists {STAMPS} (
  table_name text primary key,
  changes integer not null default 0,
  counted_changes integer,
  counted_rows integer,
  counted_max_rowid integer,
  columns text
)
"""

# The facet's own order (Datasette's: count desc, value), read from an index.
COUNTS_INDEX = f"""
create index if not exists {COUNTS}_order on {COUNTS} (table_name, "column", count desc, value)
"""


def _triggers(table: str) -> dict[str, str]:
    bump = f"update {STAMPS} set changes = changes + 1 where table_name = '{table}';"
    return {f"{table}_facet_count_{event}":
            f"create trigger [{table}_facet_count_{event}] after {event} on [{table}] "
            f"begin {bump} end"
            for event in ("insert", "update", "delete")}


# Stamps counted within `stamps_kept`, by (connection, table, change counter).
_kept: dict | None = None


@contextmanager
def stamps_kept():
    """Within, each table's stamp is counted once for each value of its change counter
    (count(*) of a million statements takes 0.05 s, and a write's counts asked it 7 times).
    The triggers move the counter on every insert, update or delete of the table, so an
    unmoved counter is the same rows; a rollback leaves the block by its exception, and the
    kept stamps with it."""
    global _kept
    outer, _kept = _kept, ({} if _kept is None else _kept)
    try:
        yield
    finally:
        _kept = outer


def table_stamp(db: sqlite_utils.Database, table: str) -> tuple[int, int]:
    """(row count, max rowid) of a table now."""
    key = None
    if _kept is not None and STAMPS in db.table_names():
        changes = db.execute(f"select changes from {STAMPS} where table_name = ?",
                             [table]).fetchone()
        key = (id(db.conn), table, changes[0]) if changes else None
        if key in _kept:
            return _kept[key]
    stamp = tuple(db.execute(f"select count(*), coalesce(max(rowid), 0) from [{table}]").fetchone())
    if key is not None:
        _kept[key] = stamp
    return stamp


def _is_current(db: sqlite_utils.Database, table: str, columns: list[str]) -> bool:
    stamp = db.execute(f"select changes, counted_changes, counted_rows, counted_max_rowid, "
                       f"columns from {STAMPS} where table_name = ?", [table]).fetchone()
    if stamp is None or stamp[0] != stamp[1] or stamp[4] is None:
        return False
    return (stamp[2], stamp[3]) == table_stamp(db, table) and json.loads(stamp[4]) == columns


def _column_counts_sql(table: str, column: str) -> str:
    # Datasette's column facet: non-null values
    return (f"select ?, ?, [{column}], count(*) from [{table}] "
            f"where [{column}] is not null group by [{column}]")


def _array_counts_sql(table: str, column: str) -> str:
    # Datasette's array facet: each distinct value counted once per row; text that is not a
    # JSON array counts for nothing (Datasette's live facet would fail on it).
    return (f"select ?, ?, value, count(*) from ("
            f"select distinct [{table}].rowid, j.value from [{table}], json_each([{table}].[{column}]) j "
            f"where json_type([{table}].[{column}]) = 'array') group by value")


def _same_sql(a: str | None, b: str) -> bool:
    """SQLite keeps a trigger's SQL as written; compare without case and spacing."""
    return " ".join((a or "").lower().split()) == " ".join(b.lower().split())


def ensure_change_counters(db: sqlite_utils.Database) -> None:
    """The stamp rows and the triggers that count every write to the counted tables (also
    read by db/monthly_counts.py and db/derive.py to tell whether their work is current)."""
    db.execute(CREATE_STAMPS)
    for table in COUNTED_FACETS:
        if table not in db.table_names():
            continue
        with db.atomic():
            db.execute(f"insert or ignore into {STAMPS} (table_name) values (?)", [table])
            for name, sql in _triggers(table).items():
                if not _same_sql(db.triggers_dict.get(name), sql):
                    db.execute(f"drop trigger if exists [{name}]")
                    db.execute(sql)


def save_facet_counts(db: sqlite_utils.Database, force: bool = False) -> list[str]:
    """Count the facets of COUNTED_FACETS for each table whose counts are not current: by the
    rows the change log (db/changes.py) says changed when it can, else every row; with
    `force`, every row.

    Returns the tables counted. Safe to call any number of times.
    """
    with stamps_kept():
        return _save_facet_counts(db, force)


def _save_facet_counts(db: sqlite_utils.Database, force: bool) -> list[str]:
    db.execute(CREATE_COUNTS)
    db.execute(COUNTS_INDEX)
    ensure_change_counters(db)
    ensure_change_log(db)
    counted = []
    for table, (columns, arrays) in COUNTED_FACETS.items():
        if table not in db.table_names():
            continue
        present = set(db[table].columns_dict)
        columns = [c for c in columns if c in present]
        arrays = [c for c in arrays if c in present]
        names = columns + [f"{c} (array)" for c in arrays]
        step = f"facet counts of {table}"
        with db.atomic():
            if not force and _is_current(db, table, names):
                take_in(db, step)
                continue
            changes = None if force or not _stamped(db, table, names) else \
                changes_since(db, step, (table,))
            if changes is None or not _count_changes(db, table, columns, arrays, changes):
                _count_all(db, table, columns, arrays)
            rows, max_rowid = table_stamp(db, table)
            db.execute(f"update {STAMPS} set counted_changes = changes, counted_rows = ?, "
                       "counted_max_rowid = ?, columns = ? where table_name = ?",
                       [rows, max_rowid, json.dumps(names), table])
            take_in(db, step)
        counted.append(table)
    return counted


def _stamped(db: sqlite_utils.Database, table: str, names: list[str]) -> bool:
    """The stored counts are of these facets (a change of the list counts everything)."""
    stamp = db.execute(f"select columns, counted_rows from {STAMPS} where table_name = ?",
                       [table]).fetchone()
    return stamp is not None and stamp[0] is not None and json.loads(stamp[0]) == names


def _count_all(db: sqlite_utils.Database, table: str, columns: list[str],
               arrays: list[str]) -> None:
    db.execute(f"delete from {COUNTS} where table_name = ?", [table])
    for column in columns:
        db.execute(f"insert into {COUNTS} " + _column_counts_sql(table, column), [table, column])
    for column in arrays:
        db.execute(f"insert into {COUNTS} " + _array_counts_sql(table, column), [table, column])


def _count_changes(db: sqlite_utils.Database, table: str, columns: list[str],
                   arrays: list[str], changes) -> bool:
    """Add what the changed rows count now and take away what they counted when last counted,
    with the same SQL as a full count run over those rows (so the same values, of the same
    types). False, having written nothing, when the rows do not add up to the table's count:
    a write went unlogged (INSERT OR REPLACE drops a row without its delete trigger)."""
    if not changes.of(table):
        return True
    delta = delta_rows(db, table, changes, "facet_delta")
    counted = db.execute(f"select counted_rows from {STAMPS} where table_name = ?",
                         [table]).fetchone()[0]
    if counted is None or counted + rows_added(db, delta) != table_stamp(db, table)[0]:
        return False
    sums: dict[tuple, int] = {}
    for column in columns:
        for value, change in db.execute(
                f"select [{column}], sum(sign) from {delta} where [{column}] is not null "
                f"group by [{column}]"):
            sums[(column, value)] = change
    for column in arrays:
        for value, change in db.execute(
                f"select value, sum(sign) from (select distinct d.slot, d.sign, j.value "
                f"from {delta} d, json_each(d.[{column}]) j "
                f"where json_type(d.[{column}]) = 'array') group by value"):
            sums[(column, value)] = change  # stored under the column's own name
    stored = {}
    for name in {name for name, _ in sums}:
        # Only the stored counts of the changed values: a column of thousands of values
        # (speakers, articles) was read whole, 0.1 s a write at a million statements.
        values = [value for column, value in sums if column == name]
        wanted = temp_values(db, "facet_values", [v for v in values if v is not None])
        null = " or value is null" if None in values else ""
        for rowid, value, count in db.execute(
                f'select rowid, value, count from {COUNTS} where table_name = ? and "column" = ? '
                f"and (value in (select value from {wanted}){null})", [table, name]):
            stored[(name, value)] = (rowid, count)
    updates, deletes, inserts = [], [], []
    for (name, value), change in sums.items():
        if not change:
            continue
        rowid, count = stored.get((name, value), (None, 0))
        if count + change < 0:
            return False
        if rowid is None:
            inserts.append((table, name, value, change))
        elif count + change == 0:
            deletes.append((rowid,))
        else:
            updates.append((count + change, rowid))
    db.conn.executemany(f"delete from {COUNTS} where rowid = ?", deletes)
    db.conn.executemany(f"update {COUNTS} set count = ? where rowid = ?", updates)
    db.conn.executemany(f'insert into {COUNTS} (table_name, "column", value, count) '
                        "values (?, ?, ?, ?)", inserts)
    return True
