"""A searched page's count read from the search index (plugins/search_count.py).

Through a real build served by Datasette with our metadata.yml: the count is the number of
rows the page lists across its pages, read from the index while the index's change log is
empty, and counted through the table (as Datasette does) while the log holds a row the
index has not caught up with.
"""
from __future__ import annotations

import sqlite3

import pytest

from quotecheck.db.search import match_expression
from quotecheck.plugins.search_count import index_count
from tests.site_client import DB, all_rows, copy_db, make_ds, traced_json

TERM = "中国"
TABLE_COUNT = ("select count(*) from statements where rowid in (select rowid from "
               "statements_search where statements_search match ?)")
INDEX_COUNT = "select count(*) from statements_search where statements_search match ?"


@pytest.fixture
def site_db(built_db, tmp_path):
    return copy_db(built_db, tmp_path)




def counts(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, [match_expression(TERM)]).fetchone()[0]
    finally:
        conn.close()


def test_a_searched_page_counts_from_the_index_the_rows_it_lists(site_db):
    ds = make_ds(site_db)
    data, queries = traced_json(ds, f"/{DB}/statements.json?_search={TERM}&_nofacet=1")
    listed, _ = all_rows(ds, f"/{DB}/statements.json", _search=TERM, _nofacet=1)
    assert data["filtered_table_rows_count"] == len(listed) == counts(site_db, INDEX_COUNT) > 0
    [count_sql] = [q for q in queries if q.startswith("select case when exists")]
    assert "else (select count(*) from statements_search where" in count_sql


def test_while_the_log_holds_a_row_the_count_goes_through_the_table(site_db):
    # a statement deleted by another tool: logged, still in the index until ensure_search
    conn = sqlite3.connect(site_db)
    conn.execute("delete from statements where rowid = (select min(rowid) from statements_search "
                 "where statements_search match ?)", [match_expression(TERM)])
    conn.commit()
    conn.close()
    assert counts(site_db, INDEX_COUNT) == counts(site_db, TABLE_COUNT) + 1
    data, _ = traced_json(make_ds(site_db), f"/{DB}/statements.json?_search={TERM}&_nofacet=1")
    assert data["filtered_table_rows_count"] == counts(site_db, TABLE_COUNT)


@pytest.mark.parametrize("sql", [
    # a search with a filter, a search of one column, another table's count, a page's rows
    "select count(*) from statements where kind = :p0 and rowid in (select rowid from "
    "statements_search where statements_search match :search) ",
    "select count(*) from statements where rowid in (select rowid from statements_search "
    "where [text] match :search_0) ",
    "select count(*) from speakers where rowid in (select rowid from statements_search "
    "where statements_search match :search) ",
    "select id from statements where rowid in (select rowid from statements_search where "
    "statements_search match :search) order by id limit 51",
])
def test_other_sql_is_left_as_it_is(sql):
    assert index_count(sql) == sql
