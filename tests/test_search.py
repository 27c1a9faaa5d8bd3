"""Full-text search for Chinese terms of any length (db/search.py, plugins/chinese_search.py).

Searches go through a real Datasette with our metadata.yml, plugins/ and templates/ on a real
`quotecheck build` of the bundled articles; expected rows are computed from the database itself
(a statement is expected when its text or mention, in Simplified characters, contains the term).
"""
from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import opencc
import pytest
import sqlite_utils
from datasette.utils import tilde_encode

from quotecheck.db.schema import ensure_db_shape
from quotecheck.db.search import index_tokens, match_expression, search_text
from quotecheck.ingest.textutil import to_simplified
from tests.site_client import DB, all_rows, copy_db, get, make_ds
from conftest import SEED

TERMS = ["芯片", "台独", "毛宁", "光刻机", "一个中国政策", "台", "RCEP", "rcep"]
HOSTILE = ['"unbalanced', "*", "(", "-", "OR", "a OR", "NEAR(", 'NEAR("a" "b")', "台 AND",
           "^", ":", "text:", "{text}: a", '"', '""', "   "]


# ---------------------------------------------------------------- helpers

def rows_containing(path: Path, term: str, table="statements", columns=("text", "mention")):
    """Ids of the rows whose columns contain `term`, both in Simplified characters, any case."""
    wanted = to_simplified(term).lower()
    conn = sqlite3.connect(path)
    try:
        found = set()
        for row in conn.execute(f"select id, {', '.join(columns)} from {table}"):
            if any(wanted in to_simplified(value or "").lower() for value in row[1:]):
                found.add(row[0])
        return found
    finally:
        conn.close()


def search_page_ids(ds, query, table):
    """Row ids of `table` linked from /-/search, in page order."""
    html = get(ds, "/-/search", q=query).text
    section = html.split(f'id="results-{table}"', 1)[1].split("</section>", 1)[0]
    return [m for m in re.findall(rf'href="/{DB}/{table}/([^"]+)"', section)]


@pytest.fixture(scope="module")
def ds(built_db):
    return make_ds(built_db)


# ---------------------------------------------------------------- tokens and queries

def test_index_tokens_are_bigrams_plus_run_final_character():
    assert index_tokens("光刻机") == ["光刻", "刻机", "机"]
    assert index_tokens("台獨，WTO規則") == ["台独", "独", "wto", "规则", "则"]
    assert index_tokens("Ｔａｉｗａｎ ２０２４年") == ["taiwan", "2024", "年"]
    assert search_text(None) == ""


def test_match_expression_quotes_every_token():
    assert match_expression("芯片") == '"芯片"'
    assert match_expression("光刻机") == '"光刻 刻机"'
    assert match_expression("台") == '"台"*'
    assert match_expression("台獨") == '"台独"'
    assert match_expression("Taiwan 台") == '"taiwan" "台"*'
    assert match_expression("*") == '""'


@pytest.mark.parametrize("query", HOSTILE)
def test_any_input_is_a_valid_match_expression(query):
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(a)")
    conn.execute("insert into t values ('a b or near 台 台湾 湾')")
    conn.execute("select * from t where t match ?", [match_expression(query)]).fetchall()


# ---------------------------------------------------------------- the statements page

@pytest.mark.parametrize("term", TERMS)
def test_statements_search_finds_every_statement_with_the_term(ds, built_db, term):
    expected = rows_containing(built_db, term)
    assert expected, f"no statement in the build contains {term}"
    rows, data = all_rows(ds, f"/{DB}/statements.json", _search=term)
    assert {r["id"] for r in rows} == expected
    assert data["filtered_table_rows_count"] == len(expected)
    wanted = term.lower()
    assert all(wanted in r["text"].lower() or wanted in (r["mention"] or "").lower()
               for r in rows)
    html = get(ds, f"/{DB}/statements", _search=term).text
    assert f'value="{term}"' in html and term in html


def test_known_statements_are_found(ds):
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _search="光刻机", _labels="on")
    assert "束珏婷" in {r["speaker_id"]["label"] for r in rows}
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _search="一个中国政策", _labels="on")
    assert {"毛宁", "不具名白宫官员"} <= {r["speaker_id"]["label"] for r in rows}
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _search="毛宁", _labels="on")
    assert "毛宁" in {r["speaker_id"]["label"] for r in rows}


def test_traditional_query_finds_simplified_text(ds, built_db):
    simplified, _ = all_rows(ds, f"/{DB}/statements.json", _search="台独")
    traditional, _ = all_rows(ds, f"/{DB}/statements.json", _search="台獨")
    assert simplified and {r["id"] for r in traditional} == {r["id"] for r in simplified}


def test_simplified_query_finds_traditional_text(quotecheck, tmp_path):
    """The seed article written in Traditional characters is found by Simplified terms."""
    folder = tmp_path / "articles"
    folder.mkdir()
    s2t = opencc.OpenCC("s2t")
    (folder / SEED.name).write_text(s2t.convert(SEED.read_text(encoding="utf-8")),
                                    encoding="utf-8")
    path = tmp_path / f"{DB}.db"
    quotecheck("ingest", folder, "--db", path, "--quiet")
    ds = make_ds(path)
    for term in ("台独", "一个中国政策"):
        rows, _ = all_rows(ds, f"/{DB}/statements.json", _search=term)
        assert rows, term
        # stored as written (Traditional), found through its Simplified form
        assert all(term in to_simplified(r["text"] + (r["mention"] or "")) for r in rows)
        assert any(term not in r["text"] for r in rows)
        assert {r["id"] for r in rows} == rows_containing(path, term)


def test_search_on_a_column_and_the_statement_browser(ds, built_db):
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _search_mention="毛宁")
    assert rows and all("毛宁" in r["mention"] for r in rows)
    assert {r["id"] for r in rows} == rows_containing(built_db, "毛宁", columns=("mention",))
    rows, _ = all_rows(ds, f"/{DB}/statement_browser.json", _search="芯片")
    assert {r["statement_id"] for r in rows} == rows_containing(built_db, "芯片")


def test_articles_search(ds, built_db):
    expected = rows_containing(built_db, "台", "articles", ("title", "body"))
    rows, _ = all_rows(ds, f"/{DB}/articles.json", _search="台")
    assert expected and {r["id"] for r in rows} == expected


@pytest.mark.parametrize("term", ["台独", "台", "美国"])
def test_claims_search(ds, built_db, term):
    expected = rows_containing(built_db, term, "claims", ("text",))
    rows, _ = all_rows(ds, f"/{DB}/claims.json", _search=term)
    assert expected and {r["id"] for r in rows} == expected
    total = sqlite3.connect(built_db).execute("select count(*) from claims").fetchone()[0]
    assert len(expected) < total  # the search narrows the list


@pytest.mark.parametrize("query", HOSTILE)
def test_search_syntax_in_the_box_is_no_error(ds, query):
    # get() asserts a 200: an FTS5 syntax error would be a 400 error page
    for path in (f"/{DB}/statements", f"/{DB}/statement_browser", f"/{DB}/claims",
                 f"/{DB}/articles", "/-/search"):
        get(ds, path, **({"q": query} if path == "/-/search" else {"_search": query}))
    for path in (f"/{DB}/statements.json", f"/{DB}/articles.json"):
        data = get(ds, path, _search=query).json()
        assert data.get("ok", True) and not data.get("error")
    get(ds, f"/{DB}/statements.json", _search_text=query)


# ---------------------------------------------------------------- one search over everything

@pytest.fixture(scope="module")
def with_claims(built_db, tmp_path_factory):
    """The build plus more claims: one per statement that mentions 台独 (the whole
    statement), written by plain SQL like any other tool, so the index must pick them up."""
    path = copy_db(built_db, tmp_path_factory.mktemp("claims"))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("""
            insert into claims (id, article_id, statement_id, claimant_id, voice, text,
                                start, "end", said_on, published)
            select 'claim-' || id, article_id, id, speaker_id, 'speaker', text,
                   start, "end", said_on, published
            from statements where instr(text, '台独') > 0""")
    conn.close()
    ensure_db_shape(sqlite_utils.Database(path))
    return path


def test_search_page_lists_statements_claims_and_articles(with_claims):
    ds = make_ds(with_claims)
    for table, columns in (("statements", ("text", "mention")), ("claims", ("text",)),
                           ("articles", ("title", "body"))):
        expected = rows_containing(with_claims, "台独", table, columns)
        assert expected, table
        ids = search_page_ids(ds, "台独", table)
        assert ids and {tilde_encode(i) for i in expected} >= set(ids)
        assert len(ids) == min(len(expected), 20)
        html = get(ds, "/-/search", q="台獨").text
        assert f"({len(expected)})" in html.split(f'id="results-{table}"', 1)[1][:200]
    html = get(ds, "/-/search", q="台独").text
    assert "<mark>台独</mark>" in html


def test_search_page_counts_every_group_and_shows_a_form_without_query(ds, built_db):
    html = get(ds, "/-/search", q="芯片").text
    conn = sqlite3.connect(built_db)
    for label, sql in (("Statements", "select count(*) from statements where instr(text, '芯片')"),
                       ("Claims", "select count(*) from claims where instr(text, '芯片')"),
                       ("Articles", "select count(*) from articles "
                                    "where instr(coalesce(title, '') || body, '芯片')")):
        assert f"{label} ({conn.execute(sql).fetchone()[0]})" in html
    conn.close()
    assert "Ranked among" not in html  # every match ranked: far fewer than RANK_POOL
    assert 'name="q"' in get(ds, "/-/search").text


def test_more_occurrences_rank_first(built_db, tmp_path):
    """Two statements of the same length, one with the term twice: it comes first."""
    path = copy_db(built_db, tmp_path)
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    base = conn.execute("select * from statements where instr(text, '芯片') > 0").fetchone()
    text = base["text"]
    assert text.count("芯片") == 1
    twice = text + text
    once = text + text.replace("芯片", "器件")
    with conn:
        for sid, body in (("rank-once", once), ("rank-twice", twice)):
            row = dict(base) | {"id": sid, "text": body, "nested_in": None}
            conn.execute(f"insert into statements ({', '.join(map(repr, row))}) "
                         f"values ({', '.join('?' for _ in row)})", list(row.values()))
    conn.close()
    ensure_db_shape(sqlite_utils.Database(path))
    ids = search_page_ids(make_ds(path), "芯片", "statements")
    assert ids.index("rank-twice") < ids.index("rank-once")


# ---------------------------------------------------------------- the index stays in step

def search_rows(path: Path) -> dict[int, str]:
    """The text column of every row as the index holds it (the search table is contentless:
    its tokens in order, read back with fts5vocab)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("create virtual table temp.tokens "
                     "using fts5vocab(main, statements_search, instance)")
        rows: dict[int, list[str]] = {rowid: [] for (rowid,) in conn.execute(
            "select id from statements_search_docsize")}
        for term, doc in conn.execute("select term, doc from temp.tokens "
                                      "where col = 'text' order by doc, offset"):
            rows[doc].append(term)
        return {rowid: " ".join(tokens) for rowid, tokens in rows.items()}
    finally:
        conn.close()


def derived_rows(path: Path) -> dict[int, str]:
    conn = sqlite3.connect(path)
    try:
        return {rowid: search_text(text)
                for rowid, text in conn.execute("select rowid, text from statements")}
    finally:
        conn.close()


def test_index_follows_a_reingested_article(quotecheck, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / SEED.name
    shutil.copy(SEED, article)
    path = tmp_path / f"{DB}.db"
    quotecheck("ingest", folder, "--db", path, "--quiet")
    before = all_rows(make_ds(path), f"/{DB}/statements.json", _search="光刻机")[0]
    assert before
    assert search_rows(path) == derived_rows(path)

    article.write_text(SEED.read_text(encoding="utf-8").replace("光刻机", "蚀刻机"),
                       encoding="utf-8")
    quotecheck("ingest", folder, "--db", path, "--quiet")
    ds = make_ds(path)
    assert all_rows(ds, f"/{DB}/statements.json", _search="光刻机")[0] == []
    after, _ = all_rows(ds, f"/{DB}/statements.json", _search="蚀刻机")
    assert {r["id"] for r in after} == rows_containing(path, "蚀刻机") != set()
    assert search_rows(path) == derived_rows(path)  # no stale rows, none missing
    assert sqlite_utils.Database(path)["search_changes"].count == 0
    assert "蚀刻机" in get(ds, "/-/search", q="蚀刻机").text


def test_index_follows_writes_by_other_tools(built_db, tmp_path):
    """Plain SQL writes (no Python functions) are logged and picked up by ensure_db_shape,
    including INSERT OR REPLACE, which deletes without firing delete triggers."""
    path = copy_db(built_db, tmp_path)
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    first, second = conn.execute("select * from statements where nested_in is null "
                                 "and id not in (select nested_in from statements "
                                 "where nested_in is not null) limit 2").fetchall()
    with conn:
        conn.execute("delete from statements where id = ?", [first["id"]])
        conn.execute("update statements set text = text || '量子计算' where id = ?",
                     [second["id"]])
        row = dict(second) | {"text": "美方称，台獨分子不会得逞"}
        conn.execute(f"insert or replace into statements ({', '.join(map(repr, row))}) "
                     f"values ({', '.join('?' for _ in row)})", list(row.values()))
    conn.close()
    ensure_db_shape(sqlite_utils.Database(path))
    assert search_rows(path) == derived_rows(path)
    ds = make_ds(path)
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _search="得逞 台独")
    assert second["id"] in {r["id"] for r in rows}
    assert {r["id"] for r in rows} == rows_containing(path, "得逞") & rows_containing(path, "台独")
    rows, _ = all_rows(ds, f"/{DB}/statements.json", _search="量子计算")
    assert second["id"] not in {r["id"] for r in rows}
    assert first["id"] not in {r["id"] for r in all_rows(
        ds, f"/{DB}/statements.json", _search=first["text"][:4])[0]}


def test_index_follows_several_writes_to_a_row_between_syncs(built_db, tmp_path):
    """The index holds no copy of the text: a row is taken out with the values it was
    indexed with (its first logged update or delete), however often it changed since."""
    path = copy_db(built_db, tmp_path)
    conn = sqlite3.connect(path)
    first, second = [row[0] for row in conn.execute("select id from statements limit 2")]
    with conn:
        for suffix in ("量子", "计算"):
            conn.execute("update statements set text = text || ?, mention = mention || ? "
                         "where id = ?", [suffix, suffix, first])
        conn.execute("update statements set text = '临时' where id = ?", [second])
        conn.execute("delete from claims where statement_id = ?", [second])
        conn.execute("update statements set nested_in = null where nested_in = ?", [second])
        conn.execute("delete from statements where id = ?", [second])
    conn.close()
    ensure_db_shape(sqlite_utils.Database(path))
    assert search_rows(path) == derived_rows(path)
    conn = sqlite3.connect(path)
    # raises sqlite3.DatabaseError when the index is not whole
    conn.execute("insert into statements_search (statements_search) values ('integrity-check')")
    assert conn.execute("select count(*) from statements_search "
                        "where statements_search match ?", [match_expression("临时")]).fetchone()[0] == 0
    conn.close()
    ids = {r["id"] for r in all_rows(make_ds(path), f"/{DB}/statements.json",
                                     _search="量子计算")[0]}
    assert ids == rows_containing(path, "量子计算") and first in ids


def test_an_index_of_an_earlier_version_is_brought_to_the_new_shape(built_db, tmp_path):
    """An earlier version stored the derived text in its search tables and logged rowids
    only: ensure_db_shape makes the tables contentless and derives them again, in place."""
    path = copy_db(built_db, tmp_path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("drop table statements_search")
        conn.execute("create virtual table statements_search using fts5(text, mention, "
                     "tokenize='unicode61 remove_diacritics 2', prefix='1')")
        conn.executemany("insert into statements_search (rowid, text, mention) values (?, ?, ?)",
                         [(rowid, search_text(text), search_text(mention)) for rowid, text, mention
                          in conn.execute("select rowid, text, mention from statements")])
        conn.execute("drop table search_changes")
        conn.execute("create table search_changes (source text not null, "
                      "source_rowid integer not null)")
        for event, which in (("insert", "new"), ("delete", "old")):
            conn.execute(f"drop trigger statements_search_{event}")
            conn.execute(f"create trigger statements_search_{event} after {event} on statements "
                         f"begin insert into search_changes (source, source_rowid) "
                         f"values ('statements', {which}.rowid); end")
        conn.execute("delete from statements where rowid = (select max(rowid) from statements "
                     "where id not in (select statement_id from claims where statement_id "
                     "is not null) and id not in (select nested_in from statements "
                     "where nested_in is not null))")
    conn.close()
    ensure_db_shape(sqlite_utils.Database(path))
    conn = sqlite3.connect(path)
    sql = conn.execute("select sql from sqlite_master where name = 'statements_search'").fetchone()[0]
    assert "content=''" in sql
    assert "statements_search_content" not in {row[0] for row in conn.execute(
        "select name from sqlite_master")}
    assert "indexed" in {row[1] for row in conn.execute("pragma table_info(search_changes)")}
    conn.close()
    assert search_rows(path) == derived_rows(path)
    ids = {r["id"] for r in all_rows(make_ds(path), f"/{DB}/statements.json", _search="台湾")[0]}
    assert ids == rows_containing(path, "台湾") != set()


def test_a_common_term_is_ranked_among_its_newest_matches(built_db, monkeypatch):
    """Past RANK_POOL matches (5,000), a group ranks only its newest ones (highest rowids), by bm25,
    and says so; the count stays every match."""
    from quotecheck.plugins import chinese_search
    conn = sqlite3.connect(built_db)
    match = match_expression("台")
    matches = [r for (r,) in conn.execute("select rowid from statements_search where statements_search "
                                          "match ? order by rowid desc", [match])]
    assert len(matches) > 8
    pool = matches[:5]
    ranked = [r for (r,) in conn.execute(
        f"select rowid from statements_search where statements_search match ? and rowid in "
        f"({','.join(map(str, pool))}) order by bm25(statements_search), rowid", [match])]
    expected = [tilde_encode(i) for (i,) in (conn.execute("select id from statements where rowid = ?", [r]).fetchone()
                                             for r in ranked)]
    conn.close()
    monkeypatch.setattr(chinese_search, "RANK_POOL", 5)
    ds = make_ds(built_db)
    assert search_page_ids(ds, "台", "statements") == expected
    html = get(ds, "/-/search", q="台").text
    assert f"Ranked among the 5 most recently added of the {len(matches):,} matches" in html
    assert f"Statements ({len(matches):,})" in html
