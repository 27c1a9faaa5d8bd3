"""ClaimReview exchange: the export carries what schema.org and Google's Fact Check markup
require; export then import into an empty database gives the same verdicts on the same
claims; JSON-LD embedded in an HTML page imports; labels map to the normalised scale."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from quotecheck.db.claimreview import rating_verdict
from quotecheck.db.reviews import VERDICTS, comparable
from tests.site_client import rows

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "reviews").glob("*.yml"))
SEED = "shenzhen-tv-zhixinwen-2024-01-12-blinken-liu-jianchao"


@pytest.fixture(scope="module")
def exported(built_db, tmp_path_factory, runner):
    from quotecheck.cli import cli

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
    # The imported verdict shows on the claim it matched; our own reviews still win on the
    # claims they review.
    claim = rows(db_path, "select verdict, verdict_status, review_id from claims where id = ?",
                 [got[0]["claim_id"]])[0]
    assert (claim["verdict"], claim["review_id"]) == ("mostly-false", got[0]["id"])
    ours = rows(db_path, "select reviews.id, claims.review_id from reviews join claims "
                "on claims.id = reviews.claim_id where reviews.origin like 'reviews/%'")
    assert ours and all(r["review_id"] == r["id"] for r in ours)


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
    ({"alternateName": "错误", "name": "mostly-false"}, "mostly-false"),  # our export
    ({"alternateName": "Mostly False", "name": "Fact check"}, "mostly-false"),
    ({"ratingValue": 7, "worstRating": 1, "bestRating": 5}, None),
])
def test_rating_mapping(rating, verdict):
    assert rating_verdict(rating) == verdict


def test_a_free_label_beside_our_verdict_round_trips(quotecheck, tmp_path):
    """Our export names the verdict (`name`) beside the reviewer's own label: a label that
    reads as another verdict (错误 on a mostly-false) must not decide the import."""
    empty, reviews = tmp_path / "none", tmp_path / "reviews"
    empty.mkdir()
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    for path in (ours, theirs):
        quotecheck("build", "--db", path, "--reviews", empty, "--quiet")
    quotecheck("review", "--db", ours, "--reviews", reviews, "--article", SEED,
               "--claim", "今年是中美建立外交关系45周年", "--verdict", "mostly-false",
               "--label", "错误", "--date", "2024-01-20")
    out = tmp_path / "claimreview.json"
    quotecheck("export", "claimreview", "--db", ours, "-o", out)
    rating = json.loads(out.read_text(encoding="utf-8"))[0]["reviewRating"]
    assert (rating["name"], rating["alternateName"]) == ("mostly-false", "错误")
    quotecheck("import", "claimreview", out, "--db", theirs)
    expected = verdicts(ours)
    assert {v for v in expected.values()} >= {("mostly-false", "错误", "reviewed")}
    assert verdicts(theirs) == expected


def test_appearances_are_the_claims_the_verdict_reached(fresh_db):
    """A~B~C with A!~C in one repeat group, each in its own article: a review of A reaches B
    (linked to A) but not C, so C's article is no appearance of the claim A reviews."""
    from quotecheck.db.claimreview import claimreview_objects
    from quotecheck.db.repeat_index import save_repeats
    from quotecheck.db.reviews import apply_verdicts
    from quotecheck.db.schema import ensure_tables

    db = fresh_db
    ensure_tables(db)
    chain = ["台湾问题是中国核心利益中的核心",
             "台湾问题是中国核心利益中的核心，是中美关系政治基础中的基础，是中美关系第一条不可逾越的红线",
             "是中美关系政治基础中的基础，是中美关系第一条不可逾越的红线，美方应当恪守承诺，停止售台武器"]
    for n, text in enumerate(chain):
        db["articles"].insert({"id": f"art{n}", "key": f"id:art{n}", "body": text,
                               "title": f"Article {n}", "published": f"2024-01-1{n}"})
        db["claims"].insert({"id": f"c{n}", "article_id": f"art{n}", "text": text, "repeats": 0,
                             "match_status": "unique", "verdict_status": "unreviewed"})
    save_repeats(db)
    groups = {r["id"]: r["repeat_group"] for r in db.query("select id, repeat_group from claims")}
    assert groups["c0"] == groups["c2"] is not None  # one group, yet c2 does not repeat c0
    db["reviews"].insert({"id": "r0", "claim_id": "c0", "claim_text": chain[0],
                          "verdict": "true", "verdict_label": "属实", "status": "resolved",
                          "origin": "reviews/r0.yml", "reviewed_on": "2024-01-20"})
    apply_verdicts(db)
    [review] = claimreview_objects(db)
    item = review["itemReviewed"]
    assert [a["headline"] for a in item["appearance"]] == ["Article 0", "Article 1"]
    assert item["firstAppearance"]["headline"] == "Article 0"


def test_every_verdict_exports_and_maps_back():
    from quotecheck.db.reviews import DEFAULT_LABELS

    for verdict in VERDICTS:
        assert rating_verdict({"alternateName": DEFAULT_LABELS[verdict]}) == verdict
        assert rating_verdict({"alternateName": "free text", "name": verdict}) == verdict


ARTICLE = ("---\ntitle: 汪文斌答记者问\npublished: 2024-02-01\n---\n外交部发言人汪文斌表示，"
           "中方愿同各方一道加强在气候变化领域的务实合作，共同推动全球绿色低碳转型。\n")


def test_review_imported_before_its_article_resolves_later(quotecheck, db_path, tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    quotecheck("build", "--db", db_path, "--reviews", empty, "--quiet")
    claim = "中方愿同各方一道加强在气候变化领域的务实合作"
    review = tmp_path / "later.json"
    review.write_text(json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": "https://checker.example/later", "datePublished": "2024-02-05",
        "author": {"@type": "Organization", "name": "Another checker"},
        "claimReviewed": claim, "reviewRating": {"@type": "Rating", "alternateName": "属实"}},
        ensure_ascii=False), encoding="utf-8")
    result = quotecheck("import", "claimreview", review, "--db", db_path)
    assert "1 unresolved" in result.output
    assert [(r["status"], r["article_id"]) for r in rows(db_path, "select * from reviews")] == \
        [("unresolved", None)]
    article = tmp_path / "wang.md"
    article.write_text(ARTICLE, encoding="utf-8")
    quotecheck("ingest", article, "--db", db_path, "--reviews", empty, "--quiet")
    quotecheck("build", "--db", db_path, "--reviews", empty, "--quiet")
    got = rows(db_path, "select reviews.*, claims.text as claim, articles.title from reviews "
               "join claims on claims.id = reviews.claim_id "
               "join articles on articles.id = reviews.article_id")
    assert [(r["status"], r["title"]) for r in got] == [("resolved", "汪文斌答记者问")]
    assert comparable(claim) in comparable(got[0]["claim"])
    assert rows(db_path, "select verdict, verdict_status from claims where id = ?",
                [got[0]["claim_id"]]) == [{"verdict": "true", "verdict_status": "reviewed"}]
    # Importing it again replaces the row, whichever it was: still one.
    quotecheck("import", "claimreview", review, "--db", db_path)
    assert len(rows(db_path, "select id from reviews")) == 1


def test_reimport_replaces_the_earlier_rows_of_a_claimreview(fresh_db, tmp_path):
    from quotecheck.db.claimreview import import_claimreviews
    from quotecheck.db.schema import ensure_tables

    db = fresh_db
    ensure_tables(db)
    claim = "中方愿同各方一道加强在气候变化领域的务实合作"
    review = tmp_path / "again.json"
    review.write_text(json.dumps({
        "@type": "ClaimReview", "url": "https://checker.example/again", "claimReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": "属实"}}, ensure_ascii=False),
        encoding="utf-8")
    assert import_claimreviews(db, review)["unresolved"] == 1
    db["articles"].insert({"id": "art", "key": "id:art", "body": claim, "title": "汪文斌答记者问"})
    db["claims"].insert({"id": "c", "article_id": "art", "text": claim, "repeats": 0,
                         "match_status": "unique", "verdict_status": "unreviewed"})
    assert import_claimreviews(db, review)["unresolved"] == 0
    assert [(r["claim_id"], r["status"]) for r in db.query("select * from reviews")] == \
        [("c", "resolved")]
