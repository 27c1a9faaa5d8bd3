"""One place that gives the database its shape: tables, foreign keys, indexes, FTS, views.

Every command ends by calling `ensure_db_shape(db)`; it is safe to call any number of times.
"""
from __future__ import annotations

import sqlite_utils

from .changes import CURSORS, LOG, ensure_change_log
from .facet_counts import COUNTS_INDEX as FACET_COUNTS_INDEX
from .facet_counts import CREATE_COUNTS as FACET_COUNTS
from .facet_counts import COUNTS, STAMPS, ensure_change_counters, save_facet_counts
from .monthly_counts import COUNT_STAMPS, COUNT_TABLES as MONTHLY
from .monthly_counts import CREATE_COUNT_TABLES as MONTHLY_COUNTS
from .monthly_counts import CREATE_STAMPS as MONTHLY_STAMPS
from .monthly_counts import save_monthly_counts
from .search import CHANGES, SEARCHABLE, ensure_search, ensure_search_tables, search_table

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
    "outlet": str, "published": str, "topics": str,
}
# A claim: one checkable proposition inside a statement (or in the reporter's own voice,
# with the outlet as claimant), with its check-worthiness and the verdict that applies to it.
CLAIM_COLUMNS = {
    "id": str, "article_id": str, "statement_id": str, "claimant_id": str, "voice": str,
    "text": str, "start": int, "end": int, "said_on": str, "published": str,
    "checkworthiness": int, "band": str, "reasons": str, "topics": str,
    "repeat_group": str, "repeats": int, "match_status": str,
    "verdict": str, "verdict_label": str, "verdict_status": str, "review_id": str,
}
# A fact-check verdict on one claim: from reviews/*.yml or imported ClaimReview.
REVIEW_COLUMNS = {
    "id": str, "claim_id": str, "article_id": str, "claim_text": str,
    "verdict": str, "verdict_label": str, "summary": str, "evidence": str,
    "reviewer": str, "publisher": str, "reviewed_on": str, "url": str,
    "origin": str, "status": str, "history": str,
}
# An earlier verdict of a review, kept when the verdict changed.
REVIEW_HISTORY_COLUMNS = {
    "id": str, "review_id": str, "verdict": str, "verdict_label": str, "summary": str,
    "reviewer": str, "reviewed_on": str, "superseded_on": str,
}
# Two claims that assert the same thing: how they were matched and how closely.
CLAIM_LINK_COLUMNS = {
    "id": str, "claim_id": str, "linked_claim_id": str, "repeat_group": str,
    "method": str, "score": float,
}
# A statement reported in the news checked against its primary source (a transcript turn).
QUOTE_CHECK_COLUMNS = {
    "id": str, "statement_id": str, "primary_statement_id": str, "primary_article_id": str,
    "relation": str, "similarity": float, "coverage": float, "omitted": str, "altered": str,
    "diff": str, "method": str,
}
# What ensure_tables creates: every table and view a page of the site reads.
SHELL = {"articles", "speakers", "statements", "claims", "reviews", "review_history",
         "claim_links", "topics", "quote_checks", COUNTS, STAMPS, *MONTHLY, COUNT_STAMPS, CHANGES,
         "derived_stamps", LOG, CURSORS, "statement_browser", *(search_table(t) for t in SEARCHABLE)}

# Facet columns of the statements browser: each gets an index (speaker_id's is the
# (speaker_id, said_on) index, which also serves lookups by speaker alone; via_id's holds
# only the statements with a relay).
STATEMENT_FACETS = ["speaker_id", "article_id", "kind", "cue", "said_on", "speaker_kind",
                    "country", "speaker_org", "outlet", "via_id", "published"]

SAID_ON_INDEX = "idx_statements_said_on_desc_id"

CLAIM_FACETS = ["article_id", "statement_id", "claimant_id", "voice", "band", "match_status",
                "verdict", "verdict_status", "review_id", "repeat_group", "said_on"]

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

# Denormalised facet columns follow their source rows, so a registry edit (a speaker's
# country, say) reaches the statements browser without re-extraction. Plain-SQL triggers
# keep them in step as rows change (a full refresh scans every statement: 3 s at a million);
# REFRESH_FACETS catches up a database written before the triggers existed.
FACET_COPY_TRIGGERS = {
    "speakers_facets_au": """
create trigger speakers_facets_au after update of kind, country on speakers
when old.kind is not new.kind or old.country is not new.country
begin
  update statements set speaker_kind = new.kind, country = new.country
  where speaker_id = new.id;
end""",
    "articles_facets_au": """
create trigger articles_facets_au after update of outlet, published on articles
when old.outlet is not new.outlet or old.published is not new.published
begin
  update statements set outlet = new.outlet, published = new.published
  where article_id = new.id;
end""",
    "statements_facets_ai": """
create trigger statements_facets_ai after insert on statements
when new.speaker_kind is not (select kind from speakers where id = new.speaker_id)
  or new.country is not (select country from speakers where id = new.speaker_id)
  or new.outlet is not (select outlet from articles where id = new.article_id)
  or new.published is not (select published from articles where id = new.article_id)
begin
  update statements set
    speaker_kind = (select kind from speakers where id = new.speaker_id),
    country = (select country from speakers where id = new.speaker_id),
    outlet = (select outlet from articles where id = new.article_id),
    published = (select published from articles where id = new.article_id)
  where rowid = new.rowid;
end""",
}

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


# The page size of a new database. A statements row with its copied columns is about 600
# bytes, so a 4 KB page holds six and leaves the rest unused: 81 of the 671 MB of statements
# at a million (dbstat), 42 with 8 KB pages, 20 with 16 KB. A database keeps the page size it
# was made with; VACUUM after `pragma page_size = 16384` changes it.
PAGE_SIZE = 16384
# A new database can give back the pages its writes free (`give_back_free_pages`): the logs of
# a large ingest (db/changes.py, db/search.py) hold a row per statement written until the
# derived steps have taken them in, 47 MB of free pages at a million statements.
AUTO_VACUUM = "incremental"
# Free pages kept for the next writes: a file gives back what is over this share of the pages
# in use, and over this many pages (4 MB).
FREE_PAGES_KEPT = 0.01
FREE_PAGES_KEPT_AT_MOST = 256


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Every table, search table, count table and view the site reads, created in one
    transaction before any row goes in: a database cut short at any later point still has
    them all (empty, or behind its rows until `ensure_db_shape`), so every page answers."""
    present = {row[0] for row in db.execute(
        "select name from sqlite_master where type in ('table', 'view')")}
    if SHELL <= present:
        return
    if db.execute("pragma page_count").fetchone()[0] == 0:  # nothing written yet
        db.execute(f"pragma page_size = {PAGE_SIZE}")
        db.execute(f"pragma auto_vacuum = {AUTO_VACUUM}")
    with db.atomic():
        _create_tables(db)
        ensure_change_counters(db)
        ensure_change_log(db)
        for sql in (FACET_COUNTS, FACET_COUNTS_INDEX, *MONTHLY_COUNTS, MONTHLY_STAMPS):
            db.execute(sql)
        ensure_search_tables(db)
        db.execute("create table if not exists derived_stamps (id integer primary key, inputs text)")
        if "statement_browser" not in db.view_names():
            db.create_view("statement_browser", BROWSE_VIEW)


def _create_tables(db: sqlite_utils.Database) -> None:
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
    if "claims" not in db.table_names():
        db["claims"].create(
            CLAIM_COLUMNS, pk="id",
            foreign_keys=[("article_id", "articles", "id"), ("statement_id", "statements", "id"),
                          ("claimant_id", "speakers", "id")],
            not_null={"article_id", "text"},
        )
    if "reviews" not in db.table_names():
        db["reviews"].create(REVIEW_COLUMNS, pk="id",
                             foreign_keys=[("claim_id", "claims", "id")], not_null={"verdict"})
        db["claims"].add_foreign_key("review_id", "reviews", "id", ignore=True)
    if "review_history" not in db.table_names():
        db["review_history"].create(REVIEW_HISTORY_COLUMNS, pk="id",
                                    foreign_keys=[("review_id", "reviews", "id")])
    if "claim_links" not in db.table_names():
        db["claim_links"].create(
            CLAIM_LINK_COLUMNS, pk="id",
            foreign_keys=[("claim_id", "claims", "id"), ("linked_claim_id", "claims", "id")])
    if "topics" not in db.table_names():  # filled by db/topics.py save_topics
        from .topics import TOPIC_COLUMNS

        db["topics"].create(TOPIC_COLUMNS, pk="id", not_null={"name_zh", "name_en"})
    if "quote_checks" not in db.table_names():
        db["quote_checks"].create(
            QUOTE_CHECK_COLUMNS, pk="id",
            foreign_keys=[("statement_id", "statements", "id"),
                          ("primary_statement_id", "statements", "id"),
                          ("primary_article_id", "articles", "id")])


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Tables, indexes, full-text search, the browsing view, copied facet columns in step."""
    ensure_tables(db)
    ensure_facet_copies(db)
    for column in STATEMENT_FACETS:
        if column not in ("speaker_id", "via_id", "said_on"):
            db["statements"].create_index([column], if_not_exists=True)
    # The statements page reads newest first, ties by id (plugins/stable_sort.py): an index in
    # that order lets a searched page walk it (plugins/search_first_page.py) and serves every
    # range of said_on that the index of said_on alone served.
    db.execute(f"create index if not exists {SAID_ON_INDEX} on statements (said_on desc, id)")
    db.execute("drop index if exists idx_statements_said_on")
    # Most statements reach their article through no relay (82% at a million): the index of
    # via_id holds the others only (`via_id = ?` reads it), 10 MB less than an index of all.
    db.execute("create index if not exists idx_statements_via_id_present on statements (via_id) "
               "where via_id is not null")
    db.execute("drop index if exists idx_statements_via_id")
    db["articles"].create_index(["key"], unique=True, if_not_exists=True)
    db["articles"].create_index(["outlet"], if_not_exists=True)
    db["articles"].create_index(["published"], if_not_exists=True)
    for column in ("name", "kind", "country", "org"):
        db["speakers"].create_index([column], if_not_exists=True)
    for column in CLAIM_FACETS:
        db["claims"].create_index([column], if_not_exists=True)
    for column in ("claim_id", "verdict", "status"):
        db["reviews"].create_index([column], if_not_exists=True)
    db["review_history"].create_index(["review_id"], if_not_exists=True)
    for column in ("claim_id", "linked_claim_id", "repeat_group"):
        db["claim_links"].create_index([column], if_not_exists=True)
    for column in ("statement_id", "primary_statement_id", "relation"):
        db["quote_checks"].create_index([column], if_not_exists=True)
    # A speaker's page lists their statements newest first (plugins/speaker_statements.py)
    db["statements"].create_index(["speaker_id", "said_on"], if_not_exists=True)
    # An earlier version also indexed speaker_id alone: 22 bytes a statement for nothing
    db.execute("drop index if exists idx_statements_speaker_id")
    drop_trigram_search(db)
    if "statement_browser" not in db.view_names():
        db.create_view("statement_browser", BROWSE_VIEW)
    # Search for terms of any length (one- and two-character Chinese terms too): db/search.py
    ensure_search(db)
    # Whole-table facet counts for the unfiltered table pages: db/facet_counts.py
    save_facet_counts(db)
    # Statements per month for the charts' canned queries: db/monthly_counts.py
    save_monthly_counts(db)
    give_back_free_pages(db)


def give_back_free_pages(db: sqlite_utils.Database) -> int:
    """Shorten the file by its free pages over FREE_PAGES_KEPT (at most
    FREE_PAGES_KEPT_AT_MOST), in a database made with incremental auto-vacuum (an older one
    needs VACUUM); returns the pages given back."""
    if db.execute("pragma auto_vacuum").fetchone()[0] != 2:  # 2: incremental
        return 0
    free = db.execute("pragma freelist_count").fetchone()[0]
    kept = min(int(FREE_PAGES_KEPT * (db.execute("pragma page_count").fetchone()[0] - free)),
               FREE_PAGES_KEPT_AT_MOST)
    if free <= kept:
        return 0
    with db.atomic():
        # Python's sqlite3 steps the pragma once, and a step gives back one page
        for _ in range(free - kept):
            db.execute("pragma incremental_vacuum(1)")
    return free - db.execute("pragma freelist_count").fetchone()[0]


def ensure_facet_copies(db: sqlite_utils.Database) -> None:
    """The triggers that keep statements' copied facet columns in step; when any is missing,
    create them and refresh every statement once."""
    existing = {row[0] for row in db.execute("select name from sqlite_master where type = 'trigger'")}
    missing = [name for name in FACET_COPY_TRIGGERS if name not in existing]
    if missing:
        with db.atomic():
            for name in missing:
                db.execute(FACET_COPY_TRIGGERS[name])
            db.execute(REFRESH_FACETS)


# The trigram FTS tables of earlier builds (sqlite-utils enable_fts, with its triggers): the
# bigram search tables of db/search.py replaced them.
TRIGRAM_SEARCH = {"statements_fts": ("statements_ai", "statements_ad", "statements_au"),
                  "articles_fts": ("articles_ai", "articles_ad", "articles_au")}


def drop_trigram_search(db: sqlite_utils.Database) -> None:
    for fts, triggers in TRIGRAM_SEARCH.items():
        for trigger in triggers:
            db.execute(f"drop trigger if exists [{trigger}]")
        db.execute(f"drop table if exists [{fts}]")
