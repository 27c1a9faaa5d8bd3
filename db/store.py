"""Rows into the database: one article, its statements and its claims in one transaction.

It writes what it is given: the reading side (ingest/rows.py) derives the ids from content
and resolves the speakers, so re-ingesting an unchanged article writes nothing, and a changed
article replaces its own statements and claims and no one else's.
"""
from __future__ import annotations

import sqlite3

import sqlite_utils

from .schema import ensure_tables


# The columns every article write looks rows up by: it deletes the article's earlier statements
# and claims by article_id. ensure_db_shape indexes them too, but only after the articles are
# stored: without them each delete scanned both tables, 15 of a first ingest's 19 CPU-s of
# storing (the shared corpus, 1,385 articles).
WRITE_LOOKUPS = (("statements", "article_id"), ("claims", "article_id"))


def ensure_write_indexes(db: sqlite_utils.Database) -> None:
    """The indexes of WRITE_LOOKUPS, named and made as ensure_db_shape makes them."""
    ensure_tables(db)
    for table, column in WRITE_LOOKUPS:
        db[table].create_index([column], if_not_exists=True)


def save_speakers(db: sqlite_utils.Database, speakers: list[dict]) -> None:
    """Speaker rows (the registry's), added or updated."""
    ensure_tables(db)
    with db.atomic():
        db["speakers"].upsert_all(speakers, pk="id", alter=True)


def stored_unchanged(db: sqlite_utils.Database, article_id: str, content_hash: str) -> int | None:
    """The stored statement count when the article is stored with this `content_hash`
    (its text, metadata, rules and registry as they are), else None."""
    if "articles" not in db.table_names():
        return None
    found = list(db.query("select statement_count from articles where id = ? and content_hash = ?",
                          [article_id, content_hash]))
    return found[0]["statement_count"] if found else None


def stored_hashes(db: sqlite_utils.Database) -> dict[str, str]:
    """Every stored article's content hash by id: what the reading side needs to skip an
    unchanged article without asking the database (it may run in another process)."""
    if "articles" not in db.table_names():
        return {}
    return {row["id"]: row["content_hash"] for row in db.query("select id, content_hash from articles")}


def stored_statement_count(db: sqlite_utils.Database, article_id: str) -> int:
    found = list(db.query("select statement_count from articles where id = ?", [article_id]))
    return found[0]["statement_count"] if found else 0


def save_article(db: sqlite_utils.Database, article: dict, statements: list[dict],
                 claims: list[dict], speakers: list[dict]) -> str:
    """Write one article row, its statement and claim rows and the speakers they need,
    atomically: 'added', 'replaced' or 'unchanged'."""
    ensure_tables(db)
    if stored_unchanged(db, article["id"], article["content_hash"]) is not None:
        return "unchanged"
    existing = list(db.query("select 1 from articles where id = ?", [article["id"]]))
    with db.atomic():
        # Speakers first: new ones are added, existing rows (the registry's) are left alone.
        _insert(db, "speakers", speakers, "or ignore")
        # Claims point at statements: the old ones go first.
        db.execute("delete from claims where article_id = ?", [article["id"]])
        db.execute("delete from statements where article_id = ?", [article["id"]])
        db["articles"].upsert(article, pk="id", alter=True)
        # Enclosing statements go in before the ones nested in them (foreign key order).
        _insert(db, "statements", statements, "or replace")
        _insert(db, "claims", claims, "or replace")
    return "replaced" if existing else "added"


PLAIN_VALUES = (str, int, float, type(None))


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict], conflict: str) -> None:
    """`insert_all(rows, pk="id", alter=True)` (replace or ignore) as one executemany: the
    rows of one article share their columns, and sqlite-utils' per-chunk work (reading the
    table's columns, building the SQL, converting each value) took a tenth of an ingest.
    Rows with other shapes, values to convert or a column the table lacks go through
    sqlite-utils."""
    if not rows:
        return
    columns = list(rows[0])
    if all(list(row) == columns and all(isinstance(v, PLAIN_VALUES) for v in row.values())
           for row in rows):
        names = ", ".join(f"[{c}]" for c in columns)
        try:
            db.conn.executemany(f"insert {conflict} into [{table}] ({names}) "
                                f"values ({', '.join('?' * len(columns))})",
                                [tuple(row.values()) for row in rows])
            return
        except sqlite3.OperationalError as err:  # raised before any row is written
            if "no column named" not in str(err):
                raise
    db[table].insert_all(rows, pk="id", alter=True,
                         **({"replace": True} if conflict == "or replace" else {"ignore": True}))
