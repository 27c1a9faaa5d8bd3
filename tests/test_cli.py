"""The quotecheck command line, run through click's CliRunner on real SQLite files."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from quotecheck.ingest.readers import read_articles
from quotecheck.site_folder import SPEAKERS, Site
from conftest import SEED

ROOT = Path(__file__).resolve().parents[1]
SEED_REL = "articles/000_38f35daf7d300dd1.md"

FACETS = ["speaker_id", "article_id", "kind", "cue", "said_on", "speaker_kind", "country",
          "speaker_org", "outlet"]

# A short article (no front matter) with two attributed statements by a registered speaker.
GBK_ARTICLE = ("商务部发言人束珏婷在例行发布会上表示，中方坚决反对美方将经贸问题政治化、泛安全化的做法。"
               "她强调，中国将采取必要措施维护自身正当权益。\n")
PLAIN_ARTICLE = ("外交部发言人毛宁在例行记者会上表示，中方始终坚持独立自主的和平外交政策。"
                 "她强调，中方愿同各方一道维护地区和平稳定。\n")


def connect(path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def rows(path, sql, params=()) -> list[sqlite3.Row]:
    conn = connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dump(path) -> dict[str, list[tuple]]:
    """Every row of every real table (FTS shadow tables included), in a fixed order; rowids
    too where the table has them, so a delete-and-reinsert shows up as a change."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' "
            "and sql not like 'CREATE VIRTUAL TABLE%' order by name")]
        out = {}
        for name in tables:
            try:
                cur = conn.execute(f'select rowid, * from [{name}] order by rowid')
            except sqlite3.OperationalError:  # WITHOUT ROWID
                cur = conn.execute(f'select * from [{name}]')
                out[name] = sorted(cur.fetchall(), key=repr)
                continue
            out[name] = cur.fetchall()
        out["sqlite_master"] = conn.execute(
            "select type, name, tbl_name, sql from sqlite_master order by type, name").fetchall()
        return out
    finally:
        conn.close()


def copy_db(src, dst) -> Path:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return Path(dst)


def seed_id(db) -> str:
    (row,) = rows(db, "select id from articles where source like ?", (f"%{SEED.name}",))
    return row["id"]


# ------------------------------------------------------------------------- build

def test_build_creates_the_database(built_db):
    assert built_db.exists()
    counts = {t: rows(built_db, f"select count(*) from {t}")[0][0]
              for t in ("articles", "speakers", "statements")}
    bundled = 1 + len(list((ROOT / "articles" / "mfa").glob("*.html")))
    assert counts["articles"] == bundled
    assert counts["statements"] > 0 and counts["speakers"] > 0


def test_seed_speakers_are_one_row_each(built_db):
    aid = seed_id(built_db)
    mao = rows(built_db, """select distinct speakers.id, speakers.name_en, speakers.country
                            from statements join speakers on speakers.id = statements.speaker_id
                            where statements.article_id = ? and speakers.name = '毛宁'""", (aid,))
    assert [tuple(r) for r in mao] == [(mao[0]["id"], "Mao Ning", "CN")]
    # one 毛宁 row in the whole table, and the transcripts' 毛宁 is the same row
    assert len(rows(built_db, "select id from speakers where name = '毛宁'")) == 1
    assert len(rows(built_db, """select distinct speaker_id from statements
                                 join speakers on speakers.id = speaker_id
                                 where speakers.name = '毛宁'""")) == 1

    wang = rows(built_db, """select speaker_id, mention from statements
                             where article_id = ? and speaker_id in
                               (select id from speakers where name = '王鹏')""", (aid,))
    assert len(wang) == 4
    assert len({r["speaker_id"] for r in wang}) == 1
    # the four mentions differ (full title, bare name, pronoun) yet name one speaker
    assert len({r["mention"] for r in wang}) > 1


@pytest.mark.parametrize("table, columns", [
    ("speakers", {"id", "name", "name_en", "kind", "country"}),
    ("statements", {"id", "article_id", "speaker_id", "mention", "cue", "text", "kind",
                    "start", "end", "said_on"}),
])
def test_table_columns(built_db, table, columns):
    present = {r["name"] for r in rows(built_db, f"pragma table_info({table})")}
    assert columns <= present, columns - present


def test_statement_offsets_point_into_the_body(built_db):
    total = rows(built_db, "select count(*) from statements")[0][0]
    # substr is 1-based and counts characters; Python slices are 0-based: start + 1.
    bad = rows(built_db, """select statements.id, statements.start, statements."end"
                            from statements join articles on articles.id = statements.article_id
                            where substr(articles.body, statements.start + 1,
                                         statements."end" - statements.start) != statements.text
                               or statements.start < 0 or statements."end" > articles.chars""")
    assert total > 0
    assert [tuple(r) for r in bad] == []


def test_statement_offsets_in_python_too(built_db):
    bodies = {r["id"]: r["body"] for r in rows(built_db, "select id, body from articles")}
    for r in rows(built_db, 'select article_id, start, "end", text from statements'):
        assert bodies[r["article_id"]][r["start"]:r["end"]] == r["text"]


def test_foreign_keys(built_db):
    fks = {(r["from"], r["table"], r["to"])
           for r in rows(built_db, "pragma foreign_key_list(statements)")}
    assert {("article_id", "articles", "id"), ("speaker_id", "speakers", "id")} <= fks
    # and the rows honour them
    assert rows(built_db, "pragma foreign_key_check") == []


@pytest.mark.parametrize("column", FACETS)
def test_facet_column_is_indexed(built_db, column):
    leading = set()
    for index in rows(built_db, "pragma index_list(statements)"):
        info = rows(built_db, f"pragma index_info([{index['name']}])")
        leading.add(min(info, key=lambda r: r["seqno"])["name"])
    assert column in leading


def test_full_text_search_finds_statement(built_db):
    found = rows(built_db, """
        select speakers.name, statements.text from statements_search
          join statements on statements.rowid = statements_search.rowid
          join speakers on speakers.id = statements.speaker_id
        where statements_search match '"光刻 刻机"'""")
    assert found
    assert "束珏婷" in {r["name"] for r in found}
    assert all("光刻机" in r["text"] for r in found)


def test_statement_browser_view(built_db):
    assert rows(built_db, "select name from sqlite_master where type = 'view' "
                          "and name = 'statement_browser'")
    count = rows(built_db, "select count(*) from statement_browser")[0][0]
    assert count == rows(built_db, "select count(*) from statements")[0][0]


def test_second_build_changes_nothing(built_db, tmp_path, quotecheck):
    db = copy_db(built_db, tmp_path / "quotecheck.db")
    before = dump(db)
    result = quotecheck("build", "--db", db)
    assert dump(db) == before
    articles = len(before["articles"])
    assert f"{articles} articles (0 added, 0 replaced, {articles} unchanged)" in result.stderr
    assert "0 failed" in result.stderr


# ------------------------------------------------------------------------- extract

JSON_KEYS = {"source", "speaker", "mention", "cue", "text", "kind", "start", "end", "said_on"}


def extract_json(quotecheck, *args) -> list[dict]:
    result = quotecheck("extract", *args, "--json")
    lines = result.stdout.splitlines()
    assert lines
    return [json.loads(line) for line in lines]  # every line is one JSON object


def test_extract_json_lines(quotecheck, monkeypatch):
    monkeypatch.chdir(ROOT)
    records = extract_json(quotecheck, SEED_REL)
    for r in records:
        assert JSON_KEYS <= set(r), JSON_KEYS - set(r)
        assert r["source"] == SEED_REL  # as given, not made absolute
    (article,) = read_articles(SEED_REL)
    assert all(article.body[r["start"]:r["end"]] == r["text"] for r in records)
    assert {"毛宁", "王鹏", "束珏婷"} <= {r["speaker"] for r in records}


def _mao_ning(records):
    (mao,) = [r for r in records if r["speaker"] == "毛宁"]
    return mao


@pytest.mark.parametrize("front_matter, published, said_on", [
    (True, None, "2024-01-12"),            # the date comes from the front matter
    (False, "2024-01-12", "2024-01-12"),   # or from --published
    (False, None, None),                   # "12日" without a known month: no guess
])
def test_extract_said_on(quotecheck, tmp_path, front_matter, published, said_on):
    text = SEED.read_text(encoding="utf-8")
    if not front_matter:
        text = text.split("\n---\n", 1)[1]
    path = tmp_path / "seed.md"
    path.write_text(text, encoding="utf-8")
    args = [path] + (["--published", published] if published else [])
    assert _mao_ning(extract_json(quotecheck, *args))["said_on"] == said_on


# ------------------------------------------------------------------------- ingest

@pytest.fixture
def mixed_dir(tmp_path) -> tuple[Path, dict[str, Path], dict[str, Path]]:
    """A folder of good and broken inputs: (folder, good files, failing files)."""
    folder = tmp_path / "in"
    folder.mkdir()
    good = {"markdown": folder / "good.md", "gbk": folder / "gbk.txt"}
    shutil.copy(SEED, good["markdown"])
    good["gbk"].write_text(GBK_ARTICLE, encoding="gbk")
    bad = {
        "empty": folder / "empty.txt",
        "binary": folder / "blob.bin",
        "yaml": folder / "broken.md",
        "json": folder / "bad.json",
    }
    bad["empty"].write_bytes(b"")
    bad["binary"].write_bytes(bytes(range(256)) * 4)
    bad["yaml"].write_text("---\ntitle: [unclosed\npublished: 2024-01-12\n---\n" + PLAIN_ARTICLE,
                           encoding="utf-8")
    bad["json"].write_text('{"title": "标题", "content": "毛宁表示，', encoding="utf-8")
    return folder, good, bad


def test_ingest_reports_failures_and_keeps_good_rows(quotecheck, mixed_dir, db_path, tmp_path):
    folder, good, bad = mixed_dir
    missing = tmp_path / "no-such-file.md"
    result = quotecheck("ingest", folder, missing, "--db", db_path, ok=False)
    assert result.exit_code != 0

    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    failing = [*bad.values(), missing]
    assert len(errors) == len(failing)
    for path in failing:
        (line,) = [e for e in errors if f" {path}: " in e]
        reason = line.split(f" {path}: ", 1)[1]
        assert reason.strip(), line

    sources = {r["source"]: r["id"] for r in rows(db_path, "select source, id from articles")}
    assert set(sources) == {str(p) for p in good.values()}
    assert rows(db_path, "select count(*) from statements where article_id not in "
                         "(select id from articles)")[0][0] == 0
    # GBK was decoded, not mangled, and its statements were found
    gbk = rows(db_path, "select body from articles where id = ?", (sources[str(good["gbk"])],))
    assert gbk[0]["body"] == GBK_ARTICLE.strip()
    said = rows(db_path, """select speakers.name, statements.text from statements
                            join speakers on speakers.id = statements.speaker_id
                            where article_id = ?""", (sources[str(good["gbk"])],))
    assert "束珏婷" in {r["name"] for r in said}
    assert any("经贸问题政治化" in r["text"] for r in said)


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty"),
    ("blob.bin", bytes(range(256)) * 4, "binary"),
    ("broken.md", "---\ntitle: [unclosed\n---\n正文。\n".encode(), "front matter"),
    ("bad.json", b'{"title": "x", ', "JSON"),
])
def test_ingest_reason_names_the_problem(quotecheck, tmp_path, db_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    result = quotecheck("ingest", path, "--db", db_path, "--quiet", ok=False)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()  # one line; --quiet: no summary
    assert line.startswith(f"error: {path}: ")
    assert reason.lower() in line.lower()
    assert rows(db_path, "select count(*) from articles")[0][0] == 0
    assert rows(db_path, "select count(*) from statements")[0][0] == 0


def test_ingest_missing_path(quotecheck, tmp_path, db_path):
    missing = tmp_path / "nowhere" / "a.md"
    result = quotecheck("ingest", missing, "--db", db_path, ok=False)
    assert result.exit_code == 1
    assert f"error: {missing}: no such file" in result.stderr


@pytest.mark.parametrize("published", ["2024-03-05", None])
def test_published_option(quotecheck, tmp_path, db_path, published):
    path = tmp_path / "plain.txt"
    path.write_text(PLAIN_ARTICLE, encoding="utf-8")
    args = ["ingest", path, "--db", db_path, "--quiet"]
    quotecheck(*args, *(["--published", published] if published else []))
    (row,) = rows(db_path, "select id, published from articles")
    assert row["published"] == published  # None when not given: never today's date
    assert row["published"] != dt.date.today().isoformat()
    # the statements' denormalised copy follows the article
    assert {r[0] for r in rows(db_path, "select published from statements where article_id = ?",
                                (row["id"],))} <= {published}


def test_published_does_not_override_front_matter(quotecheck, tmp_path, db_path):
    path = tmp_path / "seed.md"
    shutil.copy(SEED, path)
    quotecheck("ingest", path, "--db", db_path, "--quiet", "--published", "2020-02-02")
    assert rows(db_path, "select published from articles")[0][0] == "2024-01-12"


def test_quiet_ingest_prints_nothing(quotecheck, tmp_path, db_path):
    path = tmp_path / "plain.txt"
    path.write_text(PLAIN_ARTICLE, encoding="utf-8")
    loud = quotecheck("ingest", path, "--db", tmp_path / "loud.db")
    assert "1 files, 1 articles (1 added" in loud.stderr
    quiet = quotecheck("ingest", path, "--db", db_path, "--quiet")
    assert quiet.output == ""


# ------------------------------------------------------------------------- serve

def test_serve_missing_db_is_a_clear_error(quotecheck, tmp_path):
    missing = tmp_path / "nope.db"
    result = quotecheck("serve", "--db", missing, ok=False)
    assert result.exit_code != 0
    assert str(missing) in result.stderr
    assert "does not exist" in result.stderr and "quotecheck build" in result.stderr
    assert "Traceback" not in result.output
    assert not missing.exists()


# ------------------------------------------------------------------------- ../shared

EXPECTED_READ_ERRORS = ("list page", "only page navigation")


def test_ingest_shared_corpus_sample(shared, quotecheck, db_path):
    """A slice of each real corpus: loads, offsets hold, only expected files are refused."""
    corpora = [shared / "corpus" / "mfa-press-zh" / "raw", shared / "corpus" / "xinwenlianbo-zh" / "news"]
    if not all(c.is_dir() for c in corpora):
        pytest.skip("shared corpora not present")
    files = [p for c in corpora for p in sorted(c.iterdir(), key=lambda p: p.name)[:8]]
    result = quotecheck("ingest", *files, "--db", db_path, ok=False)
    failed = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert all(any(e in line for e in EXPECTED_READ_ERRORS) for line in failed), failed
    assert result.exit_code == (1 if failed else 0)
    loaded = rows(db_path, "select count(*) from articles")[0][0]
    assert loaded == len(files) - len(failed) > 0
    assert rows(db_path, """select count(*) from statements join articles
                            on articles.id = statements.article_id
                            where substr(articles.body, statements.start + 1,
                                         statements."end" - statements.start)
                                  != statements.text""")[0][0] == 0
    assert rows(db_path, "select count(*) from statements")[0][0] > 0


def test_every_source_of_the_bundled_articles_is_in_the_registry(built_db):
    """The registry is seeded with every source the bundled sample quotes."""
    import sqlite3
    conn = sqlite3.connect(built_db)
    unregistered = conn.execute(
        "select distinct speakers.name from statements join speakers on speakers.id = statements.speaker_id "
        "where speakers.in_registry = 0").fetchall()
    conn.close()
    assert unregistered == []


def test_a_registry_change_re_extracts_what_it_touches(quotecheck, db_path, tmp_path):
    """Articles are skipped only while their text, the rules and the registry are unchanged."""
    import yaml

    quotecheck("build", "--db", str(db_path))
    entries = yaml.safe_load(Site().file(SPEAKERS).read_text(encoding="utf-8"))
    for entry in entries:
        if entry["name"] == "王鹏":
            entry["name_en"] = "Peng Wang"
    edited = tmp_path / "speakers.yml"
    edited.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    result = quotecheck("build", "--db", str(db_path), "--registry", str(edited))
    assert "4 replaced" in result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("select name_en from speakers where name = '王鹏'").fetchone() == ("Peng Wang",)
    again = quotecheck("build", "--db", str(db_path), "--registry", str(edited))
    assert "4 unchanged" in again.output


def test_serve_runs_datasette_with_its_settings_and_nothing_else(tmp_path):
    """The site comes from the installed plugin, as for a plain `datasette DB`: serve adds
    no metadata, plugins, templates or static folder of its own."""
    from quotecheck.db.serving import serve_command

    args = serve_command(tmp_path / "x.db", port=8123)
    pairs = dict(zip(args, args[1:]))
    assert args[1:4] == ["-m", "datasette", "serve"]
    assert pairs["--port"] == "8123"
    assert not {"--metadata", "--plugins-dir", "--template-dir", "--static"} & set(args)
    settings = {args[i + 1]: args[i + 2] for i, a in enumerate(args) if a == "--setting"}
    assert settings["suggest_facets"] == "off" and int(settings["max_returned_rows"]) >= 5000


def test_a_broken_topic_taxonomy_is_a_clear_error(quotecheck, db_path, tmp_path):
    topics = tmp_path / "topics.yml"
    topics.write_text("- id: taiwan\n  name_zh: 台湾\n  name_en: Taiwan\n  patterns: ['台(']\n",
                      encoding="utf-8")
    result = quotecheck("build", "--db", db_path, "--topics", topics, "--quiet", ok=False)
    assert result.exit_code == 1
    assert str(topics) in result.output and "Traceback" not in result.output
    assert not db_path.exists()  # stopped before anything was written


def test_another_topic_taxonomy_tags_the_build(quotecheck, db_path, tmp_path):
    topics = tmp_path / "topics.yml"
    topics.write_text("- id: chips\n  name_zh: 芯片\n  name_en: Chips\n  keywords: [光刻机, 芯片]\n",
                      encoding="utf-8")
    quotecheck("build", "--db", db_path, "--topics", topics, "--quiet")
    db = sqlite_utils.Database(db_path)
    tagged = {r["topics"] for r in db.query("select topics from statements where instr(text, '光刻机')")}
    assert tagged == {'["chips"]'}
    assert [r["id"] for r in db.query("select id from topics")] == ["chips"]


# ---------------------------------------------------------------- quotecheck search

def test_search_command_finds_what_the_site_finds(quotecheck, built_db):
    import json as json_module

    from tests.site_client import get, make_ds

    result = quotecheck("search", "台獨", "--db", built_db, "--json", "--limit", "0")
    found = [json_module.loads(line) for line in result.stdout.splitlines()]
    site = get(make_ds(built_db), "/-/search", q="台獨").text
    for table in ("statements", "claims", "articles"):
        ids = [r["id"] for r in found if r["table"] == table]
        heading = f'<section class="qc-search-group" id="results-{table}">'
        section = site[site.index(heading):]
        count = int(section[section.index("(") + 1: section.index(")")].replace(",", ""))
        assert len(ids) == count, table
    statements = [r for r in found if r["table"] == "statements"]
    assert statements and all("台独" in r["text"] or "台" in r["who"] for r in statements)


def test_search_command_prints_readable_lines(quotecheck, built_db):
    result = quotecheck("search", "光刻机", "--db", built_db, "--table", "statements")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("statements: ") and "match" in lines[0]
    assert any("束珏婷" in line and "光刻机" in line for line in lines[1:])


def test_search_command_without_a_database_says_so(quotecheck, tmp_path):
    result = quotecheck("search", "台湾", "--db", tmp_path / "missing.db", ok=False)
    assert result.exit_code != 0
    assert "does not exist" in result.output and "Traceback" not in result.output
