"""The build's derived steps run again only when what they read has changed, and then only on
what changed (the change log, db/changes.py), unless the taxonomy or their code changed."""
from __future__ import annotations

import pytest
import sqlite_utils

import quotecheck.db.derive as derive
from quotecheck.ingest.topics import Taxonomy
from quotecheck.site_folder import TOPICS, Site
from tests.site_client import ROOT, copy_db


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """The names of the expensive steps refresh_derived runs: over every row (save_*) or over
    the rows that changed (update_*)."""
    seen = []
    for name in ("save_topics", "save_repeats", "save_quote_checks", "update_topics",
                 "update_repeats", "update_quote_checks"):
        real = getattr(derive, name)
        monkeypatch.setattr(derive, name,
                            lambda *a, _real=real, _name=name, **k: seen.append(_name) or _real(*a, **k))
    return seen


@pytest.fixture
def db(built_db, tmp_path):
    database = sqlite_utils.Database(copy_db(built_db, tmp_path))
    yield database
    database.close()


def refresh(db, taxonomy=None):
    taxonomy = taxonomy or Taxonomy.load(Site().file(TOPICS))
    return derive.refresh_derived(db, ROOT / "reviews", taxonomy)


def test_nothing_changed_since_the_build_skips_them(db, calls):
    refresh(db)
    assert calls == []


def test_a_changed_statement_runs_the_steps_on_what_changed(db, calls):
    db.execute("update statements set text = text || '' , said_on = '2024-01-13' "
               "where rowid = (select min(rowid) from statements)")
    db.conn.commit()
    refresh(db)
    # No claim changed: repeats have nothing to do.
    assert calls == ["update_topics", "update_quote_checks"]
    calls.clear()
    refresh(db)  # and then not again
    assert calls == []


def test_a_changed_claim_runs_repeats_again(db, calls):
    groups = db.execute("select id, repeat_group from claims order by id").fetchall()
    assert any(group for _, group in groups)
    db.execute("update claims set repeat_group = null")
    db.conn.commit()
    refresh(db)
    # By what changed: the groups another tool overwrote are made again, as they were.
    assert calls == ["update_repeats"]
    assert db.execute("select id, repeat_group from claims order by id").fetchall() == groups


def test_a_hand_edited_topic_is_tagged_again(db, calls):
    row = db.execute("select rowid, topics from statements where topics != '[]' limit 1").fetchone()
    db.execute("update statements set topics = '[\"nothing\"]' where rowid = ?", [row[0]])
    db.conn.commit()
    refresh(db)
    assert calls == ["update_topics"]
    assert db.execute("select topics from statements where rowid = ?", [row[0]]).fetchone()[0] \
        == row[1]


def test_another_taxonomy_runs_them_again(db, calls):
    taxonomy = Taxonomy.from_data([{"id": "chips", "name_zh": "芯片", "name_en": "Chips",
                                    "keywords": ["芯片"]}])
    refresh(db, taxonomy)
    assert calls == ["save_topics", "save_repeats", "save_quote_checks"]
    assert [r[0] for r in db.execute("select id from topics")] == ["chips"]
