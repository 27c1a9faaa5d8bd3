"""Learn when a statement's content runs on into the paragraph's next sentence.

    .venv/bin/python benchmarks/train_continuation.py [--shared ../shared] [--write]

Reads the development gold sets (never a `*-test` set): runs the extractor on their
articles, and at every sentence that follows a statement's first sentence (up to the next
attribution) records the features `ingest/continuation.py` computes and whether the gold
statement of that speaker holds the sentence. A logistic regression (plain Python, L2,
gradient descent, deterministic) is fitted; leave-one-gold-set-out cross-validation reports how
often the rules alone and the model choose the gold boundary. `--write` stores the weights
fitted on all sets in `ingest/continuation_weights.json`.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import accuracy  # noqa: E402

from quotecheck.ingest import continuation  # noqa: E402
from quotecheck.ingest import extract as extract_module  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402
from quotecheck.ingest.spans import sentence_end  # noqa: E402
from quotecheck.ingest.textutil import to_simplified  # noqa: E402
from quotecheck.site_folder import SPEAKERS, Site  # noqa: E402

# The sets the rules may be tuned on: the five development sets and the older rounds.
TRAINING_SETS = ("zaobao-dev", "portal-dev", "peoples-daily-dev", "rthk-dev", "hkcnews-dev",
                 "mfa-dev", "xinwenlianbo-dev", "round4-mfa", "round4-news", "round5-news",
                 "round6-mixed", "round7-mixed")
L2 = 0.5
EPOCHS = 400
RATE = 0.5


def gather(shared: Path, gold_path: Path, scorer, registry, items) -> list[tuple[list[str], bool]]:
    """(features, label) of every labelled decision in one gold file's articles."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    for s in gold["statements"]:
        s.setdefault("article", gold.get("article"))
        s["article"] = str(s["article"]).removesuffix(".txt")
    rows = []
    for article_id in sorted({s["article"] for s in gold["statements"]}):
        if article_id in items:
            articles = [items[article_id][1]]
        else:
            articles = accuracy.read_articles(str(accuracy.article_path(shared, article_id)))
        wanted = [s for s in gold["statements"] if s["article"] == article_id]
        for article in articles:
            rows += article_decisions(article, registry, wanted, scorer)
    return rows


def article_decisions(article, registry, wanted, scorer) -> list[tuple[list[str], bool]]:
    """Run the extractor, recording each statement's following sentences up to its stop."""
    seen: dict[int, list] = {}  # id(candidate) -> [candidate, para, extractor, [(sentence, features)]]
    original = extract_module.Extractor.continuation_features

    def record(self, sentence, cand, report, in_question, subject, index):
        features = original(self, sentence, cand, report, in_question, subject, index)
        seen.setdefault(id(cand), [cand, self, []])[2].append((sentence, features))
        return features

    extract_module.Extractor.continuation_features = record
    real_continues = continuation.continues
    continuation.continues = lambda features: True  # read every sentence up to the stop
    try:
        extract_module.extract(article, registry)
    finally:
        extract_module.Extractor.continuation_features = original
        continuation.continues = real_continues
    rows = []
    for cand, extractor, sentences in seen.values():
        body = extractor.norm
        # The first sentence: where the decisions start from (offsets are lost; text is enough).
        first = sentences[0][0]
        at = body.find(first)
        opening = body[max(0, at - 400):at]
        head = opening[opening.rfind(cand.cue) + len(cand.cue):] if cand.cue in opening else ""
        head = head[-300:]
        got = {"speaker": extractor.written(cand.info.name), "mention": cand.mention, "text": head}
        match = None
        for g in wanted:
            if scorer.speaker_ok(g, got) and head.strip("，。：:“”「」 ") and \
                    scorer.overlap(to_simplified(g["content"]), head)[1] >= 0.7:
                match = to_simplified(g["content"])
                break
        if match is None:
            continue
        for sentence, features in sentences:
            label = scorer.overlap(match, sentence)[1] >= 0.7
            rows.append((features, label))
            if not label:
                break  # content is one run: later sentences are never reached
    return rows


def fit(rows: list[tuple[list[str], bool]]) -> dict[str, float]:
    """L2-regularised logistic regression by full-batch gradient descent (deterministic)."""
    names = sorted({name for features, _ in rows for name in features})
    w = {name: 0.0 for name in names}
    n = len(rows)
    for _ in range(EPOCHS):
        grad = {name: L2 * w[name] / n for name in names}
        for features, label in rows:
            p = continuation.probability(features, w)
            for name in features:
                grad[name] += (p - label) / n
        for name in names:
            w[name] -= RATE * grad[name]
    return {name: round(value, 4) for name, value in w.items() if abs(value) >= 1e-4}


def agreement(rows, decide) -> float:
    return sum(decide(f) == label for f, label in rows) / len(rows) if rows else 0.0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--write", action="store_true", help="store the weights fitted on every set")
    args = parser.parse_args(argv)
    scorer = accuracy.load_scorer(args.shared)
    registry = load_registry(Site().file(SPEAKERS))
    items = accuracy.corpus_items(args.shared)
    by_set = {}
    for name in TRAINING_SETS:
        path = args.shared / "gold" / "seed.yml" if name == "seed" else ROOT / "benchmarks" / "gold" / f"{name}.yml"
        by_set[name] = gather(args.shared, path, scorer, registry, items)
    print(f"{'held-out set':<20} {'decisions':>9} {'rules':>6} {'model':>6}")
    total_rule = total_model = total = 0
    for name, held in by_set.items():
        train = [row for other, rows in by_set.items() if other != name for row in rows]
        w = fit(train)
        rule = agreement(held, lambda f: "rule=True" in f)
        model = agreement(held, lambda f: continuation.probability(f, w) >= 0.5)
        total += len(held)
        total_rule += rule * len(held)
        total_model += model * len(held)
        print(f"{name:<20} {len(held):>9} {rule:>6.3f} {model:>6.3f}")
    print(f"{'all':<20} {total:>9} {total_rule / total:>6.3f} {total_model / total:>6.3f}")
    if args.write:
        w = fit([row for rows in by_set.values() for row in rows])
        continuation.WEIGHTS.write_text(json.dumps(w, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
        print(f"wrote {continuation.WEIGHTS} ({len(w)} weights)")


if __name__ == "__main__":
    main()
