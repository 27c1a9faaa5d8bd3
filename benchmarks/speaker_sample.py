"""A random sample of speaker rows of the six shared Chinese corpora, for a blind judge.

    .venv/bin/python benchmarks/speaker_sample.py OUT.jsonl [--shared ../shared] [--sample 200]
                                                   [--seed 2026] [--workers N]

Reads every article of mfa-press-zh, xinwenlianbo-zh, peoples-daily-zh, rss-feeds-zh,
rthk-zh-hant and hkcnews-zh-hant, extracts its statements and resolves their speakers as an
ingest does (one registry, articles in order), and writes `--sample` speaker rows drawn with
a fixed seed among the speakers that have statements: name, kind, statement count and up to
two contexts (60 characters before the statement's words, the marker, 30 after). A judge
who sees only these lines and the guidelines says which rows are not sources (issue 8: the
share of fragments among 200 rows).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from quotecheck.ingest.extract import extract  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402
from quotecheck.ingest.readers import ReadError, read_articles  # noqa: E402
from quotecheck.ingest.speakers import Mention  # noqa: E402

MARK = "〔content starts here〕"


def corpus_files(shared: Path) -> list[Path]:
    corpus = shared / "corpus"
    files = sorted((corpus / "mfa-press-zh" / "raw").iterdir())
    files += sorted((corpus / "xinwenlianbo-zh" / "news").glob("*.json"))
    files += [corpus / name / "items.jsonl" for name in
              ("peoples-daily-zh", "rss-feeds-zh", "rthk-zh-hant", "hkcnews-zh-hant")]
    return files


def _read(path: Path):
    try:
        return read_articles(str(path))
    except ReadError:
        return []


def _extract(article):
    found = []
    for s in extract(article, load_registry()):
        before = article.body[max(0, s.start - 60):s.start]
        found.append(((s.speaker, s.speaker_kind, s.title, s.org, s.country),
                      before + MARK + article.body[s.start:s.start + 30]))
    return found


def speaker_rows(shared: Path, workers: int) -> list[dict]:
    """Every speaker with statements, with its count and two contexts."""
    registry = load_registry()
    rows: dict[str, dict] = defaultdict(lambda: {"statements": 0, "contexts": []})
    with ProcessPoolExecutor(workers) as pool:
        articles = [a for batch in pool.map(_read, corpus_files(shared), chunksize=16) for a in batch]
        for found in pool.map(_extract, articles, chunksize=8):
            for (name, kind, title, org, country), context in found:
                speaker = registry.resolve(Mention(name, kind or "person", title=title, org=org, country=country))
                row = rows[speaker.id]
                row.update(speaker=speaker.name, kind=speaker.kind, in_registry=speaker.in_registry)
                row["statements"] += 1
                if len(row["contexts"]) < 2:
                    row["contexts"].append(context)
    return [rows[key] for key in sorted(rows)]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    rows = speaker_rows(args.shared, args.workers)
    sample = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    with args.out.open("w", encoding="utf-8") as out:
        for n, row in enumerate(sample, start=1):
            out.write(json.dumps({"n": n, **row}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} speakers with statements; {len(sample)} sampled into {args.out}")


if __name__ == "__main__":
    main()
