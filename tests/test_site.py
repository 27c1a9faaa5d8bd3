"""The published site: metadata.yml, plugins/ and templates/ served by a real Datasette.

Every test goes through `Datasette(...).client`, i.e. the same ASGI app `quotecheck serve`
runs. The database comes from the `site_db` fixture: by default the small sample of
tests/site_fixture.py; set QUOTECHECK_SITE_DB=/path/to/quotecheck.db to run the same tests
on a real `quotecheck build` (nothing is written to that file). Expected values are always
computed from the database itself, never from the sample's row counts.
"""
from __future__ import annotations

import csv
import io
import os
import re
from html import unescape
from pathlib import Path

import pytest
from datasette.utils import tilde_encode
from markupsafe import escape

from tests.site_client import (DB, all_rows, copy_db, get, load_metadata, make_ds, query,
                               row_href)
from tests.site_fixture import add_hostile_rows, make_sample_db

STATEMENT_FACETS = ["speaker_id", "speaker_kind", "country", "speaker_org", "kind", "cue",
                    "outlet", "article_id"]
BROWSER_FACETS = ["speaker", "speaker_kind", "country", "organisation", "kind", "cue",
                  "outlet", "article"]
CANNED = ["said_about", "anonymous_us_officials", "speaker_timeline"]
PAYLOAD = "<script>alert(1)</script>"


# ---------------------------------------------------------------- fixtures and helpers

def _as_quotecheck(path: Path, tmp: Path) -> Path:
    """Datasette names a database after its file: make sure that name is `quotecheck`."""
    if path.stem == DB:
        return path
    link = tmp / f"{DB}.db"
    link.symlink_to(path.resolve())
    return link


# The sample database and a real `quotecheck build` of the bundled articles; or only the
# database QUOTECHECK_SITE_DB names.
SITE_DBS = ["override"] if os.environ.get("QUOTECHECK_SITE_DB") else ["sample", "build"]


@pytest.fixture(scope="module", params=SITE_DBS)
def site_db(request, tmp_path_factory) -> Path:
    """Path of the database the site is tested on (its file stem is `quotecheck`)."""
    tmp = tmp_path_factory.mktemp("site")
    if request.param == "override":
        override = os.environ["QUOTECHECK_SITE_DB"]
        path = Path(override)
        assert path.exists(), f"QUOTECHECK_SITE_DB={override} does not exist"
        return _as_quotecheck(path, tmp)
    if request.param == "build":
        from click.testing import CliRunner
        from quotecheck.cli import cli

        path = tmp / f"{DB}.db"
        result = CliRunner().invoke(cli, ["build", "--db", str(path), "--quiet"])
        assert result.exit_code == 0, result.output
        return path
    return make_sample_db(tmp / f"{DB}.db")


@pytest.fixture(scope="module")
def hostile_db(site_db, tmp_path_factory):
    """A copy of site_db plus rows whose text, speaker name and title carry a <script>."""
    path = copy_db(site_db, tmp_path_factory.mktemp("hostile"))
    ids = add_hostile_rows(path, PAYLOAD)
    return path, ids


@pytest.fixture(scope="module")
def metadata():
    return load_metadata()


@pytest.fixture
def ds(site_db, metadata):
    # One instance per test: each test drives it from its own event loop (asyncio.run).
    return make_ds(site_db, metadata)


def link_re(href: str, text: str | None = None) -> re.Pattern:
    """An <a> to href (with or without lang="zh"), around `text` when given (escaped)."""
    inner = re.escape(str(escape(text))) if text is not None else ""
    return re.compile(rf'<a href="{re.escape(href)}"(?: lang="(?:zh|en)")?>{inner}')


# ---------------------------------------------------------------- index and metadata

def test_index_shows_title_description_source_and_license(ds, metadata):
    html = get(ds, "/").text
    assert "<h1>quotecheck</h1>" in html
    assert str(escape(metadata["description"])) in html
    assert "Apache-2.0" in html and "https://www.apache.org/licenses/LICENSE-2.0" in html
    assert "直新闻" in html and "Ministry of Foreign Affairs" in html


def test_metadata_declares_the_statement_browser(metadata):
    tables = metadata["databases"][DB]["tables"]
    # column facets whose whole-table counts are stored (plugins/precounted_facets.py)
    column_facets = [f["counted"] for f in tables["statements"]["facets"] if "counted" in f]
    assert column_facets == STATEMENT_FACETS
    assert {"counted_array": "topics"} in tables["statements"]["facets"]
    assert tables["statement_browser"]["facets"] == BROWSER_FACETS
    assert tables["statement_browser"]["fts_pk"] == "statement_rowid"
    assert tables["speakers"]["label_column"] == "name"
    assert tables["articles"]["label_column"] == "title"
    # every column of the statements, speakers and articles tables is described
    from quotecheck.db.schema import ARTICLE_COLUMNS, SPEAKER_COLUMNS, STATEMENT_COLUMNS
    from quotecheck.db.schema import CLAIM_COLUMNS, QUOTE_CHECK_COLUMNS
    for table, columns in (("statements", STATEMENT_COLUMNS), ("speakers", SPEAKER_COLUMNS),
                           ("articles", ARTICLE_COLUMNS), ("claims", CLAIM_COLUMNS),
                           ("quote_checks", QUOTE_CHECK_COLUMNS)):
        assert set(tables[table]["columns"]) == set(columns), table
        assert all(tables[table]["columns"].values()), table


# ---------------------------------------------------------------- statements table

def test_statements_facets_in_json_and_html(ds, site_db):
    data = get(ds, f"/{DB}/statements.json").json()
    assert set(STATEMENT_FACETS) <= set(data["facet_results"])
    # the speaker facet shows speakers' names (foreign-key labels), not ids
    top = data["facet_results"]["speaker_id"]["results"]
    assert top
    name = query(site_db, "select name from speakers where id = ?", (top[0]["value"],))[0][0]
    assert top[0]["label"] == name
    html = get(ds, f"/{DB}/statements").text
    for facet in STATEMENT_FACETS:
        assert f'id="facet-{facet}"' in html, facet
    assert str(escape(name)) in html


def test_statements_page_size(ds, site_db):
    data = get(ds, f"/{DB}/statements.json", _shape="objects").json()
    total = query(site_db, "select count(*) from statements")[0][0]
    assert len(data["rows"]) == min(total, 50)


def test_sort_by_said_on_desc(ds, site_db):
    data = get(ds, f"/{DB}/statements.json", _sort_desc="said_on", _shape="objects",
               _size="max").json()
    dates = [r["said_on"] for r in data["rows"]]
    dated = [d for d in dates if d is not None]
    assert dated, "no dated statements"
    assert dated == sorted(dated, reverse=True)
    # nulls come after every date
    assert dates[: len(dated)] == dated
    newest = query(site_db, "select max(said_on) from statements")[0][0]
    assert dated[0] == newest
    # and ascending too
    data = get(ds, f"/{DB}/statements.json", _sort="said_on", _shape="objects").json()
    asc = [r["said_on"] for r in data["rows"] if r["said_on"] is not None]
    assert asc == sorted(asc)


@pytest.mark.parametrize("term", ["光刻机", "一个中国政策"])
def test_search_finds_chinese_terms(ds, site_db, term):
    expected = {r[0] for r in query(
        site_db,
        "select id from statements where instr(text, ?) > 0 or instr(mention, ?) > 0",
        (term, term))}
    assert expected, f"no statement in the database contains {term}"
    rows, data = all_rows(ds, f"/{DB}/statements.json", _search=term)
    assert data["filtered_table_rows_count"] == len(expected)
    assert {r["id"] for r in rows} == expected
    assert all(term in r["text"] or term in (r["mention"] or "") for r in rows)
    # the HTML page has the search box filled in and shows a matching text
    html = get(ds, f"/{DB}/statements", _search=term).text
    assert 'name="_search"' in html and f'value="{term}"' in html
    assert term in html


def test_search_sample_specifics(ds, site_db):
    """The statements the seed article attributes are among those found."""
    if os.environ.get("QUOTECHECK_SITE_DB"):
        pytest.skip("seed-article expectations")
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _search="光刻机", _labels="on")
    assert "束珏婷" in {r["speaker_id"]["label"] for r in rows}
    assert all("光刻机" in r["text"] or "光刻机" in (r["mention"] or "") for r in rows)
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _search="一个中国政策", _labels="on")
    speakers = {r["speaker_id"]["label"] for r in rows}
    assert {"毛宁", "不具名白宫官员"} <= speakers


def test_short_search_term_does_not_error(ds, site_db):
    # trigram FTS cannot match fewer than three characters: no error, just no FTS hits
    for path in (f"/{DB}/statements", f"/{DB}/statements.json", f"/{DB}/statement_browser"):
        get(ds, path, _search="台湾")
    get(ds, f"/{DB}/statements.json", _search="台")
    # the documented way to find a two-character term
    expected = query(site_db, "select count(*) from statements where text like '%台湾%'")[0][0]
    data = get(ds, f"/{DB}/statements.json", text__contains="台湾").json()
    assert data["filtered_table_rows_count"] == expected


def _busiest_speaker(site_db, at_most=None):
    sql = ("select speaker_id, count(*) as n from statements group by speaker_id "
           + ("having n <= ? " if at_most else "") + "order by n desc, speaker_id limit 1")
    row = query(site_db, sql, (at_most,) if at_most else ())[0]
    return row["speaker_id"], row["n"]


def test_csv_export_of_filtered_list(ds, site_db):
    speaker_id, count = _busiest_speaker(site_db)
    response = get(ds, f"/{DB}/statements.csv", speaker_id=speaker_id)
    assert response.headers["content-type"].startswith("text/plain") or \
        response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    header, body = rows[0], rows[1:]
    assert {"id", "speaker_id", "text", "said_on"} <= set(header)
    assert 0 < len(body) <= count
    col = header.index("speaker_id")
    assert all(r[col] == speaker_id for r in body)
    # streamed: every row of the filter
    response = get(ds, f"/{DB}/statements.csv", speaker_id=speaker_id, _stream="on")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == count
    assert {r["speaker_id"] for r in rows} == {speaker_id}


@pytest.mark.parametrize("table, key", [("statements", "id"),
                                        ("statement_browser", "statement_id")])
def test_csv_stream_returns_every_row(ds, site_db, table, key):
    # every row exactly once: no row skipped or repeated across the pages Datasette
    # stitches together (see the note on sort_desc in metadata.yml)
    response = get(ds, f"/{DB}/{table}.csv", _stream="on")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    ids = {r[0] for r in query(site_db, "select id from statements")}
    assert len(rows) == len(ids)
    assert {r[key] for r in rows} == ids


def test_statements_table_links_speaker_and_article_labels(ds, site_db):
    row = query(site_db, """
        select statements.id, statements.speaker_id, speakers.name, statements.article_id,
               articles.title
        from statements join speakers on speakers.id = statements.speaker_id
          join articles on articles.id = statements.article_id
        order by statements.said_on desc limit 1""")[0]
    # the full table (?_view=table; the default page is cards, tests/test_site_lists.py)
    html = get(ds, f"/{DB}/statements", speaker_id=row["speaker_id"], id=row["id"],
               _view="table").text
    assert link_re(row_href("speakers", row["speaker_id"]), row["name"]).search(html)
    assert link_re(row_href("articles", row["article_id"]), row["title"]).search(html)


# ---------------------------------------------------------------- row pages

def _td(html, column):
    start = html.index(f'<td class="col-{column} ')
    return html[start: html.index("</td>", start)]


def test_statement_row_page_links_speaker_and_article(ds, site_db):
    row = query(site_db, """
        select statements.id, statements.text, statements.cue, statements.speaker_id,
               speakers.name, statements.article_id, articles.title
        from statements join speakers on speakers.id = statements.speaker_id
          join articles on articles.id = statements.article_id
        order by statements.via_id is null, statements.id limit 1""")[0]
    html = get(ds, row_href("statements", row["id"])).text
    # in the standard row table, the foreign-key cells are labelled links
    assert link_re(row_href("speakers", row["speaker_id"]), row["name"]).search(
        _td(html, "speaker_id"))
    assert link_re(row_href("articles", row["article_id"]), row["title"]).search(
        _td(html, "article_id"))
    # and the readable block above it shows speaker, cue and text
    block = html[html.index('class="qc-statement-detail"'):html.index("</figure>")]
    assert f'href="{row_href("speakers", row["speaker_id"])}"' in block
    assert str(escape(row["name"])) in block
    assert str(escape(row["cue"])) in block
    assert str(escape(row["text"])) in block
    assert f'href="{row_href("articles", row["article_id"])}"' in block


def test_statement_row_page_links_relay_and_container(ds, site_db):
    via = query(site_db, "select s.id, s.via_id, sp.name from statements s "
                         "join speakers sp on sp.id = s.via_id limit 1")
    nested = query(site_db, "select id, nested_in from statements "
                            "where nested_in is not null limit 1")
    if not via and not nested:
        pytest.skip("no relayed or nested statements in this database")
    if via:
        html = get(ds, row_href("statements", via[0]["id"])).text
        assert link_re(row_href("speakers", via[0]["via_id"]), via[0]["name"]).search(
            _td(html, "via_id"))
    if nested:
        html = get(ds, row_href("statements", nested[0]["id"])).text
        assert link_re(row_href("statements", nested[0]["nested_in"])).search(
            _td(html, "nested_in"))


def test_speaker_row_page_lists_their_statements(ds, site_db):
    speaker_id, count = _busiest_speaker(site_db, at_most=100)
    name = query(site_db, "select name from speakers where id = ?", (speaker_id,))[0][0]
    statements = query(site_db, "select id, text from statements where speaker_id = ?",
                       (speaker_id,))
    html = get(ds, row_href("speakers", speaker_id)).text
    section = html[html.index('class="qc-speaker-statements"'):]
    assert f"Latest statements ({count:,})" in section
    for s in statements:
        assert str(escape(s["text"])) in section
        assert f'href="{row_href("statements", s["id"])}"' in section
    assert str(escape(name)) in html
    # the link to the full list goes to that speaker's rows
    assert f'href="/{DB}/statements?speaker_id={tilde_encode(speaker_id)}' in section
    # listed by the date said, newest first, undated last
    date_of = {r["id"]: r["d"] for r in query(site_db, """
        select id, said_on as d from statements where speaker_id = ?""", (speaker_id,))}
    shown = sorted(date_of, key=lambda i: section.index(f'href="{row_href("statements", i)}"'))
    shown_dates = [date_of[i] or "" for i in shown]
    assert shown_dates == sorted(shown_dates, reverse=True)


def test_speaker_without_statements_page_renders(ds, site_db):
    rows = query(site_db, "select id from speakers where id not in "
                          "(select speaker_id from statements) limit 1")
    if not rows:
        pytest.skip("every speaker has statements")
    html = get(ds, row_href("speakers", rows[0]["id"])).text
    assert "Latest statements (0)" in html


def test_article_list_hides_body_but_row_page_shows_it(ds, site_db):
    art = query(site_db, "select id, title, body from articles order by length(body) limit 1")[0]
    html = get(ds, f"/{DB}/articles", id=art["id"]).text
    assert str(escape(art["title"])) in html
    assert str(escape(art["body"][:40])) not in html
    html = get(ds, row_href("articles", art["id"])).text
    # the body once, in its highlighted copy (pieces around each statement's <mark>)
    start = html.index('<div class="qc-article-body"')
    shown = re.sub(r"<[^>]+>", "", html[start: html.index("</section>", start)])
    assert art["body"][:40] in unescape(shown)
    assert html.count(str(escape(art["body"][-20:]))) <= 1


# ---------------------------------------------------------------- the browsing view

def test_statement_browser_view_facets_sort_and_search(ds, site_db):
    data = get(ds, f"/{DB}/statement_browser.json", _shape="objects").json()
    assert set(BROWSER_FACETS) <= set(data["facet_results"])
    assert "sorted by said_on descending" in data["human_description_en"]
    dated = [r["said_on"] for r in data["rows"] if r["said_on"]]
    assert dated == sorted(dated, reverse=True)
    html = get(ds, f"/{DB}/statement_browser").text
    for facet in BROWSER_FACETS:
        assert f'id="facet-{facet}"' in html, facet
    expected = query(site_db, "select count(*) from statements where instr(text, '光刻机') > 0 "
                              "or instr(mention, '光刻机') > 0")[0][0]
    rows, data = all_rows(ds, f"/{DB}/statement_browser.json", _search="光刻机")
    assert len(rows) == expected and all("光刻机" in r["text"] or "光刻机" in (r["mention"] or "")
                                         for r in rows)
    # statement, speaker and article cells link to their rows
    one = rows[0]
    html = get(ds, f"/{DB}/statement_browser", _search="光刻机").text
    assert link_re(row_href("statements", one["statement_id"])).search(html)
    assert link_re(row_href("speakers", one["speaker_id"]), one["speaker"]).search(html)


# ---------------------------------------------------------------- canned queries

def test_canned_queries_are_listed(ds):
    html = get(ds, f"/{DB}").text
    for name in CANNED:
        assert f'href="/{DB}/{name}"' in html


def _said_about_example(site_db):
    rows = query(site_db, "select id, name, name_en from speakers where name = '毛宁'")
    if rows:
        return rows[0], "台湾"
    row = query(site_db, """select speakers.id, speakers.name, speakers.name_en from statements
                            join speakers on speakers.id = statements.speaker_id
                            where text like '%台湾%' group by speakers.id
                            order by count(*) desc limit 1""")
    assert row, "no statement mentions 台湾"
    return row[0], "台湾"


def test_said_about(ds, site_db):
    speaker, term = _said_about_example(site_db)
    expected = {r[0] for r in query(
        site_db, "select id from statements where speaker_id = ? and instr(text, ?) > 0",
        (speaker["id"], term))}
    assert expected
    data = get(ds, f"/{DB}/said_about.json", speaker=speaker["name"], term=term,
               _shape="objects", _size="max").json()
    assert {r["statement_id"] for r in data["rows"]} == expected
    assert all(term in r["text"] and r["speaker"] == speaker["name"] for r in data["rows"])
    if speaker["name_en"]:  # by English name, any case
        data = get(ds, f"/{DB}/said_about.json", speaker=speaker["name_en"].lower(),
                   term=term, _shape="objects").json()
        assert {r["statement_id"] for r in data["rows"]} == expected
    html = get(ds, f"/{DB}/said_about", speaker=speaker["name"], term=term).text
    assert "Everything a speaker said about a term" in html
    # without parameters the form renders
    assert 'name="speaker"' in get(ds, f"/{DB}/said_about").text


def test_anonymous_us_officials(ds, site_db):
    expected = {r[0] for r in query(site_db, """
        select statements.id from statements join speakers on speakers.id = statements.speaker_id
        where speakers.kind = 'anonymous' and speakers.country = 'US'""")}
    assert expected, "no anonymous US speaker in the database"
    data = get(ds, f"/{DB}/anonymous_us_officials.json", _shape="objects").json()
    assert {r["statement_id"] for r in data["rows"]} == expected
    get(ds, f"/{DB}/anonymous_us_officials")


def test_speaker_timeline(ds, site_db):
    data = get(ds, f"/{DB}/speaker_timeline.json", _shape="objects", _size="max").json()
    assert data["rows"]
    total = query(site_db, "select count(*) from statements")[0][0]
    if not data.get("truncated"):
        assert sum(r["statements"] for r in data["rows"]) == total
    assert all(r["month"] is None or len(r["month"]) in (4, 7) for r in data["rows"])
    speaker_id, count = _busiest_speaker(site_db)
    name = query(site_db, "select name from speakers where id = ?", (speaker_id,))[0][0]
    data = get(ds, f"/{DB}/speaker_timeline.json", speaker=name, _shape="objects").json()
    assert {r["speaker"] for r in data["rows"]} == {name}
    assert sum(r["statements"] for r in data["rows"]) >= count
    get(ds, f"/{DB}/speaker_timeline")


# ---------------------------------------------------------------- escaping

def test_hostile_text_is_escaped(hostile_db, metadata):
    path, ids = hostile_db
    ds = make_ds(path, metadata)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    pages = [
        row_href("statements", ids["statement_id"]),
        row_href("speakers", ids["speaker_id"]),
        row_href("articles", ids["article_id"]),
        f"/{DB}/statements?speaker_id={ids['speaker_id']}",
        f"/{DB}/statement_browser?speaker_id={ids['speaker_id']}",
    ]
    for page in pages:
        html = get(ds, page).text
        assert PAYLOAD not in html, page
        assert escaped in html, page
    # the readable blocks themselves carry the escaped text
    html = get(ds, row_href("statements", ids["statement_id"])).text
    assert escaped in html[html.index('class="qc-statement-detail"'):html.index("</figure>")]
    html = get(ds, row_href("speakers", ids["speaker_id"])).text
    assert escaped in html[html.index('class="qc-speaker-statements"'):]
