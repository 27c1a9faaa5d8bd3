"""Attribution accuracy on every gold file, scored the way the project reports it.

    .venv/bin/python benchmarks/accuracy.py [--shared ../shared] [--verbose]

For each gold file (the seed article's in <shared>/gold and ours in benchmarks/gold), runs
the extractor on the articles it names and scores the result with
<shared>/tools/score_attribution.py: a gold statement is found when an extracted one holds
at least 70% of its characters, is at most twice its length and names an accepted speaker.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from quotecheck.ingest.extract import extract  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402
from quotecheck.ingest.readers import read_articles  # noqa: E402
from quotecheck.site_folder import SPEAKERS, Site  # noqa: E402

# Where each gold file's articles live, relative to <shared>.
SOURCES = {
    "mfa-press-zh": ("corpus/mfa-press-zh/raw", ""),
    "xinwenlianbo-zh": ("corpus/xinwenlianbo-zh/news", ".json"),
}
# JSON Lines corpora: an article is an item, keyed as benchmarks/gold_packets.py keys it.
JSONL_CORPORA = ("peoples-daily-zh", "rss-feeds-zh", "rthk-zh-hant", "hkcnews-zh-hant")


def load_module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_scorer(shared: Path):
    return load_module("score_attribution", shared / "tools" / "score_attribution.py")


def corpus_items(shared: Path) -> dict:
    """Every item of the JSON Lines corpora by gold key: (path given as source, Article)."""
    corpus_articles = load_module("gold_packets", ROOT / "benchmarks" / "gold_packets.py").corpus_articles
    items = {}
    for corpus in JSONL_CORPORA:
        if (shared / "corpus" / corpus / "items.jsonl").exists():
            for key, (_, article) in corpus_articles(shared, f"{corpus}/items.jsonl").items():
                items[key] = (Path(f"{corpus}/{key}.json"), article)
    return items


def article_path(shared: Path, article: str) -> Path:
    """An article id is an MFA page number, a news item id, or the seed's file stem."""
    if article.isdigit():
        folder, suffix = SOURCES["mfa-press-zh"]
    elif article[:4].isdigit() and article.count("-") >= 3:
        folder, suffix = SOURCES["xinwenlianbo-zh"]
    else:
        return shared / "articles" / f"{article}.txt"
    return shared / folder / f"{article}{suffix}"


def score_file(gold_path: Path, shared: Path, scorer, registry, verbose: bool,
               items: dict | None = None) -> dict:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    for statement in gold["statements"]:
        statement.setdefault("article", gold.get("article"))
        statement["article"] = str(statement["article"]).removesuffix(".txt")
    totals = dict(tp=0, fp=0, fn=0, gold=0, articles=0)
    for article in sorted({s["article"] for s in gold["statements"]}):
        if items and article in items:
            path, one = items[article]
            articles = [one]
        else:
            path = article_path(shared, article)
            articles = read_articles(str(path))
        got = [{"source": str(path), "speaker": s.speaker, "mention": s.mention, "text": s.text}
               for a in articles for s in extract(a, registry)]
        wanted = {"statements": [s for s in gold["statements"] if s["article"] == article]}
        if verbose:
            print(f"== {gold_path.name} {article}")
        tp, fp, fn, _, n = scorer.score(wanted, got, verbose)
        for key, value in zip(("tp", "fp", "fn", "gold"), (tp, fp, fn, n)):
            totals[key] += value
        totals["articles"] += 1
    p = totals["tp"] / (totals["tp"] + totals["fp"]) if totals["tp"] + totals["fp"] else 0.0
    r = totals["tp"] / (totals["tp"] + totals["fn"]) if totals["tp"] + totals["fn"] else 0.0
    totals.update(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)
    return totals


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra")
    parser.add_argument("gold", nargs="*", type=Path, help="gold files (default: the seed's and benchmarks/gold/*.yml)")
    args = parser.parse_args(argv)
    if not (args.shared / "tools" / "score_attribution.py").exists():
        sys.exit(f"no scorer under {args.shared}: pass --shared")
    scorer = load_scorer(args.shared)
    registry = load_registry(Site().file(SPEAKERS))
    parser_golds = args.gold or [args.shared / "gold" / "seed.yml",
                                 *sorted((ROOT / "benchmarks" / "gold").glob("*.yml"))]
    golds = parser_golds
    items = corpus_items(args.shared)
    print(f"{'gold file':<24} {'articles':>8} {'required':>8} {'P':>6} {'R':>6} {'F1':>6}")
    started = time.perf_counter()
    for gold_path in golds:
        t = score_file(gold_path, args.shared, scorer, registry, args.verbose, items)
        print(f"{gold_path.name:<24} {t['articles']:>8} {t['gold']:>8} "
              f"{t['precision']:>6.3f} {t['recall']:>6.3f} {t['f1']:>6.3f}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
