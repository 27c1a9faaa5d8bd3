"""The statement, speaker, article and charts pages, on a copy of a real `quotecheck build`.

A real Datasette (metadata.yml, plugins/, templates/, static/) serves the copy. Where the
build has no rows yet (reviews, topics), the test adds them to its copy; every expected value
is read back from the database, never written into the test.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import lxml.html
import pytest
import sqlite_utils

from quotecheck.db.schema import ensure_db_shape

from tests.site_client import ROOT, copy_db, get, make_ds, query, row_href


def fetch(path: Path, url: str):
    return get(make_ds(path), url)


def page(path: Path, url: str):
    return lxml.html.fromstring(fetch(path, url).text)


@pytest.fixture(scope="module")
def site(built_db, tmp_path_factory) -> Path:
    """A copy of the build with a review on one repeated claim and topics on some statements."""
    path = copy_db(built_db, tmp_path_factory.mktemp("pages"))
    conn = sqlite3.connect(path)
    claim = conn.execute(
        "select id, text, article_id from claims where repeat_group is not null "
        "and statement_id is not null order by id limit 1").fetchone()
    if claim is None:
        pytest.skip("the build has no repeated claims")
    conn.execute(
        "insert into reviews (id, claim_id, article_id, claim_text, verdict, verdict_label, "
        "summary, reviewer, publisher, reviewed_on, url, origin, status) values "
        "('review-test', ?, ?, ?, 'mostly-true', '基本属实', '会谈确有其事，时长约一小时。', "
        "'测试审核员', 'quotecheck', '2024-02-01', 'https://example.org/review', "
        "'reviews/test.yml', 'resolved')", (claim[0], claim[2], claim[1]))
    conn.execute("update claims set verdict = 'mostly-true', verdict_label = '基本属实', "
                 "verdict_status = 'reviewed', review_id = 'review-test' where id = ?",
                 (claim[0],))
    # topics: every statement mentioning 台 is about taiwan, every one mentioning 美 about us
    conn.execute("""update statements set topics = json_array(
                      case when text like '%台%' then 'taiwan' end,
                      case when text like '%美%' then 'us' end)""")
    conn.execute("update statements set topics = (select json_group_array(value) "
                 "from json_each(statements.topics) where value is not null)")
    conn.commit()
    conn.close()
    # as every quotecheck command does after writing: the charts' monthly counts follow
    ensure_db_shape(sqlite_utils.Database(path))
    return path


@pytest.fixture(scope="module")
def empty_site(built_db, tmp_path_factory) -> Path:
    """A copy of the build whose claims, reviews, links and quote checks are all empty."""
    path = copy_db(built_db, tmp_path_factory.mktemp("empty"))
    conn = sqlite3.connect(path)
    for table in ("claim_links", "quote_checks", "review_history", "reviews", "claims"):
        conn.execute(f"delete from {table}")
    conn.commit()
    conn.close()
    return path


# ---------------------------------------------------------------- statement page

def test_statement_page_marks_the_quote_inside_its_paragraph(site):
    for s in query(site, "select statements.id, start, \"end\", body from statements "
                         "join articles on articles.id = article_id "
                         "order by statements.id limit 20"):
        doc = page(site, row_href("statements", s["id"]))
        context = doc.cssselect("p.qc-context-text")
        assert len(context) == 1
        marks = context[0].cssselect("mark.qc-quote")
        assert len(marks) == 1
        assert marks[0].text_content() == s["body"][s["start"]:s["end"]]
        # the text around the mark is the body around the quote, within its paragraph
        whole = context[0].text_content()
        quote = marks[0].text_content()
        before, after = whole[:whole.index(quote)], whole[whole.index(quote) + len(quote):]
        assert s["body"][:s["start"]].endswith(before.lstrip("…"))
        assert s["body"][s["end"]:].startswith(after.rstrip("…"))
        assert "\n" not in before + after  # no further than the quote's paragraph(s)


def test_statement_page_shows_the_speaker_card(site):
    s = query(site, "select speakers.*, statements.id as statement_id from statements "
                    "join speakers on speakers.id = speaker_id where speakers.name_en is not null "
                    "and speakers.org is not null limit 1")[0]
    card = page(site, row_href("statements", s["statement_id"])).cssselect(
        "section.qc-speaker-card")[0]
    text = card.text_content()
    for column in ("name", "name_en", "title", "org", "country", "kind"):
        if s[column]:
            assert s[column] in text, column
    assert card.cssselect(f"a[href='{row_href('speakers', s['id'])}']")


def test_statement_page_lists_claims_verdict_review_and_repeats(site):
    claim = query(site, "select * from claims where review_id = 'review-test'")[0]
    doc = page(site, row_href("statements", claim["statement_id"]))
    items = doc.cssselect("li.qc-claim")
    expected = query(site, "select id from claims where statement_id = ?", (claim["statement_id"],))
    assert len(items) == len(expected)
    reviewed = [li for li in items
                if li.cssselect(f"a[href='{row_href('claims', claim['id'])}']")][0]
    assert reviewed.cssselect("strong.qc-verdict")[0].text_content() == claim["verdict_label"]
    review = query(site, "select * from reviews where id = 'review-test'")[0]
    assert review["summary"] in reviewed.cssselect("p.qc-review")[0].text_content()
    assert reviewed.cssselect(f"a[href='{review['url']}']")
    # repeats: the other claims of its group, each linked to its statement and speaker
    group = query(site, "select * from claims where repeat_group = ? and id != ?",
                  (claim["repeat_group"], claim["id"]))
    shown = reviewed.cssselect("li.qc-repeat")
    assert len(shown) >= len(group) > 0
    shown_text = " ".join(li.text_content() for li in shown)
    for other in group:
        assert other["text"] in shown_text
        if other["statement_id"]:
            assert reviewed.cssselect(f"a[href='{row_href('statements', other['statement_id'])}']")


def test_statement_page_shows_the_primary_source_check_both_ways(site):
    checks = query(site, "select * from quote_checks where primary_statement_id is not null "
                         "and diff like '%[-%' limit 1")
    if not checks:
        pytest.skip("the build has no quote check that leaves words out")
    check = checks[0]
    news = page(site, row_href("statements", check["statement_id"]))
    section = news.cssselect("section.qc-quote-checks")[0]
    assert section.cssselect("strong.qc-relation")[0].text_content() == check["relation"]
    deleted = "".join(d.text_content() for d in section.cssselect("del"))
    for passage in json.loads(check["omitted"] or "[]"):
        assert passage in deleted
    assert section.cssselect(f"a[href='{row_href('statements', check['primary_statement_id'])}']")
    # the primary statement's page names the report
    primary = page(site, row_href("statements", check["primary_statement_id"]))
    assert primary.cssselect(
        f"section.qc-quote-checks a[href='{row_href('statements', check['statement_id'])}']")


def test_statement_page_without_claims_or_checks_has_no_such_sections(empty_site):
    sid = query(empty_site, "select id from statements limit 1")[0]["id"]
    doc = page(empty_site, row_href("statements", sid))
    assert doc.cssselect("mark.qc-quote") and doc.cssselect("section.qc-speaker-card")
    assert not doc.cssselect("section.qc-claims")
    assert not doc.cssselect("section.qc-quote-checks")


# ---------------------------------------------------------------- article page

def test_article_page_highlights_every_statement_by_speaker(site):
    for article in query(site, "select id, body from articles"):
        statements = {s["id"]: s for s in query(
            site, "select * from statements where article_id = ?", (article["id"],))}
        doc = page(site, row_href("articles", article["id"]))
        body = doc.cssselect("div.qc-article-body")[0]
        assert body.text_content() == article["body"]
        # walk the body: which characters are highlighted, and by which statement
        highlighted, at = set(), 0
        for node in body.iter():
            if node is body:
                at += len(node.text or "")
                continue
            if node.tag == "a":
                sid = node.get("data-statement")
                s = statements[sid]
                text = node.text_content()
                assert node.get("href") == row_href("statements", sid)
                assert s["start"] <= at and at + len(text) <= s["end"]
                assert article["body"][at:at + len(text)] == text
                assert node.get("data-speaker") == s["speaker_id"]
                highlighted.update(range(at, at + len(text)))
                at += len(text) + len(node.tail or "")
        spans = set()
        for s in statements.values():
            spans.update(range(s["start"], s["end"]))
        assert highlighted == spans
        # one legend entry, one colour and the right count per speaker
        legend = doc.cssselect("li.qc-legend-item")
        counts = {r["speaker_id"]: r["n"] for r in query(
            site, "select speaker_id, count(*) as n from statements where article_id = ? "
                  "group by speaker_id", (article["id"],))}
        assert {li.get("data-speaker") for li in legend} == set(counts)
        colours = [li.cssselect("span.qc-swatch")[0].get("style") for li in legend]
        assert len(set(colours)) == len(colours)
        for li in legend:
            assert li.text_content().strip().endswith(f"· {counts[li.get('data-speaker')]}")
        for mark in body.cssselect("a.qc-hl"):
            speaker = mark.get("data-speaker")
            swatch = [li for li in legend if li.get("data-speaker") == speaker][0]
            assert (mark.cssselect("mark")[0].get("style")
                    == swatch.cssselect("span.qc-swatch")[0].get("style"))


# ---------------------------------------------------------------- charts

def chart_rows(path, element):
    data = fetch(path, element.get("data-qc-chart")).json()
    assert data["truncated"] is False
    return data["rows"]


def test_speaker_page_charts_statements_and_topics_per_month(site):
    speaker = query(site, "select speaker_id, count(*) as n from statements "
                          "group by speaker_id order by n desc limit 1")[0]
    doc = page(site, row_href("speakers", speaker["speaker_id"]))
    assert doc.cssselect("script[src='/static/vendor/vega-embed.min.js']")
    months = chart_rows(site, doc.cssselect("#qc-speaker-months")[0])
    dated = query(site, "select count(*) from statements where speaker_id = ? "
                        "and coalesce(said_on, published) is not null", (speaker["speaker_id"],))
    assert sum(r["statements"] for r in months) == dated[0][0] > 0
    assert all(len(r["month"]) == 7 for r in months)
    topics = chart_rows(site, doc.cssselect("#qc-speaker-topics")[0])
    # topics by name (Chinese · English) where the topics table has them
    expected = query(site, "select coalesce((select name_zh || ' · ' || name_en from topics "
                           "where topics.id = json_each.value), json_each.value) as topic, "
                           "count(*) as n from statements, "
                           "json_each(statements.topics) where speaker_id = ? group by 1",
                     (speaker["speaker_id"],))
    got = {}
    for r in topics:
        got[r["topic"]] = got.get(r["topic"], 0) + r["statements"]
    expected = {r["topic"]: r["n"] for r in expected}
    assert sum(got.values()) == sum(expected.values()) > 0
    if len(expected) <= 12:  # beyond twelve topics the rest are summed as (others)
        assert got == expected
    else:
        assert set(got) - {"(others)"} <= set(expected) and "(others)" in got


def test_charts_page_draws_from_four_queries(site, empty_site):
    doc = page(site, "/charts")
    charts = doc.cssselect("div.qc-chart")
    assert len(charts) == 4
    by_country = chart_rows(site, charts[0])
    total = query(site, "select count(*) from statements where "
                        "coalesce(said_on, published) is not null")[0][0]
    assert sum(r["statements"] for r in by_country) == total
    assert sum(r["statements"] for r in chart_rows(site, charts[1])) == total
    names = {r["id"]: f"{r['name_zh']} · {r['name_en']}"
             for r in query(site, "select id, name_zh, name_en from topics")}
    assert {r["topic"] for r in chart_rows(site, charts[2])} == \
        {names.get("taiwan", "taiwan"), names.get("us", "us")}
    verdicts = chart_rows(site, charts[3])
    expected = query(site, "select count(*) from claims join speakers on speakers.id = claimant_id "
                           "where verdict is not null")[0][0]
    assert sum(r["claims"] for r in verdicts) == expected > 0
    assert "mostly-true" in {r["verdict"] for r in verdicts}
    # with no claims, the verdicts chart has no rows (the page says so instead of a chart)
    empty_charts = page(empty_site, "/charts").cssselect("div.qc-chart")
    assert chart_rows(empty_site, empty_charts[3]) == []
    assert empty_charts[3].get("data-empty")


def test_charts_are_in_the_menu_and_their_libraries_are_served(site):
    assert page(site, "/").cssselect("a[href='/charts']")
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        response = fetch(site, f"/static/vendor/{name}")
        assert len(response.content) > 50_000
        assert "sourceMappingURL" not in response.text[-200:]
    assert "vegaEmbed" in fetch(site, "/static/charts.js").text
    for name in ("vega", "vega-lite", "vega-embed"):
        assert "Redistribution" in (ROOT / "static" / "vendor" / f"LICENSE-{name}.txt").read_text()
