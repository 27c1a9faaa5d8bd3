"""The statements and claims pages read as lists (issue 11, item 1): cards, facets beside them,
newest first with pagination that neither repeats nor loses rows, search terms marked.

Through a real Datasette with our metadata.yml, on the small sample and on a real build.
Expected values come from the database itself.
"""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.site_client import DB, all_rows, get, make_ds, query, row_href
from tests.site_fixture import make_sample_db


@pytest.fixture(scope="module", params=["sample", "build"])
def site_db(request, tmp_path_factory):
    if request.param == "build":
        return request.getfixturevalue("built_db")
    return make_sample_db(tmp_path_factory.mktemp("lists") / f"{DB}.db")


@pytest.fixture
def ds(site_db):
    return make_ds(site_db)


def cards(html: str) -> list[str]:
    """The HTML of each card on a list page."""
    return re.findall(r'<li class="qc-card".*?</li>\s*(?=<li class="qc-card"|</ol>)', html, re.S)


def card_ids(html: str) -> list[str]:
    return re.findall(r'<li class="qc-card" data-id="([^"]+)"', html)


def text_of(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment))


def test_statement_cards_say_who_how_when_where(ds, site_db):
    html = get(ds, f"/{DB}/statements").text
    ids = card_ids(html)
    assert ids, "no cards"
    first = query(site_db, """
        select statements.text, statements.said_on, speakers.name, articles.title, articles.outlet
        from statements join speakers on speakers.id = statements.speaker_id
          join articles on articles.id = statements.article_id
        where statements.id = ?""", (ids[0],))[0]
    card = text_of(cards(html)[0])
    for value in (first["name"], first["title"], first["outlet"], first["said_on"]):
        if value:
            assert value in card, value
    assert first["text"].strip()[:20] in card
    assert "None" not in card


def test_transcript_turns_say_answer_or_question_at_press_conference(ds, site_db):
    turn = query(site_db, "select id, kind from statements where cue is null and kind in "
                          "('direct', 'question') limit 1")
    if not turn:
        pytest.skip("no transcript turn in this database")
    html = get(ds, f"/{DB}/statements", id=turn[0]["id"]).text
    expected = "question" if turn[0]["kind"] == "question" else "answer"
    assert f"{expected} at press conference" in text_of(cards(html)[0])


def test_topics_show_by_name_on_cards_and_facet(ds, site_db):
    tagged = query(site_db, "select statements.id, topics.id as topic, topics.name_en "
                            "from statements, json_each(statements.topics) "
                            "join topics on topics.id = json_each.value limit 1")
    if not tagged:
        pytest.skip("no tagged statement")
    row = tagged[0]
    html = get(ds, f"/{DB}/statements", id=row["id"]).text
    assert row["name_en"] in text_of(cards(html)[0])
    facet = get(ds, f"/{DB}/statements").text
    facet = facet[facet.index('id="facet-topics"'):]
    facet = facet[: facet.index("</ul>")]
    assert row["name_en"] in text_of(facet)
    assert f">{row['topic']}<" not in facet  # not the slug


def test_newest_first_and_paging_neither_repeats_nor_loses(ds, site_db):
    # the list page's order (the HTML page adds it when no sort is asked for)
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _size=7, _sort_desc="said_on")
    ids = [r["id"] for r in rows]
    total = query(site_db, "select count(*) from statements")[0][0]
    assert len(ids) == len(set(ids)) == total
    dates = [r["said_on"] for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated last
    claims, _ = all_rows(ds, f"/{DB}/claims.json", _size=9, _sort_desc="said_on")
    assert len({c["id"] for c in claims}) == len(claims) == \
        query(site_db, "select count(*) from claims")[0][0]


def test_html_pages_follow_next_links_without_repeats(ds, site_db):
    seen, path, params = [], f"/{DB}/statements", {"_size": 10}
    for _ in range(100):
        html = get(ds, path, **params).text
        seen.extend(card_ids(html))
        link = re.search(r'<p class="qc-next"><a href="([^"]+)"', html)
        if not link:
            break
        path, params = unescape(link.group(1)).replace("http://localhost", ""), {}
    assert len(seen) == len(set(seen)) == query(site_db, "select count(*) from statements")[0][0]
    # newest first, the undated last
    said = dict(query(site_db, "select id, said_on from statements"))
    dates = [said[pk] for pk in seen]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[: len(dated)] == dated


def test_json_and_csv_keep_primary_key_order(ds, site_db):
    # asked for directly, the data keeps Datasette's order, whose pages are index ranges
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _size=9)
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids) and len(ids) == query(site_db, "select count(*) from statements")[0][0]


def test_search_terms_are_marked_and_speaker_matches_said(ds, site_db):
    html = get(ds, f"/{DB}/statements", _search="台").text
    marks = re.findall(r"<mark>(.*?)</mark>", html)
    assert marks and all(m == "台" for m in marks)
    ids = card_ids(html)
    texts = {r["id"]: r for r in query(site_db, "select id, text, mention from statements")}
    for pk, card in zip(ids, cards(html)):
        said_on_speaker = "Matched on the speaker" in card
        assert said_on_speaker == ("台" not in texts[pk]["text"]), pk
        if said_on_speaker:
            assert texts[pk]["mention"] in text_of(card)


def test_facets_beside_the_list_and_glossary_folded(ds):
    html = get(ds, f"/{DB}/statements").text
    assert html.index('id="facet-speaker_id"') < html.index('class="qc-card"')
    glossary = html[html.index('<details class="qc-glossary">'):]
    assert 'class="column-descriptions"' in glossary[: glossary.index("</details>")]
    assert html.count('class="column-descriptions"') == 1  # only the folded one


def test_full_table_is_one_click_away(ds):
    html = get(ds, f"/{DB}/statements").text
    link = re.search(r'<a href="([^"]+)" class="qc-full-table"', html).group(1)
    table = get(ds, unescape(link)).text
    assert '<table class="rows-and-columns">' in table
    assert 'class="qc-card"' not in table


def test_claim_cards_show_claimant_and_verdict(ds, site_db):
    reviewed = query(site_db, "select claims.id, claims.verdict, claims.verdict_label, "
                              "speakers.name from claims left join speakers on "
                              "speakers.id = claims.claimant_id where verdict is not null limit 1")
    if not reviewed:
        pytest.skip("no verdict in this database")
    row = reviewed[0]
    card = text_of(cards(get(ds, f"/{DB}/claims", id=row["id"]).text)[0])
    assert (row["verdict_label"] or row["verdict"]) in card
    assert row["name"] in card
    html = get(ds, f"/{DB}/claims").text
    assert card_ids(html) and html.index('id="facet-verdict"') < html.index('class="qc-card"')


def test_cards_link_to_statement_speaker_and_article(ds, site_db):
    html = get(ds, f"/{DB}/statements").text
    pk = card_ids(html)[0]
    row = query(site_db, "select speaker_id, article_id from statements where id = ?", (pk,))[0]
    card = cards(html)[0]
    for href in (row_href("statements", pk), row_href("speakers", row["speaker_id"]),
                 row_href("articles", row["article_id"])):
        assert f'href="{href}"' in card


# ---------------------------------------------------------------- exports with labels

def test_table_csv_carries_speaker_and_article_names(ds, site_db):
    import csv
    import io

    speaker = query(site_db, "select speaker_id, speakers.name from statements join speakers "
                             "on speakers.id = speaker_id group by speaker_id "
                             "order by count(*) desc limit 1")[0]
    text = get(ds, f"/{DB}/statements.csv", speaker_id=speaker["speaker_id"]).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(r["speaker_id_label"] == speaker["name"] for r in rows)
    titles = {r["id"]: r["title"] for r in query(site_db, "select id, title from articles")}
    assert all(r["article_id_label"] == titles[r["article_id"]] for r in rows)
    # asked for without labels, it is the table as stored
    plain = get(ds, f"/{DB}/statements.csv", speaker_id=speaker["speaker_id"], _labels="off").text
    assert "speaker_id_label" not in plain.splitlines()[0]


@pytest.mark.parametrize("table, params", [
    ("statements", {}), ("statements", {"_search": "台湾", "kind": "direct"}),
    ("statements", {"topics__arraycontains": "taiwan"}), ("claims", {"band": "high"}),
    ("claims", {"_search": "台獨"}),
])
def test_labelled_export_has_the_list_pages_rows_and_labels(ds, site_db, table, params):
    import csv
    import io

    html = get(ds, f"/{DB}/{table}", **params).text
    link = re.search(r'<a href="([^"]+)" class="qc-export-csv">', html).group(1)
    text = get(ds, unescape(link)).text
    got = list(csv.DictReader(io.StringIO(text)))
    listed, _ = all_rows(ds, f"/{DB}/{table}.json", **params)
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in listed)
    json_link = re.search(r'<a href="([^"]+)" class="qc-export-json">', html).group(1)
    as_json = get(ds, unescape(json_link)).json()
    assert sorted(r["id"] for r in as_json) == sorted(r["id"] for r in got)
    who = "speaker_name" if table == "statements" else "claimant_name"
    for column in (who, "article_title", "article_url", "topic_names"):
        assert column in got[0] if got else True
    names = {r["id"]: r["name"] for r in query(site_db, "select id, name from speakers")}
    key = "speaker_id" if table == "statements" else "claimant_id"
    for row in got:
        assert row[who] == names.get(row[key], "")


def test_labelled_export_refuses_a_filter_it_cannot_apply(ds):
    import asyncio

    async def fetch():
        return await ds.client.get("/-/export/statements.csv?said_on__gte=2024-01-01")

    response = asyncio.run(fetch())
    assert response.status_code == 400 and "said_on__gte" in response.text


def test_tie_breaker_leaves_other_queries_alone(ds):
    # a query with a join (where "id" would be ambiguous) runs as written
    sql = ("select statements.id, speakers.id as speaker from statements join speakers "
           "on speakers.id = statements.speaker_id order by said_on desc limit 5")
    data = get(ds, f"/{DB}.json", sql=sql, _shape="objects").json()
    assert len(data["rows"]) == 5
    # the first page of a sorted table is ordered by the key after the sort column
    rows = get(ds, f"/{DB}/statements.json", _shape="objects", _size=20,
               _sort_desc="said_on").json()["rows"]
    pairs = [((r["said_on"] or ""), r["id"]) for r in rows]
    for (d1, i1), (d2, i2) in zip(pairs, pairs[1:]):
        assert d1 > d2 or (d1 == d2 and i1 < i2) or (d1 and not d2)


@pytest.mark.parametrize("params", [{"_sort": "said_on"}, {"kind": "direct"},
                                    {"_search": "中国"}, {"_sort_desc": "published"}])
def test_sorted_and_filtered_pages_are_whole(ds, site_db, params):
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _size=6, **params)
    ids = [r["id"] for r in rows]
    first = get(ds, f"/{DB}/statements.json", _size=1000, **params).json()
    assert len(ids) == len(set(ids)) == first["filtered_table_rows_count"]


def _stable_sort_module():
    from quotecheck.plugins import stable_sort

    return stable_sort


def test_later_pages_are_asked_for_as_index_ranges():
    module = _stable_sort_module()
    keys = {"statements": "id"}
    later = ("select id, [end] from statements where kind = :p0 and (said_on < :p2 or said_on "
             "is null or (said_on = :p2 and ((id > :p1)))) order by said_on desc, id limit 51")
    sql = module.index_friendly_next_page(later, keys)
    assert " or said_on is null" not in sql and "union all" in sql
    assert "said_on <= :p2 and (said_on < :p2 or id > :p1)" in sql
    assert "kind = :p0 and said_on is null order by id" in sql
    ascending = ("select id from statements where (said_on > :p1 or (said_on = :p1 and "
                 "((id > :p0)))) order by said_on, id limit 51")
    assert module.index_friendly_next_page(ascending, keys) == (
        "select id from statements where said_on >= :p1 and (said_on > :p1 or id > :p0) "
        "order by said_on, id limit 51")
    for other in ("select * from statements where x = 1", later.replace("statements", "other")):
        assert module.index_friendly_next_page(other, keys) == other


def test_facet_links_on_a_later_page_start_at_the_first(ds):
    html = get(ds, f"/{DB}/statements", _size=5).text
    later = unescape(re.search(r'<p class="qc-next"><a href="([^"]+)"', html).group(1))
    page = get(ds, later.replace("http://localhost", "")).text
    facet = page[page.index('id="facet-kind"'):]
    links = re.findall(r'<a href="([^"]+)"', facet[: facet.index("</ul>")])
    assert links and all("_next" not in unescape(link) for link in links)
    assert all("kind=" in unescape(link) for link in links)
