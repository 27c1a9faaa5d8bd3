"""The build's derived steps, after ingesting: topics, repeats, quote checks, reviews, verdicts.

They run in this order because each reads what the one before wrote: verdicts are inherited
along claim links, so repeats come first; reviews resolve against the claims as they are now.
"""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ingest.pipeline import progress
from ingest.topics import Taxonomy

from .quotes import save_quote_checks
from .repeats import save_repeats
from .reviews import apply_verdicts, load_reviews
from .schema import ensure_tables
from .topics import save_topics


def refresh_derived(db: sqlite_utils.Database, reviews_dir: str | Path,
                    report_missing: bool = True, taxonomy: Taxonomy | None = None,
                    quiet: bool = True) -> list[str]:
    """Topic tags (registries/topics.yml unless `taxonomy` is given), claim links and repeat
    groups, quote checks, the review files of `reviews_dir` and the verdicts they give
    claims. Returns the warnings (unresolved or unreadable reviews; with
    report_missing=False, none for reviews of articles the database does not hold).
    A bar names the step on a terminal unless `quiet`."""
    ensure_tables(db)
    taxonomy = taxonomy or Taxonomy.load()
    warnings: list[str] = []
    steps = [
        # Tagged here, not at extraction: editing the taxonomy retags without re-extracting.
        ("topics", lambda: save_topics(db, taxonomy)),
        ("repeated claims", lambda: save_repeats(db)),
        ("quote checks", lambda: save_quote_checks(db)),
        ("reviews", lambda: warnings.extend(load_reviews(db, Path(reviews_dir), report_missing))),
        ("verdicts", lambda: apply_verdicts(db)),
    ]
    bar = progress(steps, quiet, "deriving", unit="step")
    for name, step in bar:
        bar.set_postfix_str(name)
        step()
    return warnings
