"""The published site is read-only and shows what the data holds as text, never as markup.

- Anonymous POSTs (table, row, canned query, write-API-style and permissions paths) are
  refused with a 4xx, with or without a valid CSRF token, and the database file is byte for
  byte what it was (hash, mtime, row counts); SQL that writes is refused too.
- No writable canned query and no plugin besides ours is installed.
- Rows carrying `<script>` and `"><img onerror=…>` in every column the pages show (article,
  speaker, statement, claim, review, quote check, topics) render as text on every page we made.

All through a real Datasette on a copy of a real `quotecheck build`.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import re
import sqlite3
from pathlib import Path

import lxml.html
import pytest
import sqlite_utils

from quotecheck.db.schema import ensure_db_shape
from tests.site_client import DB, ROOT, copy_db, make_ds, row_href

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
HOSTILE = SCRIPT + IMG
TABLES = ["articles", "speakers", "statements", "claims", "reviews", "claim_links",
          "quote_checks", "review_history"]


def add_hostile_rows(path: Path) -> dict:
    """An article, speaker, statement, claim, review and quote check whose every shown text
    carries HOSTILE; the claim joins an existing repeat group and the quote check points at an
    existing statement, so those rows' pages show hostile text too. Returns the ids."""
    db = sqlite_utils.Database(path)
    quote = f"测试员说{HOSTILE}这是测试"
    body = f"测试员{HOSTILE}表示，{quote}。\n第二段{HOSTILE}。"
    start = body.index(quote)
    ids = {"article": "hostile-article", "speaker": "hostile-speaker",
           "statement": "hostile-statement", "claim": "hostile-claim", "review": "hostile-review"}
    other = db.execute("select id, statement_id, repeat_group from claims "
                       "where repeat_group is not null and statement_id is not null "
                       "order by id limit 1").fetchone()
    primary = db.execute("select id, article_id from statements order by id limit 1").fetchone()
    ids.update(repeat_statement=other[1], primary_statement=primary[0])
    db["articles"].insert({
        "id": ids["article"], "key": "test://hostile", "source": HOSTILE,
        "title": f"测试文章{HOSTILE}", "published": "2024-02-01", "url": "javascript:alert(3)",
        "outlet": HOSTILE, "author": HOSTILE, "body": body, "chars": len(body),
        "statement_count": 1,
    })
    db["speakers"].insert({
        "id": ids["speaker"], "name": f"测试员{HOSTILE}", "name_en": HOSTILE, "kind": HOSTILE,
        "country": HOSTILE, "title": HOSTILE, "org": HOSTILE, "aliases": json.dumps([HOSTILE]),
        "roles": "[]", "in_registry": 0,
    })
    db["statements"].insert({
        "id": ids["statement"], "article_id": ids["article"], "speaker_id": ids["speaker"],
        "mention": f"测试员{HOSTILE}", "cue": HOSTILE, "text": quote, "kind": HOSTILE,
        "start": start, "end": start + len(quote), "said_on": "2024-02-01",
        "speaker_title": HOSTILE, "speaker_org": HOSTILE, "topics": json.dumps([HOSTILE]),
    })
    db["reviews"].insert({
        "id": ids["review"], "claim_id": ids["claim"], "article_id": ids["article"],
        "claim_text": HOSTILE, "verdict": HOSTILE, "verdict_label": HOSTILE, "summary": HOSTILE,
        "reviewer": HOSTILE, "publisher": HOSTILE, "reviewed_on": "2024-02-02",
        "url": "javascript:alert(5)", "origin": HOSTILE, "status": "resolved",
    })
    db["claims"].insert({
        "id": ids["claim"], "article_id": ids["article"], "statement_id": ids["statement"],
        "claimant_id": ids["speaker"], "voice": "statement", "text": quote, "start": start,
        "end": start + len(quote), "said_on": "2024-02-01", "checkworthiness": 50,
        "band": HOSTILE, "reasons": json.dumps([HOSTILE]), "repeat_group": other[2],
        "repeats": 1, "verdict": HOSTILE, "verdict_label": HOSTILE, "verdict_status": HOSTILE,
        "review_id": ids["review"],
    })
    db["quote_checks"].insert({
        "id": "hostile-check", "statement_id": ids["statement"],
        "primary_statement_id": primary[0], "primary_article_id": primary[1],
        "relation": HOSTILE, "similarity": 0.5, "coverage": 0.5,
        "omitted": json.dumps([HOSTILE]), "altered": json.dumps([[HOSTILE, HOSTILE]]),
        "diff": f"同[-{HOSTILE}-]{{+{HOSTILE}+}}", "method": HOSTILE,
    })
    ensure_db_shape(db)  # the search tables pick the new rows up
    db.conn.close()
    return ids


@pytest.fixture(scope="module")
def site(built_db, tmp_path_factory) -> Path:
    return copy_db(built_db, tmp_path_factory.mktemp("security"))


@pytest.fixture(scope="module")
def hostile(built_db, tmp_path_factory):
    path = copy_db(built_db, tmp_path_factory.mktemp("hostile"))
    return path, add_hostile_rows(path)


def snapshot(path: Path) -> dict:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in TABLES}
    finally:
        conn.close()
    return {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "mtime": path.stat().st_mtime_ns, "counts": counts}


# ---------------------------------------------------------------- read-only

def test_anonymous_writes_are_refused_and_change_nothing(site):
    sid = sqlite3.connect(site).execute("select id from statements limit 1").fetchone()[0]
    before = snapshot(site)
    assert before["counts"]["statements"] > 0
    paths = [
        f"/{DB}/statements", row_href("statements", sid), f"/{DB}/said_about",
        f"/{DB}/speaker_statements_per_month", f"/{DB}/statements/-/insert",
        f"/{DB}/statements/-/upsert", f"/{DB}/-/create", row_href("statements", sid) + "/-/update",
        row_href("statements", sid) + "/-/delete", f"/{DB}/statements/-/drop", "/-/permissions",
        f"/{DB}", f"/{DB}/-/query", "/-/messages", "/-/allow-debug",
    ]
    form = {"sql": "delete from statements", "speaker": "毛宁", "term": "台",
            "row": json.dumps({"id": "x", "text": "x"})}

    async def go():
        ds = make_ds(site)
        # a valid CSRF token and cookie, as a browser that loaded a form would send them
        page = await ds.client.get("/-/messages")
        token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
        cookie = page.cookies.get("ds_csrftoken")
        answers = {}
        for path in paths:
            for method in ("post", "put", "patch", "delete"):
                response = await getattr(ds.client, method)(path) if method == "delete" else \
                    await getattr(ds.client, method)(path, data=form)
                answers[(method, path)] = response.status_code
            with_token = await ds.client.post(path, data={**form, "csrftoken": token},
                                              cookies={"ds_csrftoken": cookie})
            answers[("post+csrf", path)] = with_token.status_code
            as_json = await ds.client.post(path, json={"rows": [{"id": "x", "text": "x"}]})
            answers[("post json", path)] = as_json.status_code
        # SQL that writes, through the read-only query endpoints
        for sql in ("delete from statements", "update statements set text = 'x'",
                    "drop table statements", "insert into speakers (id, name) values ('x', 'x')"):
            response = await ds.client.get(f"/{DB}.json", params={"sql": sql})
            answers[("sql", sql)] = response.status_code
        permissions = await ds.client.get("/-/permissions")
        answers[("get", "/-/permissions")] = permissions.status_code
        return answers

    answers = asyncio.run(go())
    refused = {key: code for key, code in answers.items() if 400 <= code < 500}
    assert refused == answers, {k: v for k, v in answers.items() if k not in refused}
    assert snapshot(site) == before


def test_no_write_path_is_installed(site):
    async def go():
        ds = make_ds(site)
        plugins = (await ds.client.get("/-/plugins.json")).json()
        queries = await ds.get_canned_queries(DB, None)
        return plugins, queries

    plugins, queries = asyncio.run(go())
    # every plugin is quotecheck's (one per module of plugins/ with hooks), none of
    # datasette-insert, -write, -upload-csvs …
    assert {p["name"] for p in plugins} == {"quotecheck"}
    assert len(plugins) == len([p for p in (ROOT / "plugins").glob("*.py")
                                if "@hookimpl" in p.read_text(encoding="utf-8")])
    assert queries and not [name for name, q in queries.items() if q.get("write")]


# ---------------------------------------------------------------- escaping

def pages_to_check(ids):
    return [
        row_href("statements", ids["statement"]),
        row_href("speakers", ids["speaker"]),
        row_href("articles", ids["article"]),
        row_href("claims", ids["claim"]),
        row_href("statements", ids["repeat_statement"]),   # the hostile claim as a repeat
        row_href("statements", ids["primary_statement"]),  # the hostile quote check as a report
        "/-/search?q=测试员",
        f"/{DB}/statements?_search=测试员",
        f"/{DB}/statement_browser?_search=测试员",
        f"/{DB}/speaker_topics_per_month?speaker_id={ids['speaker']}",
        f"/{DB}/topics_per_month",
        "/charts",
        # the list pages as cards, their full table, and the home page (issue 11)
        f"/{DB}/statements?speaker_id={ids['speaker']}",
        f"/{DB}/statements?speaker_id={ids['speaker']}&_view=table",
        f"/{DB}/claims?_search=测试员",
        "/",
    ]


# pages whose data may leave the hostile rows out (the chart page holds no data; the
# all-topics chart names only the twelve biggest topics; the home page only the latest)
PAGES_WITHOUT_THE_ROWS = {"/charts", f"/{DB}/topics_per_month", "/"}


def test_hostile_text_renders_as_text_on_every_page(hostile):
    path, ids = hostile

    async def go():
        ds = make_ds(path)
        return {url: await ds.client.get(url) for url in pages_to_check(ids)}

    for url, response in asyncio.run(go()).items():
        assert response.status_code == 200, (url, response.status_code)
        html = response.text
        assert SCRIPT not in html, url
        assert "<img src=x" not in html, url
        doc = lxml.html.fromstring(html)
        assert not doc.xpath("//*[@onerror]"), url
        assert not [s for s in doc.xpath("//script") if "alert(" in (s.text or "")], url
        assert not [a for a in doc.xpath("//*[@href]")
                    if a.get("href").strip().lower().startswith("javascript:")], url
        if url not in PAGES_WITHOUT_THE_ROWS:  # the others show the hostile text, escaped
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
            assert SCRIPT in doc.text_content(), url


def test_hostile_text_stays_text_inside_highlights_and_diffs(hostile):
    path, ids = hostile

    async def go():
        ds = make_ds(path)
        return [await ds.client.get(row_href(t, ids[k])) for t, k in
                (("statements", "statement"), ("articles", "article"))]

    statement, article = (lxml.html.fromstring(r.text) for r in asyncio.run(go()))
    mark = statement.cssselect("mark.qc-quote")[0]
    assert HOSTILE in mark.text_content() and len(mark) == 0  # text only, no child elements
    diff = statement.cssselect("p.qc-diff")[0]
    assert [d.text_content() for d in diff.cssselect("del")] == [HOSTILE]
    assert [i.text_content() for i in diff.cssselect("ins")] == [HOSTILE]
    body = article.cssselect("div.qc-article-body")[0]
    conn = sqlite3.connect(path)
    assert body.text_content() == conn.execute(
        "select body from articles where id = ?", (ids["article"],)).fetchone()[0]
    conn.close()
    assert {e.tag for e in body.iter()} == {"div", "a", "mark"}
