"""CSV export of statements, claims and reviews, with the filters a reader has in Datasette:
facet column = value, a search term, a speaker, a date range, a verdict and a band.

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
              "statements.start"),
    "claims": Table(
        columns=list(CLAIM_COLUMNS), facets=CLAIM_FACETS + ["published", "topics"],
        text="claims.text", date="coalesce(claims.said_on, claims.published)",
        speaker="claims.claimant_id", verdict="claims.verdict = :verdict",
        band="claims.band = :band",
        order="coalesce(claims.said_on, claims.published), claims.article_id, claims.start"),
    "reviews": Table(
        columns=list(REVIEW_COLUMNS),
        facets=["claim_id", "article_id", "verdict", "verdict_label", "status", "reviewer",
                "publisher", "origin", "reviewed_on"],
        text="reviews.claim_text", date="reviews.reviewed_on",
        speaker="(select claims.claimant_id from claims where claims.id = reviews.claim_id)",
        verdict="reviews.verdict = :verdict",
        band="(select claims.band from claims where claims.id = reviews.claim_id) = :band",
        order="reviews.reviewed_on, reviews.id"),
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
                 verdict: str | None = None, band: str | None = None) -> tuple[str, dict]:
    """The SELECT and its parameters for one table and its filters."""
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
    columns = ", ".join(f"{table}.[{c}]" for c in spec.columns)
    sql = f"select {columns} from {table}"
    if conditions:
        sql += "\nwhere " + "\n  and ".join(conditions)
    return sql + f"\norder by {spec.order}", params


def export_csv(db: sqlite_utils.Database, table: str, out: TextIO, **filters) -> int:
    """Write the table's rows that pass the filters as CSV (header first); the row count."""
    sql, params = export_query(table, **filters)
    if table not in db.table_names():
        raise ExportError(f"the database has no {table} table: run `quotecheck build` first")
    cursor = db.execute(sql, params)
    writer = csv.writer(out)
    writer.writerow([d[0] for d in cursor.description])
    count = 0
    for row in cursor:
        writer.writerow(row)
        count += 1
    return count

