"""Sorted table pages that page through every row once, and quickly.

Datasette 0.65 orders the *first* page of a sorted table by the sort column alone
(`order by said_on desc`) but every later page by the sort column and then the primary key,
and its `_next` token (the last row's sort value and key) assumes the second order. Many
statements share a date, so the first page's ties came in index order and the second page
repeated some and lost others (in 20-row pages of the bundled build's 139 statements: 14
repeated, 3 lost). Here the same tie-breaker is added to the first page's ORDER BY, so both
pages agree.

The later pages' WHERE clause, `(said_on < :p or said_on is null or (said_on = :p and id >
:q))`, is an OR that SQLite answers by collecting every row after the page and sorting them
all: 3.1 s for page two of a million rows sorted newest first (measured). The same
rows are asked for here as two index ranges, the dated rows after the page and then the
undated ones: 0.2 ms. Ascending sorts get the one-range form (`said_on >= :p and (said_on >
:p or id > :q)`). Any other SQL is left as it is.
"""
from __future__ import annotations

import re

from datasette import hookimpl

from .wrapping import databases_to_wrap

# Datasette's table SQL: "select COLUMNS from TABLE [where ...]order by COLUMN[ desc] limit N"
# (nothing between the table and its where clause: a query with a join is left alone, as the
# key's name there could be ambiguous)
TABLE_PAGE_SQL = re.compile(
    r"^(?P<head>select .*? from (?P<table>\w+|\"[^\"]+\") (?:where .*)?order by "
    r"(?P<column>\w+|\"[^\"]+\")(?P<desc> desc)?) limit (?P<limit>\d+)$",
    re.S,
)


def with_tie_breaker(sql: str, primary_keys: dict[str, str]) -> str:
    """`sql` with `, PK` after a one-column ORDER BY of a table page; unchanged otherwise."""
    match = TABLE_PAGE_SQL.match(sql)
    if match is None:
        return sql
    table = match["table"].strip('"')
    pk = primary_keys.get(table)
    if pk is None or match["column"].strip('"') == pk:
        return sql
    return f"{match['head']}, {match['table']}.\"{pk}\" limit {match['limit']}"


# Datasette's SQL for a later page of a table sorted by one column (datasette/views/table.py:
# the sort clause comes last in the WHERE, the primary key's clause as compound_keys_after_sql
# writes it for a one-column key).
NEXT_PAGE_SQL = re.compile(
    r"^select (?P<columns>.*?) from (?P<table>\w+|\"[^\"]+\") where (?P<filters>.* and )?"
    r"\((?P<column>\w+|\"[^\"]+\") (?P<op>[<>]) :(?P<p>p\d+)(?P<nulls> or (?P=column) is null)? "
    r"or \((?P=column) = :(?P=p) and \(\((?P<pk>\w+|\"[^\"]+\") > :(?P<q>p\d+)\)\)\)\) "
    r"order by (?P=column)(?P<desc> desc)?, (?P=pk) limit (?P<limit>\d+)$",
    re.S,
)


def index_friendly_next_page(sql: str, primary_keys: dict[str, str]) -> str:
    """Datasette's later-page SQL of a sorted table as index ranges; unchanged otherwise."""
    match = NEXT_PAGE_SQL.match(sql)
    if match is None or primary_keys.get(match["table"].strip('"')) != match["pk"].strip('"'):
        return sql
    desc = bool(match["desc"])
    if desc != (match["op"] == "<") or desc != bool(match["nulls"]):
        return sql  # not the shape Datasette writes
    columns, table, filters = match["columns"], match["table"], match["filters"] or ""
    column, pk, p, q, limit = (match["column"], match["pk"], match["p"], match["q"],
                               match["limit"])
    if not desc:
        return (f"select {columns} from {table} where {filters}{column} >= :{p} and "
                f"({column} > :{p} or {pk} > :{q}) order by {column}, {pk} limit {limit}")
    # newest first: the dated rows after the page, then the undated (last in this order)
    return (f"select * from (select {columns} from {table} where {filters}{column} <= :{p} "
            f"and ({column} < :{p} or {pk} > :{q}) order by {column} desc, {pk} limit {limit}) "
            f"union all select * from (select {columns} from {table} where {filters}"
            f"{column} is null order by {pk} limit {limit}) limit {limit}")


def _wrap(database, primary_keys):
    execute = database.execute

    async def execute_with_tie_breaker(sql, *args, **kwargs):
        sql = index_friendly_next_page(with_tie_breaker(sql, primary_keys), primary_keys)
        return await execute(sql, *args, **kwargs)

    database.execute = execute_with_tie_breaker


@hookimpl
def startup(datasette):
    async def inner():
        for database in databases_to_wrap(datasette, "_qc_tie_breaker"):
            primary_keys = {}
            for table in await database.table_names():
                pks = await database.primary_keys(table)
                if len(pks) == 1:
                    primary_keys[table] = pks[0]
            _wrap(database, primary_keys)

    return inner
