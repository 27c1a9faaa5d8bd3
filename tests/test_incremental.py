"""Derived data kept up to date by what changed (db/changes.py) equals derived data computed
from scratch: a database that ingests articles, then new, changed and removed ones, holds the
same topics, repeats, quote checks, verdicts, facet counts and monthly counts, row for row, as
a database built from the final articles in one go. On the bundled articles, and on a slice of
the shared corpus when it is there."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils

from quotecheck.db.changes import CURSORS
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
# table -> the columns derived steps write (None: every column of a derived table)
DERIVED = {
    "statements": ["id", "topics", "speaker_kind", "country", "outlet", "published"],
    "claims": ["id", "topics", "repeat_group", "repeats", "match_status", "verdict",
               "verdict_label", "verdict_status", "review_id"],
    "topics": None, "claim_links": None, "quote_checks": None, "quote_turn_speakers": None,
    "facet_counts": None, "monthly_counts": None, "speaker_monthly_counts": None,
    "speaker_topic_monthly_counts": None, "reviews": None,
}
# Edits: a news article's wording, and an answer in a press conference.
EDITS = {"000_38f35daf7d300dd1.md": ("布林肯", "布林肯国务卿"), "61.html": ("中方", "中国方面")}


def derived_rows(path: Path) -> dict[str, list]:
    db = sqlite_utils.Database(path)
    try:
        found = {}
        for table, columns in DERIVED.items():
            select = ", ".join(f"[{c}]" for c in columns) if columns else "*"
            rows = db.execute(f"select {select} from [{table}]").fetchall()
            found[table] = sorted(rows, key=repr)
        return found
    finally:
        db.close()


def assert_same(incremental: Path, scratch: Path) -> None:
    a, b = derived_rows(incremental), derived_rows(scratch)
    for table in DERIVED:
        assert a[table], table  # something to compare
        assert a[table] == b[table], table


def corpus_files(count: int) -> list[Path]:
    """A slice of the shared corpus (news and transcripts of the same weeks), or nothing."""
    mfa = SHARED / "corpus" / "mfa-press-zh" / "raw"
    news = SHARED / "corpus" / "xinwenlianbo-zh" / "news"
    if not (mfa.is_dir() and news.is_dir()):
        return []
    return sorted(news.iterdir())[:count] + sorted(mfa.iterdir())[:count]


def edit(path: Path) -> None:
    old, new = EDITS[path.name]
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def remove_article(db_path: Path, source_name: str) -> None:
    """Take an article out as any tool could, in SQL: its claims, statements and row."""
    db = sqlite_utils.Database(db_path)
    with db.conn:
        ids = [r[0] for r in db.execute("select id from articles where source like ?",
                                        [f"%{source_name}"])]
        assert ids, source_name
        for article_id in ids:
            db.execute("update reviews set claim_id = null where claim_id in "
                       "(select id from claims where article_id = ?)", [article_id])
            db.execute("update claims set review_id = null where article_id = ?", [article_id])
            db.execute("delete from claims where article_id = ?", [article_id])
            db.execute("delete from statements where article_id = ?", [article_id])
            db.execute("delete from articles where id = ?", [article_id])
    db.close()


@pytest.fixture
def full_passes(monkeypatch) -> list[str]:
    """The names of the passes over every row that run."""
    import quotecheck.db.derive as derive
    import quotecheck.db.facet_counts as facet_counts
    import quotecheck.db.monthly_counts as monthly_counts

    seen = []
    for module, name in ((derive, "save_topics"), (derive, "save_repeats"),
                         (derive, "save_quote_checks"),
                         (facet_counts, "_count_all"), (monthly_counts, "_count_all")):
        real = getattr(module, name)
        label = f"{module.__name__.rsplit('.', 1)[1]}.{name}"
        monkeypatch.setattr(module, name, lambda *a, _real=real, _label=label, **k:
                            seen.append(_label) or _real(*a, **k))
    return seen


@pytest.fixture
def folders(tmp_path):
    """(first, later): the articles ingested first, and those added afterwards."""
    first, later = tmp_path / "first", tmp_path / "later"
    shutil.copytree(ROOT / "articles", first)
    later.mkdir()
    shutil.move(first / "mfa" / "60.html", later / "60.html")
    files = corpus_files(16)
    for path in files[:6] + files[16:22]:
        shutil.copy(path, first / path.name)
    for path in files[6:9] + files[22:25]:
        shutil.copy(path, later / path.name)
    return first, later


def test_incremental_derived_data_equals_a_build_from_scratch(quotecheck, folders, tmp_path,
                                                             full_passes):
    first, later = folders
    incremental = tmp_path / "incremental.db"
    quotecheck("ingest", first, "--db", incremental, "--quiet")
    log = sqlite_utils.Database(incremental)
    # Every step has its place in the change log: the next ingest updates, never recounts.
    assert {r[0] for r in log.execute(f"select step from {CURSORS}")} == {
        "topics", "repeated claims", "quote checks", "facet counts of statements",
        "facet counts of claims", "monthly counts"}
    log.close()

    def update_and_compare(name: str) -> None:
        full_passes.clear()
        quotecheck("ingest", first, "--db", incremental, "--quiet")
        assert full_passes == []  # every step worked on what changed
        scratch = tmp_path / f"scratch-{name}.db"
        quotecheck("ingest", first, "--db", scratch, "--quiet")
        assert_same(incremental, scratch)

    # New articles (among them the press conference of the news article's day), a changed
    # press conference, a removed item (the file goes, and its rows by SQL).
    for path in later.iterdir():
        shutil.move(path, first / path.name)
    edit(first / "mfa" / "61.html")
    for path in sorted(first.glob("*.json"))[:1]:
        remove_article(incremental, path.name)
        path.unlink()
    update_and_compare("added")
    # The press conference removed again: the news article's quotes lose their sources.
    remove_article(incremental, "60.html")
    (first / "60.html").unlink()
    update_and_compare("removed")
    # The news article changed.
    edit(first / "000_38f35daf7d300dd1.md")
    update_and_compare("changed")

    # Idempotent: nothing changed, nothing moves.
    before = derived_rows(incremental)
    quotecheck("ingest", first, "--db", incremental, "--quiet")
    assert derived_rows(incremental) == before
