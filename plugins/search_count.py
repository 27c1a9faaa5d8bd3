"""A searched table page's count, read from the search index alone.

Datasette counts a searched page's rows with `select count(*) from statements where rowid in
(select rowid from statements_search where statements_search match :search)`: it finds the
matches in the index, then looks up every match in the table, only to count it. At a million
statements a term in 6% of them is 63,000 lookups, 40-70 ms a page; the index alone counts
them in 2-8 ms (benchmarks/serve.py).

The index has one row per row of its table (db/search.py: rowid = the table's rowid) whenever
its change log, `search_changes`, holds nothing of the table: every write logs the rows it
touched until `ensure_search` has indexed them. So the count is taken from the index when
the log holds nothing of the table, and Datasette's own way otherwise, in one query that
decides as it runs. Only the count of a page whose one condition is the search is changed;
any other SQL is left as it is.
"""
from __future__ import annotations

import re

from datasette import hookimpl

from ..db.search import CHANGES, SEARCHABLE, search_table
from .wrapping import databases_to_wrap

# Datasette's count SQL of a table page whose only condition is its search (views/table.py)
SEARCH_COUNT_SQL = re.compile(
    r"^select count\(\*\) from (?P<table>\w+) where rowid in \(select rowid from "
    r"(?P<fts>\w+) where (?P=fts) match :(?P<param>search)\) $"
)


def index_count(sql: str) -> str:
    """`sql` counted from the search index while its log is empty; unchanged otherwise."""
    match = SEARCH_COUNT_SQL.match(sql)
    if match is None or match["table"] not in SEARCHABLE or \
            match["fts"] != search_table(match["table"]):
        return sql
    table, fts, param = match["table"], match["fts"], match["param"]
    return (f"select case when exists (select 1 from {CHANGES} where source = '{table}') "
            f"then ({sql.strip()}) "
            f"else (select count(*) from {fts} where {fts} match :{param}) end")


def _wrap(database):
    execute = database.execute

    async def execute_counting_from_the_index(sql, *args, **kwargs):
        return await execute(index_count(sql), *args, **kwargs)

    database.execute = execute_counting_from_the_index


@hookimpl
def startup(datasette):
    for database in databases_to_wrap(datasette, "_qc_search_count"):
        _wrap(database)
