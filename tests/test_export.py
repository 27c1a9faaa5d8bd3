"""`quotecheck export csv` with Datasette's filters, and the canned queries of metadata.yml
run by a real Datasette (JSON and CSV) on a real build."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import sqlite_utils

from tests.site_client import get, make_ds, rows

CANNED = {"checkworthy_unreviewed": {"band": ""}, "repeated_claims": {},
          "speaker_statements": {"speaker": "Mao Ning"}, "verdicts_by_speaker": {}}


def export(quotecheck, db, *args) -> list[dict]:
    result = quotecheck("export", "csv", *args, "--db", db)
    return list(csv.DictReader(io.StringIO(result.stdout)))


def ids(path, sql, params=()) -> list[str]:
    return sorted(r["id"] for r in rows(path, sql, params))


LABELS = {
    "statements": ["speaker_name", "speaker_name_en", "via_name", "article_title", "article_url",
                   "topic_names"],
    "claims": ["claimant_name", "claimant_name_en", "claimant_title", "claimant_org",
               "article_title", "article_outlet", "article_url", "topic_names"],
    "reviews": ["claimant_name", "article_title", "article_url"],
}


def test_every_column_and_row_without_filters(quotecheck, built_db):
    for table in ("statements", "claims", "reviews"):
        got = export(quotecheck, built_db, table)
        columns = [c.name for c in sqlite_utils.Database(built_db)[table].columns]
        # the table's columns, then the labels a person reads (issue 11)
        assert got and list(got[0]) == columns + LABELS[table]
        assert sorted(r["id"] for r in got) == ids(built_db, f"select id from {table}")
        raw = export(quotecheck, built_db, table, "--no-labels")
        assert list(raw[0]) == columns and len(raw) == len(got)


def test_labels_are_the_speakers_and_articles(quotecheck, built_db):
    got = export(quotecheck, built_db, "statements")
    expected = {r["id"]: r for r in rows(built_db, """
        select statements.id, speakers.name, speakers.name_en, articles.title, articles.url
        from statements join speakers on speakers.id = statements.speaker_id
          join articles on articles.id = statements.article_id""")}
    assert any(r["article_url"] for r in got)
    for row in got:
        want = expected[row["id"]]
        assert row["speaker_name"] == want["name"]
        assert row["speaker_name_en"] == (want["name_en"] or "")
        assert row["article_title"] == want["title"]
        assert row["article_url"] == (want["url"] or "")
    claims = export(quotecheck, built_db, "claims")
    assert all(r["claimant_name"] for r in claims if r["claimant_id"])


def test_match_is_the_sites_search(quotecheck, built_db):
    # 台獨 (Traditional) finds 台独; the same rows as the site's statements search
    got = export(quotecheck, built_db, "statements", "--match", "台獨")
    assert got and all("台独" in r["text"] or "台独" in r["mention"] for r in got)
    ds = make_ds(built_db)
    site = get(ds, "/quotecheck/statements.json", _search="台獨", _size="max",
               _shape="objects").json()["rows"]
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in site)


def test_facet_band_and_date_filters(quotecheck, built_db):
    got = export(quotecheck, built_db, "claims", "-w", "voice=reporter", "--band", "high",
                 "--since", "2024-01-11", "--until", "2024-01-12")
    assert got and all(r["voice"] == "reporter" and r["band"] == "high" for r in got)
    assert all("2024-01-11" <= (r["said_on"] or r["published"])[:10] <= "2024-01-12" for r in got)
    assert sorted(r["id"] for r in got) == ids(
        built_db, "select id from claims where voice = 'reporter' and band = 'high' and "
        "coalesce(said_on, published) between '2024-01-11' and '2024-01-12'")


def test_speaker_by_name_or_english_name_and_search(quotecheck, built_db):
    by_name = export(quotecheck, built_db, "statements", "--speaker", "毛宁", "--search", "台湾")
    by_english = export(quotecheck, built_db, "statements", "--speaker", "mao ning",
                        "--search", "台湾")
    assert by_name and by_name == by_english
    mao = rows(built_db, "select id from speakers where name = '毛宁'")[0]["id"]
    assert all(r["speaker_id"] == mao and "台湾" in r["text"] for r in by_name)
    assert sorted(r["id"] for r in by_name) == ids(
        built_db, "select id from statements where speaker_id = ? and text like '%台湾%'", [mao])


def test_verdict_filter_on_claims_statements_and_reviews(quotecheck, built_db, tmp_path):
    claims = export(quotecheck, built_db, "claims", "--verdict", "true")
    assert claims and sorted(r["id"] for r in claims) == ids(
        built_db, "select id from claims where verdict = 'true'")
    statements = export(quotecheck, built_db, "statements", "--verdict", "true")
    assert {r["id"] for r in statements} == {c["statement_id"] for c in claims if c["statement_id"]}
    out = tmp_path / "reviews.csv"
    quotecheck("export", "csv", "reviews", "--verdict", "mostly-true", "--db", built_db, "-o", out)
    reviews = list(csv.DictReader(out.open(encoding="utf-8")))
    assert reviews and all(r["verdict"] == "mostly-true" for r in reviews)
    assert len(reviews) == len(rows(built_db, "select id from reviews where verdict = 'mostly-true'"))


@pytest.mark.parametrize("table", ["claims", "statements"])
def test_topics_filter_matches_an_item_of_the_array(quotecheck, built_db, table):
    got = export(quotecheck, built_db, table, "-w", "topics=us_china")
    expected = ids(built_db, f"select {table}.id from {table}, json_each({table}.topics) "
                   "where json_valid(topics) and json_each.value = 'us_china'")
    assert got and sorted(r["id"] for r in got) == expected
    assert any(r["topics"] != '["us_china"]' for r in got)  # also rows with other topics
    untagged = export(quotecheck, built_db, table, "-w", "topics=")
    assert untagged and all(r["topics"] in ("", "[]") for r in untagged)
    assert sorted(r["id"] for r in untagged) == ids(
        built_db, f"select id from {table} where topics is null or topics in ('', '[]')")


@pytest.mark.parametrize("args, message", [
    (["claims", "-w", "text=x"], "not a facet column"),
    (["claims", "-w", "voice"], "expected column=value"),
    (["claims", "--verdict", "truish"], "not one of"),
    (["statements", "--since", "12 Jan 2024"], "YYYY-MM-DD"),
    (["speakers"], "Invalid value"),
])
def test_bad_filters_are_clear_errors(quotecheck, built_db, args, message):
    result = quotecheck("export", "csv", *args, "--db", built_db, ok=False)
    assert result.exit_code != 0 and message in result.output


# ---------------------------------------------------------------- canned queries

@pytest.fixture(scope="module")
def site(built_db, tmp_path_factory) -> Path:
    """The build, named as Datasette must see it."""
    link = tmp_path_factory.mktemp("site") / "quotecheck.db"
    link.symlink_to(built_db)
    return link


@pytest.mark.parametrize("name", list(CANNED))
def test_canned_query_returns_rows_and_csv(site, name):
    params = CANNED[name]
    data = get(make_ds(site), f"/quotecheck/{name}.json", _shape="objects", **params).json()
    assert data["rows"], name
    text = get(make_ds(site), f"/quotecheck/{name}.csv", **params).text
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == list(data["rows"][0]) and len(table) - 1 == len(data["rows"])


def test_canned_queries_answer_their_question(site, built_db):
    unreviewed = get(make_ds(site), "/quotecheck/checkworthy_unreviewed.json", band="",
                     _shape="objects", _size="max").json()["rows"]
    scores = [r["checkworthiness"] for r in unreviewed]
    assert scores == sorted(scores, reverse=True)
    reviewed = {r["id"] for r in rows(built_db, "select id from claims where verdict is not null")}
    assert reviewed and not reviewed & {r["claim_id"] for r in unreviewed}
    high = get(make_ds(site), "/quotecheck/checkworthy_unreviewed.json", band="high",
               _shape="objects", _size="max").json()["rows"]
    assert high and {r["band"] for r in high} == {"high"}

    repeated = get(make_ds(site), "/quotecheck/repeated_claims.json", _shape="objects").json()["rows"]
    speakers = [r["speakers"] for r in repeated]
    assert speakers == sorted(speakers, reverse=True) and speakers[0] >= 2

    mao = get(make_ds(site), "/quotecheck/speaker_statements.json", speaker="毛宁", _shape="objects",
              _size="max").json()["rows"]
    assert {r["speaker"] for r in mao} == {"毛宁"}
    dates = [r["said_on"] for r in mao if r["said_on"]]
    assert dates == sorted(dates)
    assert len(mao) == len(rows(built_db, "select statements.id from statements join speakers "
                                "on speakers.id = statements.speaker_id where speakers.name = '毛宁'"))

    by_speaker = get(make_ds(site), "/quotecheck/verdicts_by_speaker.json", _shape="objects").json()["rows"]
    assert sum(r["claims"] for r in by_speaker) == len(reviewed)
