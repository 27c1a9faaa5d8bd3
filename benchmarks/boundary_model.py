"""Would a learned model end statements better than the rules? A cross-validated answer.

    .venv/bin/python benchmarks/boundary_model.py [--shared ../shared]

The content of a statement runs past its first sentence while the voice stays the speaker's
(ATTRIBUTION-GUIDELINES §2); `Extractor.continues` decides it by rules. This script runs the
extractor on the articles of the development gold sets (never a `*-test` set) and, at every
sentence that follows a statement's first sentence up to the next attribution, records the
rules' decision, twenty features of the sentence (first or third person, connective, quote,
cue near its head, newsroom voice, date, length, the speaker's kind, …) and whether the gold
statement of that speaker holds the sentence. A logistic regression over the features and the
rules' decision (plain Python, L2, full-batch gradient descent: deterministic) is scored by
leave-one-gold-set-out cross-validation against the rules alone. While the model does not beat
the rules on held-out sets, the extractor keeps the rules (README, Accuracy).
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import accuracy  # noqa: E402

from quotecheck.ingest import extract as extract_module  # noqa: E402
from quotecheck.ingest.patterns import CONNECTIVES, CUE_RE, FIRST_PERSON, NARRATION_RE, NEWSROOM_RE, OPINION_RE  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402
from quotecheck.ingest.spans import CLOSE_QUOTES, OPEN_QUOTES, outside_quotes  # noqa: E402
from quotecheck.ingest.textutil import to_simplified  # noqa: E402
from quotecheck.site_folder import SPEAKERS, Site  # noqa: E402

# The sets the rules may be tuned on: the five development sets and the older rounds.
TRAINING_SETS = ("zaobao-dev", "portal-dev", "peoples-daily-dev", "rthk-dev", "hkcnews-dev",
                 "mfa-dev", "xinwenlianbo-dev", "round4-mfa", "round4-news", "round5-news",
                 "round6-mixed", "round7-mixed")
THIRD_PERSON = ("他", "她", "他们", "她们")
DATE_RE = re.compile(r"\d{1,2}日|\d{4}年|\d{1,2}月|去年|今年|昨天|今天|当天|同日|星期")
L2 = 0.5
EPOCHS = 400
RATE = 0.5


def sentence_features(extractor, sentence: str, cand, report: bool, rule: bool, index: int) -> list[str]:
    """The features of one decision: the next sentence and what the statement is so far."""
    head, bare = sentence[:1], outside_quotes(sentence)
    name, kind, form = cand.info.name, cand.info.kind, cand.form
    f = ["bias", f"rule={rule}", f"form={form}", f"kind={kind}", f"index={min(index, 3)}",
         f"length={min(len(sentence) // 40, 3)}"]
    checks = {
        "report": report,
        "opens_first_person": sentence.startswith(FIRST_PERSON),
        "first_person_inside": not sentence.startswith(FIRST_PERSON) and bool(re.search("我们|我", bare)),
        "opens_third_person": sentence.startswith(THIRD_PERSON),
        "person_third_person": kind == "person" and sentence.startswith(THIRD_PERSON),
        "opens_connective": sentence.startswith(CONNECTIVES),
        "opens_quote": head in OPEN_QUOTES,
        "whole_quote": head in OPEN_QUOTES and sentence.rstrip()[-1:] in CLOSE_QUOTES,
        "quote_after_quote": form in ("quote", "quote_first") and head in OPEN_QUOTES,
        "quote_after_indirect": form not in ("quote", "quote_first") and head in OPEN_QUOTES,
        "cue_near_head": bool(CUE_RE.search(bare[:20])),
        "newsroom": bool(NEWSROOM_RE.match(sentence)),
        "narration": bool(NARRATION_RE.search(sentence)),
        "date_near_head": bool(DATE_RE.search(sentence[:12])),
        "opinion_word": bool(OPINION_RE.search(sentence)),
        "names_speaker": name in bare or cand.mention in sentence,
        "opens_with_other": extractor.opens_with_other_person(sentence, name),
    }
    return f + [key for key, on in checks.items() if on]


def probability(features: list[str], weights: dict[str, float]) -> float:
    z = sum(weights.get(name, 0.0) for name in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


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
    seen: dict[int, list] = {}  # id(candidate) -> [candidate, extractor, [(sentence, features)]]
    rules = extract_module.Extractor.continues

    def record(self, sentence, cand, report, in_question):
        entry = seen.setdefault(id(cand), [cand, self, []])
        rule = rules(self, sentence, cand, report, in_question)
        entry[2].append((sentence, sentence_features(self, sentence, cand, report, rule, len(entry[2]) + 1)))
        return True  # read every sentence up to the stop

    extract_module.Extractor.continues = record
    try:
        extract_module.extract(article, registry)
    finally:
        extract_module.Extractor.continues = rules
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
            p = probability(features, w)
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
        model = agreement(held, lambda f: probability(f, w) >= 0.5)
        total += len(held)
        total_rule += rule * len(held)
        total_model += model * len(held)
        print(f"{name:<20} {len(held):>9} {rule:>6.3f} {model:>6.3f}")
    print(f"{'all':<20} {total:>9} {total_rule / total:>6.3f} {total_model / total:>6.3f}")


if __name__ == "__main__":
    main()
