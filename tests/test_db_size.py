"""How a database is laid out on disk (db/schema.py PAGE_SIZE, AUTO_VACUUM, give_back_free_pages).

On a real `quotecheck build`: a new database has 16 KB pages and incremental auto-vacuum, and
`ensure_db_shape` gives back the free pages a large delete leaves, keeping a few; a database
made by an earlier version (4 KB pages, no auto-vacuum) keeps its layout and its rows.
"""
from __future__ import annotations

import sqlite3

import sqlite_utils

from quotecheck.db.schema import FREE_PAGES_KEPT, PAGE_SIZE, ensure_db_shape
from tests.site_client import copy_db, query


def pragma(path, name):
    return query(path, f"pragma {name}")[0][0]


def as_an_earlier_version_made_it(path, *statements):
    """Run `statements` on the file outside quotecheck, each committed."""
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
        conn.commit()
    conn.close()


def test_a_new_database_has_large_pages_and_gives_back_free_ones(built_db, tmp_path):
    path = copy_db(built_db, tmp_path)
    assert pragma(path, "page_size") == PAGE_SIZE
    assert pragma(path, "auto_vacuum") == 2  # incremental
    size = path.stat().st_size
    # rows written and deleted, as a large ingest's change logs are once taken in
    conn = sqlite3.connect(path)
    conn.execute("create table log_of_a_large_ingest (entry text)")
    conn.executemany("insert into log_of_a_large_ingest values (?)", [("x" * 500,)] * 20000)
    conn.commit()
    conn.execute("drop table log_of_a_large_ingest")
    conn.commit()
    freed = conn.execute("pragma freelist_count").fetchone()[0]
    conn.close()
    assert freed > 0.5 * pragma(path, "page_count")
    assert path.stat().st_size > size
    ensure_db_shape(sqlite_utils.Database(path))
    assert pragma(path, "freelist_count") <= FREE_PAGES_KEPT * pragma(path, "page_count")
    assert path.stat().st_size <= size + 2 * PAGE_SIZE  # back to about its size before
    assert query(path, "pragma integrity_check")[0][0] == "ok"


def test_a_database_of_an_earlier_layout_keeps_it(built_db, tmp_path):
    path = copy_db(built_db, tmp_path)
    as_an_earlier_version_made_it(path, "pragma page_size = 4096", "pragma auto_vacuum = none", "vacuum")
    statements = query(path, "select count(*) from statements")[0][0]
    assert (pragma(path, "page_size"), pragma(path, "auto_vacuum")) == (4096, 0)
    ensure_db_shape(sqlite_utils.Database(path))
    assert (pragma(path, "page_size"), pragma(path, "auto_vacuum")) == (4096, 0)
    assert query(path, "select count(*) from statements")[0][0] == statements
    assert query(path, "pragma integrity_check")[0][0] == "ok"


def test_the_relay_index_holds_only_statements_with_a_relay(built_db, tmp_path):
    path = copy_db(built_db, tmp_path)
    # it indexed every statement
    as_an_earlier_version_made_it(path, "drop index idx_statements_via_id_present",
                                  "create index idx_statements_via_id on statements (via_id)")
    ensure_db_shape(sqlite_utils.Database(path))
    indexes = {row[0]: row[1] for row in query(
        path, "select name, sql from sqlite_master where type = 'index' and tbl_name = 'statements'")}
    assert "idx_statements_via_id" not in indexes
    assert "where via_id is not null" in indexes["idx_statements_via_id_present"].lower()
    relayed = query(path, "select via_id, count(*) from statements where via_id is not null "
                          "group by via_id order by 2 desc limit 1")[0]
    sql = "select count(*) from statements where via_id = ?"
    plan = " ".join(row[-1] for row in query(path, f"explain query plan {sql}", (relayed[0],)))
    assert "idx_statements_via_id_present" in plan
    assert query(path, sql, (relayed[0],))[0][0] == relayed[1]
