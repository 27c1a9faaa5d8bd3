"""CSV export of statements, claims and reviews, with the filters a reader has in Datasette:
facet column = value, a search term, a speaker, a date range, a verdict and a band.

By default each row also carries labels a person reads (the speaker's name and title, the
article's title, outlet and URL, topic names) after the table's own columns; labels=False
gives the table's columns alone. `search_rows` is the site's Chinese search for the terminal.

Every filter becomes a bound parameter of one SELECT; column names only ever come from the
fixed lists below, never from the command line as given.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import TextIO

import sqlite_utils

from .schema import (CLAIM_COLUMNS, CLAIM_FACETS, REVIEW_COLUMNS, STATEMENT_COLUMNS,
                     STATEMENT_FACETS)
from .search import match_expression, search_table


class ExportError(ValueError):
    pass


# A speaker matches by name, English name (any case) or alias.
SPEAKER_MATCH = """{col} in (
  select speakers.id from speakers
  where speakers.name = :speaker or lower(speakers.name_en) = lower(:speaker)
    or exists (select 1 from json_each(case when json_valid(speakers.aliases)
               then speakers.aliases else '[]' end) where json_each.value = :speaker))"""


@dataclass(frozen=True)
class Table:
    columns: list[str]
    facets: list[str]
    text: str  # the column --search looks in
    date: str  # the date --since/--until compare, an SQL expression
    speaker: str  # the speaker column --speaker compares
    verdict: str  # SQL condition for --verdict
    band: str  # SQL condition for --band
    order: str
    arrays: tuple[str, ...] = ("topics",)  # facet columns holding a JSON array of values
    labels: str = ""  # the label columns, SQL select items over `joins`
    joins: str = ""


# The topic names of a row's topics column, Chinese · English, joined by "; "
TOPIC_NAMES = """(select group_concat(coalesce(topics.name_zh || ' · ' || topics.name_en,
  topics.name_en, topics.name_zh, json_each.value), '; ')
  from json_each(case when json_valid({table}.topics) then {table}.topics else '[]' end)
  left join topics on topics.id = json_each.value) as topic_names"""


TABLES = {
    "statements": Table(
        columns=list(STATEMENT_COLUMNS), facets=STATEMENT_FACETS + ["speaker_title", "topics"],
        text="statements.text", date="coalesce(statements.said_on, statements.published)",
        speaker="statements.speaker_id",
        verdict="exists (select 1 from claims where claims.statement_id = statements.id "
                "and claims.verdict = :verdict)",
        band="exists (select 1 from claims where claims.statement_id = statements.id "
             "and claims.band = :band)",
        order="coalesce(statements.said_on, statements.published), statements.article_id, "
              "statements.start",
        labels="speaker.name as speaker_name, speaker.name_en as speaker_name_en, "
               "relay.name as via_name, article.title as article_title, "
               "article.url as article_url, " + TOPIC_NAMES.format(table="statements"),
        joins="left join speakers as speaker on speaker.id = statements.speaker_id "
              "left join speakers as relay on relay.id = statements.via_id "
              "left join articles as article on article.id = statements.article_id"),
    "claims": Table(
        columns=list(CLAIM_COLUMNS), facets=CLAIM_FACETS + ["published", "topics"],
        text="claims.text", date="coalesce(claims.said_on, claims.published)",
        speaker="claims.claimant_id", verdict="claims.verdict = :verdict",
        band="claims.band = :band",
        order="coalesce(claims.said_on, claims.published), claims.article_id, claims.start",
        labels="speaker.name as claimant_name, speaker.name_en as claimant_name_en, "
               "coalesce(statement.speaker_title, speaker.title) as claimant_title, "
               "coalesce(statement.speaker_org, speaker.org) as claimant_org, "
               "article.title as article_title, article.outlet as article_outlet, "
               "article.url as article_url, " + TOPIC_NAMES.format(table="claims"),
        joins="left join speakers as speaker on speaker.id = claims.claimant_id "
              "left join statements as statement on statement.id = claims.statement_id "
              "left join articles as article on article.id = claims.article_id"),
    "reviews": Table(
        columns=list(REVIEW_COLUMNS),
        facets=["claim_id", "article_id", "verdict", "verdict_label", "status", "reviewer",
                "publisher", "origin", "reviewed_on"],
        text="reviews.claim_text", date="reviews.reviewed_on",
        speaker="(select claims.claimant_id from claims where claims.id = reviews.claim_id)",
        verdict="reviews.verdict = :verdict",
        band="(select claims.band from claims where claims.id = reviews.claim_id) = :band",
        order="reviews.reviewed_on, reviews.id",
        labels="speaker.name as claimant_name, article.title as article_title, "
               "article.url as article_url",
        joins="left join claims as claim on claim.id = reviews.claim_id "
              "left join speakers as speaker on speaker.id = claim.claimant_id "
              "left join articles as article on article.id = reviews.article_id"),
}


def parse_where(pairs: list[str] | tuple[str, ...], table: str) -> list[tuple[str, str]]:
    """column=value pairs, each column one of the table's facet columns."""
    spec = TABLES[table]
    parsed = []
    for pair in pairs:
        column, sep, value = pair.partition("=")
        column = column.strip()
        if not sep or not column:
            raise ExportError(f"--where {pair!r}: expected column=value")
        if column not in spec.facets:
            raise ExportError(f"--where {pair!r}: {column} is not a facet column of {table} "
                              f"({', '.join(spec.facets)})")
        parsed.append((column, value))
    return parsed


def export_query(table: str, where: list[tuple[str, str]] = (), search: str | None = None,
                 speaker: str | None = None, since: str | None = None, until: str | None = None,
                 verdict: str | None = None, band: str | None = None,
                 match: str | None = None, labels: bool = True) -> tuple[str, dict]:
    """The SELECT and its parameters for one table and its filters. `search` finds the text
    as typed (a substring); `match` is the site's search (Chinese terms of any length,
    Traditional or Simplified) through the table's search index."""
    if table not in TABLES:
        raise ExportError(f"table {table!r}: choose one of {', '.join(TABLES)}")
    spec = TABLES[table]
    conditions, params = [], {}
    for n, (column, value) in enumerate(where):
        col = f"{table}.[{column}]"
        # An empty value selects the rows where the column is empty, as Datasette's facets do;
        # an array column (topics) matches a row holding the value among its items.
        if column in spec.arrays and value == "":
            conditions.append(f"({col} is null or {col} in ('', '[]'))")
        elif column in spec.arrays:
            conditions.append(f"exists (select 1 from json_each(case when json_valid({col}) "
                              f"then {col} else '[]' end) where json_each.value = :w{n})")
            params[f"w{n}"] = value
        elif value == "":
            conditions.append(f"({col} is null or {col} = '')")
        else:
            conditions.append(f"{col} = :w{n}")
            params[f"w{n}"] = value
    if search:
        conditions.append(f"instr(lower({spec.text}), lower(:search)) > 0")
        params["search"] = search
    if speaker:
        conditions.append(SPEAKER_MATCH.format(col=spec.speaker))
        params["speaker"] = speaker
    # A date known only to the month or year (2024-01, 2024) is compared by its own length.
    if since:
        conditions.append(f"{spec.date} >= substr(:since, 1, length({spec.date}))")
        params["since"] = since
    if until:
        conditions.append(f"{spec.date} <= substr(:until, 1, length({spec.date}))")
        params["until"] = until
    if verdict:
        conditions.append(spec.verdict)
        params["verdict"] = verdict
    if band:
        conditions.append(spec.band)
        params["band"] = band
    if match:
        index = search_table(table)
        conditions.append(f"{table}.rowid in (select rowid from [{index}] where [{index}] "
                          "match :match)")
        params["match"] = match_expression(match)
    columns = ", ".join(f"{table}.[{c}]" for c in spec.columns)
    if labels and spec.labels:
        columns += ", " + spec.labels
    sql = f"select {columns} from {table}"
    if labels and spec.joins:
        sql += " " + spec.joins
    if conditions:
        sql += "\nwhere " + "\n  and ".join(conditions)
    return sql + f"\norder by {spec.order}", params


def export_csv(db: sqlite_utils.Database, table: str, out: TextIO, **filters) -> int:
    """Write the table's rows that pass the filters as CSV (header first); the row count."""
    sql, params = export_query(table, **filters)
    match = filters.get("match")
    if table not in db.table_names():
        raise ExportError(f"the database has no {table} table: run `quotecheck build` first")
    if match and search_table(table) not in db.table_names():
        raise ExportError(f"the database has no {search_table(table)} index: run "
                          "`quotecheck build` first")
    cursor = db.execute(sql, params)
    writer = csv.writer(out)
    writer.writerow([d[0] for d in cursor.description])
    count = 0
    for row in cursor:
        writer.writerow(row)
        count += 1
    return count



SEARCH_SQL = {
    "statements": """
        select 'statement' as kind, statements.id, statements.said_on as date,
          speakers.name as who, statements.text, articles.title as article, articles.url
        from hits join statements on statements.rowid = hits.rowid
          left join speakers on speakers.id = statements.speaker_id
          left join articles on articles.id = statements.article_id""",
    "claims": """
        select 'claim' as kind, claims.id, coalesce(claims.said_on, claims.published) as date,
          speakers.name as who, claims.text, articles.title as article, articles.url,
          claims.verdict
        from hits join claims on claims.rowid = hits.rowid
          left join speakers on speakers.id = claims.claimant_id
          left join articles on articles.id = claims.article_id""",
    "articles": """
        select 'article' as kind, articles.id, articles.published as date,
          articles.outlet as who, articles.title as text, articles.title as article, articles.url
        from hits join articles on articles.rowid = hits.rowid""",
}


def search_rows(db: sqlite_utils.Database, term: str, tables=("statements", "claims", "articles"),
                limit: int | None = 20) -> dict[str, tuple[int, list[dict]]]:
    """The site's search (Chinese terms of any length, Traditional or Simplified, English
    words) over each table: {table: (number of matches, the best `limit` rows, ranked)}."""
    match = match_expression(term)
    found = {}
    for table in tables:
        index = search_table(table)
        if index not in db.table_names():
            raise ExportError(f"the database has no {index} index: run `quotecheck build` first")
        count = db.execute(f"select count(*) from [{index}] where [{index}] match ?",
                           [match]).fetchone()[0]
        sql = (f"with hits as (select rowid, bm25([{index}]) as score from [{index}] "
               f"where [{index}] match :match order by score, rowid"
               + (" limit :limit" if limit else "") + ")"
               + SEARCH_SQL[table] + " order by hits.score, hits.rowid")
        rows = [dict(row) for row in db.query(sql, {"match": match, "limit": limit})]
        found[table] = (count, rows)
    return found
