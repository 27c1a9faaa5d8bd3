"""The build's derived steps, after ingesting: topics, repeats, quote checks, reviews, verdicts.

They run in this order because each reads what the one before wrote: verdicts are inherited
along repeat groups, so repeats come first; reviews resolve against the claims as they are now.
"""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ingest.topics import Taxonomy

from .quotes import save_quote_checks
from .repeats import save_repeats
from .reviews import apply_verdicts, load_reviews
from .schema import ensure_tables
from .topics import save_topics


def refresh_derived(db: sqlite_utils.Database, reviews_dir: str | Path,
                    report_missing: bool = True, topics_path: str | Path | None = None) -> list[str]:
    """Topic tags (registries/topics.yml unless `topics_path`), claim links and repeat
    groups, quote checks, the review files of `reviews_dir` and the verdicts they give
    claims. Returns the warnings (unresolved or unreadable reviews;
    with report_missing=False, none for reviews of articles the database does not hold)."""
    ensure_tables(db)
    # Tagged here, not at extraction: editing the taxonomy retags without re-extracting.
    save_topics(db, Taxonomy.load(topics_path))
    save_repeats(db)
    save_quote_checks(db)
    warnings = load_reviews(db, Path(reviews_dir), report_missing)
    apply_verdicts(db)
    return warnings
