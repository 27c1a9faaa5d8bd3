"""A searched table page's rows read in the order of an index, a bounded walk.

Datasette lists a searched page with `select … from statements where rowid in (select rowid
from statements_search where statements_search match :search) order by id limit 51`: SQLite
looks up every match in the table and sorts them all, to keep 51. A term in 6% of ten million
statements is 630,000 row lookups and a sort, about a second. Here the same rows are found by
walking the sort's index (the primary key's, or the sort column's) and keeping the first
entries that are matches: the matches are only collected as rowids, and only the rows shown
are read.

The walk is bounded (WALK index entries): a term common only in some years would otherwise
walk most of the index before it has a page. When the walk finds fewer rows than the page
asks for, the page is read Datasette's way, which is correct for any term and cheap for a
rare one. Both ways give the same rows in the same order:

- by the primary key (unique): the first matches of the walk are the page;
- by another column then the key (plugins/stable_sort.py's tie-breaker), newest first: the
  walk finds the sort value of the page's last row; every match sorting before it was walked,
  and the matches tied with it are all read from the index range down to that value, so
  sorting the matches of that range by the column and the key gives the page.

Only the first page of a table whose one condition is its search is read this way; any other
SQL (filters, later pages, other sorts) is left as it is.
"""
from __future__ import annotations

import re

from datasette import hookimpl

from ..db.search import SEARCHABLE, search_table
from .stable_sort import with_tie_breaker

WALK = 20_000  # index entries walked at most: about 20 ms at ten million statements

# Datasette's first page of a table whose one condition is its search: by the key, or by a
# column newest first with the key after it (as plugins/stable_sort.py writes it)
FIRST_PAGE_SQL = re.compile(
    r"^select (?P<columns>.+?) from (?P<table>\w+) where rowid in \(select rowid from "
    r"(?P<fts>\w+) where (?P=fts) match :(?P<param>search)\) order by "
    r"(?:(?P<key>\w+)|(?P<column>\w+) desc, (?P=table)\.\"(?P<tie>\w+)\") "
    r"limit (?P<limit>\d+)$",
    re.S,
)

MATCHES = "select rowid from {fts} where {fts} match :{param}"

# The matches are read straight into the set the walk looks entries up in (at ten million
# statements a materialized list of them first cost 30-70 ms more).
BY_KEY_SQL = """
select {columns} from {table} where rowid in (
  select rowid from (select rowid from {table} order by {key} limit {walk})
  where rowid in (""" + MATCHES + """) limit {limit})
order by {key} limit {limit}"""

# The last row's sort value from the walk; the page from the index range down to it. The
# matches are used twice, so listed once: a phrase (一个中国) costs more to find in the index
# than to list. The unary + keeps SQLite from reading the page through the list of matches
# (every match's row).
BY_COLUMN_SQL = "with matches as materialized (" + MATCHES + """),
last as (
  select {column} as value from (
    select rowid, {column} from {table} order by {column} desc limit {walk})
  where rowid in (select rowid from matches) limit 1 offset {offset})
select {columns} from {table}
where {column} >= (select value from last) and +rowid in (select rowid from matches)
order by {column} desc, {table}."{key}" limit {limit}"""


def walked(sql: str, primary_keys: dict[str, str], indexed: dict[str, set[str]]) -> str | None:
    """The index walk for Datasette's first page of a searched table, or None for SQL of
    another shape (or a sort no index serves)."""
    match = FIRST_PAGE_SQL.match(sql)
    if match is None:
        return None
    table, fts = match["table"], match["fts"]
    key = primary_keys.get(table)
    if table not in SEARCHABLE or fts != search_table(table) or key is None:
        return None
    limit = int(match["limit"])
    common = {"columns": match["columns"], "table": table, "fts": fts,
              "param": match["param"], "walk": WALK, "limit": limit}
    if match["key"] is not None:
        return BY_KEY_SQL.format(key=key, **common) if match["key"] == key else None
    column = match["column"]
    if match["tie"] != key or column not in indexed.get(table, set()) or limit < 1:
        return None
    return BY_COLUMN_SQL.format(column=column, key=key, offset=limit - 1, **common)


async def _leading_columns(database, table: str) -> set[str]:
    """The columns that lead an index of `table`: a walk in their order reads that index."""
    columns = set()
    for index in (await database.execute(f"pragma index_list([{table}])")).rows:
        first = (await database.execute(f"pragma index_info([{index['name']}])")).first()
        if first is not None and first["name"] is not None and not index["partial"]:
            columns.add(first["name"])
    return columns


def _wrap(database, primary_keys, indexed):
    execute = database.execute

    async def execute_walking_the_index(sql, *args, **kwargs):
        # the tie-breaker first, whichever of the two wrappers runs first (it adds none twice)
        sql = with_tie_breaker(sql, primary_keys)
        walk = walked(sql, primary_keys, indexed)
        if walk is not None:
            limit = int(FIRST_PAGE_SQL.match(sql)["limit"])
            results = await execute(walk, *args, **kwargs)
            if len(results.rows) == limit:
                return results
            # fewer than a page of matches in the walk: every match read and sorted
        return await execute(sql, *args, **kwargs)

    database.execute = execute_walking_the_index


@hookimpl
def startup(datasette):
    async def inner():
        for name, database in datasette.databases.items():
            if name == "_internal" or getattr(database, "_qc_first_page", False):
                continue
            tables = set(await database.table_names())
            primary_keys, indexed = {}, {}
            for table in SEARCHABLE:
                if table in tables and search_table(table) in tables:
                    pks = await database.primary_keys(table)
                    if len(pks) == 1:
                        primary_keys[table] = pks[0]
                        indexed[table] = await _leading_columns(database, table)
            _wrap(database, primary_keys, indexed)
            database._qc_first_page = True

    return inner
