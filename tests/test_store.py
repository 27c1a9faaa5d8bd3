"""db/store.py: one article per transaction, content-hash skip, stable ids."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils

from quotecheck.db.schema import ensure_db_shape
from quotecheck.db.store import save_article
from quotecheck.ingest.rows import article_rows
from quotecheck.ingest.extract import extract
from quotecheck.ingest.readers import read_articles
from conftest import SEED


def store_article(db, article, statements, registry) -> str:
    """An article stored as `quotecheck ingest` stores it: its rows from the reading side,
    written by db/store.py."""
    rows = article_rows(article, statements, registry)
    return save_article(db, rows.article, rows.statements, rows.claims, rows.speakers)

ROOT = Path(__file__).resolve().parents[1]
MFA = ROOT / "articles" / "mfa" / "61.html"

# One sentence of the seed article, and an edit of it that changes its length.
SENTENCE = "会谈将持续1小时左右"
EDITED = "会谈将持续约两个半小时左右"


def load(path):
    (article,) = read_articles(str(path))
    return article


def save(db, article, registry) -> str:
    return store_article(db, article, extract(article, registry), registry)


def table(db, name, where="1", params=()) -> list[dict]:
    return list(db.query(f"select rowid, * from {name} where {where} order by rowid", params))


def snapshot(db) -> dict[str, list[dict]]:
    return {name: table(db, name) for name in ("articles", "speakers", "statements")}


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """The seed article in a file of its own, free to edit (its key is its path)."""
    path = tmp_path / "seed.md"
    shutil.copy(SEED, path)
    return path


def test_first_save_adds(fresh_db, registry, seed_copy):
    article = load(seed_copy)
    statements = extract(article, registry)
    assert store_article(fresh_db, article, statements, registry) == "added"
    (row,) = table(fresh_db, "articles")
    assert row["id"] == article.id and row["statement_count"] == len(statements) > 0
    assert {s["id"] for s in table(fresh_db, "statements")} and \
        len(table(fresh_db, "statements")) == len(statements)


def test_resaving_the_same_article_changes_nothing(fresh_db, registry, seed_copy):
    assert save(fresh_db, load(seed_copy), registry) == "added"
    before = snapshot(fresh_db)
    # read again from disk: a new Article object with the same content
    assert save(fresh_db, load(seed_copy), registry) == "unchanged"
    assert snapshot(fresh_db) == before


def test_changed_article_replaces_only_its_own_statements(fresh_db, registry, seed_copy):
    other = load(MFA)
    save(fresh_db, other, registry)
    original = load(seed_copy)
    save(fresh_db, original, registry)
    other_rows = table(fresh_db, "statements", "article_id = ?", [other.id])
    other_article = table(fresh_db, "articles", "id = ?", [other.id])
    old_hash = fresh_db["articles"].get(original.id)["content_hash"]
    assert other_rows

    text = seed_copy.read_text(encoding="utf-8")
    assert text.count(SENTENCE) == 1
    seed_copy.write_text(text.replace(SENTENCE, EDITED), encoding="utf-8")
    edited = load(seed_copy)
    assert edited.body != original.body

    assert save(fresh_db, edited, registry) == "replaced"
    # the other article's rows, rowids included, are exactly as they were
    assert table(fresh_db, "statements", "article_id = ?", [other.id]) == other_rows
    assert table(fresh_db, "articles", "id = ?", [other.id]) == other_article
    # same key, same id: one row for the article, updated in place
    assert edited.id == original.id
    (row,) = table(fresh_db, "articles", "key = ?", [edited.key])
    assert row["id"] == original.id and row["body"] == edited.body
    assert row["content_hash"] != old_hash
    # its statements are the new extraction, every one pointing into the new body
    mine = table(fresh_db, "statements", "article_id = ?", [edited.id])
    assert len(mine) == row["statement_count"] == len(extract(edited, registry))
    assert all(edited.body[s["start"]:s["end"]] == s["text"] for s in mine)
    assert any("两个半小时" in s["text"] for s in mine)
    assert not any(SENTENCE in s["text"] for s in mine)


def test_statement_ids_are_stable(tmp_path, registry, seed_copy):
    """Same content gives the same ids, whatever the database and the order of ingest."""
    seed, other = load(seed_copy), load(MFA)
    ids = []
    for name, order in (("a.db", [seed, other]), ("b.db", [other, seed])):
        db = sqlite_utils.Database(tmp_path / name)
        for article in order:
            save(db, article, registry)
        ids.append({(r["id"], r["article_id"], r["start"], r["end"])
                    for r in db.query('select id, article_id, start, "end" from statements')})
        db.close()
    assert ids[0] and ids[0] == ids[1]


def test_statement_ids_are_unique_per_statement(fresh_db, registry, seed_copy):
    article = load(seed_copy)
    statements = extract(article, registry)
    store_article(fresh_db, article, statements, registry)
    assert fresh_db["statements"].count == len(statements)  # no two collapsed into one id


def search_state(db):
    """The search table, its change log (db/search.py) and the facet-count stamps."""
    return [list(db.query(f"select rowid, * from {table} order by rowid"))
            for table in ("statements_search", "search_changes", "facet_count_stamps")]


def test_failed_save_leaves_previous_rows(fresh_db, registry, seed_copy, monkeypatch):
    save(fresh_db, load(seed_copy), registry)
    ensure_db_shape(fresh_db)  # search and facet-count triggers too: they must roll back
    before = snapshot(fresh_db)
    search_before = search_state(fresh_db)

    seed_copy.write_text(seed_copy.read_text(encoding="utf-8").replace(SENTENCE, EDITED),
                         encoding="utf-8")
    edited = load(seed_copy)
    statements = extract(edited, registry)

    from quotecheck.db import store

    real_insert = store._insert
    calls = []

    def failing_insert(db, table, rows, conflict):
        if table == "statements":
            calls.append(table)
            # the delete has run inside the transaction by now
            assert fresh_db.execute("select count(*) from statements where article_id = ?",
                                    [edited.id]).fetchone()[0] == 0
            raise RuntimeError("disk on fire")
        return real_insert(db, table, rows, conflict)

    monkeypatch.setattr(store, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store_article(fresh_db, edited, statements, registry)
    assert calls == ["statements"]

    assert snapshot(fresh_db) == before
    assert search_state(fresh_db) == search_before
    # and the same save goes through once the fault is gone
    monkeypatch.undo()
    assert store_article(fresh_db, edited, statements, registry) == "replaced"
    assert fresh_db["articles"].get(edited.id)["body"] == edited.body


def test_copied_facet_columns_follow_speakers_and_articles(fresh_db, registry, seed_copy):
    """statements.country, speaker_kind, outlet and published are copies kept in step by
    triggers: a registry edit or an article's new outlet reaches every statement at once, and
    a statement written by another tool without them gets them filled."""
    save(fresh_db, load(seed_copy), registry)
    ensure_db_shape(fresh_db)
    mao = table(fresh_db, "statements", "speaker_id = 'mao-ning'")
    assert mao and {s["country"] for s in mao} == {"CN"}
    fresh_db["speakers"].update("mao-ning", {"country": "XX", "kind": "government"})
    assert {(s["country"], s["speaker_kind"])
            for s in table(fresh_db, "statements", "speaker_id = 'mao-ning'")} == {("XX", "government")}
    article_id = mao[0]["article_id"]
    fresh_db["articles"].update(article_id, {"outlet": "另一个媒体", "published": "2024-01-13"})
    assert {(s["outlet"], s["published"]) for s in table(fresh_db, "statements", "article_id = ?",
                                                          [article_id])} == {("另一个媒体", "2024-01-13")}
    bare = dict(mao[0], id="written-elsewhere", start=0, end=1, nested_in=None,
                country=None, speaker_kind=None, outlet=None, published=None)
    bare.pop("rowid", None)
    bare["text"] = fresh_db["articles"].get(article_id)["body"][0:1]
    fresh_db["statements"].insert(bare)
    row = fresh_db["statements"].get("written-elsewhere")
    assert (row["country"], row["speaker_kind"], row["outlet"]) == ("XX", "government", "另一个媒体")


def test_a_database_without_the_copy_triggers_is_caught_up(fresh_db, registry, seed_copy):
    save(fresh_db, load(seed_copy), registry)
    ensure_db_shape(fresh_db)
    for name in ("speakers_facets_au", "articles_facets_au", "statements_facets_ai"):
        fresh_db.execute(f"drop trigger {name}")
    fresh_db.execute("update speakers set country = 'YY' where id = 'mao-ning'")
    fresh_db.conn.commit()
    assert {s["country"] for s in table(fresh_db, "statements", "speaker_id = 'mao-ning'")} == {"CN"}
    ensure_db_shape(fresh_db)
    assert {s["country"] for s in table(fresh_db, "statements", "speaker_id = 'mao-ning'")} == {"YY"}


def test_rows_of_a_new_shape_go_in_as_sqlite_utils_puts_them(fresh_db):
    """save_article's plain executemany leaves to sqlite-utils what it cannot write: a column
    the table lacks (added) and a value to convert (a list, as JSON); plain rows go in as
    they are, and an existing id is left alone with 'or ignore'."""
    from quotecheck.db.schema import ensure_tables
    from quotecheck.db.store import _insert

    ensure_tables(fresh_db)
    _insert(fresh_db, "speakers", [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙"}], "or ignore")
    _insert(fresh_db, "speakers", [{"id": "a", "name": "changed"}], "or ignore")
    _insert(fresh_db, "speakers", [{"id": "c", "name": "丙", "nickname": "小丙"}], "or ignore")
    _insert(fresh_db, "speakers", [{"id": "d", "name": "丁", "nickname": ["x", "y"]}], "or ignore")
    rows = {r["id"]: r for r in fresh_db.query("select id, name, nickname from speakers")}
    assert rows["a"]["name"] == "甲" and rows["b"]["name"] == "乙"
    assert rows["c"]["nickname"] == "小丙"
    assert rows["d"]["nickname"] == '["x", "y"]'
