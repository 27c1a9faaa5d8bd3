"""A searched table page's rows read in the order of an index, a bounded walk.

Datasette lists a searched page with `select … from statements where rowid in (select rowid
from statements_search where statements_search match :search) order by id limit 51`: SQLite
looks up every match in the table and sorts them all, to keep 51. A term in 6% of ten million
statements is 630,000 row lookups and a sort, about a second, Datasette's time limit. Here the
same rows are found by walking an index in the page's order (the primary key's, or that of
the sort column then the key: db/schema.py indexes said_on newest first, then id, the order of
the statements page) and keeping the first entries that are matches: the matches are only
collected as rowids, and only the rows shown (and, with a filter, the matches walked) are
read. The index holds the whole order, ties included, so the first matches of the walk are
the page.

- Later pages walk from the previous page's place (Datasette's `_next` condition, as an
  index range): newest first, the dated rows after the page (the undated come after them all).
- Oldest first, the undated rows come first, by key: the same index holds them in that
  order. The dated rows oldest first are in no index's order and are not walked.
- An equality filter (`country=CN`) is tested on the rows of the matches walked.

The walk is bounded (WALK index entries): a term common only in some years would otherwise
walk most of the index before it has a page. When the walk finds fewer rows than the page
asks for, the page is read Datasette's way, which is correct for any term and cheap for a
rare one; with equality filters on indexed columns, the matches are first intersected with
the filters' index (a rare value), as SQLite would otherwise read every match's row.
Any other SQL (other conditions, orders no index holds) is left as it is.
"""
from __future__ import annotations

import re

from datasette import hookimpl

from ..db.search import SEARCHABLE, search_table
from .stable_sort import with_tie_breaker
from .wrapping import databases_to_wrap

WALK = 20_000  # index entries walked at most: about 20 ms at ten million statements

# Datasette's table SQL: "select COLUMNS from TABLE where CONDITIONS order by ORDER limit N"
PAGE_SQL = re.compile(
    r"^select (?P<columns>.+?) from (?P<table>\w+) where (?P<where>.+) order by "
    r"(?P<order>[^()]+?) limit (?P<limit>\d+)$", re.S)
# plugins/stable_sort.py's later page newest first: the dated rows after the page, then the
# undated; the first part alone is walked (the undated come after every dated row)
UNION_SQL = re.compile(
    r"^select \* from \((?P<first>select .+? limit \d+)\) union all select \* from \(.+\) "
    r"limit \d+$", re.S)
SEARCH = re.compile(
    r"^rowid in \(select rowid from (?P<fts>\w+) where (?P=fts) match :(?P<param>search)\)$")
EQUALS = re.compile(r'^"(?P<column>\w+)" = :(?P<param>p\d+)$')  # Datasette's col=value


def _conditions(where: str) -> list[str]:
    """`where` split at its top-level ANDs (Datasette passes values as parameters: no
    strings to skip)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(where):
        if where[i] == "(":
            depth += 1
        elif where[i] == ")":
            depth -= 1
        elif depth == 0 and where.startswith(" and ", i):
            parts.append(where[start:i])
            start = i = i + 5
            continue
        i += 1
    parts.append(where[start:])
    return parts


def _ranges(condition: str, key: str, column: str | None, desc: bool) -> str | None:
    """A later page's keyset condition, as an index range of the walk's order (the order
    `key`, or `column [desc], key`); None for any other condition."""
    p = r":(p\d+)"
    if column is None:
        match = re.fullmatch(rf"\(\({key} > {p}\)\)", condition)
        return f"{key} > :{match[1]}" if match else None
    if desc:
        # Datasette's: dated rows after the page, or undated; the walk reads the dated only
        match = re.fullmatch(rf"\({column} < {p} or {column} is null or \({column} = :\1 and "
                             rf"\(\({key} > {p}\)\)\)\)", condition)
        if match:
            return f"{column} <= :{match[1]} and ({column} < :{match[1]} or {key} > :{match[2]})"
        for shape in (rf"{column} <= {p}", rf"\({column} < {p} or {key} > {p}\)",
                      rf"\({column} is null and \(\({key} > {p}\)\)\)"):  # stable_sort.py's
            if re.fullmatch(shape, condition):
                return condition
        return None
    # oldest first: undated rows come first, by key; after an undated row, the rest of them
    match = re.fullmatch(rf"\({column} is not null or \({column} is null and "
                         rf"\(\({key} > {p}\)\)\)\)", condition)
    return f"{key} > :{match[1]}" if match else None


def _page(sql, primary_keys, orders):
    """The parts of Datasette's SQL of a searched table page that a walk can read, or None."""
    union = UNION_SQL.match(sql)
    match = PAGE_SQL.match(union["first"] if union else sql)
    if match is None:
        return None
    table = match["table"]
    key = primary_keys.get(table)
    if table not in SEARCHABLE or key is None:
        return None
    order = re.sub(rf'\b{table}\."(\w+)"', r"\1", match["order"])
    column, desc = None, False
    if order != key:
        sort = re.fullmatch(rf"(\w+)( desc)?, {key}", order)
        if sort is None or (sort[1], True) not in orders.get(table, set()):
            return None  # an index of (column desc, key) holds both directions' walks
        column, desc = sort[1], bool(sort[2])
    search, filters, ranges = None, [], []
    for condition in _conditions(match["where"]):
        found = SEARCH.match(condition)
        if found and search is None and found["fts"] == search_table(table):
            search = found
            continue
        equals = EQUALS.match(condition)
        if equals:
            filters.append((equals["column"], equals["param"]))
            continue
        ranged = _ranges(condition, key, column, desc)
        if ranged is None:
            return None
        ranges.append(ranged)
    if search is None:
        return None
    if column is not None and not desc:
        # oldest first: the undated rows come first (by key), read in order from the index
        # of (column desc, key); the dated rows come in no index's order: not walked
        ranges.append(f"{column} is null")
    return dict(match.groupdict(), key=key, column=column, desc=desc, fts=search["fts"],
                param=search["param"], filters=filters, ranges=ranges, union=bool(union))


# The walk: the first WALK index entries in the page's order (after the previous page, when
# there was one), kept when they are matches, then when their row passes the page's filters.
# The matches are read straight into the set the walk looks entries up in (at ten million
# statements a materialized list of them first cost 30-70 ms more). CROSS JOIN keeps the walk
# the outer loop: SQLite would otherwise read a filter's own index (CN: 2.8 M entries).
WALK_SQL = """
select {columns} from {table} where rowid in (
  select w.rowid from (select rowid from {table}{where} order by {walk_order} limit {walk}) w
  {join}where w.rowid in (select rowid from {fts} where {fts} match :{param}){filters}
  limit {limit})
order by {order} limit {limit}"""


def walked(sql: str, primary_keys: dict[str, str],
           orders: dict[str, set[tuple[str, bool]]]) -> str | None:
    """The index walk for Datasette's SQL of a searched table page, or None for SQL of
    another shape, or an order no index holds. `orders`: by table, the (column, descending)
    pairs that an index on (column, key) holds in that order."""
    page = _page(sql, primary_keys, orders)
    if page is None:
        return None
    table, key, column = page["table"], page["key"], page["column"]
    filters = "".join(f' and t."{name}" = :{param}' for name, param in page["filters"])
    return WALK_SQL.format(
        columns=page["columns"], table=table, fts=page["fts"], param=page["param"],
        where=f" where {' and '.join(page['ranges'])}" if page["ranges"] else "",
        walk_order=key if column is None else f"{column} desc, {key}", walk=WALK,
        join=f"cross join {table} t on t.rowid = w.rowid\n  " if filters else "",
        filters=filters, order=page["order"], limit=page["limit"])


def intersected(sql: str, primary_keys: dict[str, str],
                orders: dict[str, set[tuple[str, bool]]], indexed: dict[str, set[str]]
                ) -> str | None:
    """Datasette's SQL of a searched page with equality filters on indexed columns, its
    matches intersected with the filters' index: SQLite otherwise looks up every match's row
    to test the filter (台湾 at ten million statements: 630,000 rows). None for other SQL.
    Both parts of plugins/stable_sort.py's later page newest first are rewritten alike."""
    page = _page(sql, primary_keys, orders)
    if page is None or not page["filters"] or \
            any(name not in indexed.get(page["table"], set()) for name, _ in page["filters"]):
        return None
    table, fts, param = page["table"], page["fts"], page["param"]
    filters = " and ".join(f'"{name}" = :{param}' for name, param in page["filters"])
    search = f"rowid in (select rowid from {fts} where {fts} match :{param})"
    for name, value in page["filters"]:
        # the filter is in the intersection: left beside it, SQLite may read its index instead
        sql = sql.replace(f'"{name}" = :{value} and ', "")
    return sql.replace(search, f"rowid in (select rowid from {table} where {filters} "
                               f"intersect select rowid from {fts} where {fts} match :{param})")


async def _index_orders(database, table: str, key: str
                        ) -> tuple[set[tuple[str, bool]], set[str]]:
    """(column, descending) of each index of `table` on a column then the key, which a walk
    in the order `column [desc], key` reads; and the columns that lead an index."""
    orders, indexed = set(), set()
    for index in (await database.execute(f"pragma index_list([{table}])")).rows:
        if index["partial"]:
            continue
        columns = [row for row in (await database.execute(
            f"pragma index_xinfo([{index['name']}])")).rows if row["key"]]
        if columns and columns[0]["name"] is not None:
            indexed.add(columns[0]["name"])
        if len(columns) == 2 and columns[1]["name"] == key and not columns[1]["desc"] \
                and columns[0]["name"] is not None:
            orders.add((columns[0]["name"], bool(columns[0]["desc"])))
    return orders, indexed


def _wrap(database, primary_keys, orders, indexed):
    execute = database.execute

    async def execute_walking_the_index(sql, *args, **kwargs):
        # the tie-breaker first, whichever of the two wrappers runs first (it adds none twice)
        sql = with_tie_breaker(sql, primary_keys)
        walk = walked(sql, primary_keys, orders)
        if walk is not None:
            limit = int(re.search(r"limit (\d+)$", sql)[1])
            results = await execute(walk, *args, **kwargs)
            if len(results.rows) == limit:
                return results
            # fewer than a page of matches in the walk: every match read and sorted
            fallback = intersected(sql, primary_keys, orders, indexed)
            if fallback is not None:
                return await execute(fallback, *args, **kwargs)
        return await execute(sql, *args, **kwargs)

    database.execute = execute_walking_the_index


@hookimpl
def startup(datasette):
    async def inner():
        for database in databases_to_wrap(datasette, "_qc_first_page"):
            tables = set(await database.table_names())
            primary_keys, orders, indexed = {}, {}, {}
            for table in SEARCHABLE:
                if table in tables and search_table(table) in tables:
                    pks = await database.primary_keys(table)
                    if len(pks) == 1:
                        primary_keys[table] = pks[0]
                        orders[table], indexed[table] = await _index_orders(
                            database, table, pks[0])
            _wrap(database, primary_keys, orders, indexed)

    return inner
