"""Concurrent writers wait, not fail (issue 9, item 4): two `quotecheck ingest` processes
started together on one database both exit 0 and every file is stored; a writer that finds
the database taken says so once and waits."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.site_client import rows
from conftest import SEED

FILES_EACH = 12


def quotecheck_script() -> Path:
    script = Path(sys.executable).with_name("quotecheck")
    if not script.exists():
        pytest.skip("the quotecheck script is not installed beside this Python")
    return script


def articles(folder: Path, label: str, n: int = FILES_EACH) -> Path:
    """`n` distinct articles (own ids, own last paragraph) made from the seed article."""
    folder.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    assert text.count("\nid: ") == 1
    for i in range(n):
        own = "\n".join(f"id: {label}-{i}" if line.startswith("id: ") else line
                        for line in text.splitlines())
        (folder / f"{label}-{i:03d}.md").write_text(
            f"{own}\n\n发言人毛宁表示，这是第{i}篇{label}。\n", encoding="utf-8")
    return folder


def start_ingest(folder: Path, db_path: Path) -> subprocess.Popen:
    return subprocess.Popen([str(quotecheck_script()), "ingest", str(folder), "--db",
                             str(db_path), "--quiet"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_ingests_started_together_both_complete(tmp_path, db_path):
    folders = [articles(tmp_path / name, name) for name in ("first", "second")]
    procs = [start_ingest(folder, db_path) for folder in folders]
    results = [(proc.wait(timeout=600), proc.stderr.read()) for proc in procs]
    for status, stderr in results:
        assert status == 0, stderr
        assert "locked" not in stderr and "Traceback" not in stderr, stderr
        assert "error" not in stderr, stderr
    stored = rows(db_path, "select key from articles")
    assert sorted(r["key"] for r in stored) == sorted(
        f"id:{name}-{i}" for name in ("first", "second") for i in range(FILES_EACH))
    # every article's statements are there, as many as it says it has
    assert rows(db_path, "select count(*) as n from articles where statement_count != "
                "(select count(*) from statements where article_id = articles.id)")[0]["n"] == 0


def test_a_writer_that_finds_the_database_taken_waits_and_says_so(tmp_path, db_path):
    folder = articles(tmp_path / "in", "waiting", n=2)
    db_path.touch()
    holder = os.open(db_path, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as another writing command holds it
    try:
        proc = start_ingest(folder, db_path)
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and not line:
            line = proc.stderr.readline()
        assert line.startswith(f"waiting: another command is writing {db_path}"), line
        time.sleep(0.5)
        assert proc.poll() is None  # still waiting while the lock is held
        assert rows(db_path, "select name from sqlite_master") == []  # nothing written yet
    finally:
        os.close(holder)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    assert len(rows(db_path, "select id from articles")) == 2
