"""Facets of a search with many matches, counted from a stated sample of its matches.

Counting a searched page's facets reads every match's row: a term in 6% of ten million
statements is 630,000 rows, several seconds, past Datasette's time limit. Above SAMPLE_ROWS
matches the facets count a sample of about SAMPLE_ROWS of them instead, and the page says so.

The sample is every match whose rowid hashes below a cut (Knuth's multiplicative hash, mod
2^32): chosen inside the search index before any row is read, the same rows on every view,
and unrelated to what a row says or when it was stored. Each value's count is scaled to the
page's exact count of matches: count in the sample × matches / rows in the sample. A value
seen in few sampled rows is estimated loosely (10,000 sampled rows: about ±10% at 1% of the
matches, ±3% at 10%).
"""
from __future__ import annotations

import re

SAMPLE_ROWS = 10_000
HASH = "((rowid * 2654435761) % 4294967296)"
RANGE = 4294967296
CUT_PARAM = "_qc_sample_cut"

# How Datasette's search filter writes a page's search (datasette/filters.py), our FTS tables
SEARCH_CLAUSE = re.compile(
    r"rowid in \(select rowid from (?P<fts>\w+) where (?P=fts) match :(?P<param>search(?:_\d+)?)\)"
)


def sampled(sql: str, matches: int | None) -> tuple[str, dict] | None:
    """`sql` (a page's SQL with one search clause) keeping only the sample of its matches,
    and the parameter of the cut; None when every match is to be counted (few matches, an
    unknown count, or SQL of another shape)."""
    if matches is None or matches <= SAMPLE_ROWS:
        return None
    clauses = SEARCH_CLAUSE.findall(sql)
    if len(clauses) != 1:
        return None
    cut = RANGE * SAMPLE_ROWS // matches
    return SEARCH_CLAUSE.sub(
        lambda m: (f"rowid in (select rowid from {m['fts']} where {m['fts']} match "
                   f":{m['param']} and {HASH} < :{CUT_PARAM})"), sql), {CUT_PARAM: cut}


def estimate(count: int, sample_rows: int, matches: int) -> int:
    """A value's count among all matches, from its count among the sampled rows."""
    return round(count * matches / sample_rows) if sample_rows else 0
