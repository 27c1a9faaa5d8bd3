"""The build's derived steps, after ingesting: topics, repeats, quote checks, reviews, verdicts.

They run in this order because each reads what the one before wrote: verdicts are inherited
along claim links, so repeats come first; reviews resolve against the claims as they are now.

Topics, repeats and quote checks read every statement and claim (about a minute for the two
Chinese corpora), so they are skipped when nothing they read has changed since they last ran:
the statements and claims (the change counters of db/facet_counts.py, row counts, max
rowids), the taxonomy and the code of those steps. Reviews and verdicts are cheap and always
run: review files are not tracked by any counter.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import sqlite_utils

from tqdm import tqdm

from .text import stable_id

from .facet_counts import STAMPS, ensure_change_counters, table_stamp
from .quotes import save_quote_checks
from .repeats import save_repeats
from .claimreview import load_reviews
from .reviews import apply_verdicts
from .schema import ensure_tables
from .topics import save_topics

DERIVED_STAMPS = "derived_stamps"
# The modules whose results the stamp stands for: a change to their code runs them again.
STEP_CODE = stable_id(*(Path(__file__).with_name(name).read_bytes()
                        for name in ("topics.py", "repeats.py", "quotes.py")))


def progress(items: list, quiet: bool, label: str, unit: str):
    """A bar on a terminal; nothing with --quiet, in CI or when output is not a terminal."""
    disable = quiet or bool(os.environ.get("CI")) or not sys.stderr.isatty()
    return tqdm(items, desc=label, unit=unit, disable=disable, leave=False)


def derived_inputs(db: sqlite_utils.Database, taxonomy) -> str | None:
    """What topics, repeats and quote checks read, as one string; None when it can't be told."""
    changes = dict(db.execute(f"select table_name, changes from {STAMPS}").fetchall())
    if not {"statements", "claims"} <= set(changes):
        return None
    return json.dumps([[changes[t], *table_stamp(db, t)] for t in ("statements", "claims")]
                      + [stable_id(repr(taxonomy.topics)), STEP_CODE])


def _stored_inputs(db: sqlite_utils.Database) -> str | None:
    if DERIVED_STAMPS not in db.table_names():
        return None
    row = db.execute(f"select inputs from {DERIVED_STAMPS} where id = 1").fetchone()
    return row[0] if row else None


def refresh_derived(db: sqlite_utils.Database, reviews_dir: str | Path,
                    taxonomy, report_missing: bool = True, quiet: bool = True) -> list[str]:
    """Topic tags (of `taxonomy`: anything with `topics`, `ids` and `tag(text)`, as
    ingest/topics.py's Taxonomy), claim links and repeat groups, quote checks, the review files of `reviews_dir` and the verdicts they give
    claims. Returns the warnings (unresolved or unreadable reviews; with
    report_missing=False, none for reviews of articles the database does not hold).
    A bar names the step on a terminal unless `quiet`."""
    ensure_tables(db)
    ensure_change_counters(db)
    warnings: list[str] = []
    inputs = derived_inputs(db, taxonomy)
    steps = []
    if inputs is None or inputs != _stored_inputs(db):
        steps = [
            # Tagged here, not at extraction: editing the taxonomy retags without re-extracting.
            ("topics", lambda: save_topics(db, taxonomy)),
            ("repeated claims", lambda: save_repeats(db)),
            ("quote checks", lambda: save_quote_checks(db)),
        ]
    steps += [
        ("reviews", lambda: warnings.extend(load_reviews(db, Path(reviews_dir), report_missing))),
        ("verdicts", lambda: apply_verdicts(db)),
    ]
    bar = progress(steps, quiet, "deriving", unit="step")
    for name, step in bar:
        bar.set_postfix_str(name)
        step()
    # Stamped after every step: the steps' own writes (topics, groups, verdicts) are part of
    # the state the next run compares against.
    after = derived_inputs(db, taxonomy)
    if after is not None:
        db[DERIVED_STAMPS].upsert({"id": 1, "inputs": after}, pk="id")
    return warnings
