"""What one article costs the derived data of a large database: each derived step after
ingesting one new or changed article, by what changed, against the same steps over every
row (what any write cost before the change log, and what `full=True` still does), in one run.

    .venv/bin/python benchmarks/incremental.py --db FILE [--work DIR] [--in-place] [--keep UP_TO_DATE]

FILE: a database of the real build's shape, e.g. the 1,000,000 statements `benchmarks/serve.py
--statements 1000000 --keep FILE` builds. It is copied into --work (default: next to FILE) and
the copy is used, unless --in-place. The copy's derived data is first brought up to date (a
full pass when the database has never been derived with the change log: not timed); with
--keep, the copy is made once, kept up to date, and each run starts from a copy of it. Then:

  new news item       one item of <shared>/corpus/peoples-daily-zh (the bundled Markdown
                      article, renamed, when the corpus is absent)
  new transcript      an MFA press conference of the database under another URL
  changed transcript  that press conference with one answer edited, ingested again

After each ingest the steps run as `quotecheck ingest` runs them (db/derive.refresh_derived,
then db/schema.ensure_db_shape) and each is timed. Then every step runs over every row
(topics, repeats and quote checks from scratch, facet and monthly counts recounted) and the
derived tables are compared with those the updates left: they must be the same rows.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

import quotecheck.db.derive as derive  # noqa: E402
import quotecheck.db.quotes as quotes  # noqa: E402
import quotecheck.db.schema as schema  # noqa: E402
from quotecheck.build import ingest_paths  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402
from quotecheck.ingest.topics import Taxonomy  # noqa: E402
from quotecheck.site_folder import SPEAKERS, TOPICS, Site  # noqa: E402

# Derived tables (and the derived columns of statements and claims) compared at the end.
DERIVED = {
    "statements": "id, topics", "claims": "id, topics, repeat_group, repeats, match_status, "
                                          "verdict, verdict_status, review_id",
    "topics": "*", "claim_links": "*", "quote_checks": "*", "quote_turn_speakers": "*",
    "facet_counts": "*", "monthly_counts": "*", "speaker_monthly_counts": "*",
    "speaker_topic_monthly_counts": "*",
}
# The functions refresh_derived and ensure_db_shape call, timed under these names.
TIMED = [(derive, "update_topics", "topics"), (derive, "save_topics", "topics"),
         (derive, "save_repeats", "repeats"), (derive, "update_repeats", "repeats"),
         (derive, "update_quote_checks", "quote checks"),
         (derive, "save_quote_checks", "quote checks"),
         (derive, "load_reviews", "reviews"), (derive, "apply_verdicts", "verdicts"),
         (schema, "ensure_facet_copies", "facet copies"), (schema, "ensure_search", "search"),
         (schema, "save_facet_counts", "facet counts"),
         (schema, "save_monthly_counts", "monthly counts")]
STEP_ORDER = ["topics", "repeats", "quote checks", "reviews", "verdicts", "facet copies",
              "search", "facet counts", "monthly counts"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the large database")
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the working copy (default: FILE's folder)")
    parser.add_argument("--in-place", action="store_true", help="use FILE itself, no copy")
    parser.add_argument("--keep", type=Path, default=None, metavar="UP_TO_DATE",
                        help="keep a copy of FILE with its derived data up to date at "
                             "UP_TO_DATE (made on the first run, a full pass; brought up to "
                             "date again when the code of the steps changed) and start each "
                             "run from a copy of it")
    parser.add_argument("--no-full", action="store_true",
                        help="skip the passes over every row and the comparison")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--estimate-full-quote-checks", type=int, default=0, metavar="N",
                        help="do not run the full quote check pass (over an hour at a million "
                             "statements): start from no checks, with the speakers who have "
                             "turns read from every statement, and estimate the full pass from "
                             "the reading time and N news statements checked")
    return parser.parse_args(argv)


class Timer:
    """Seconds spent in each timed function, by step name, while `recording`."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        for module, name, step in TIMED:
            setattr(module, name, self._wrap(getattr(module, name), step))

    def _wrap(self, fn, step):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - start
        return timed

    @contextmanager
    def recording(self):
        self.seconds = {}
        yield self.seconds


def new_article(shared: Path, folder: Path) -> Path:
    items = shared / "corpus" / "peoples-daily-zh" / "items.jsonl"
    if items.is_file():
        with items.open(encoding="utf-8") as f:
            for line in f:
                if "说" in line and "“" in line:
                    path = folder / "new-article.jsonl"
                    path.write_text(line, encoding="utf-8")
                    return path
    path = folder / "new-article.md"
    text = (ROOT / "articles" / "000_38f35daf7d300dd1.md").read_text(encoding="utf-8")
    path.write_text(text.replace("id: shenzhen-tv", "id: bench-new-shenzhen-tv"), encoding="utf-8")
    return path


def new_transcript(db: sqlite_utils.Database, folder: Path) -> Path:
    """A stored MFA press conference under another URL (so a new article), or the bundled one."""
    row = db.execute("select source from articles where source like '%mfa%.html' "
                     "order by statement_count desc limit 1 offset 100").fetchone() or \
        db.execute("select source from articles where source like '%mfa%.html' "
                   "order by statement_count desc limit 1").fetchone()
    source = Path(row[0]) if row else ROOT / "articles" / "mfa" / "60.html"
    text = source.read_text(encoding="utf-8")
    assert "mfa.gov.cn/web/" in text, source
    path = folder / f"new-{source.name}"
    # A URL of this run's own: the article is new however often the benchmark ran.
    mark = f"mfa.gov.cn/bench-{time.time_ns()}/"
    path.write_text(text.replace("mfa.gov.cn/web/", mark), encoding="utf-8")
    return path


def changed_transcript(folder: Path) -> Path:
    """The new press conference again, one of its answers edited: stored again."""
    path = next(folder.glob("new-*.html"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("中方", "中国方面", 1), encoding="utf-8")
    return path


def seed_quote_checks(db) -> dict:
    """In place of the full pass: no checks yet, the speakers with turns as they are."""
    found = quotes.read_statements(db)
    with db.atomic():
        db.execute("delete from quote_checks")
        db.execute(quotes.CREATE_TURN_SPEAKERS)
        db.execute(f"delete from {quotes.TURN_SPEAKERS}")
        db.conn.executemany(f"insert into {quotes.TURN_SPEAKERS} values (?)",
                            [(s,) for s in sorted(found.turn_speakers)])
    return {}


def estimate_full_quote_checks(db, sample: int) -> float:
    """Seconds the full pass would take: reading every statement, then checking every news
    statement at the rate of `sample` of them chosen at random."""
    start = time.perf_counter()
    found = quotes.read_statements(db)
    reading = time.perf_counter() - start
    chosen = random.Random(1).sample(found.news, min(sample, len(found.news)))
    start = time.perf_counter()
    for statement in chosen:
        quotes.checked_row(statement, found.by_day, found.turn_speakers, found.transcript_days)
    checking = (time.perf_counter() - start) / max(len(chosen), 1) * len(found.news)
    print(f"full quote checks, estimated: reading {reading:.1f} s + checking "
          f"{len(found.news):,} news statements at the rate of {len(chosen)}: {checking:.0f} s")
    return reading + checking


def derive_all(db, taxonomy, full: bool = False) -> float:
    start = time.perf_counter()
    derive.refresh_derived(db, ROOT / "reviews", taxonomy, report_missing=False, full=full)
    schema.ensure_db_shape(db)
    return time.perf_counter() - start


def snapshot(db) -> dict[str, list]:
    return {table: sorted(db.execute(f"select {columns} from [{table}]").fetchall(), key=repr)
            for table, columns in DERIVED.items()}


def main(argv=None) -> None:
    args = parse_args(argv)
    taxonomy = Taxonomy.load(Site().file(TOPICS))
    registry = load_registry(Site().file(SPEAKERS))
    estimate = args.estimate_full_quote_checks
    if estimate:
        full_quote_checks, derive.save_quote_checks = derive.save_quote_checks, seed_quote_checks
    source = args.db
    if args.keep:
        if not args.keep.exists():
            print(f"copying {args.db} to {args.keep} ...", file=sys.stderr)
            shutil.copyfile(args.db, args.keep)
        kept = sqlite_utils.Database(args.keep)
        print(f"bringing {args.keep.name} up to date (not timed): "
              f"{derive_all(kept, taxonomy):.1f} s", file=sys.stderr)
        kept.close()
        source = args.keep
    if args.in_place:
        path = source
    else:
        work = args.work or args.db.parent
        path = work / f"{args.db.stem}-incremental{args.db.suffix}"
        print(f"copying {source} to {path} ...", file=sys.stderr)
        shutil.copyfile(source, path)
    db = sqlite_utils.Database(path)
    timer = Timer()
    counts = db.execute("select (select count(*) from statements), (select count(*) from claims), "
                        "(select count(*) from articles)").fetchone()
    print(f"database: {path.name}, {counts[0]:,} statements, {counts[1]:,} claims, "
          f"{counts[2]:,} articles")
    print(f"bringing the derived data up to date first: {derive_all(db, taxonomy):.1f} s")
    if estimate:
        DERIVED.pop("quote_checks")  # not comparable: started from no checks

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, make in (("new news item", lambda: new_article(args.shared, folder)),
                            ("new transcript", lambda: new_transcript(db, folder)),
                            ("changed transcript", lambda: changed_transcript(folder))):
            file = make()
            start = time.perf_counter()
            report = ingest_paths(db, [str(file)], registry, quiet=True)
            ingest_seconds = time.perf_counter() - start
            with timer.recording() as seconds:
                total = derive_all(db, taxonomy)
            results[label] = (dict(seconds), total)
            print(f"{label}: {file.name}, {dict(report.outcomes)}, {report.statements} "
                  f"statements; ingest {ingest_seconds:.2f} s; derived data {total:.2f} s: "
                  + ", ".join(f"{k} {v:.2f}" for k, v in seconds.items()), flush=True)
    if args.no_full:
        print_table(results, {}, 0.0)
        return
    after_updates = snapshot(db)

    with timer.recording() as seconds:
        start = time.perf_counter()
        derive.refresh_derived(db, ROOT / "reviews", taxonomy, report_missing=False, full=True)
        schema.ensure_facet_copies(db)
        schema.ensure_search(db)
        schema.save_facet_counts(db, force=True)
        schema.save_monthly_counts(db, force=True)
        full_total = time.perf_counter() - start
    full = dict(seconds)
    if estimate:
        full["quote checks"] = estimate_full_quote_checks(db, estimate)
        full_total += full["quote checks"]
        derive.save_quote_checks = full_quote_checks
    same = snapshot(db) == after_updates

    print_table(results, full, full_total)
    print()
    print(f"derived tables ({', '.join(DERIVED)}) after the updates equal a full recompute: "
          f"{'yes' if same else 'NO'}")
    print(json.dumps({"results": results, "full": full, "full_total": full_total, "same": same}),
          file=sys.stderr)
    db.close()
    if not same:
        sys.exit(1)


def print_table(results: dict, full: dict, full_total: float) -> None:
    names = list(results)
    print()
    print("| step | " + " | ".join(f"{n}: by what changed" for n in names)
          + " | every row (before) |")
    print("|---|" + "---:|" * (len(names) + 1))
    for step in STEP_ORDER:
        cells = [f"{results[n][0].get(step, 0.0):.3f} s" for n in names]
        print(f"| {step} | " + " | ".join(cells) + f" | {full.get(step, 0.0):.3f} s |")
    print("| **all derived data** | " + " | ".join(f"**{results[n][1]:.2f} s**" for n in names)
          + f" | **{full_total:.2f} s** |")


if __name__ == "__main__":
    main()
