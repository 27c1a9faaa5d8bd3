"""A searched table page's rows read in the order of an index, a bounded walk.

Datasette lists a searched page with `select … from statements where rowid in (select rowid
from statements_search where statements_search match :search) order by id limit 51`: SQLite
looks up every match in the table and sorts them all, to keep 51. A term in 6% of ten million
statements is 630,000 row lookups and a sort, about a second. Here the same rows are found by
walking an index in the page's order (the primary key's, or that of the sort column then the
key: db/schema.py indexes said_on newest first, then id, the order of the statements page)
and keeping the first entries that are matches: the matches are only collected as rowids,
and only the rows shown are read. The index holds the whole order, ties included, so the
first matches of the walk are the page.

The walk is bounded (WALK index entries): a term common only in some years would otherwise
walk most of the index before it has a page. When the walk finds fewer rows than the page
asks for, the page is read Datasette's way, which is correct for any term and cheap for a
rare one.

Only the first page of a table whose one condition is its search is read this way; any other
SQL (filters, later pages, orders no index holds) is left as it is.
"""
from __future__ import annotations

import re

from datasette import hookimpl

from ..db.search import SEARCHABLE, search_table
from .stable_sort import with_tie_breaker

WALK = 20_000  # index entries walked at most: about 20 ms at ten million statements

# Datasette's first page of a table whose one condition is its search: by the key, or by a
# column with the key after it (as plugins/stable_sort.py writes it)
FIRST_PAGE_SQL = re.compile(
    r"^select (?P<columns>.+?) from (?P<table>\w+) where rowid in \(select rowid from "
    r"(?P<fts>\w+) where (?P=fts) match :(?P<param>search)\) order by "
    r"(?:(?P<key>\w+)|(?P<column>\w+)(?P<desc> desc)?, (?P=table)\.\"(?P<tie>\w+)\") "
    r"limit (?P<limit>\d+)$",
    re.S,
)

# The matches are read straight into the set the walk looks entries up in (at ten million
# statements a materialized list of them first cost 30-70 ms more).
WALK_SQL = """
select {columns} from {table} where rowid in (
  select rowid from (select rowid from {table} order by {order} limit {walk})
  where rowid in (select rowid from {fts} where {fts} match :{param}) limit {limit})
order by {order} limit {limit}"""


def walked(sql: str, primary_keys: dict[str, str],
           orders: dict[str, set[tuple[str, bool]]]) -> str | None:
    """The index walk for Datasette's first page of a searched table, or None for SQL of
    another shape, or an order no index holds. `orders`: by table, the (column, descending)
    pairs that an index on (column, key) holds in that order."""
    match = FIRST_PAGE_SQL.match(sql)
    if match is None:
        return None
    table, fts = match["table"], match["fts"]
    key = primary_keys.get(table)
    if table not in SEARCHABLE or fts != search_table(table) or key is None:
        return None
    if match["key"] is not None:
        if match["key"] != key:
            return None
        order = key
    else:
        column, desc = match["column"], bool(match["desc"])
        if match["tie"] != key or (column, desc) not in orders.get(table, set()):
            return None
        order = f"{column}{' desc' if desc else ''}, {table}.\"{key}\""
    return WALK_SQL.format(columns=match["columns"], table=table, fts=fts,
                           param=match["param"], order=order, walk=WALK,
                           limit=match["limit"])


async def _index_orders(database, table: str, key: str) -> set[tuple[str, bool]]:
    """(column, descending) of each index of `table` on a column then the key, which a walk
    in the order `column [desc], key` reads."""
    orders = set()
    for index in (await database.execute(f"pragma index_list([{table}])")).rows:
        if index["partial"]:
            continue
        columns = [row for row in (await database.execute(
            f"pragma index_xinfo([{index['name']}])")).rows if row["key"]]
        if len(columns) == 2 and columns[1]["name"] == key and not columns[1]["desc"] \
                and columns[0]["name"] is not None:
            orders.add((columns[0]["name"], bool(columns[0]["desc"])))
    return orders


def _wrap(database, primary_keys, orders):
    execute = database.execute

    async def execute_walking_the_index(sql, *args, **kwargs):
        # the tie-breaker first, whichever of the two wrappers runs first (it adds none twice)
        sql = with_tie_breaker(sql, primary_keys)
        walk = walked(sql, primary_keys, orders)
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
            primary_keys, orders = {}, {}
            for table in SEARCHABLE:
                if table in tables and search_table(table) in tables:
                    pks = await database.primary_keys(table)
                    if len(pks) == 1:
                        primary_keys[table] = pks[0]
                        orders[table] = await _index_orders(database, table, pks[0])
            _wrap(database, primary_keys, orders)
            database._qc_first_page = True

    return inner
