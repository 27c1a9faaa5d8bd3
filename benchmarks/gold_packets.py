"""Draw articles for blind gold annotation from the shared JSON Lines corpora.

    .venv/bin/python benchmarks/gold_packets.py OUT_DIR [--shared ../shared]

For each source (人民日报, 联合早报, mainland portals of the RSS feeds, RTHK, 眾新聞) the
items are shuffled with a fixed seed and cut into two disjoint candidate lists: `test`
(the first 40: scored once, at the end, never used for tuning), `dev` (the next 60:
scored once as they arrive, then used to find gaps), `fresh` (the next 40: a second
held-back set, drawn after the test sets had been scored once, to measure the rules again on
first sight), `fresh2` (a third, drawn after `fresh` had been scored: the fresh candidates
20-39, which no annotator reached) and `fresh3` (a fourth, drawn after `fresh2` had been
scored: the next 20 candidates after `fresh`; for 联合早报, the test and dev candidates no
annotator reached) and `fresh4` (a fifth, drawn after the speaker model was trained: from
position 160 on, or anywhere for 联合早报, the items no gold file holds and no developer has
read the extractor's output on, `benchmarks/gold/seen-in-development.txt`) and `fresh5` (a
sixth, drawn when `fresh4` became development: the same rule, so the next 20 such items, now
that `fresh4`'s items are in gold files). An annotator
takes candidates in order,
skipping items with no attributed statement. Each candidate is written as a text file whose
body is exactly the `Article.body` the reader produces, so gold content is a substring of
what the extractor reads. Annotators see only these files and the guidelines.

Article keys (the `article` of a gold statement) are `gold_key()`: the item's own id where it
is a file-name-safe word (rmrb-…, rthk-…, hkcnews-…), else `rss-<line number>`.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from quotecheck.ingest.readers import read_articles  # noqa: E402

# source name -> (corpus file under <shared>/corpus, which items belong to it)
SOURCES = {
    "peoples-daily": ("peoples-daily-zh/items.jsonl", lambda item: True),
    "zaobao": ("rss-feeds-zh/items.jsonl", lambda item: item.get("outlet") == "联合早报"),
    "portal": ("rss-feeds-zh/items.jsonl", lambda item: item.get("outlet") not in ("联合早报", "财新周刊", "财新")),
    "rthk": ("rthk-zh-hant/items.jsonl", lambda item: True),
    "hkcnews": ("hkcnews-zh-hant/items.jsonl", lambda item: True),
}
SEED = 2026
TEST_CANDIDATES = 40
DEV_CANDIDATES = 60
FRESH_CANDIDATES = 40


def gold_key(item: dict, line_number: int) -> str:
    ident = str(item.get("id") or "")
    return ident if re.fullmatch(r"[A-Za-z0-9_-]+", ident) else f"rss-{line_number:03d}"


def corpus_articles(shared: Path, corpus_file: str) -> dict[str, tuple[dict, object]]:
    """Every item of a JSON Lines corpus by gold key, with the Article the reader makes."""
    path = shared / "corpus" / corpus_file
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = read_articles(str(path))
    by_key = {}
    for number, item in enumerate(items, start=1):
        ident = item.get("id")
        article = next((a for a in articles if a.key.endswith(f"#{ident}")), None)
        if article is not None:
            by_key[gold_key(item, number)] = (item, article)
    return by_key


def fresh_candidates(keys: list[str]) -> list[str]:
    """The `fresh` split: the next 40 after dev; a source too small for that (联合早报: 80
    items) gives the second half of its test candidates, which no annotator reached."""
    start = TEST_CANDIDATES + DEV_CANDIDATES
    if len(keys) >= start + FRESH_CANDIDATES:
        return keys[start:start + FRESH_CANDIDATES]
    return keys[TEST_CANDIDATES // 2:TEST_CANDIDATES]


def fresh2_candidates(keys: list[str]) -> list[str]:
    """The `fresh2` split: the second half of the fresh candidates (annotators stopped before
    position 12); for 联合早报, whose fresh candidates are half of its test list, the second
    half of its dev candidates (annotators stopped before position 12 of 40)."""
    start = TEST_CANDIDATES + DEV_CANDIDATES
    if len(keys) >= start + FRESH_CANDIDATES:
        return keys[start + FRESH_CANDIDATES // 2:start + FRESH_CANDIDATES]
    return keys[TEST_CANDIDATES + 20:TEST_CANDIDATES + DEV_CANDIDATES]


def fresh3_candidates(keys: list[str]) -> list[str]:
    """The `fresh3` split: positions 140-159; for 联合早报 (80 items) positions 70-79, then
    30-39 (the ends of its dev and test lists, which annotators did not reach)."""
    start = TEST_CANDIDATES + DEV_CANDIDATES + FRESH_CANDIDATES
    if len(keys) >= start + 20:
        return keys[start:start + 20]
    return keys[70:80] + keys[30:40]


def fresh4_candidates(keys: list[str], taken: set[str]) -> list[str]:
    """The `fresh4` split: 20 items from position 160 on (联合早报: from its start) that are in
    no gold file and were never read in development (`taken`)."""
    start = 0 if len(keys) < 160 else TEST_CANDIDATES + DEV_CANDIDATES + FRESH_CANDIDATES + 20
    return [k for k in keys[start:] if k not in taken][:20]


def taken_keys() -> set[str]:
    """Items a blind set may not draw: those of every gold file, and those whose extracted
    statements were read during development."""
    import yaml
    taken = set()
    for path in (ROOT / "benchmarks" / "gold").glob("*.yml"):
        taken |= {str(s.get("article")) for s in yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]}
    seen = (ROOT / "benchmarks" / "gold" / "seen-in-development.txt").read_text(encoding="utf-8")
    return taken | {line for line in seen.splitlines() if line and not line.startswith("#")}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--splits", default="test,dev,fresh,fresh2,fresh3,fresh4,fresh5", help="which splits to write")
    args = parser.parse_args(argv)
    wanted = set(args.splits.split(","))
    taken = taken_keys() if wanted & {"fresh4", "fresh5"} else set()
    for source, (corpus_file, belongs) in SOURCES.items():
        articles = corpus_articles(args.shared, corpus_file)
        keys = sorted(k for k, (item, _) in articles.items() if belongs(item))
        random.Random(SEED).shuffle(keys)
        for split, chosen in (("test", keys[:TEST_CANDIDATES]),
                              ("dev", keys[TEST_CANDIDATES:TEST_CANDIDATES + DEV_CANDIDATES]),
                              ("fresh", fresh_candidates(keys)),
                              ("fresh2", fresh2_candidates(keys)),
                              ("fresh3", fresh3_candidates(keys)),
                              ("fresh4", fresh4_candidates(keys, taken)),
                              # fresh4's items are gold now, so the same rule draws the next ones
                              ("fresh5", fresh4_candidates(keys, taken))):
            if split not in wanted:
                continue
            folder = args.out / f"{source}-{split}"
            folder.mkdir(parents=True, exist_ok=True)
            order = []
            for n, key in enumerate(chosen, start=1):
                item, article = articles[key]
                header = (f"article: {key}\noutlet: {article.outlet}\npublished: {article.published}\n"
                          f"title: {article.title}\n-----\n")
                name = f"{n:02d}_{key}.txt"
                (folder / name).write_text(header + article.body + "\n", encoding="utf-8")
                order.append(name)
            (folder / "ORDER.txt").write_text("\n".join(order) + "\n", encoding="utf-8")
            print(f"{folder}: {len(order)} candidates")


if __name__ == "__main__":
    main()
