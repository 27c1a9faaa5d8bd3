"""ClaimReview exchange: the export carries what schema.org and Google's Fact Check markup
require; export then import into an empty database gives the same verdicts on the same
claims; JSON-LD embedded in an HTML page imports; labels map to the normalised scale."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from db.claimreview import rating_verdict
from db.reviews import VERDICTS, comparable
from tests.site_client import rows

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "reviews").glob("*.yml"))


@pytest.fixture(scope="module")
def exported(built_db, tmp_path_factory, runner):
    from ingest.cli import cli

    out = tmp_path_factory.mktemp("export") / "claimreview.json"
    result = runner.invoke(cli, ["export", "claimreview", "--db", str(built_db), "-o", str(out),
                                 "--base-url", "https://quotecheck.example.org/"])
    assert result.exit_code == 0, result.output
    return out


def test_export_has_the_required_fields(exported, built_db):
    objects = json.loads(exported.read_text(encoding="utf-8"))
    resolved = rows(built_db, "select * from reviews where status = 'resolved'")
    assert len(objects) == len(resolved) == len(SHIPPED)
    for obj in objects:
        assert obj["@context"] == "https://schema.org" and obj["@type"] == "ClaimReview"
        assert obj["claimReviewed"].strip()
        assert obj["url"].startswith("https://quotecheck.example.org/quotecheck/reviews/")
        dt.date.fromisoformat(obj["datePublished"])
        assert obj["author"]["@type"] == "Organization" and obj["author"]["name"]
        rating = obj["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        if "ratingValue" in rating:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = obj["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"]
        assert item["appearance"] and all(a["@type"] == "CreativeWork" and a["headline"]
                                          for a in item["appearance"])
        assert item["firstAppearance"]["headline"]
        dt.date.fromisoformat(item["datePublished"])
        assert obj["citation"] and all(c["url"].startswith("http") for c in obj["citation"])
    # The review's claim and verdict are the database's.
    by_text = {r["claim"]: r for r in rows(
        built_db, "select claims.text as claim, reviews.verdict, reviews.verdict_label "
        "from reviews join claims on claims.id = reviews.claim_id")}
    for obj in objects:
        review = by_text[obj["claimReviewed"]]
        assert obj["reviewRating"]["alternateName"] == review["verdict_label"]
        assert rating_verdict(obj["reviewRating"]) == review["verdict"]


def verdicts(path) -> dict:
    return {r["id"]: (r["verdict"], r["verdict_label"], r["verdict_status"]) for r in rows(
        path, "select id, verdict, verdict_label, verdict_status from claims "
              "where verdict is not null")}


def test_round_trip_reproduces_the_verdicts(exported, built_db, quotecheck, db_path, tmp_path):
    empty = tmp_path / "no-reviews"
    empty.mkdir()
    quotecheck("build", "--db", db_path, "--reviews", empty, "--quiet")
    assert verdicts(db_path) == {}
    result = quotecheck("import", "claimreview", exported, "--db", db_path)
    assert "0 unresolved" in result.output
    expected = verdicts(built_db)
    assert expected and verdicts(db_path) == expected
    imported = rows(db_path, "select origin, status from reviews")
    assert {(r["origin"], r["status"]) for r in imported} == \
        {("claimreview:claimreview.json", "resolved")}
    # A rebuild keeps imported reviews: they live in the database, not in reviews/.
    quotecheck("build", "--db", db_path, "--reviews", empty, "--quiet")
    assert verdicts(db_path) == expected
    # Importing the same file again changes nothing.
    quotecheck("import", "claimreview", exported, "--db", db_path)
    assert len(rows(db_path, "select id from reviews")) == len(imported)


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Fact check</title>
<script type="application/ld+json">{graph}</script>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "WebSite",
 "name": "Another checker"}}</script>
</head><body><p>本周核查</p></body></html>"""


def test_import_html_page_with_embedded_json_ld(built_db, quotecheck, db_path, tmp_path):
    db_path.write_bytes(built_db.read_bytes())
    seed = rows(db_path, "select title from articles where key like 'id:%'")[0]["title"]
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "ClaimReview", "url": "https://checker.example/1", "datePublished": "2024-01-20",
         "author": {"@type": "Organization", "name": "Another checker"},
         "claimReviewed": "美国国土安全部称：“与会者讨论了在关键执法议题上合作的重要性”",
         "itemReviewed": {"@type": "Claim", "appearance": [{"@type": "CreativeWork",
                                                            "headline": seed}]},
         "reviewRating": {"@type": "Rating", "alternateName": "Mostly False"}},
        {"@type": "ClaimReview", "url": "https://checker.example/2", "datePublished": "2024-01-21",
         "author": {"@type": "Organization", "name": "Another checker"},
         "claimReviewed": "第17次中美国防部工作会晤在美国华盛顿举行",
         "reviewRating": {"@type": "Rating", "alternateName": "Checked: see below",
                          "ratingValue": 7, "worstRating": 0, "bestRating": 10}},
        {"@type": "ClaimReview", "url": "https://checker.example/3", "datePublished": "2024-01-22",
         "author": {"@type": "Organization", "name": "Another checker"},
         "claimReviewed": "火星上发现了中美联合建造的基地",
         "reviewRating": {"@type": "Rating", "alternateName": "无法证实"}},
    ]}
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(graph=json.dumps(graph, ensure_ascii=False)), encoding="utf-8")
    result = quotecheck("import", "claimreview", page, "--db", db_path)
    assert "1 unresolved" in result.output
    got = rows(db_path, "select reviews.*, claims.text as claim from reviews "
               "left join claims on claims.id = reviews.claim_id where origin = 'claimreview:page.html' "
               "order by reviews.url")
    assert [(r["url"], r["verdict"], r["verdict_label"], r["status"]) for r in got] == [
        ("https://checker.example/1", "mostly-false", "Mostly False", "resolved"),
        ("https://checker.example/2", "mostly-true", "Checked: see below", "resolved"),
        ("https://checker.example/3", "unverifiable", "无法证实", "unresolved")]
    assert comparable("与会者讨论了") in comparable(got[0]["claim"])
    assert comparable("第17次中美国防部工作会晤") in comparable(got[1]["claim"])
    assert got[0]["publisher"] == "Another checker"
    # Our own reviews still win on the claims they review; the imported ones show elsewhere.
    claim = rows(db_path, "select verdict, verdict_status, review_id from claims where id = ?",
                 [got[0]["claim_id"]])[0]
    assert (claim["verdict"], claim["review_id"]) == ("mostly-false", got[0]["id"])


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"@type": "WebPage"}', "no ClaimReview"),
    ('[{"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}}]', "no claimReviewed"),
    ('{"@type": "ClaimReview", "claimReviewed": "今年是中美建立外交关系45周年", '
     '"reviewRating": {"alternateName": "Spicy"}}', "maps to no verdict"),
])
def test_bad_claimreview_files_write_nothing(built_db, quotecheck, db_path, tmp_path, content, message):
    db_path.write_bytes(built_db.read_bytes())
    before = rows(db_path, "select count(*) as n from reviews")[0]["n"]
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = quotecheck("import", "claimreview", bad, "--db", db_path, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert rows(db_path, "select count(*) as n from reviews")[0]["n"] == before


@pytest.mark.parametrize("rating, verdict", [
    ({"alternateName": "True"}, "true"),
    ({"alternateName": "Mostly True"}, "mostly-true"),
    ({"alternateName": "Half True"}, "mixed"),
    ({"alternateName": "Mostly False"}, "mostly-false"),
    ({"alternateName": "Pants on Fire!"}, "false"),
    ({"alternateName": "Misleading"}, "misleading"),
    ({"alternateName": "Unproven"}, "unverifiable"),
    ({"alternateName": "正确"}, "true"),
    ({"alternateName": "错误"}, "false"),
    ({"alternateName": "部分正确"}, "mixed"),
    ({"alternateName": "误导"}, "misleading"),
    ({"alternateName": "无法证实"}, "unverifiable"),
    ({"alternateName": "錯誤"}, "false"),
    ({"alternateName": "Our own words", "ratingValue": 1, "worstRating": 1, "bestRating": 5}, "false"),
    ({"alternateName": "Our own words", "ratingValue": "3", "worstRating": "1", "bestRating": "5"}, "mixed"),
    ({"ratingValue": 5}, "true"),
    ({"ratingValue": 0.25, "worstRating": 0, "bestRating": 1}, "mostly-false"),
    ({"alternateName": "Our own words"}, None),
    ({"ratingValue": 7, "worstRating": 1, "bestRating": 5}, None),
])
def test_rating_mapping(rating, verdict):
    assert rating_verdict(rating) == verdict


def test_every_verdict_exports_and_maps_back():
    from db.reviews import DEFAULT_LABELS

    for verdict in VERDICTS:
        assert rating_verdict({"alternateName": DEFAULT_LABELS[verdict]}) == verdict
        assert rating_verdict({"alternateName": "free text", "name": verdict}) == verdict
