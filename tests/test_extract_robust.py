"""Extraction on any input: no crash, exact offsets, one statement per span, time that grows
with the input, and the same statements for an article whatever was read before it."""
from __future__ import annotations

import json
import os
import time

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotecheck.ingest.claims import split_claims
from quotecheck.ingest import speakers
from quotecheck.ingest.extract import extract
from quotecheck.ingest.model import Article
from quotecheck.ingest.pipeline import load_registry
from quotecheck.ingest.readers import read_articles
from quotecheck.site_folder import SPEAKERS, Site

from tests.conftest import SHARED, invoke

# Pieces that news is made of, and that the rules react to: names, titles, cues in both
# scripts, quote marks of every kind, punctuation, pronouns, dates, Latin names.
PIECES = ["毛宁", "外交部发言人", "他", "她", "表示", "说", "說", "称", "指", "指出", "强调", "透露",
          "據", "据路透社报道", "“", "”", "「", "」", "『", "』", "《华尔街日报》", "（", "）", "，",
          "。", "：", "？", "\n", "12日", "星期二", "对记者", "约翰·F·史密斯", "Reuters", "一名不愿具名的美国官员",
          "中方坚决反对", "美国", "台湾", "的", "了", " ", "批", "形容", "又说", "林郑月娥", "陈建松"]


def article(body: str) -> Article:
    return Article(source="fuzz.txt", key="fuzz", body=body, published="2024-01-12")


def check_offsets(body: str, statements) -> None:
    spans = set()
    for s in statements:
        assert 0 <= s.start < s.end <= len(body)
        assert body[s.start:s.end] == s.text
        if s.mention_start is not None:
            assert body[s.mention_start:s.mention_start + len(s.mention)] == s.mention
        assert (s.start, s.end) not in spans  # one statement per span
        spans.add((s.start, s.end))
        if s.nested_in is not None:
            assert 0 <= s.nested_in < len(statements)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=120))
def test_any_news_like_text_extracts_with_exact_offsets(registry, pieces):
    body = "".join(pieces)
    statements = extract(article(body), registry)
    check_offsets(body, statements)
    for claim in split_claims(article(body), statements):
        assert body[claim.start:claim.end] == claim.text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_arbitrary_unicode_never_crashes(registry, body):
    check_offsets(body, extract(article(body), registry))


def timed(registry, body: str) -> float:
    # cold caches: a repeated run would otherwise find every segmentation of the last one
    for cached in (speakers.tagged, speakers.parse_mention, speakers.is_source_name):
        cached.cache_clear()
    started = time.perf_counter()
    extract(article(body), registry)
    return time.perf_counter() - started


@pytest.mark.parametrize("unit", ["外交部发言人毛宁表示，中方坚决反对。“我们不会放弃，”他说。\n",
                                  "说", "表示", "“", "王毅说：“", "张三说过去的事情不必再提，"],
                         ids=["news", "说", "表示", "quote", "nested", "one paragraph of statements"])
def test_time_grows_with_the_input_not_faster(registry, unit):
    """Four times the input may take about four times as long, never sixteen (a ratio within
    one run, with room for noise; the figures themselves are in benchmarks/extraction.py)."""
    size = 1000 // len(unit)
    timed(registry, unit * 50)  # warm-up
    # the least of three runs each: other work on the machine only ever adds time
    small = min(timed(registry, unit * size) for _ in range(3))
    large = min(timed(registry, unit * size * 4) for _ in range(3))
    assert large <= 8 * max(small, 0.002)


def test_an_articles_statements_do_not_depend_on_what_was_read_before(registry):
    """MFA page 181 alone, after 80 other pages, and through `quotecheck extract --json`."""
    pages = SHARED / "corpus" / "mfa-press-zh" / "raw"
    if not (pages / "181").exists():
        pytest.skip("../shared is not here")
    def key(statements):
        return [(s.start, s.end, s.speaker, s.cue, s.kind, s.via) for s in statements]
    target = read_articles(str(pages / "181"))[0]
    alone = key(extract(target, load_registry(Site().file(SPEAKERS))))
    shared_registry = load_registry(Site().file(SPEAKERS))
    for n in range(100, 180):
        for other in read_articles(str(pages / str(n))) if (pages / str(n)).exists() else []:
            extract(other, shared_registry)
    assert key(extract(target, shared_registry)) == alone
    from click.testing import CliRunner
    out = invoke(CliRunner(), "extract", str(pages / "181"), "--json").output
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [(r["start"], r["end"], r["speaker"]) for r in rows] == [(a, b, c) for a, b, c, *_ in alone]


def test_the_same_statements_in_any_process(tmp_path):
    """Python orders sets differently in every process (hash randomisation): the statements
    of an article must not follow that order."""
    import subprocess
    import sys
    if not (SHARED / "corpus" / "mfa-press-zh" / "raw" / "477").exists():
        pytest.skip("../shared is not here")
    pages = [str(SHARED / "corpus" / "mfa-press-zh" / "raw" / n) for n in ("477", "287", "657", "891")]
    outputs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run([sys.executable, "-m", "quotecheck.cli", "extract", *pages, "--json"],
                             capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert len(outputs) == 1 and outputs.pop().count("\n") > 50


def test_workers_store_the_same_rows_as_one_process(tmp_path):
    from click.testing import CliRunner
    if not (SHARED / "corpus" / "rthk-zh-hant" / "items.jsonl").exists():
        pytest.skip("../shared is not here")
    inputs = [SHARED / "corpus" / "rthk-zh-hant" / "items.jsonl",
              *sorted((SHARED / "corpus" / "mfa-press-zh" / "raw").iterdir())[:12]]
    tables = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        invoke(CliRunner(), "ingest", *inputs, "--db", db, "--workers", workers, "--quiet")
        conn = sqlite_utils.Database(db)
        tables[workers] = {t: sorted(r["id"] for r in conn.query(f"select id from {t}"))
                           for t in ("articles", "statements", "claims", "speakers")}
    assert tables[1] == tables[2] and len(tables[1]["statements"]) > 500


def test_workers_read_the_files_and_report_as_one_process(tmp_path, registry):
    """With two workers the files are read in the workers: broken files are reported with
    the same reasons, metadata warnings and outcomes in the same order, a file of many
    articles (split into jobs over the workers) gives the same rows, and a second run with
    two workers finds every article unchanged."""
    from quotecheck.build import ARTICLES_PER_JOB, ingest_paths

    folder = tmp_path / "in"
    folder.mkdir()
    said = "外交部发言人毛宁{n}日表示：“中方坚决反对任何形式的‘台独’分裂活动，这一立场是一贯的。”她说，各方应当{n}次重申。"
    items = [{"id": f"item-{n}", "title": f"第{n}条", "date": "2024-01-12", "content": said.format(n=n)}
             for n in range(3 * ARTICLES_PER_JOB + 1)]
    (folder / "a-many.jsonl").write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items),
                                         encoding="utf-8")
    (folder / "b-empty.md").write_text("", encoding="utf-8")
    (folder / "c-broken.json").write_text('{"content": "没有结尾', encoding="utf-8")
    (folder / "d-bad-date.md").write_text(f"---\ndate: 不是日期\n---\n{said.format(n=99)}\n",
                                          encoding="utf-8")
    (folder / "e-binary.txt").write_bytes(b"\x00\x01\x02 binary")
    for n in range(5):
        (folder / f"f-{n}.md").write_text(f"---\ntitle: 第{n}篇\n---\n{said.format(n=n + 40)}\n",
                                          encoding="utf-8")

    def run(db_path, workers):
        db = sqlite_utils.Database(db_path)
        report = ingest_paths(db, [str(folder)], registry, quiet=True, workers=workers)
        ids = {t: [r[0] for r in db.execute(f"select id from {t} order by rowid")]
               for t in ("articles", "statements", "claims")}
        db.close()
        return report, ids

    one, one_ids = run(tmp_path / "one.db", 1)
    two, two_ids = run(tmp_path / "two.db", 2)
    assert [os.path.basename(p) for p, _ in one.errors] == ["b-empty.md", "c-broken.json", "e-binary.txt"]
    assert (two.errors, two.warnings, two.outcomes, two.files, two.articles, two.statements) == \
        (one.errors, one.warnings, one.outcomes, one.files, one.articles, one.statements)
    assert one.warnings and one.warnings[0][0].endswith("d-bad-date.md")
    assert two_ids == one_ids  # the same rows, written in the same order
    assert len(one_ids["articles"]) == len(items) + 6 and len(one_ids["statements"]) >= len(items)
    again, _ = run(tmp_path / "two.db", 2)
    assert again.outcomes == {"added": 0, "replaced": 0, "unchanged": len(items) + 6}
    assert again.errors == one.errors


def test_a_title_whose_author_is_a_title_again_ends(registry):
    """《文选》指出 asks who wrote it; the article names a title (《求是》) as the author of
    another: reading that author must not ask the same question again, forever."""
    body = "《求是》的重要文章《论党的建设》发表。《文选》指出，要加强党的建设。"
    assert all(s.speaker != "文选" for s in extract(Article(source="t.txt", key="t", body=body), registry))


def test_a_run_of_short_quoted_names_before_a_cue_ends(registry):
    """“……。”“光明行”…王芳说 skips one short quoted name; a thousand of them neither recurse
    nor reach back past the scan's bound."""
    body = "“这是很长的一句话啊。”" + "“甲”" * 1200 + "王芳说。"
    assert extract(Article(source="t.txt", key="t", body=body), registry) == []
