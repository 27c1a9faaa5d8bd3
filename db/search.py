"""Full-text search that finds Chinese terms of any length, and English words.

SQLite's trigram tokenizer cannot match fewer than three characters, and Chinese has no
spaces to split words on. So each searchable table gets an FTS5 table (`statements_search`,
`claims_search`, `articles_search`; rowid = the source row's rowid) holding a *derived* text
that FTS5's plain unicode61 tokenizer splits on spaces:

- text is normalised first: NFKC (full-width letters and digits), Traditional to Simplified
  (OpenCC t2s, so 台獨 and 台独 are the same tokens), lower case;
- a run of CJK characters becomes its overlapping bigrams plus its last character alone
  (光刻机 -> `光刻 刻机 机`), so every character position starts exactly one token;
- any other run of letters and digits is one word.

A query is cut into the same tokens and becomes phrases (`match_expression`): 芯片 -> `"芯片"`,
光刻机 -> `"光刻 刻机"`, and a single character is a prefix token (台 -> `"台"*`, which matches
every token that starts with 台, i.e. every place it occurs). Only quoted tokens reach FTS5,
so no input is read as search syntax.

The search tables are contentless (FTS5 `content=''`): they keep the index only, not a second
copy of the derived text (at a million statements that copy was a third of the database).
Removing a row's tokens from a contentless index needs the values it was indexed with, so
the search tables follow their sources through a change log: plain SQL triggers (no Python
functions, so any tool may write the database) record in `search_changes` the rowids
inserted, updated or deleted, with the searched columns' old values for an update or a
delete, and `ensure_search` re-derives just those rows. A row that left its table unlogged
(INSERT OR REPLACE deletes without firing delete triggers) leaves the index out of step
with the table, and that table's index is derived again from scratch.
"""
from __future__ import annotations

import json
import operator
import re
import unicodedata
from typing import Iterable

import sqlite_utils

from .text import to_simplified

# table -> its searched columns, in the order of the search table's columns
SEARCHABLE = {
    "statements": ["text", "mention"],
    "claims": ["text"],
    "articles": ["title", "body"],
}
CHANGES = "search_changes"
BATCH = 2000

# Han (with 々 and 〇) and kana: scripts written without spaces between words.
_CJK = "\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN_RUN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")
MATCH_NOTHING = '""'  # an empty phrase: valid FTS5, matches no row


def search_table(table: str) -> str:
    return f"{table}_search"


def normalise(text: str) -> str:
    """The form both documents and queries are tokenised in."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def _runs(text: str) -> list[tuple[bool, str]]:
    """(is_cjk, run) for each run of CJK characters or of other letters and digits."""
    return [(m.group("cjk") is not None, m.group(0)) for m in _TOKEN_RUN.finditer(normalise(text))]


def _cjk_tokens(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_tokens(text: str | None) -> list[str]:
    """The tokens a document is indexed as."""
    tokens: list[str] = []
    for is_cjk, run in _runs(text or ""):
        tokens.extend(_cjk_tokens(run) if is_cjk else [run])
    return tokens


def search_text(text: str | None) -> str:
    """The derived text stored in a search table: tokens separated by spaces (those of
    `index_tokens`, the bigrams made by pairing each character with the next, which is
    several times faster on an article body than slicing)."""
    tokens: list[str] = []
    for is_cjk, run in _runs(text or ""):
        if is_cjk:
            tokens.extend(map(operator.add, run, run[1:]))
            tokens.append(run[-1])
        else:
            tokens.append(run)
    return " ".join(tokens)


def _phrase(chunk: str) -> str | None:
    runs = _runs(chunk)
    if not runs:
        return None
    tokens: list[str] = []
    prefix = False
    for i, (is_cjk, run) in enumerate(runs):
        if not is_cjk:
            tokens.append(run)
        elif i < len(runs) - 1:
            # the text's run ends here too (a word follows): same tokens as the index
            tokens.extend(_cjk_tokens(run))
        elif len(run) > 1:
            # the text's run may go on: its bigrams only, not the run-final character
            tokens.extend(run[j:j + 2] for j in range(len(run) - 1))
        else:
            # one character that may be followed by more: any token starting with it
            tokens.append(run)
            prefix = True
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def match_expression(query: str | None) -> str:
    """A safe FTS5 MATCH expression for what a user typed into a search box.

    Each whitespace-separated part must occur (as a phrase of its tokens); quotes, `*`, `-`,
    brackets, OR/NEAR and other syntax are just text. Input with no letter, digit or CJK
    character gives an expression that matches nothing.
    """
    phrases = [p for p in (_phrase(chunk) for chunk in (query or "").split()) if p]
    return " ".join(phrases) if phrases else MATCH_NOTHING


def query_terms(query: str | None) -> list[str]:
    """The normalised runs of a query, for highlighting: 台獨 Taiwan -> ['台独', 'taiwan']."""
    return [run for _, run in _runs(query or "")]


# ---------------------------------------------------------------- keeping the index in step

def _triggers(table: str, columns: list[str]) -> dict[str, str]:
    def log(which: str, with_values: bool) -> str:
        values = (f"json_array({', '.join(f'{which}.[{c}]' for c in columns)})"
                  if with_values else "null")
        return (f"insert into {CHANGES} (source, source_rowid, indexed) "
                f"values ('{table}', {which}.rowid, {values});")
    watched = ", ".join(f'"{c}"' for c in columns)
    return {
        f"{table}_search_insert":
            f"create trigger {table}_search_insert after insert on [{table}] "
            f"begin {log('new', False)} end",
        f"{table}_search_delete":
            f"create trigger {table}_search_delete after delete on [{table}] "
            f"begin {log('old', True)} end",
        f"{table}_search_update":
            f"create trigger {table}_search_update after update of {watched} on [{table}] "
            f"begin {log('old', True)} {log('new', False)} end",
    }


def _create_sql(fts: str, columns: list[str]) -> str:
    # No prefix index: a one-character query (台 is `"台"*`) reads every pair starting with
    # 台 instead of one entry, but a one-character prefix index is a second index of every
    # character, 35-45% of the search table's size (benchmarks/serve.py).
    return (f"create virtual table [{fts}] using fts5("
            f"{', '.join(columns)}, content='', tokenize='unicode61 remove_diacritics 2')")


def _index_rows(db: sqlite_utils.Database, table: str, columns: list[str], where: str,
                params: Iterable = (), derived: dict[str, tuple] | None = None) -> int:
    """Derive and insert the search rows of `table`'s rows matching `where`; a row whose id
    is in `derived` (see `search_texts`) may take its text from there."""
    fts = search_table(table)
    derived = derived or {}
    select = ", ".join(f'"{c}"' for c in columns)
    cursor = db.execute(f"select rowid, id, {select} from [{table}] where {where}", list(params))
    insert = (f"insert into [{fts}] (rowid, {select}) "
              f"values (?, {', '.join('?' for _ in columns)})")
    count = 0
    while True:
        rows = cursor.fetchmany(BATCH)
        if not rows:
            return count
        db.conn.executemany(insert, [(row[0], *_texts(row[2:], derived.get(row[1])))
                                     for row in rows])
        count += len(rows)


def _texts(values: tuple, derived: tuple | None):
    """The search text of a stored row's values: derived beforehand if from these values."""
    if derived is not None and derived[0] == values:
        return derived[1]
    return map(search_text, values)


def _unindex_rows(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """Take out of the index the logged rows that were in it, with the values they were
    indexed with: those of each row's first logged update or delete since the last sync (a
    row whose first entry is its insert was not indexed)."""
    fts = search_table(table)
    # SQLite takes a bare column's value from the row that min() picked: the first entry
    first = db.execute(f"select source_rowid, indexed, min(rowid) from {CHANGES} "
                       "where source = ? group by source_rowid", [table])
    delete = (f"insert into [{fts}] ([{fts}], rowid, {', '.join(columns)}) "
              f"values ('delete', ?, {', '.join('?' for _ in columns)})")
    db.conn.executemany(delete, ((rowid, *map(search_text, json.loads(indexed)))
                                 for rowid, indexed, _ in first if indexed is not None))


def _count(db: sqlite_utils.Database, table: str) -> int:
    return db.execute(f"select count(*) from [{table}]").fetchone()[0]


def _current_shape(db: sqlite_utils.Database, fts: str, columns: list[str],
                   triggers: dict[str, str]) -> bool:
    """The search table and its triggers are as this version makes them."""
    found = dict(db.execute("select name, sql from sqlite_master where name = ? "
                            "or (type = 'trigger' and name in ({}))".format(
                                ", ".join("?" for _ in triggers)), [fts, *triggers]))
    def same(stored, sql):  # sqlite_master keeps the text, with CREATE … in upper case
        return stored is not None and " ".join(stored.split()).lower() == " ".join(sql.split()).lower()
    return same(found.get(fts), _create_sql(fts, columns)) and all(
        same(found.get(name), sql) for name, sql in triggers.items())


def _index_queued(db: sqlite_utils.Database, table: str, columns: list[str],
                  derived: dict[str, tuple] | None = None) -> None:
    """Bring the index of `table` up to date with the rows its log names, and empty the log."""
    queued = f"rowid in (select source_rowid from {CHANGES} where source = ?)"
    _unindex_rows(db, table, columns)
    _index_rows(db, table, columns, queued, [table], derived)
    db.execute(f"delete from {CHANGES} where source = ?", [table])


def _sync_table(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    fts = search_table(table)
    triggers = _triggers(table, columns)
    with db.atomic():
        # New, of an earlier shape (a copy of the derived text, triggers logging no values),
        # or changes may have gone unlogged: derive every row once.
        rebuild = not _current_shape(db, fts, columns, triggers)
        if not rebuild and db.execute(f"select 1 from {CHANGES} where source = ? limit 1",
                                      [table]).fetchone():
            _index_queued(db, table, columns)
        # The index's rows are its docsize rows; a row that left the table unlogged (INSERT
        # OR REPLACE deletes without firing delete triggers, unless recursive_triggers is
        # on) cannot be taken out without its old values: derive the table again.
        if not rebuild and _count(db, f"{fts}_docsize") != _count(db, table):
            rebuild = True
        if rebuild:
            db.execute(f"drop table if exists [{fts}]")
            db.execute(_create_sql(fts, columns))
            for name, sql in triggers.items():
                db.execute(f"drop trigger if exists [{name}]")
                db.execute(sql)
            db.execute(f"delete from {CHANGES} where source = ?", [table])
            _index_rows(db, table, columns, "1")


def _ensure_change_log(db: sqlite_utils.Database) -> None:
    """The change log, with the column of indexed values an earlier version lacked."""
    db.execute(f"create table if not exists {CHANGES} "
               "(source text not null, source_rowid integer not null, indexed text)")
    if "indexed" not in {row[1] for row in db.execute(f"pragma table_info({CHANGES})")}:
        db.execute(f"alter table {CHANGES} add column indexed text")
    db.execute(f"create index if not exists {CHANGES}_source on {CHANGES} (source)")


def ensure_search_tables(db: sqlite_utils.Database) -> None:
    """The change log, and the search tables that do not exist yet (indexing what their
    source tables already hold: nothing, on a new database)."""
    _ensure_change_log(db)
    existing = set(db.table_names())
    for table, columns in SEARCHABLE.items():
        if table in existing and search_table(table) not in existing:
            _sync_table(db, table, columns)


def ensure_search(db: sqlite_utils.Database) -> None:
    """Create the search tables and bring them up to date with their source tables.

    Safe to call any number of times; after the first build it only re-derives the rows
    logged as changed since the last call. Tables that do not exist yet are skipped.
    """
    _ensure_change_log(db)
    for table, columns in SEARCHABLE.items():
        if table in db.table_names():
            _sync_table(db, table, columns)


def search_texts(rows: dict[str, list[dict]]) -> dict[str, dict[str, tuple]]:
    """The derived text of the searched columns of rows about to be written, by table and
    row id, with the values it was derived from: work a writer can have done beforehand, in
    any process. A row with a searched value that is not text is left out (the index
    derives it from what SQLite stores)."""
    texts = {}
    for table, table_rows in rows.items():
        columns = SEARCHABLE.get(table)
        if not columns:
            continue
        texts[table] = {}
        for row in table_rows:
            values = tuple(row.get(c) for c in columns)
            if all(isinstance(v, (str, type(None))) for v in values):
                texts[table][row["id"]] = (values, tuple(map(search_text, values)))
    return texts


def index_written(db: sqlite_utils.Database, derived: dict[str, dict[str, tuple]]) -> None:
    """What `ensure_search` does for the rows logged since it last ran, taking a row's text
    from `derived` (`search_texts`) when the row still holds the values it was derived from:
    a writer can keep the index in step as it goes, without deriving. A search table not of
    this version's shape is left to `ensure_search`, which derives it whole."""
    for table, columns in SEARCHABLE.items():
        if _current_shape(db, search_table(table), columns, _triggers(table, columns)):
            _index_queued(db, table, columns, derived.get(table))


def rebuild_search(db: sqlite_utils.Database) -> None:
    """Derive every search table again from scratch (after a change of the tokenisation)."""
    for table in SEARCHABLE:
        db.execute(f"drop table if exists [{search_table(table)}]")
    ensure_search(db)
