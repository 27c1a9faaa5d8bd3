"""The change log: which rows of statements, claims and speakers changed since each derived
step last ran, so a step updates what changed instead of reading every row again.

Plain SQL triggers (any tool that writes the database is logged) add a row to `change_log` for
every row inserted or deleted, and for every update of a column a derived step reads. A deleted
or updated row's entry keeps the row as it was (`old`, a JSON object of the LOGGED columns): the
first entry of a row since a step last ran is the row as that step last saw it, and the table
holds it as it is now, so a count can take away the one and add the other. `op` says what
happened: insert, delete, content (a column the text-reading steps read: text, ids, speaker,
dates, ...) or other (only a counted column, such as topics or a verdict).

A row is named by its rowid (its slot): a slot first logged as an insert was empty before.

Each step keeps its place in `change_cursors` (the last entry it has taken in); entries that
every step with a place has taken in are deleted. A step with no place yet (a new database, or
one written before the log existed) recomputes everything, as it does when the log's triggers
had to be made again (writes may have gone unlogged) or when more rows changed than it is worth
going through one by one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

LOG = "change_log"
CURSORS = "change_cursors"

# table -> (columns whose change is `content`, columns whose change is `other`). The entry of
# a deleted or updated row keeps the values of both but `text` (nothing needs the old text).
LOGGED = {
    "statements": (["id", "article_id", "speaker_id", "text", "kind", "nested_in", "cue",
                    "said_on", "published"],
                   ["speaker_kind", "country", "speaker_org", "outlet", "topics"]),
    "claims": (["id", "text"],
               ["article_id", "statement_id", "claimant_id", "voice", "band", "verdict",
                "verdict_status", "match_status", "topics", "repeat_group", "repeats"]),
    "speakers": (["id", "name", "kind", "country", "title", "org"], []),
}
# Above this share of a table's rows changed, a step recomputes everything: going through the
# changes one by one would cost more.
FULL_ABOVE_SHARE = 0.2
FULL_ABOVE_MIN = 5000

CREATE_LOG = f"""
create table if not exists {LOG} (
  seq integer primary key autoincrement,
  table_name text not null,
  source_rowid integer not null,
  op text not null,
  old text
)
"""
CREATE_CURSORS = f"create table if not exists {CURSORS} (step text primary key, seq integer not null)"


def old_columns(table: str) -> list[str]:
    content, other = LOGGED[table]
    return [c for c in content + other if c != "text"]


def _triggers(table: str, present: set[str]) -> dict[str, str]:
    content, other = ([c for c in cols if c in present] for cols in LOGGED[table])
    old = "json_object(" + ", ".join(f"'{c}', old.[{c}]" for c in old_columns(table)
                                     if c in present) + ")"
    differs = lambda cols: " or ".join(f"old.[{c}] is not new.[{c}]" for c in cols) or "0"
    entry = f"insert into {LOG} (table_name, source_rowid, op, old) values ('{table}', "
    moved = (f"insert into {LOG} (table_name, source_rowid, op) select '{table}', new.rowid, "
             "'insert' where new.rowid != old.rowid;")
    triggers = {
        f"{table}_log_insert": f"create trigger [{table}_log_insert] after insert on [{table}] "
                               f"begin {entry}new.rowid, 'insert', null); end",
        f"{table}_log_delete": f"create trigger [{table}_log_delete] after delete on [{table}] "
                               f"begin {entry}old.rowid, 'delete', {old}); end",
        f"{table}_log_content": f"create trigger [{table}_log_content] after update on [{table}] "
                                f"when {differs(content)} or old.rowid != new.rowid "
                                f"begin {entry}old.rowid, 'content', {old}); {moved} end",
    }
    if other:
        triggers[f"{table}_log_other"] = (
            f"create trigger [{table}_log_other] after update on [{table}] "
            f"when not ({differs(content)} or old.rowid != new.rowid) and ({differs(other)}) "
            f"begin {entry}old.rowid, 'other', {old}); end")
    return triggers


def _same_sql(a: str | None, b: str) -> bool:
    return " ".join((a or "").lower().split()) == " ".join(b.lower().split())


def ensure_change_log(db: sqlite_utils.Database) -> None:
    """The log, the cursors and the triggers. When a trigger has to be made (or made again,
    after the table gained a logged column), writes may have gone unlogged: every step's place
    is dropped, so each recomputes everything once."""
    db.execute(CREATE_LOG)
    db.execute(CREATE_CURSORS)
    tables = set(db.table_names())
    existing = db.triggers_dict
    remade = False
    with db.atomic():
        for table in LOGGED:
            if table not in tables:
                continue
            for name, sql in _triggers(table, set(db[table].columns_dict)).items():
                if not _same_sql(existing.get(name), sql):
                    db.execute(f"drop trigger if exists [{name}]")
                    db.execute(sql)
                    remade = True
        if remade:
            db.execute(f"delete from {CURSORS}")
            db.execute(f"delete from {LOG}")


@dataclass
class Slot:
    """One changed row: as the step last saw it (`before`, None when it did not exist) and
    whether anything but a counted column changed (`content`)."""
    before: dict | None
    content: bool


@dataclass
class Changes:
    """What changed since a step's place, up to `upto`, by table and rowid."""
    upto: int
    slots: dict[str, dict[int, Slot]] = field(default_factory=dict)

    def of(self, table: str) -> dict[int, Slot]:
        return self.slots.get(table, {})

    def content_rowids(self, table: str) -> list[int]:
        return sorted(rowid for rowid, slot in self.of(table).items() if slot.content)

    def __bool__(self) -> bool:
        return any(self.slots.values())


def last_seq(db: sqlite_utils.Database) -> int:
    row = db.execute(f"select seq from sqlite_sequence where name = '{LOG}'").fetchone() \
        if "sqlite_sequence" in db.table_names() else None
    return row[0] if row else 0


def cursor(db: sqlite_utils.Database, step: str) -> int | None:
    row = db.execute(f"select seq from {CURSORS} where step = ?", [step]).fetchone()
    return row[0] if row else None


def changes_since(db: sqlite_utils.Database, step: str, tables: tuple[str, ...]) -> Changes | None:
    """The rows of `tables` changed since `step` last took the log in; None when the step must
    recompute everything (no place yet, or too many changes)."""
    ensure_change_log(db)
    seq = cursor(db, step)
    if seq is None:
        return None
    upto = last_seq(db)
    marks = ", ".join("?" for _ in tables)
    pending = db.execute(f"select count(*) from {LOG} where seq > ? and table_name in ({marks})",
                         [seq, *tables]).fetchone()[0]
    if pending > FULL_ABOVE_MIN:  # counting a million rows costs 0.1 s: only when it may tell
        rows = sum(db.execute(f"select count(*) from [{t}]").fetchone()[0]
                   for t in tables if t in db.table_names())
        if pending > FULL_ABOVE_SHARE * rows:
            return None
    changes = Changes(upto)
    for table, rowid, op, old in db.execute(
            f"select table_name, source_rowid, op, old from {LOG} "
            f"where seq > ? and seq <= ? and table_name in ({marks}) order by seq",
            [seq, upto, *tables]):
        slots = changes.slots.setdefault(table, {})
        slot = slots.get(rowid)
        if slot is None:
            slots[rowid] = Slot(json.loads(old) if old is not None else None, op != "other")
        elif op != "other":
            slot.content = True
    return changes


def take_in(db: sqlite_utils.Database, step: str) -> None:
    """`step` is up to date with every entry logged so far (its own writes included): its place
    moves to the end, and entries every step has taken in go."""
    # An upsert that leaves an unmoved place alone: a build with nothing to do writes nothing.
    db.execute(f"insert into {CURSORS} (step, seq) values (?, ?) on conflict (step) do update "
               "set seq = excluded.seq where seq != excluded.seq", [step, last_seq(db)])
    db.execute(f"delete from {LOG} where seq <= (select min(seq) from {CURSORS})")


def forget(db: sqlite_utils.Database, step: str) -> None:
    """`step` will recompute everything next time."""
    db.execute(f"delete from {CURSORS} where step = ?", [step])


def temp_values(db: sqlite_utils.Database, name: str, values, column: str = "value",
                type_: str = "") -> str:
    """A temp table NAME of distinct `values` in COLUMN (for `in (select COLUMN from ...)`)."""
    db.execute(f"drop table if exists temp.[{name}]")
    db.execute(f"create temp table [{name}] ({column} {type_} primary key)")
    db.conn.executemany(f"insert or ignore into temp.[{name}] values (?)", [(v,) for v in values])
    return f"temp.[{name}]"


def slot_table(db: sqlite_utils.Database, name: str, rowids) -> str:
    """A temp table of rowids, `slot` (for `where rowid in (select slot from temp.NAME)`)."""
    return temp_values(db, name, rowids, column="slot", type_="integer")


def delta_rows(db: sqlite_utils.Database, table: str, changes: Changes, name: str) -> str:
    """A temp table NAME of `table`'s changed rows with a `sign`: each changed row as the step
    last saw it (-1) and as it is now (+1), with `slot` (its rowid) and the logged columns
    (without text). Counting over it with sum(sign) gives what a count must add and take."""
    present = set(db[table].columns_dict)
    columns = [c for c in old_columns(table) if c in present]
    slots = changes.of(table)
    quoted = ", ".join(f"[{c}]" for c in columns)
    db.execute(f"drop table if exists temp.[{name}]")
    db.execute(f"create temp table [{name}] (slot integer, sign integer, {quoted})")
    befores = [(rowid, -1, *(slot.before.get(c) for c in columns))
               for rowid, slot in slots.items() if slot.before is not None]
    marks = ", ".join("?" for _ in range(len(columns) + 2))
    db.conn.executemany(f"insert into temp.[{name}] values ({marks})", befores)
    ids = slot_table(db, f"{name}_slots", slots)
    db.execute(f"insert into temp.[{name}] select rowid, 1, {quoted} from [{table}] "
               f"where rowid in (select slot from {ids})")
    return f"temp.[{name}]"


def rows_added(db: sqlite_utils.Database, delta: str) -> int:
    """Rows there are now less rows there were, over the changed slots of a delta table."""
    return db.execute(f"select coalesce(sum(sign), 0) from {delta}").fetchone()[0]


def touched(db: sqlite_utils.Database, changes: Changes, table: str, columns: tuple) -> bool:
    """A row of `table` came, went, changed content, or has other values in `columns` than
    when the step last saw it (another step's writes to other columns do not count)."""
    slots = changes.of(table)
    if any(slot.content for slot in slots.values()):
        return True
    ids = slot_table(db, f"{table}_touched_slots", slots)
    now = {row[0]: tuple(row[1:]) for row in db.execute(
        f"select rowid, {', '.join(f'[{c}]' for c in columns)} from [{table}] "
        f"where rowid in (select slot from {ids})")}
    return any(tuple(slot.before.get(c) for c in columns) != now.get(rowid)
               for rowid, slot in slots.items())
