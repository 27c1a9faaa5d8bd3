"""ingest/pipeline.py: paths to rows, with a Report of what went in and what failed."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

import quotecheck.ingest.pipeline as pipeline
from quotecheck.db.schema import ensure_db_shape
from quotecheck.build import ingest_paths
from quotecheck.ingest.pipeline import Report
from conftest import MFA, SEED



@pytest.fixture
def inputs(tmp_path) -> Path:
    """The seed and one transcript in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(MFA[0], folder / MFA[0].name)
    return folder


def count(db, table, where="1", params=()) -> int:
    return db.execute(f"select count(*) from {table} where {where}", params).fetchone()[0]


# Each case: files written into the input folder (name -> bytes or None for "missing"),
# and whether the batch as a whole is ok. The seed and a transcript are always there.
CASES = {
    "all good": ({}, True),
    "an empty file": ({"empty.txt": b""}, False),
    "a missing path": ({"gone.md": None}, False),
    "binary and bad JSON": ({"x.bin": b"\x00\x01\x02" * 50, "y.json": b"[{"}, False),
}


@pytest.mark.parametrize("case", CASES)
def test_report_and_exit_status(case, inputs, fresh_db, registry, quotecheck, tmp_path):
    extra, ok = CASES[case]
    paths = [str(inputs)]
    for name, data in extra.items():
        if data is None:
            paths.append(str(tmp_path / name))
        else:
            (inputs / name).write_bytes(data)

    report = ingest_paths(fresh_db, paths, registry, quiet=True)
    assert report.ok is ok
    assert report.ok == (report.errors == [])
    assert report.files == 2 + len(extra)
    assert report.articles == 2  # the broken inputs hold no article
    assert report.outcomes == {"added": 2, "replaced": 0, "unchanged": 0}
    assert report.statements == count(fresh_db, "statements") > 0
    assert {path for path, _ in report.errors} == {
        str(inputs / n) if d is not None else str(tmp_path / n) for n, d in extra.items()}
    assert all(reason for _, reason in report.errors)

    # the CLI turns the same report into its exit status
    result = quotecheck("ingest", *paths, "--db", tmp_path / "cli.db", "--quiet", ok=False)
    assert result.exit_code == (0 if ok else 1)
    assert len(result.stderr.splitlines()) == len(report.errors)


def test_second_run_is_all_unchanged(inputs, fresh_db, registry):
    first = ingest_paths(fresh_db, [str(inputs)], registry, quiet=True)
    second = ingest_paths(fresh_db, [str(inputs)], registry, quiet=True)
    assert first.outcomes["added"] == 2
    assert second.outcomes == {"added": 0, "replaced": 0, "unchanged": 2}
    assert second.statements == first.statements  # extracted again, counted, not written
    assert second.ok


def test_empty_report_is_ok():
    assert Report().ok and Report().files == 0


class FakeTTY:
    def isatty(self):
        return True

    def write(self, text):
        return len(text)

    def flush(self):
        pass


@pytest.mark.parametrize("quiet, tty, ci, shown", [
    (True, True, None, False),    # --quiet wins, even on a terminal
    (False, True, None, True),    # a terminal: a bar
    (False, False, None, False),  # piped: no bar
    (False, True, "true", False),  # CI: no bar
])
def test_progress_bar(monkeypatch, quiet, tty, ci, shown):
    monkeypatch.setattr(pipeline.sys, "stderr", FakeTTY() if tty else io.StringIO())
    if ci:
        monkeypatch.setenv("CI", ci)
    else:
        monkeypatch.delenv("CI", raising=False)
    bar = pipeline.progress([1, 2, 3], quiet, "reading")
    assert bar.disable is not shown
    assert list(bar) == [1, 2, 3]
    bar.close()


def test_ingest_paths_quiet_disables_progress(monkeypatch, inputs, fresh_db, registry):
    seen = []
    real = pipeline.progress

    def spy(items, quiet, label):
        bar = real(items, quiet, label)
        seen.append((quiet, bar.disable))
        return bar

    monkeypatch.setattr(pipeline, "progress", spy)
    monkeypatch.setattr(pipeline.sys, "stderr", FakeTTY())
    monkeypatch.delenv("CI", raising=False)
    ingest_paths(fresh_db, [str(inputs)], registry, quiet=True)
    assert seen == [(True, True)]


def test_extraction_failure_is_reported_and_the_rest_loads(monkeypatch, inputs, fresh_db,
                                                           registry):
    broken = str(inputs / SEED.name)
    real_extract = pipeline.extract

    def extract(article, registry, **options):
        if article.source == broken:
            raise RuntimeError("extractor bug")
        return real_extract(article, registry, **options)

    monkeypatch.setattr(pipeline, "extract", extract)
    report = ingest_paths(fresh_db, [str(inputs)], registry, quiet=True)
    ensure_db_shape(fresh_db)

    assert report.errors == [(broken, "extraction failed: RuntimeError: extractor bug")]
    assert report.articles == 1 and report.outcomes["added"] == 1
    (row,) = fresh_db.query("select id, source from articles")
    assert row["source"] == str(inputs / MFA[0].name)
    assert count(fresh_db, "statements") == report.statements > 0
    assert count(fresh_db, "statements", "article_id != ?", [row["id"]]) == 0


def test_save_failure_is_reported_and_the_rest_loads(monkeypatch, inputs, fresh_db, registry):
    import quotecheck.build as build

    real_save = build.save_article
    broken = str(inputs / MFA[0].name)

    def save_article(db, article, statements, claims, speakers):
        if article["source"] == broken:
            raise ValueError("no room")
        return real_save(db, article, statements, claims, speakers)

    monkeypatch.setattr(build, "save_article", save_article)
    report = ingest_paths(fresh_db, [str(inputs)], registry, quiet=True)
    assert report.errors == [(broken, "not saved: ValueError: no room")]
    assert not report.ok
    assert [r["source"] for r in fresh_db.query("select source from articles")] == \
        [str(inputs / SEED.name)]
