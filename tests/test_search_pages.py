"""A searched statements page: its rows read by a bounded index walk
(plugins/search_first_page.py) and its facets counted from a sample of many matches
(plugins/facet_sample.py).

Through a real build served by Datasette with our metadata.yml, against plain SQL on the same
file: the rows a page lists, in its order, and each facet count, exact or estimated as the
page says it is. Small pages (`_size`) and small bounds stand in for a million statements.
"""
from __future__ import annotations

import re
import sqlite3

import pytest
import sqlite_utils

from quotecheck.db.schema import SAID_ON_INDEX, ensure_db_shape
from quotecheck.db.search import match_expression
from quotecheck.plugins import facet_sample, search_first_page
from quotecheck.plugins.search_first_page import walked
from tests.site_client import DB, copy_db, make_ds, query, traced, traced_json

MATCHES = "rowid in (select rowid from statements_search where statements_search match ?)"
# common in the bundled build (72 and 31 of 141 statements), and rare (fewer than a page)
TERMS = ["中国", "台", "光刻机", "外交部发言人"]
SORTS = {  # the page's arguments -> plain SQL's order
    "": "id",
    "_sort_desc=said_on": "said_on desc, id",
    "_sort=said_on": "said_on, id",
}


@pytest.fixture
def site_db(built_db, tmp_path):
    return copy_db(built_db, tmp_path)


def plain_ids(path, term, order, size):
    return [row["id"] for row in query(
        path, f"select id from statements where {MATCHES} order by {order} limit ?",
        [match_expression(term), size])]


def walk_ran(queries) -> bool:
    """The page ran the walk of plugins/search_first_page.py (its bound closes its inner
    query)."""
    return any(f"limit {search_first_page.WALK}) w" in q for q in queries)


def sorted_every_match(queries) -> bool:
    """The page ran Datasette's own SQL for its rows (every match read and sorted)."""
    return any(q.startswith("select id, article_id") and not walk_ran([q]) for q in queries)


@pytest.mark.parametrize("size", [1, 5, 20])
@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("term", TERMS)
def test_a_searched_page_lists_the_rows_plain_sql_gives(site_db, term, sort, size):
    ds = make_ds(site_db)
    data, queries = traced_json(ds, f"/{DB}/statements.json?_search={term}&_size={size}&_nofacet=1"
                             f"&_shape=objects&{sort}")
    assert [row["id"] for row in data["rows"]] == plain_ids(site_db, term, SORTS[sort], size)
    common = len(plain_ids(site_db, term, "id", size + 1)) > size
    # the walk serves every order here (oldest first: the undated rows, which come first);
    # a rare term falls back to the sort
    assert walk_ran(queries)
    if not common:
        assert sorted_every_match(queries)


def test_the_walk_is_what_serves_a_common_term(site_db):
    ds = make_ds(site_db)
    for sort in ("", "_sort_desc=said_on"):
        _, queries = traced_json(ds, f"/{DB}/statements.json?_search=中国&_size=5&_nofacet=1&{sort}")
        # the walk gave a whole page: Datasette's sort of every match did not run
        assert walk_ran(queries)
        assert not sorted_every_match(queries)


@pytest.mark.parametrize("sort", ["", "_sort_desc=said_on"])
def test_a_walk_past_its_bound_falls_back_to_the_same_rows(site_db, monkeypatch, sort):
    monkeypatch.setattr(search_first_page, "WALK", 3)  # fewer entries than a page of matches
    ds = make_ds(site_db)
    data, queries = traced_json(ds, f"/{DB}/statements.json?_search=中国&_size=20&_nofacet=1"
                             f"&_shape=objects&{sort}")
    assert [row["id"] for row in data["rows"]] == plain_ids(site_db, "中国", SORTS[sort], 20)
    assert walk_ran(queries) and sorted_every_match(queries)


def test_later_pages_after_a_walked_first_page_list_every_match_once(site_db):
    ds = make_ds(site_db)
    seen, params = [], f"/{DB}/statements.json?_search=中国&_size=7&_nofacet=1&_shape=objects" \
                       "&_sort_desc=said_on"
    path = params
    while True:
        data, _ = traced_json(ds, path)
        seen += [row["id"] for row in data["rows"]]
        if not data.get("next"):
            break
        path = params + f"&_next={data['next']}"
    assert seen == plain_ids(site_db, "中国", "said_on desc, id", 1000)


@pytest.mark.parametrize("sql", [
    # a filter other than equality, a search of one column, oldest first after a dated row
    # (the dated rows are in no index's order), no limit
    "select id from statements where \"kind\" != :p0 and rowid in (select rowid from "
    "statements_search where statements_search match :search) order by id limit 51",
    "select id from statements where rowid in (select rowid from statements_search where "
    "[text] match :search_0) order by id limit 51",
    "select id from statements where rowid in (select rowid from statements_search where "
    "statements_search match :search) and (said_on > :p1 or (said_on = :p1 and ((id > :p0)))) "
    "order by said_on, statements.\"id\" limit 51",
    "select id from statements where rowid in (select rowid from statements_search where "
    "statements_search match :search) order by id",
])
def test_other_sql_is_not_walked(sql):
    assert walked(sql, {"statements": "id"}, {"statements": {("said_on", True)}}) is None


def all_pages(ds, path):
    """Every row id of a JSON listing, page after page; whether each later page walked."""
    seen, walks, url = [], [], path
    while True:
        data, queries = traced_json(ds, url)
        seen += [row["id"] for row in data["rows"]]
        if url != path:
            walks.append(walk_ran(queries))
        if not data.get("next"):
            return seen, walks
        url = path + f"&_next={data['next']}"


def plain_filtered_ids(path, term, order, column=None, value=None):
    where = MATCHES + (f' and "{column}" = ?' if column else "")
    params = [match_expression(term)] + ([value] if column else [])
    return [row["id"] for row in query(
        path, f"select id from statements where {where} order by {order}", params)]


def countries(path, term):
    """The countries of a term's matches, commonest first."""
    return [row[0] for row in query(
        path, f"select country from statements where {MATCHES} and country is not null "
              "group by country order by count(*) desc, country", [match_expression(term)])]


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_later_page_walks_on_from_the_last_and_lists_plain_sqls_rows(site_db, sort):
    ds = make_ds(site_db)
    seen, walks = all_pages(ds, f"/{DB}/statements.json?_search=中国&_size=4&_nofacet=1"
                                f"&_shape=objects&{sort}")
    assert seen == plain_filtered_ids(site_db, "中国", SORTS[sort])
    assert len(walks) > 5 and any(walks)  # later pages were walked, not only the first


def test_oldest_first_walks_the_undated_rows_which_come_first(site_db):
    undated = [row["id"] for row in query(
        site_db, f"select id from statements where {MATCHES} and said_on is null order by id",
        [match_expression("中国")])]
    assert len(undated) >= 3
    data, queries = traced_json(make_ds(site_db), f"/{DB}/statements.json?_search=中国&_size=3"
                                           "&_nofacet=1&_shape=objects&_sort=said_on")
    assert [row["id"] for row in data["rows"]] == undated[:3]
    assert walk_ran(queries) and not sorted_every_match(queries)


@pytest.mark.parametrize("sort", list(SORTS))
def test_a_search_with_a_chosen_facet_value_lists_plain_sqls_rows(site_db, sort):
    ds = make_ds(site_db)
    common = countries(site_db, "中国")[0]
    seen, _ = all_pages(ds, f"/{DB}/statements.json?_search=中国&country={common}&_size=3"
                            f"&_nofacet=1&_shape=objects&{sort}")
    assert seen == plain_filtered_ids(site_db, "中国", SORTS[sort], "country", common)
    data, queries = traced_json(ds, f"/{DB}/statements.json?_search=中国&country={common}&_size=3"
                             f"&_shape=objects&{sort}")
    assert walk_ran(queries)
    assert data["filtered_table_rows_count"] == len(seen)


@pytest.mark.parametrize("sort", list(SORTS))
def test_a_rare_facet_value_falls_back_to_the_filters_index(site_db, monkeypatch, sort):
    monkeypatch.setattr(search_first_page, "WALK", 3)  # the walk finds less than a page
    ds = make_ds(site_db)
    for country in countries(site_db, "中国")[:3]:
        data, queries = traced_json(ds, f"/{DB}/statements.json?_search=中国&country={country}"
                                 f"&_size=5&_nofacet=1&_shape=objects&{sort}")
        plain = plain_filtered_ids(site_db, "中国", SORTS[sort], "country", country)
        assert [row["id"] for row in data["rows"]] == plain[:5]
        assert walk_ran(queries)
        assert any(" intersect select rowid from statements_search" in q for q in queries)
        # and every later page, after the walk of each finds less than a page
        seen, _ = all_pages(ds, f"/{DB}/statements.json?_search=中国&country={country}"
                                f"&_size=2&_nofacet=1&_shape=objects&{sort}")
        assert seen == plain


def test_the_walk_reads_the_index_in_the_page_order(site_db):
    # newest first, ties by id: the index of db/schema.py holds that order, nothing is sorted
    sql = walked("select id from statements where rowid in (select rowid from "
                 "statements_search where statements_search match :search) order by said_on "
                 'desc, statements."id" limit 51', {"statements": "id"},
                 {"statements": {("said_on", True)}})
    plan = " ".join(row[-1] for row in query(site_db, f"explain query plan {sql}",
                                              {"search": match_expression("中国")}))
    assert f"COVERING INDEX {SAID_ON_INDEX}" in plan
    assert plan.count("TEMP B-TREE") == 1  # the page's own rows sorted, not the walk


def test_an_earlier_database_gets_the_index_of_the_page_order(site_db):
    conn = sqlite3.connect(site_db)
    conn.execute(f"drop index {SAID_ON_INDEX}")
    conn.execute("create index idx_statements_said_on on statements (said_on)")
    conn.commit()
    conn.close()
    db = sqlite_utils.Database(site_db)
    ensure_db_shape(db)
    names = {row[1] for row in db.execute("pragma index_list(statements)")}
    db.close()
    assert SAID_ON_INDEX in names and "idx_statements_said_on" not in names


def facet_counts(path, column, where, params):
    return {row[0]: row[1] for row in query(
        path, f"select {column}, count(*) from statements where {where} and {column} is not null "
              f"group by {column}", params)}


def test_facets_of_few_matches_are_exact(site_db):
    data, _ = traced_json(make_ds(site_db), f"/{DB}/statements.json?_search=中国")
    exact = {"country": facet_counts(site_db, "country", MATCHES, [match_expression("中国")])}
    facet = data["facet_results"]["country"]
    assert "sample" not in facet
    assert {r["value"]: r["count"] for r in facet["results"]} == exact["country"]


def test_facets_of_many_matches_are_estimated_from_the_stated_sample(site_db, monkeypatch):
    monkeypatch.setattr(facet_sample, "SAMPLE_ROWS", 20)  # 72 matches: a sample of about 20
    term = match_expression("中国")
    data, queries = traced_json(make_ds(site_db), f"/{DB}/statements.json?_search=中国&_facet_size=max")
    matches = data["filtered_table_rows_count"]
    cut = facet_sample.RANGE * 20 // matches
    in_sample = f"{MATCHES} and {facet_sample.HASH} < ?"
    [sample_rows] = query(site_db, f"select count(*) from statements where {in_sample}",
                          [term, cut])[0]
    assert 0 < sample_rows < matches  # a sample, not every match
    for column in ("country", "speaker_kind", "kind", "cue"):
        facet = data["facet_results"][column]
        assert facet["sample"] == {"rows": sample_rows, "matches": matches}
        sampled = facet_counts(site_db, column, in_sample, [term, cut])
        assert {r["value"]: r["count"] for r in facet["results"]} == {
            value: round(count * matches / sample_rows) for value, count in sampled.items()}
    topics = data["facet_results"]["topics"]
    assert topics["sample"]["rows"] == sample_rows
    # the hash is taken inside the search index's query, before any row is read
    [facet_sql] = [q for q in queries if q.startswith("with matched as materialized")]
    assert re.search(r"match :search and \(\(rowid \* 2654435761\)", facet_sql)


def test_a_page_with_estimated_facets_says_so(site_db, monkeypatch):
    monkeypatch.setattr(facet_sample, "SAMPLE_ROWS", 20)
    ds = make_ds(site_db)
    response, _ = traced(ds, f"/{DB}/statements?_search=中国")
    assert response.status_code == 200
    assert "Counts marked ≈ are estimates" in response.text
    assert "≈ " in response.text
    monkeypatch.setattr(facet_sample, "SAMPLE_ROWS", 10_000)
    response, _ = traced(ds, f"/{DB}/statements?_search=中国")
    assert "estimates" not in response.text and "≈" not in response.text


def test_after_an_ingest_the_page_and_its_facets_follow(site_db, tmp_path, quotecheck,
                                                          monkeypatch):
    article = tmp_path / "more.md"
    article.write_text(
        "---\nid: more-1\ntitle: 中国外交部发言人答记者问\npublished: 2026-12-07\n"
        "outlet: 测试\nlang: zh\n---\n"
        "中国外交部发言人毛宁表示，中国坚持一个中国原则。\n\n"
        "毛宁说：“中国愿同各方一道维护地区和平稳定。”\n", encoding="utf-8")
    before = plain_ids(site_db, "中国", "said_on desc, id", 1000)
    quotecheck("ingest", str(article), "--db", str(site_db), "--quiet")
    after = plain_ids(site_db, "中国", "said_on desc, id", 1000)
    assert len(after) > len(before)  # the new article's statements match
    monkeypatch.setattr(facet_sample, "SAMPLE_ROWS", 20)
    ds = make_ds(site_db)
    data, _ = traced_json(ds, f"/{DB}/statements.json?_search=中国&_size=5&_sort_desc=said_on"
                       "&_shape=objects")
    assert [row["id"] for row in data["rows"]] == after[:5]
    assert data["filtered_table_rows_count"] == len(after)
    assert data["facet_results"]["country"]["sample"]["matches"] == len(after)
