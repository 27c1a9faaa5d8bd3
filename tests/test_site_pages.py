"""Human titles, no local paths, speaker profiles (issue 11, items 2-5), through a real
Datasette with our metadata.yml on a real `quotecheck build` of the bundled articles.
Expected values come from the database itself."""
from __future__ import annotations

import asyncio
import os
import re
from html import unescape

import pytest

from tests.site_client import DB, get, make_ds, query, row_href

HEX_ID = re.compile(r"^[0-9a-f]{16}$")


@pytest.fixture
def ds(built_db):
    return make_ds(built_db)


def title_and_h1(html: str) -> tuple[str, str]:
    title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return title, unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip() if h1 else ""


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def one_row(db, table):
    return query(db, f"select id from [{table}] order by id limit 1")[0]["id"]


def every_page(db) -> list[str]:
    """One page of each kind: lists, row pages of every table, charts, search, queries."""
    pages = ["/", f"/{DB}", "/charts", "/-/search?q=台湾"]
    for table in ("statements", "claims", "articles", "speakers", "topics", "quote_checks",
                  "reviews", "claim_links"):
        pages.append(f"/{DB}/{table}")
        if query(db, f"select count(*) from [{table}]")[0][0]:
            pages.append(row_href(table, one_row(db, table)))
    pages += [f"/{DB}/statements?_view=table", f"/{DB}/claims?_view=table",
              f"/{DB}/statement_browser", f"/{DB}/said_about?speaker=毛宁&term=台湾",
              row_href("speakers", "mao-ning")]
    return pages


def test_no_title_is_a_bare_id(ds, built_db):
    for path in every_page(built_db):
        title, h1 = title_and_h1(get(ds, path).text)
        for text in (title, h1):
            assert not HEX_ID.search(text.split(":")[-1].strip()), (path, text)
            assert not re.search(r"\b[0-9a-f]{16}\b", text), (path, text)


def test_statement_page_titled_by_speaker_and_words(ds, built_db):
    row = query(built_db, "select statements.id, statements.text, speakers.name from statements "
                          "join speakers on speakers.id = statements.speaker_id limit 1")[0]
    title, h1 = title_and_h1(get(ds, row_href("statements", row["id"])).text)
    for text in (title, h1):
        assert text.startswith(row["name"] + "：" + row["text"][:20])


def test_article_page_headline_outlet_date_and_original_on_top(ds, built_db):
    art = query(built_db, "select id, title, outlet, published, url from articles "
                          "where url like 'http%' limit 1")[0]
    html = get(ds, row_href("articles", art["id"])).text
    title, h1 = title_and_h1(html)
    assert h1 == art["title"] and title.startswith(art["title"])
    top = html[html.index("<h1"): html.index('<div class="qc-article-body"')]
    assert art["outlet"] in top and art["published"] in top
    assert f'href="{art["url"]}"' in top
    assert '{"' not in visible_text(html)  # no raw JSON byline


def test_speaker_page_titled_by_chinese_and_english_name(ds, built_db):
    title, h1 = title_and_h1(get(ds, row_href("speakers", "mao-ning")).text)
    assert "毛宁" in h1 and "Mao Ning" in h1 and "毛宁" in title and "Mao Ning" in title


def test_no_page_or_export_shows_the_local_article_path(ds, built_db, quotecheck, tmp_path):
    folders = {os.path.dirname(r["source"]) for r in query(built_db, "select source from articles")}
    folders = {f for f in folders if f}
    assert folders  # the build did record where it read the articles
    pages = every_page(built_db) + [
        f"/{DB}/articles.json", f"/{DB}/articles.csv", f"/{DB}/statements.csv",
        f"/{DB}/claims.csv", f"/{DB}/statements.json?_shape=array&_size=max",
        f"/{DB}/articles.json?_shape=array&_col=source",
        f"/{DB}.json?sql=select+source,key+from+articles",
        row_href("articles", one_row(built_db, "articles")) + ".json",
    ]
    for path in pages:
        body = get(ds, path).text
        for folder in folders:
            assert folder not in body, path
    for table in ("statements", "claims", "reviews"):
        out = tmp_path / f"{table}.csv"
        quotecheck("export", "csv", table, "--db", built_db, "-o", out)
        text = out.read_text(encoding="utf-8")
        assert not any(folder in text for folder in folders), table


def test_article_opens_from_its_url_or_file_name(ds, built_db):
    rows = query(built_db, "select id, url, source from articles")

    async def location(value):
        response = await ds.client.get("/-/article", params={"u": value})
        return response.status_code, response.headers.get("location")

    for row in rows[:5]:
        wanted = row_href("articles", row["id"])
        if row["url"]:
            assert asyncio.run(location(row["url"])) == (302, wanted)
        name = os.path.basename(row["source"])
        # a file name shared by two articles opens one of them
        same = [r for r in rows if os.path.basename(r["source"]) == name]
        status, got = asyncio.run(location(name))
        assert status == 302 and got in {row_href("articles", r["id"]) for r in same}
    assert asyncio.run(location("no-such-article.md"))[0] == 404


def test_mao_ning_profile(ds, built_db):
    html = get(ds, row_href("speakers", "mao-ning")).text
    text = visible_text(html)
    assert not re.search(r"\bNone\b", text)
    sp = query(built_db, "select * from speakers where id = 'mao-ning'")[0]
    for value in (sp["name"], sp["name_en"], sp["title"], sp["org"], sp["country"]):
        assert value in text
    assert '["' not in text and '[{' not in text  # aliases and roles as text, not JSON
    import json
    for alias in json.loads(sp["aliases"]):
        assert alias in text
    for role in json.loads(sp["roles"]):
        assert str(role.get("from")) in text
    # turns of the transcript say what they are
    turns = query(built_db, "select count(*) from statements where speaker_id = 'mao-ning' "
                            "and cue is null and kind = 'direct'")[0][0]
    if turns:
        assert text.count("answer at press conference") == turns


def test_speaker_scorecard_counts_topics_and_verdicts(ds, built_db):
    speaker = query(built_db, "select claimant_id from claims where verdict is not null "
                              "group by claimant_id order by count(*) desc limit 1")
    speaker_id = speaker[0][0] if speaker else "mao-ning"
    html = get(ds, row_href("speakers", speaker_id)).text
    card = html[html.index('class="qc-scorecard"'):html.index('class="qc-speaker-timeline"')]
    topics = query(built_db, "select topics.name_en, count(*) as n from statements, "
                             "json_each(statements.topics) join topics on topics.id = json_each.value "
                             "where speaker_id = ? group by topics.id", (speaker_id,))
    rows = dict(re.findall(r'<tr><th scope="row"><a [^>]*>(?:<span[^>]*>)?(.*?)(?:</span>)?</a></th>'
                           r'<td>([\d,]+)', card))
    for t in topics:
        assert any(t["name_en"] in unescape(k) and int(v) == t["n"] for k, v in rows.items()), t
    verdicts = query(built_db, "select verdict, count(*) as n from claims where claimant_id = ? "
                               "and verdict is not null group by verdict", (speaker_id,))
    for v in verdicts:
        assert rows.get(v["verdict"]) == f"{v['n']:,}", (v, rows)


# ---------------------------------------------------------------- the home page

BOOKKEEPING = ("facet_counts", "monthly_counts", "facet_count_stamps", "monthly_count_stamps",
               "derived_stamps", "search_changes", "_search", "_fts")


def test_home_page_says_what_it_is_and_offers_one_search(ds, built_db):
    html = get(ds, "/").text
    text = visible_text(html)
    assert "who said what" in text.lower()
    form = re.search(r'<form class="qc-home-search" action="([^"]+)".*?</form>', html, re.S)
    assert form and form.group(1) == "/-/search"
    assert re.search(r'<label for="qc-q">', form.group(0)) and 'id="qc-q"' in form.group(0)
    # the search it leads to covers statements, claims and articles
    results = get(ds, "/-/search", q="台湾").text
    for group in ("results-statements", "results-claims", "results-articles"):
        assert f'id="{group}"' in results


def test_home_page_lists_latest_statements_speakers_topics_verdicts(ds, built_db):
    html = get(ds, "/").text
    latest = query(built_db, "select id from statements order by said_on desc, id limit 3")
    for row in latest:
        assert f'href="{row_href("statements", row["id"])}"' in html
    top = query(built_db, "select speaker_id from statements join speakers on "
                          "speakers.id = speaker_id where speakers.kind = 'person' "
                          "group by speaker_id order by count(*) desc limit 1")[0][0]
    section = html[html.index('class="qc-home-speakers"'):]
    assert f'href="{row_href("speakers", top)}"' in section[: section.index("</section>")]
    topic = query(built_db, "select name_en from topics order by statement_count desc limit 1")
    assert topic[0][0] in visible_text(html)
    reviewed = query(built_db, "select id from claims where verdict_status = 'reviewed'")
    if reviewed:
        verdicts = html[html.index('class="qc-home-verdicts"'):]
        assert any(f'href="{row_href("claims", r["id"])}"' in verdicts for r in reviewed)


def test_home_and_database_pages_link_no_bookkeeping_table(ds):
    for path in ("/", f"/{DB}"):
        html = get(ds, path).text
        links = re.findall(r'href="/quotecheck/([^"?#/]+)"', html)
        assert links, path
        for link in links:
            assert not any(word in link for word in BOOKKEEPING), (path, link)


def test_claim_page_reads_as_a_card_with_its_verdict(ds, built_db):
    claim = query(built_db, """
        select claims.id, claims.text, claims.verdict, claims.verdict_label, speakers.name,
               reviews.summary
        from claims join speakers on speakers.id = claims.claimant_id
          join reviews on reviews.id = claims.review_id
        where claims.verdict is not null limit 1""")
    if not claim:
        pytest.skip("no reviewed claim")
    c = claim[0]
    html = get(ds, row_href("claims", c["id"])).text
    title, h1 = title_and_h1(html)
    assert h1.startswith(c["name"] + "：" + c["text"][:10])
    verdict = html[html.index('class="qc-claim-verdict"'):]
    assert (c["verdict_label"] or c["verdict"]) in verdict
    if c["summary"]:
        assert c["summary"][:20] in unescape(verdict)
    # the fields table is folded away
    assert html.index('<details class="qc-all-fields">') < html.index('class="rows-and-columns"')


def test_home_page_opens_an_article_by_address_or_file_name(ds, built_db):
    html = get(ds, "/").text
    form = re.search(r'<form class="qc-home-open" action="([^"]+)".*?</form>', html, re.S)
    assert form and form.group(1) == "/-/article"
    assert '<label for="qc-u">' in form.group(0) and 'name="u"' in form.group(0)
    row = query(built_db, "select id, url from articles where url is not null limit 1")[0]

    async def open_it():
        return await ds.client.get(form.group(1), params={"u": row["url"]})

    response = asyncio.run(open_it())
    assert response.status_code == 302 and response.headers["location"] == row_href(
        "articles", row["id"])
