"""The build's derived steps, after ingesting: topics, repeats, quote checks, reviews, verdicts.

They run in this order because each reads what the one before wrote: verdicts are inherited
along claim links, so repeats come first; reviews resolve against the claims as they are now.

Topics, repeats and quote checks each keep their place in the change log (db/changes.py) and
look only at what changed since they last ran: topics tag the changed statements and claims
again, quote checks look again at the news statements a changed statement can reach, repeats
match the changed claims' texts against the stored LSH index (db/repeat_index.py) and group
again the linked claims around them. Nothing changed, nothing runs. A change of the taxonomy
or of these steps' code, or `full=True`, makes all three read every row, as does a database
they have not run on. Reviews and verdicts always run (review files are not tracked by the
log), and cost little: verdicts read only the claims that hold or should hold one.
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from tqdm import tqdm

from .text import stable_id

from .changes import changes_since, ensure_change_log, forget, take_in, touched
from .facet_counts import ensure_change_counters
from .quotes import save_quote_checks, update_quote_checks
from .repeat_index import save_repeats, update_repeats
from .claimreview import load_reviews
from .reviews import apply_verdicts
from .schema import ensure_tables
from .topics import save_topics, update_topics

DERIVED_STAMPS = "derived_stamps"
# The modules whose results the stamp stands for: a change to their code runs them again.
STEP_CODE = stable_id(*(Path(__file__).with_name(name).read_bytes()
                        for name in ("topics.py", "repeats.py", "repeat_index.py",
                                     "quotes.py")))
# Each step's place in the change log, and the tables it follows.
TOPICS, REPEATS, QUOTES = "topics", "repeated claims", "quote checks"
FOLLOWS = {TOPICS: ("statements", "claims"), REPEATS: ("claims",),
           QUOTES: ("statements", "speakers")}


def progress(items: list, quiet: bool, label: str, unit: str):
    """A bar on a terminal; nothing with --quiet, in CI or when output is not a terminal."""
    disable = quiet or bool(os.environ.get("CI")) or not sys.stderr.isatty()
    return tqdm(items, desc=label, unit=unit, disable=disable, leave=False)


def derived_inputs(taxonomy) -> str:
    """What the three steps' results depend on besides the rows: the taxonomy and their code."""
    return json.dumps([stable_id(repr(taxonomy.topics)), STEP_CODE])


def _stored_inputs(db: sqlite_utils.Database) -> str | None:
    if DERIVED_STAMPS not in db.table_names():
        return None
    row = db.execute(f"select inputs from {DERIVED_STAMPS} where id = 1").fetchone()
    return row[0] if row else None


def _claims_changed(db: sqlite_utils.Database, changes) -> bool:
    """A claim's text came, went or changed, or another tool changed what repeats write."""
    return touched(db, changes, "claims", ("repeat_group", "repeats", "match_status"))


def _tagged_changed(db: sqlite_utils.Database, changes) -> bool:
    """A statement or claim came, went or changed text, or another tool changed its topics."""
    return any(touched(db, changes, table, ("topics",)) for table in FOLLOWS[TOPICS]
               if table in db.table_names())


def _quoted_changed(changes) -> bool:
    """A statement's text, ids, speaker or dates, or a speaker (not only topics)."""
    return bool(changes.of("speakers")) or \
        any(slot.content for slot in changes.of("statements").values())


def run_step(db: sqlite_utils.Database, step: str, everything, changed, needed=bool) -> str:
    """`everything()` when the step has no usable place in the change log, `changed(changes)`
    when `needed(changes)`; then the step is up to date. Says which ran: 'all', 'changed' or
    'none'."""
    with db.atomic():
        changes = changes_since(db, step, FOLLOWS[step])
        if changes is None:
            everything()
            ran = "all"
        elif needed(changes):
            changed(changes)
            ran = "changed"
        else:
            ran = "none"
        take_in(db, step)
    return ran


def refresh_derived(db: sqlite_utils.Database, reviews_dir: str | Path,
                    taxonomy, report_missing: bool = True, quiet: bool = True,
                    full: bool = False) -> list[str]:
    """Topic tags (of `taxonomy`: anything with `topics`, `ids` and `tag(text)`, as
    ingest/topics.py's Taxonomy), claim links and repeat groups, quote checks, the review files
    of `reviews_dir` and the verdicts they give claims. Returns the warnings (unresolved or
    unreadable reviews; with report_missing=False, none for reviews of articles the database
    does not hold). With `full`, topics, repeats and quote checks read every row.
    A bar names the step on a terminal unless `quiet`."""
    with larger_cache(db):
        return _refresh_derived(db, reviews_dir, taxonomy, report_missing, quiet, full)


# Page cache while the steps run. They read and write the same index pages (the repeats
# index's buckets, the link graph, the statements of a few days) again and again in one
# transaction: with SQLite's default of 2 MB, 125 pages of 16 KB, dirty pages spilled and
# were read back, and one press conference's repeats took 1.4-1.5 s instead of 0.9-1.1 s
# (benchmarks/incremental.py at a million statements). Only pages read take memory.
CACHE_KIB = 256 * 1024


@contextmanager
def larger_cache(db: sqlite_utils.Database):
    """The connection's page cache at least CACHE_KIB while inside, as it was after."""
    before = db.execute("pragma cache_size").fetchone()[0]
    page_kib = db.execute("pragma page_size").fetchone()[0] / 1024
    kib = -before if before < 0 else before * page_kib
    if kib < CACHE_KIB:
        db.execute(f"pragma cache_size = -{CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"pragma cache_size = {before}")


def _refresh_derived(db: sqlite_utils.Database, reviews_dir, taxonomy, report_missing: bool,
                     quiet: bool, full: bool) -> list[str]:
    ensure_tables(db)
    ensure_change_counters(db)
    ensure_change_log(db)
    warnings: list[str] = []
    inputs = derived_inputs(taxonomy)
    if full or inputs != _stored_inputs(db):
        with db.atomic():
            for step in FOLLOWS:
                forget(db, step)
    steps = [
        # Tagged here, not at extraction: editing the taxonomy retags without re-extracting.
        (TOPICS, lambda: run_step(db, TOPICS, lambda: save_topics(db, taxonomy),
                                  lambda changes: update_topics(db, taxonomy, changes),
                                  needed=lambda changes: _tagged_changed(db, changes))),
        (REPEATS, lambda: run_step(db, REPEATS, lambda: save_repeats(db),
                                   lambda changes: update_repeats(db, changes),
                                   needed=lambda changes: _claims_changed(db, changes))),
        (QUOTES, lambda: run_step(db, QUOTES, lambda: save_quote_checks(db),
                                  lambda changes: update_quote_checks(db, changes),
                                  needed=_quoted_changed)),
        ("reviews", lambda: warnings.extend(load_reviews(db, Path(reviews_dir), report_missing))),
        ("verdicts", lambda: apply_verdicts(db)),
    ]
    bar = progress(steps, quiet, "deriving", unit="step")
    for name, step in bar:
        bar.set_postfix_str(name)
        step()
    # The later steps' writes (groups, verdicts) are nothing the earlier ones read: they look
    # again and find nothing, so the next run starts from an empty log.
    for name, step in steps[:3]:
        step()
    db[DERIVED_STAMPS].upsert({"id": 1, "inputs": inputs}, pk="id")
    return warnings
