"""Ingest throughput on the shared corpus, with one and with two workers, against the floor
of only reading the files and against the baseline of issue 12.

    .venv/bin/python benchmarks/ingest.py [--shared ../shared] [--db PATH] [--limit N]
                                          [--workers N] [--no-trace]

Reads every file of <shared>/corpus/mfa-press-zh/raw and <shared>/corpus/xinwenlianbo-zh/news
and, in one run:

1. the floor: `read_articles` on each file (decoding, HTML/JSON/Markdown parsing, cleaning),
   no extraction and no database, in this process;
2. a full ingest into a fresh database with one worker, through the functions `quotecheck
   ingest` uses (`ingest_paths` and `ensure_db_shape`);
3. right after it, a full ingest into another fresh database with --workers N (default 2),
   which must store the same rows (compared by a digest of every row of articles,
   statements, claims, speakers), with the CPU seconds of both;
4. the derived steps `quotecheck ingest` runs after the ingest (topics, repeats, quote
   checks, reviews: `refresh_derived`), timed on their own;
5. the same ingest again, which must find every article unchanged.

It prints characters per second with one and with N workers and their ratios: N workers
against one, each against the floor, and one worker against the 54,200 characters/s of
issue 12's baseline (the same files, one core, before the workers read their own files).
That figure was taken on a quiet machine; with --baseline DIR (a checkout of earlier code
with its own .venv, e.g. /work/main) the same one-worker ingest also runs on that code, in
a separate process of the same run, and the ratio to it is printed too.

Timings exclude start-up (the first file is read and extracted once before the clock
starts). Peak memory: the process's maximum resident set size (getrusage) after the full
ingest, and tracemalloc's peak of Python allocations, taken in a last, separate ingest into
a throwaway database because tracing slows Python down two- to threefold.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import subprocess
import os
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from quotecheck.db.schema import ensure_db_shape  # noqa: E402
from quotecheck.build import ingest_paths  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402
from quotecheck.ingest.readers import ReadError, iter_input_files, read_articles  # noqa: E402
from quotecheck.site_folder import SPEAKERS, Site  # noqa: E402

SHOW_ERRORS = 20  # failing files listed one by one; the rest are counted
# Issue 12's figure for these files, one core: end-to-end characters per second.
ISSUE_BASELINE_CHARS_PER_S = 54_200
CORPORA = ("corpus/mfa-press-zh/raw", "corpus/xinwenlianbo-zh/news")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder (default: %(default)s)")
    parser.add_argument("--db", type=Path, default=None,
                        help="database file to create (default: a temporary file); "
                             "an existing file is replaced")
    parser.add_argument("--no-trace", dest="trace", action="store_false",
                        help="skip the extra tracemalloc ingest (peak Python memory)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="only the first N files of each corpus")
    parser.add_argument("--workers", type=int, default=2, metavar="N",
                        help="also time a fresh ingest with N worker processes "
                             "(default: %(default)s; 1 to skip it)")
    parser.add_argument("--baseline", type=Path, default=None, metavar="DIR",
                        help="also time the one-worker ingest on the code of DIR (a checkout "
                             "with its own .venv), in a separate process")
    parser.add_argument("--one-ingest", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def input_files(shared: Path, limit: int | None) -> list[str]:
    files = []
    for corpus in CORPORA:
        folder = shared / corpus
        if not folder.is_dir():
            sys.exit(f"error: {folder} is not a directory (use --shared)")
        found = list(iter_input_files([str(folder)]))
        files += found[:limit] if limit is not None else found
    return files


def floor(files: list[str]) -> tuple[float, int, int, list[tuple[str, str]]]:
    """Seconds to read and parse every file; articles, characters and read errors."""
    articles = chars = 0
    errors = []
    start = time.perf_counter()
    for path in files:
        try:
            found = read_articles(path)
        except ReadError as err:
            errors.append((err.path, err.reason))
            continue
        articles += len(found)
        chars += sum(len(a.body) for a in found)
    return time.perf_counter() - start, articles, chars, errors


def cpu_seconds() -> tuple[float, float]:
    """User + system CPU seconds of this process, and of its ended children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def ingest(db_path: Path, files: list[str], registry, workers: int = 1, cpu: list | None = None):
    """One ingest as `quotecheck ingest --quiet --workers N` does it: (seconds, report);
    its CPU seconds (this process, the workers) appended to `cpu` when given."""
    start, cpu_start = time.perf_counter(), cpu_seconds()
    db = sqlite_utils.Database(db_path)
    report = ingest_paths(db, files, registry, quiet=True, workers=workers)
    ensure_db_shape(db)
    db.close()
    if cpu is not None:
        cpu.append(tuple(b - a for a, b in zip(cpu_start, cpu_seconds())))
    return time.perf_counter() - start, report


def baseline_ingest(checkout: Path, shared: Path, limit: int | None) -> dict:
    """The one-worker ingest of the same files on the code of `checkout`, run by its own
    interpreter (whose `quotecheck` is that checkout): seconds and statements."""
    python = checkout / ".venv" / "bin" / "python"
    if not python.exists():
        sys.exit(f"error: {python} not found (--baseline needs a checkout with its own .venv)")
    out = subprocess.run([str(python), __file__, "--one-ingest", "--shared", str(shared),
                          *(["--limit", str(limit)] if limit is not None else [])],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_ingest(args) -> int:
    """--one-ingest: warm up, time one fresh one-worker ingest, print it as JSON."""
    files = input_files(args.shared.resolve(), args.limit)
    registry = load_registry(Site().file(SPEAKERS))
    warm_up(files, registry)
    with tempfile.TemporaryDirectory(prefix="quotecheck-bench-baseline-") as folder:
        seconds, report = ingest(Path(folder) / "quotecheck.db", files, registry)
        rows = rows_digest(Path(folder) / "quotecheck.db")
    print(json.dumps({"seconds": seconds, "statements": report.statements, "rows": rows,
                      "code": str(Path(sys.modules["quotecheck.build"].__file__).parent)}))
    return 0


def derived_steps(db_path: Path) -> float:
    """Seconds of the steps `quotecheck ingest` runs after the articles are stored."""
    from quotecheck.db.derive import refresh_derived
    from quotecheck.ingest.topics import Taxonomy
    from quotecheck.site_folder import REVIEWS, TOPICS

    site = Site()
    start = time.perf_counter()
    db = sqlite_utils.Database(db_path)
    refresh_derived(db, site.root / REVIEWS, Taxonomy.load(site.file(TOPICS)), report_missing=False)
    db.close()
    return time.perf_counter() - start


def rows_digest(db_path: Path) -> dict[str, str]:
    """Per table, its row count and a digest of its ids and contents (without the content
    hash, which holds the version of the rules): equal digests, the same rows."""
    db = sqlite_utils.Database(db_path)
    try:
        digests = {}
        for table, order in (("articles", "id"), ("statements", "id"), ("claims", "id"),
                             ("speakers", "id")):
            columns = [c for c in db[table].columns_dict if c != "content_hash"]
            digest = hashlib.sha1()
            count = 0
            for row in db.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{table}] "
                                  f"order by {order}"):
                digest.update(repr(row).encode("utf-8"))
                count += 1
            digests[table] = f"{count} rows, {digest.hexdigest()[:12]}"
        return digests
    finally:
        db.close()


def warm_up(files: list[str], registry) -> None:
    from quotecheck.ingest.extract import extract

    for path in files:
        try:
            articles = read_articles(path)
        except ReadError:
            continue
        for article in articles:
            extract(article, registry)
        return


def traced_peak(files: list[str], registry) -> tuple[float, int]:
    """(seconds, tracemalloc peak bytes) of one ingest into a throwaway database."""
    with tempfile.TemporaryDirectory(prefix="quotecheck-bench-trace-") as folder:
        tracemalloc.start()
        try:
            seconds, _ = ingest(Path(folder) / "quotecheck.db", files, registry)
            return seconds, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes vs KiB


def rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds > 0 else "n/a"


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.one_ingest:
        return one_ingest(args)
    shared = args.shared.resolve()
    files = input_files(shared, args.limit)

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="quotecheck-bench-")
        db_path = Path(tmp.name) / "quotecheck.db"
    else:
        db_path = args.db
        db_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)

    registry = load_registry(Site().file(SPEAKERS))
    warm_up(files, registry)  # jieba's dictionary, trafilatura, regexes: not in the timings
    floor_s, floor_articles, chars, read_errors = floor(files)
    baseline = baseline_ingest(args.baseline.resolve(), shared, args.limit) if args.baseline else None
    cpu: list[float] = []
    full_s, report = ingest(db_path, files, registry, cpu=cpu)
    rss_mb = maxrss_mb()
    one_rows = rows_digest(db_path)  # before the derived steps fill in topics and repeats
    parallel = None
    if args.workers > 1:  # right after the one-worker ingest: the same load on the machine
        with tempfile.TemporaryDirectory(prefix="quotecheck-bench-workers-") as folder:
            par_s, par_report = ingest(Path(folder) / "quotecheck.db", files, registry,
                                       workers=args.workers, cpu=cpu)
            same = rows_digest(Path(folder) / "quotecheck.db") == one_rows
            parallel = par_s, par_report, same
    db_mb = sum(os.path.getsize(p) for p in (db_path, Path(f"{db_path}-wal"))
                if os.path.exists(p)) / 1e6
    derived_s = derived_steps(db_path)
    again_s, again = ingest(db_path, files, registry)
    peak = traced_peak(files, registry) if args.trace else None

    # reasons without the item ids and numbers that make each one unique
    counts = collections.Counter(re.sub(r"\(id [^)]*\)\s*|\d+", "", reason).replace("  ", " ")
                                 for _, reason in read_errors)
    print(f"shared:        {shared}")
    print(f"database:      {db_path}" + (" (temporary)" if tmp else ""))
    print(f"files:         {len(files):,}" + (f" (--limit {args.limit} per corpus)" if args.limit else ""))
    print(f"articles:      {report.articles:,}")
    print(f"statements:    {report.statements:,}")
    print(f"chars:         {chars:,} (article bodies)")
    one_rate = chars / full_s if full_s > 0 else 0.0
    print(f"floor (read + parse only):   {floor_s:8.2f} s  ({floor_articles:,} articles, "
          f"{rate(chars, floor_s)} chars/s)")
    print(f"full ingest, 1 worker:       {full_s:8.2f} s  ({rate(chars, full_s)} chars/s, "
          f"{full_s / floor_s:.2f}x the floor, {one_rate / ISSUE_BASELINE_CHARS_PER_S:.2f}x "
          f"issue 12's {ISSUE_BASELINE_CHARS_PER_S:,} chars/s)")
    if baseline is not None:
        print(f"full ingest, 1 worker, on {baseline['code']}: {baseline['seconds']:8.2f} s  "
              f"({rate(chars, baseline['seconds'])} chars/s; this code is "
              f"{baseline['seconds'] / full_s:.2f}x as fast)")
        for table, digest in baseline["rows"].items():
            print(f"  {table}: {digest} there, "
                  + ("the same here" if one_rows.get(table) == digest else f"{one_rows.get(table)} HERE"))
    print(f"  articles/s:   {rate(report.articles, full_s)}")
    print(f"  statements/s: {rate(report.statements, full_s)}")
    if parallel is not None:
        par_s, par_report, same = parallel
        print(f"full ingest, {args.workers} workers:      {par_s:8.2f} s  ({rate(chars, par_s)} chars/s, "
              f"{full_s / par_s:.2f}x one worker, {par_s / floor_s:.2f}x the floor; "
              f"{par_report.statements:,} statements, "
              + ("the same rows as one worker)" if same else "NOT THE SAME ROWS AS ONE WORKER)"))
        (one_own, _), (writer, workers_cpu) = cpu
        bound = one_own / max((writer + workers_cpu) / args.workers, writer)
        print(f"  CPU seconds: {one_own:.1f} with 1 worker; {writer + workers_cpu:.1f} with "
              f"{args.workers} ({writer:.1f} of them in the writer): on {args.workers} free cores "
              f"at most {bound:.2f}x one worker, whatever the load of this machine")
    print(f"derived steps after the ingest (topics, repeats, quote checks, reviews): "
          f"{derived_s:.2f} s ({derived_s / (full_s + derived_s):.0%} of ingest + derived steps, "
          f"one worker)")
    print(f"peak memory:   maxrss {rss_mb:,.1f} MB after the full ingest (whole process)")
    if peak is not None:
        seconds, peak_bytes = peak
        print(f"               tracemalloc peak {peak_bytes / 1e6:,.1f} MB of Python allocations "
              f"(a separate traced ingest into a fresh database, {seconds:.2f} s: "
              f"tracing slows it {seconds / full_s:.1f}x, so it is kept out of the timings)")
    print(f"database size: {db_mb:,.1f} MB")
    o = again.outcomes
    print(f"second ingest: {again_s:8.2f} s  ({o['added']} added, {o['replaced']} replaced, "
          f"{o['unchanged']} unchanged)"
          + ("" if o["unchanged"] == report.articles and not o["added"] and not o["replaced"]
             else "  NOT IDEMPOTENT"))
    print(f"read errors:   {len(read_errors)} (list pages and navigation-only items are expected)")
    for reason, n in counts.most_common():
        print(f"  {n:5d}  {reason}")
    for path, reason in sorted(read_errors)[:SHOW_ERRORS]:
        print(f"         {os.path.relpath(path, shared)}: {reason}")
    if len(read_errors) > SHOW_ERRORS:
        print(f"         … and {len(read_errors) - SHOW_ERRORS} more")
    seen = set(read_errors)
    others = [(p, r) for p, r in report.errors if (p, r) not in seen]
    if others:
        print(f"other errors:  {len(others)}")
        for path, reason in others[:SHOW_ERRORS]:
            print(f"  {path}: {reason}")
        if len(others) > SHOW_ERRORS:
            print(f"  … and {len(others) - SHOW_ERRORS} more")
    if floor_articles != report.articles:
        print(f"note: the floor read {floor_articles} articles, the ingest extracted {report.articles}")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
