"""Stored facet counts (db/facet_counts.py) and the facets that read them (plugins/precounted_facets.py).

Everything goes through a real `quotecheck build` and a real Datasette with our metadata.yml.
The reference is Datasette's own column and array facets: the same metadata with every
`counted: x` turned back into `x` and `counted_array: x` into `array: x`.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from quotecheck.db.facet_counts import COUNTED_FACETS, COUNTS
from quotecheck.db.schema import ensure_db_shape
from tests.site_client import DB, copy_db, load_metadata, make_ds, traced_json


def plain_facets(metadata: dict) -> dict:
    """The metadata with Datasette's own facet types in place of ours."""
    for table in metadata["databases"][DB]["tables"].values():
        facets = []
        for facet in table.get("facets", []):
            if isinstance(facet, dict) and "counted" in facet:
                facet = facet["counted"]
            elif isinstance(facet, dict) and "counted_array" in facet:
                facet = {"array": facet["counted_array"]}
            facets.append(facet)
        if facets:
            table["facets"] = facets
    return metadata




def reads_counts(queries: list[str]) -> bool:
    return any(f"from {COUNTS}" in q for q in queries)


def counts_live(queries: list[str]) -> bool:
    return any("count(*) as count from" in " ".join(q.split()) for q in queries)


@pytest.fixture
def site_db(built_db, tmp_path) -> Path:
    """A copy of the build, named as Datasette must see it, that a test may write to."""
    return copy_db(built_db, tmp_path)


def unnamed(facet_results: dict) -> dict:
    """facet_results with the topics facet's labels put back to the ids Datasette's own array
    facet shows: ours shows topic names (checked in test_topic_facet_shows_names)."""
    copy = json.loads(json.dumps(facet_results))
    for result in copy.get("topics", {}).get("results", []):
        result["label"] = result["value"]
    return copy


def test_topic_facet_shows_names(site_db):
    data, _ = traced_json(make_ds(site_db, load_metadata()), f"/{DB}/statements.json")
    names = dict(sqlite3.connect(site_db).execute("select id, name_en from topics").fetchall())
    results = data["facet_results"]["topics"]["results"]
    assert results
    for result in results:
        if result["value"] in names:
            assert names[result["value"]] in result["label"], result
            assert result["label"] != result["value"]


def test_metadata_counts_only_what_is_stored():
    tables = load_metadata()["databases"][DB]["tables"]
    assert {"counted": "speaker_id"} in tables["statements"]["facets"]
    for name, table in tables.items():
        for facet in table.get("facets", []):
            if isinstance(facet, dict) and "counted" in facet:
                assert facet["counted"] in COUNTED_FACETS[name][0], (name, facet)
            if isinstance(facet, dict) and "counted_array" in facet:
                assert facet["counted_array"] in COUNTED_FACETS[name][1], (name, facet)


def test_build_stores_the_counts_of_every_facet(built_db):
    db = sqlite_utils.Database(built_db)
    columns, arrays = COUNTED_FACETS["statements"]
    for column in columns:
        stored = {(r["value"], r["count"]) for r in db.query(
            f"select value, count from {COUNTS} where table_name = 'statements' "
            "and \"column\" = ?", [column])}
        grouped = {(r["v"], r["n"]) for r in db.query(
            f"select [{column}] as v, count(*) as n from statements where [{column}] is not null "
            f"group by [{column}]")}
        assert stored == grouped, column
    for column in arrays:
        stored = {(r["value"], r["count"]) for r in db.query(
            f"select value, count from {COUNTS} where table_name = 'statements' "
            "and \"column\" = ?", [column])}
        each = {(r["v"], r["n"]) for r in db.query(
            f"select j.value as v, count(distinct statements.rowid) as n "
            f"from statements, json_each(statements.[{column}]) j "
            f"where json_valid(statements.[{column}]) group by j.value")}
        assert stored == each, column


@pytest.mark.parametrize("query", ["", "?_facet_size=max"])
def test_unfiltered_page_reads_stored_counts_equal_to_datasettes(site_db, query):
    ours, queries = traced_json(make_ds(site_db, load_metadata()), f"/{DB}/statements.json{query}")
    theirs, their_queries = traced_json(make_ds(site_db, plain_facets(load_metadata())),
                                  f"/{DB}/statements.json{query}")
    assert reads_counts(queries) and not counts_live(queries)
    assert counts_live(their_queries)
    assert list(ours["facet_results"]) == list(theirs["facet_results"])
    for name, facet in theirs["facet_results"].items():
        assert unnamed(ours["facet_results"])[name] == facet, name
    # speaker_id shows the speakers' names, as Datasette's facet does
    speakers = ours["facet_results"]["speaker_id"]["results"]
    assert speakers and any(r["label"] != r["value"] for r in speakers)


@pytest.mark.parametrize("table, query", [
    ("statements", "?kind=direct"), ("statements", "?_search=中国"),
    ("statements", "?speaker_kind=person&cue=表示"), ("statements", "?topics__arraycontains=taiwan"),
    ("claims", "?band=high"), ("claims", "?_search=台湾"),
])
def test_filtered_pages_count_live_like_datasette(site_db, table, query):
    ours, queries = traced_json(make_ds(site_db, load_metadata()), f"/{DB}/{table}.json{query}")
    theirs, _ = traced_json(make_ds(site_db, plain_facets(load_metadata())),
                      f"/{DB}/{table}.json{query}")
    assert not reads_counts(queries)
    assert unnamed(ours["facet_results"]) == theirs["facet_results"]
    assert ours["facet_results"]["topics"]["results"]  # the array facet counted live too
    # every facet, the array facet too, reads the page's rows once, all in one query
    [facet_query] = [q for q in queries if "with matched as materialized" in q]
    assert "json_each" in facet_query
    assert not any(" as count" in q for q in queries if q != facet_query)  # no other facet query
    assert ours["filtered_table_rows_count"] < sqlite3.connect(site_db).execute(
        f"select count(*) from {table}").fetchone()[0]


def test_selected_value_on_a_filtered_page(site_db):
    data, _ = traced_json(make_ds(site_db, load_metadata()), f"/{DB}/statements.json?kind=direct")
    kinds = {r["value"]: r for r in data["facet_results"]["kind"]["results"]}
    assert kinds["direct"]["selected"] is True
    assert "kind=direct" not in kinds["direct"]["toggle_url"]
    assert not any(r["selected"] for value, r in kinds.items() if value != "direct")


@pytest.mark.parametrize("change", [
    # an update of a facet column: row count and max(rowid) stay as they were
    "update statements set kind = 'direct' where rowid = (select min(rowid) from statements "
    "where kind is not 'direct')",
    "delete from statements where rowid = (select max(rowid) from statements)",
    "insert into statements (id, article_id, speaker_id, text, kind) select 'new-' || id, "
    "article_id, speaker_id, text, 'a-new-kind' from statements limit 3",
])
def test_stale_counts_fall_back_to_live_counts(site_db, change):
    conn = sqlite3.connect(site_db)
    with conn:
        conn.execute(change)
    conn.close()
    ours, queries = traced_json(make_ds(site_db, load_metadata()), f"/{DB}/statements.json")
    theirs, _ = traced_json(make_ds(site_db, plain_facets(load_metadata())), f"/{DB}/statements.json")
    assert counts_live(queries)
    assert unnamed(ours["facet_results"]) == theirs["facet_results"]
    # the next command's ensure_db_shape counts again (after refreshing the copied facet
    # columns of the new rows), and the page reads the counts
    ensure_db_shape(sqlite_utils.Database(site_db))
    again, queries = traced_json(make_ds(site_db, load_metadata()), f"/{DB}/statements.json")
    theirs, _ = traced_json(make_ds(site_db, plain_facets(load_metadata())), f"/{DB}/statements.json")
    assert reads_counts(queries) and not counts_live(queries)
    assert unnamed(again["facet_results"]) == theirs["facet_results"]


def test_ensure_db_shape_drops_the_trigram_tables(site_db):
    db = sqlite_utils.Database(site_db)
    # as an earlier build made them
    db["statements"].enable_fts(["text", "mention"], tokenize="trigram", create_triggers=True)
    db["articles"].enable_fts(["title", "body"], tokenize="trigram", create_triggers=True)
    assert "statements_fts" in db.table_names()
    ensure_db_shape(db)
    assert not {"statements_fts", "articles_fts"} & set(db.table_names())
    assert not [name for name, sql in db.triggers_dict.items() if "_fts" in sql]
    # the search tables still follow their sources
    db.execute("update statements set text = text || '光刻机' where rowid = 1")
    db.conn.commit()
    ensure_db_shape(db)
    assert db.execute("select count(*) from statements_search where statements_search "
                      "match '\"光刻 刻机\"' and rowid = 1").fetchone()[0] == 1


@pytest.mark.parametrize("order", [{}, {"_sort_desc": "said_on"}])
def test_a_later_page_shows_the_whole_lists_counts(site_db, order):
    from urllib.parse import urlencode

    ds = make_ds(site_db, load_metadata())
    first, _ = traced_json(ds, f"/{DB}/statements.json?" + urlencode({"_size": 5, **order}))
    assert first["next"]
    later, queries = traced_json(ds, f"/{DB}/statements.json?" + urlencode(
        {"_size": 5, "_next": first["next"], **order}))
    assert reads_counts(queries) and not counts_live(queries)

    def counts(data):
        return {name: [(r["value"], r["count"]) for r in facet["results"]]
                for name, facet in data["facet_results"].items()}

    assert counts(later) == counts(first)
    # a filter on a later page still counts that filter's rows, live
    filtered, queries = traced_json(ds, f"/{DB}/statements.json?" + urlencode(
        {"_size": 5, "_next": first["next"], "kind": "direct", **order}))
    assert counts_live(queries) and not reads_counts(queries)


def test_counts_by_what_changed_equal_a_recount_with_odd_values(tmp_path):
    """Counts updated from the changed rows (which read only the stored counts of the
    values that changed) equal a recount, with values of mixed types (1, 1.0, '1'), nulls in
    arrays and a value that goes away."""
    from quotecheck.db.facet_counts import COUNTS, save_facet_counts

    db = sqlite_utils.Database(tmp_path / "odd.db")
    db["statements"].insert_all(
        [{"id": f"s{i}", "speaker_id": ["a", "1", 1, None][i % 4], "kind": "direct",
          "topics": ['["x", null]', '[1, "1"]', "[]", None][i % 4]} for i in range(40)],
        pk="id")
    save_facet_counts(db)

    def counts():
        return sorted(db.execute(f'select "column", value, typeof(value), count from {COUNTS} '
                                 "where table_name = 'statements'").fetchall(), key=repr)

    db["statements"].insert_all([{"id": "n1", "speaker_id": 1.0, "kind": "direct",
                                  "topics": '[null, null, "y", 2.5]'},
                                 {"id": "n2", "speaker_id": "b", "kind": "indirect",
                                  "topics": '["x"]'}], pk="id")
    db.execute("update statements set speaker_id = 'a', topics = '[\"1\"]' where id = 's1'")
    db.execute("delete from statements where kind = 'direct' and id in ('s2', 's6')")
    db.execute("update statements set kind = 'mixed' where id = 'n2'")  # 'indirect' goes
    db.conn.commit()
    assert save_facet_counts(db) == ["statements"]
    updated = counts()
    assert ("kind", "indirect", "text", 1) not in updated
    assert ("topics", 2.5, "real", 1) in updated
    save_facet_counts(db, force=True)
    assert updated == counts()
