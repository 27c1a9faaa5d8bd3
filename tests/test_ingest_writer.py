"""The writing side of an ingest (build.py): the indexes its deletes look up by from the first
article on; the speakers resolved in the order the articles are stored, whichever process
made their rows; and the search index taken in as it stores, from text the reading side
derived, the same index as one derived from the stored rows."""
from __future__ import annotations

import copy
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

import quotecheck.build as build
from quotecheck.build import ingest_paths
from quotecheck.db.schema import ensure_db_shape
from quotecheck.db.search import (SEARCHABLE, index_written, rebuild_search, search_text,
                                  search_texts)
from quotecheck.ingest.model import Article, Statement
from quotecheck.ingest.rows import article_rows, resolve, unresolved_rows
from conftest import MFA, SEED



@pytest.fixture
def inputs(tmp_path) -> Path:
    """The bundled articles in a folder of their own, free to edit."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in [SEED, *MFA]:
        shutil.copy(path, folder / path.name)
    return folder


def index_of(path: Path) -> dict[str, list[tuple]]:
    """Every search table as its index holds it: each row's size and each token
    (row, column, offset, term), read back with fts5vocab (the tables are contentless)."""
    conn = sqlite3.connect(path)
    try:
        index = {}
        for table in SEARCHABLE:
            conn.execute(f"create virtual table temp.[{table}_tokens] "
                         f"using fts5vocab(main, {table}_search, instance)")
            index[table] = sorted(conn.execute(f"select id, sz from {table}_search_docsize")) + \
                sorted(conn.execute(f"select doc, col, offset, term from temp.[{table}_tokens]"))
        return index
    finally:
        conn.close()


def derived_again(path: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    """The index of `path` derived from scratch from the stored rows, in a copy."""
    copy = tmp_path / "derived-again.db"
    source, target = sqlite3.connect(path), sqlite3.connect(copy)
    source.backup(target)
    source.close(), target.close()
    db = sqlite_utils.Database(copy)
    rebuild_search(db)
    db.close()
    return index_of(copy)


def ingest(path: Path, inputs: Path, registry, workers: int = 1):
    db = sqlite_utils.Database(path)
    report = ingest_paths(db, [str(inputs)], registry, quiet=True, workers=workers)
    db.close()
    return report


def test_deletes_look_up_by_index_from_the_first_article(tmp_path, inputs, registry):
    """A first ingest has the article_id indexes before its first write (ensure_db_shape made
    them only at the end: every replaced article's delete scanned the tables), and
    ensure_db_shape finds them made as it makes them."""
    path = tmp_path / "q.db"
    ingest(path, inputs, registry)
    conn = sqlite3.connect(path)
    for table in ("statements", "claims"):
        plan = " ".join(row[-1] for row in conn.execute(
            f"explain query plan delete from {table} where article_id = ?", ["x"]))
        assert f"idx_{table}_article_id" in plan
    conn.close()
    db = sqlite_utils.Database(path)
    ensure_db_shape(db)
    for table in ("statements", "claims"):
        on_article_id = [i.name for i in db[table].indexes if i.columns == ["article_id"]]
        assert on_article_id == [f"idx_{table}_article_id"]
    db.close()


# One name not in the registry, met with one country and then with another: two speakers,
# the first met keeping the name's own id (ingest/speakers.py Registry.resolve).
SAID = [("塞尔维亚总统武契奇表示：“塞方支持和平。”", "RS"), ("法国总统武契奇表示：“法方愿意合作。”", "FR"),
        ("武契奇说：“我们会再谈。”", None)]


def said(n: int) -> tuple[Article, list[Statement]]:
    body, country = SAID[n]
    quote = body.index("“")
    return (Article(source=f"{n}.md", key=f"{n}.md", body=body, outlet="新华社"),
            [Statement(speaker="武契奇", mention=body[:quote - 3], cue="表示", text=body[quote:],
                       kind="direct", start=quote, end=len(body), title="总统", country=country)])


def test_speakers_are_resolved_in_the_order_the_articles_are_stored(registry):
    """Rows made in workers, each with a registry that met other articles first (here: none),
    resolved by the writer in the order it stores them, are the rows one process makes."""
    one = copy.deepcopy(registry)
    expected = [article_rows(*said(n), one) for n in range(len(SAID))]
    ids = [rows.statements[0]["speaker_id"] for rows in expected]
    assert ids[0] == ids[2] != ids[1]  # 武契奇 of Serbia met first: of France, another speaker
    # met first by a worker of its own, 法国 武契奇 would take the name's own id
    assert article_rows(*said(1), copy.deepcopy(registry)).statements[0]["speaker_id"] == ids[0]

    made = [unresolved_rows(*said(n), copy.deepcopy(registry)) for n in range(len(SAID))]
    writer = copy.deepcopy(registry)
    assert [resolve(rows, writer) for rows in made] == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_the_index_is_taken_in_as_the_articles_are_stored(tmp_path, inputs, registry,
                                                          monkeypatch, workers):
    """In batches of a few thousand characters (here), each in its own transaction: at the
    end of the ingest nothing waits in the log, and the index is the one derived from the
    stored rows; so it is after a changed article replaced its rows."""
    monkeypatch.setattr(build, "SEARCH_BATCH_CHARS", 2000)
    batches = []
    real_flush = build.SearchBatch.flush
    monkeypatch.setattr(build.SearchBatch, "flush",
                        lambda self, db: (batches.append(self.chars), real_flush(self, db)))
    path = tmp_path / "q.db"
    ingest(path, inputs, registry, workers)
    assert len([chars for chars in batches if chars]) >= 2
    assert sqlite_utils.Database(path)["search_changes"].count == 0
    index = index_of(path)
    assert index == derived_again(path, tmp_path) and all(index.values())

    seed = inputs / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("光刻机", "蚀刻机"), encoding="utf-8")
    assert ingest(path, inputs, registry, workers).outcomes["replaced"] == 1
    assert sqlite_utils.Database(path)["search_changes"].count == 0
    assert index_of(path) == derived_again(path, tmp_path) != index


def test_an_ingest_cut_short_leaves_the_rest_to_ensure_db_shape(tmp_path, inputs, registry,
                                                               monkeypatch):
    """Articles stored but not yet taken in stay in the index's log (as a killed ingest
    leaves them): ensure_db_shape derives them from the stored rows."""
    monkeypatch.setattr(build.SearchBatch, "flush", lambda self, db: None)
    path = tmp_path / "q.db"
    ingest(path, inputs, registry)
    db = sqlite_utils.Database(path)
    assert db["search_changes"].count > 0
    ensure_db_shape(db)
    assert db["search_changes"].count == 0
    db.close()
    assert index_of(path) == derived_again(path, tmp_path)


def test_an_index_that_fails_does_not_stop_the_articles(tmp_path, inputs, registry, monkeypatch):
    """A search index the writer cannot take the rows in (here: every batch fails) leaves
    them in its log; every article is stored and ensure_db_shape derives the index."""
    def fail(db, derived):
        raise sqlite3.OperationalError("database disk image is malformed")

    monkeypatch.setattr(build, "SEARCH_BATCH_CHARS", 2000)
    monkeypatch.setattr(build, "index_written", fail)
    path = tmp_path / "q.db"
    report = ingest(path, inputs, registry)
    assert report.ok and report.outcomes["added"] == 4
    db = sqlite_utils.Database(path)
    assert db["search_changes"].count > 0
    ensure_db_shape(db)
    db.close()
    assert index_of(path) == derived_again(path, tmp_path)


def test_search_texts_are_the_index_text_of_each_searched_column():
    rows = {"statements": [{"id": "s1", "text": "外交部發言人說", "mention": None, "start": 3},
                           {"id": "s2", "text": 42, "mention": "她"}],
            "articles": [{"id": "a1", "title": "RCEP 生效", "body": "芯片"}],
            "speakers": [{"id": "p1", "name": "毛宁"}]}
    assert search_texts(rows) == {
        "statements": {"s1": (("外交部發言人說", None),
                              (search_text("外交部發言人說"), ""))},  # s2's 42 is SQLite's to read
        "articles": {"a1": (("RCEP 生效", "芯片"), ("rcep 生效 效", "芯片 片"))},
    }


def test_derived_text_is_taken_only_for_the_values_it_was_derived_from(tmp_path, inputs,
                                                                       registry, monkeypatch):
    """A row still holding the values its text was derived from takes that text as it is (no
    deriving again); a row written since is derived from what it holds now."""
    monkeypatch.setattr(build.SearchBatch, "flush", lambda self, db: None)
    path = tmp_path / "q.db"
    ingest(path, inputs, registry)
    db = sqlite_utils.Database(path)
    kept, changed = [dict(row) for row in db.query(
        "select id, text, mention from statements order by rowid limit 2")]
    derived = {"statements": {
        kept["id"]: ((kept["text"], kept["mention"]), ("taken as given", "")),
        changed["id"]: ((changed["text"], changed["mention"]), ("stale text", "")),
    }}
    db.execute("update statements set text = '量子计算' where id = ?", [changed["id"]])
    with db.atomic():
        index_written(db, derived)
    assert db["search_changes"].count == 0
    conn = db.conn
    conn.execute("create virtual table temp.tokens "
                 "using fts5vocab(main, statements_search, instance)")

    def tokens(statement_id):
        (rowid,) = conn.execute("select rowid from statements where id = ?",
                                [statement_id]).fetchone()
        return " ".join(term for (term,) in conn.execute(
            "select term from temp.tokens where doc = ? and col = 'text' order by offset", [rowid]))

    assert tokens(kept["id"]) == "taken as given"
    assert tokens(changed["id"]) == search_text("量子计算")
    db.close()
