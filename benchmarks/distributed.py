"""`quotecheck map` + `quotecheck load` on a local Dask cluster against `quotecheck ingest`,
on the same files in the same run.

    .venv/bin/python benchmarks/distributed.py [--shared ../shared] [--limit N] [--workers 1 2]

Reads <shared>/corpus/mfa-press-zh/raw and <shared>/corpus/xinwenlianbo-zh/news and runs,
each as the real command in its own process (`--quiet`), one after the other:

1. the baseline: `quotecheck ingest --workers 1` into a fresh database;
2. for each --workers N (default 1 and 2): `quotecheck map --workers N` into a fresh folder
   (a LocalCluster of N worker processes), then `quotecheck load` of it into a fresh database.

Times are wall-clock seconds of each whole command: start-up, the cluster's start and stop,
extraction, the derived steps. Peak memory is the largest sum of resident memory of the
command and every process under it (Dask's nanny and workers), sampled every 0.1 s. Each
database made from partitions is compared with the baseline's, table by table (articles,
statements, claims, speakers, topics, claim links, quote checks): ids, counts and rows.
"""
from __future__ import annotations

import argparse
import importlib.util
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def _ingest_benchmark():
    """benchmarks/ingest.py, for its corpora and file order (loaded by path: `ingest` is also
    the name of the reading package)."""
    spec = importlib.util.spec_from_file_location("ingest_benchmark", Path(__file__).with_name("ingest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


input_files = _ingest_benchmark().input_files  # the corpora's files in the order ingest reads them
COMPARED = ("articles", "statements", "claims", "speakers", "topics", "claim_links", "quote_checks")
QUOTECHECK = [sys.executable, "-m", "quotecheck.cli"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="only the first N files of each corpus")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], metavar="N",
                        help="local cluster sizes to time (default: 1 2)")
    return parser.parse_args(argv)


def run(args: list[str]) -> tuple[float, float, str]:
    """One command: (seconds, peak MB of its process tree, how it ended)."""
    start = time.perf_counter()
    process = subprocess.Popen([*QUOTECHECK, *args, "--quiet"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(_rss(p) for p in tree))
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    errors = [line for line in process.stderr.read().splitlines() if line.startswith("error: ")]
    ended = "" if process.returncode == 0 else \
        f"  (exit status {process.returncode}: {len(errors)} inputs reported)"
    return seconds, peak / 1e6, ended


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def table_rows(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"select * from [{table}] order by rowid").fetchall()
    finally:
        conn.close()


def differences(baseline: Path, other: Path) -> list[str]:
    """Tables whose rows differ, with how."""
    found = []
    for table in COMPARED:
        a, b = table_rows(baseline, table), table_rows(other, table)
        if a != b:
            ids_a, ids_b = {r[0] for r in a}, {r[0] for r in b}
            found.append(f"{table}: {len(a)} vs {len(b)} rows, {len(ids_a ^ ids_b)} ids in one only, "
                         f"{sum(x != y for x, y in zip(a, b))} rows differ")
    return found


def figures(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        articles, chars = conn.execute("select count(*), total(chars) from articles").fetchone()
        statements, = conn.execute("select count(*) from statements").fetchone()
        return articles, int(chars), statements
    finally:
        conn.close()


def line(label: str, seconds: float, chars: int, peak: float, ended: str, extra: str = "") -> str:
    return (f"{label:<34}{seconds:8.1f} s  {chars / seconds:>9,.0f} chars/s  "
            f"peak {peak:7,.0f} MB{extra}{ended}")


def main(argv=None) -> int:
    args = parse_args(argv)
    shared = args.shared.resolve()
    files = input_files(shared, args.limit)
    with tempfile.TemporaryDirectory(prefix="quotecheck-bench-dask-") as tmp:
        folder = Path(tmp)
        baseline = folder / "ingest.db"
        ingest_s, ingest_peak, ingest_ended = run(["ingest", *files, "--db", str(baseline),
                                                    "--workers", "1"])
        articles, chars, statements = figures(baseline)
        print(f"shared:      {shared}")
        print(f"files:       {len(files):,}" + (f" (--limit {args.limit} per corpus)" if args.limit else ""))
        print(f"articles:    {articles:,}")
        print(f"chars:       {chars:,} (article bodies)")
        print(f"statements:  {statements:,} (quotecheck ingest)")
        print(line("quotecheck ingest --workers 1", ingest_s, chars, ingest_peak, ingest_ended))
        for workers in args.workers:
            out, db = folder / f"parts-{workers}", folder / f"load-{workers}.db"
            map_s, map_peak, map_ended = run(["map", *files, "--out", str(out),
                                               "--workers", str(workers)])
            load_s, load_peak, load_ended = run(["load", str(out), "--db", str(db)])
            total = map_s + load_s
            size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
            print(line(f"map, {workers} worker{'s' if workers > 1 else ''}", map_s, chars, map_peak,
                       map_ended, f"  ({size:,.0f} MB of partitions)"))
            print(line("  load", load_s, chars, load_peak, load_ended))
            print(line("  map + load", total, chars, max(map_peak, load_peak), "",
                       f"  ({ingest_s / total:.2f}x ingest)"))
            diff = differences(baseline, db)
            print(f"  same rows as ingest: {'yes' if not diff else 'NO'} "
                  f"({figures(db)[2]:,} statements; compared: {', '.join(COMPARED)})")
            for problem in diff:
                print(f"    {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
