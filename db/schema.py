"""One place that gives the database its shape: tables, foreign keys, indexes, FTS, views.

Every command ends by calling `ensure_db_shape(db)`; it is safe to call any number of times.
"""
from __future__ import annotations

import sqlite_utils

ARTICLE_COLUMNS = {
    "id": str, "key": str, "source": str, "title": str, "published": str, "url": str,
    "outlet": str, "author": str, "lang": str, "format": str, "byline": str, "body": str,
    "chars": int, "statement_count": int, "content_hash": str,
}
SPEAKER_COLUMNS = {
    "id": str, "name": str, "name_en": str, "kind": str, "country": str, "title": str,
    "org": str, "wikidata": str, "aliases": str, "roles": str, "in_registry": int,
}
STATEMENT_COLUMNS = {
    "id": str, "article_id": str, "speaker_id": str, "mention": str, "cue": str, "text": str,
    "kind": str, "start": int, "end": int, "said_on": str, "via_id": str, "nested_in": str,
    "speaker_title": str, "speaker_org": str, "speaker_kind": str, "country": str,
    "outlet": str, "published": str,
}
# Facet columns of the statements browser: each gets an index.
STATEMENT_FACETS = ["speaker_id", "article_id", "kind", "cue", "said_on", "speaker_kind",
                    "country", "speaker_org", "outlet", "via_id", "published"]

BROWSE_VIEW = """
select
  statements.rowid as statement_rowid,
  statements.id as statement_id,
  speakers.name as speaker,
  speakers.name_en as speaker_en,
  speakers.kind as speaker_kind,
  speakers.country as country,
  statements.speaker_title as title,
  statements.speaker_org as organisation,
  statements.mention,
  statements.cue,
  statements.kind,
  statements.text,
  statements.said_on,
  relays.name as via,
  articles.title as article,
  articles.outlet as outlet,
  articles.published as published,
  articles.url as url,
  statements.start,
  statements."end",
  statements.speaker_id,
  statements.article_id
from statements
  join speakers on speakers.id = statements.speaker_id
  join articles on articles.id = statements.article_id
  left join speakers as relays on relays.id = statements.via_id
"""

# Denormalised facet columns follow their source rows: refreshed here, so a registry edit
# (a speaker's country, say) reaches the statements browser without re-extraction.
REFRESH_FACETS = """
update statements set
  speaker_kind = (select kind from speakers where speakers.id = statements.speaker_id),
  country = (select country from speakers where speakers.id = statements.speaker_id),
  outlet = (select outlet from articles where articles.id = statements.article_id),
  published = (select published from articles where articles.id = statements.article_id)
where
  speaker_kind is not (select kind from speakers where speakers.id = statements.speaker_id)
  or country is not (select country from speakers where speakers.id = statements.speaker_id)
  or outlet is not (select outlet from articles where articles.id = statements.article_id)
  or published is not (select published from articles where articles.id = statements.article_id)
"""


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create the three tables with their keys, before any row goes in."""
    if "articles" not in db.table_names():
        db["articles"].create(ARTICLE_COLUMNS, pk="id", not_null={"key", "body"})
    if "speakers" not in db.table_names():
        db["speakers"].create(SPEAKER_COLUMNS, pk="id", not_null={"name"})
    if "statements" not in db.table_names():
        db["statements"].create(
            STATEMENT_COLUMNS, pk="id",
            foreign_keys=[("article_id", "articles", "id"), ("speaker_id", "speakers", "id"),
                          ("via_id", "speakers", "id"), ("nested_in", "statements", "id")],
            not_null={"article_id", "speaker_id", "text"},
        )


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Tables, indexes, full-text search, the browsing view and refreshed facet columns."""
    ensure_tables(db)
    db.execute(REFRESH_FACETS)
    for column in STATEMENT_FACETS:
        db["statements"].create_index([column], if_not_exists=True)
    db["articles"].create_index(["key"], unique=True, if_not_exists=True)
    db["articles"].create_index(["outlet"], if_not_exists=True)
    db["articles"].create_index(["published"], if_not_exists=True)
    for column in ("name", "kind", "country", "org"):
        db["speakers"].create_index([column], if_not_exists=True)
    # trigram: SQLite's tokenizer that matches any run of three or more characters,
    # which is what Chinese text without word boundaries needs.
    if "statements_fts" not in db.table_names():
        db["statements"].enable_fts(["text", "mention"], tokenize="trigram",
                                    create_triggers=True)
    if "articles_fts" not in db.table_names():
        db["articles"].enable_fts(["title", "body"], tokenize="trigram", create_triggers=True)
    if "statement_browser" not in db.view_names():
        db.create_view("statement_browser", BROWSE_VIEW)
