"""Extraction speed: characters per second on real news, and growth on hostile input.

    .venv/bin/python benchmarks/extraction.py [--shared ../shared] [--baseline DIR] [--limit N]

1. Throughput: every article of the shared MFA transcripts and CCTV/Xinhua news (the two
   corpora benchmarks/ingest.py reads) is read first, then extracted and split into claims;
   the clock runs over extraction only. Figures: articles/s, characters/s, peak memory.
2. Growth: the seed article repeated 1x, 4x and 16x; `说` x1,600; `表示` x3,400; one line of
   40,000 characters with no punctuation; quotes nested 10,000 deep; `王毅说：“` x3,000 nested.
   Each is extracted once and timed; the repeated seed shows whether time grows linearly.

With --baseline DIR (a checkout of an earlier commit, e.g. `git worktree add /tmp/base <rev>`),
the same measurements run in a second process on that code, and both are printed side by side.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("corpus/mfa-press-zh/raw", "corpus/xinwenlianbo-zh/news")


def measure(code_root: Path, shared: Path, limit: int | None) -> dict:
    """Run in a fresh process with `code_root` first on the path."""
    sys.path.insert(0, str(code_root))
    from ingest.claims import split_claims
    from ingest.extract import extract
    from ingest.model import Article
    from ingest.pipeline import load_registry
    from ingest.readers import ReadError, iter_input_files, read_articles

    registry = load_registry(code_root / "registries" / "speakers.yml")
    files = []
    for corpus in CORPORA:
        found = list(iter_input_files([str(shared / corpus)]))
        files += found[:limit] if limit else found
    articles = []
    for path in files:
        try:
            articles += read_articles(path)
        except ReadError:
            pass
    extract(articles[0], registry)  # warm-up: jieba's dictionary, OpenCC
    started = time.perf_counter()
    statements = 0
    for article in articles:
        found = extract(article, registry)
        split_claims(article, found)
        statements += len(found)
    elapsed = time.perf_counter() - started
    chars = sum(len(a.body) for a in articles)
    result = {"articles": len(articles), "chars": chars, "statements": statements,
              "seconds": elapsed, "chars_per_s": chars / elapsed, "articles_per_s": len(articles) / elapsed}

    seed_path = shared / "articles" / "000_38f35daf7d300dd1.txt"
    seed = read_articles(str(seed_path), published="2024-01-12")[0].body if seed_path.exists() else ""
    hostile = {f"seed x{n}": "\n".join([seed] * n) for n in (1, 4, 16) if seed}
    hostile.update({
        "说 x1600": "说" * 1600,
        "表示 x3400": "表示" * 3400,
        "one line of 40,000 characters": ("中方对此坚决反对美方的做法" * 4000)[:40000],
        "quotes nested 10,000 deep": "他说" + "“" * 10000 + "内容" + "”" * 10000,
        "王毅说：“ x3000 nested": "王毅说：“" * 3000 + "好" + "”" * 3000,
    })
    growth = {}
    for name, body in hostile.items():
        article = Article(source=name, key=name, body=body, published="2024-01-12")
        t = time.perf_counter()
        found = extract(article, registry)
        split_claims(article, found)
        growth[name] = {"chars": len(body), "seconds": time.perf_counter() - t, "statements": len(found)}
    result["growth"] = growth
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run(code_root: Path, shared: Path, limit: int | None) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", str(code_root), "--shared", str(shared),
                          *(["--limit", str(limit)] if limit else [])],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--baseline", type=Path, help="a checkout of earlier code to compare with")
    parser.add_argument("--limit", type=int, help="only the first N files of each corpus")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(measure(args.worker, args.shared, args.limit)))
        return
    runs = {"this code": run(ROOT, args.shared, args.limit)}
    if args.baseline:
        runs["baseline"] = run(args.baseline.resolve(), args.shared, args.limit)
    names = list(runs)
    print(f"{'':36}" + "".join(f"{n:>22}" for n in names))
    first = runs[names[0]]
    print(f"{'articles':36}" + "".join(f"{r['articles']:>22,}" for r in runs.values()))
    print(f"{'statements':36}" + "".join(f"{r['statements']:>22,}" for r in runs.values()))
    print(f"{'extraction + claims, characters/s':36}" + "".join(f"{r['chars_per_s']:>22,.0f}" for r in runs.values()))
    print(f"{'articles/s':36}" + "".join(f"{r['articles_per_s']:>22,.1f}" for r in runs.values()))
    print(f"{'peak resident memory (MB)':36}" + "".join(f"{r['peak_rss_mb']:>22,.0f}" for r in runs.values()))
    for name in first["growth"]:
        cells = []
        for r in runs.values():
            g = r["growth"].get(name)
            cells.append(f"{g['seconds']:>9.2f} s ({g['statements']:>5} st)" if g else f"{'-':>22}")
        print(f"{name + ' (' + format(first['growth'][name]['chars'], ',') + ' chars)':36}" + "".join(f"{c:>22}" for c in cells))
    if "seed x1" in first["growth"] and "seed x16" in first["growth"]:
        for label, r in runs.items():
            g = r["growth"]
            print(f"{label}: seed x4 / x1 = {g['seed x4']['seconds'] / g['seed x1']['seconds']:.1f}, "
                  f"x16 / x4 = {g['seed x16']['seconds'] / g['seed x4']['seconds']:.1f} (linear: 4.0)")


if __name__ == "__main__":
    main()
