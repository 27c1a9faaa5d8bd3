"""Train the speaker-phrase CRF (ingest/speaker_model.py) on the development gold sets.

    .venv/bin/python benchmarks/train_speaker_model.py [--shared ../shared] [--cv] [--out PATH]

Every reporting cue the rules read in an article of a training set (CUE_RE, less the cues the
rules call false) gives one training sequence: the clause before the cue (at most MAX_PRE
characters), labelled B/I where the gold statement of that cue names its speaker as written
(the accepted form nearest the cue, the longest at that place) and O elsewhere. A cue with no
gold statement (a cue inside someone's words, a noun, a headline) is all O: the model learns
where there is no speaker too. A gold statement whose speaker is not written in that clause
(a subject two clauses back, a pronoun's referent) is left out. Optional gold statements are
left out. Only development sets are read: never a `*-test`, `*-fresh2`, `*-fresh3` or `*-fresh5`
set (`*-fresh4` became development once `*-fresh5` was drawn).

--cv trains once per set with that set left out and reports, on the left-out set, how often
the model's span is exactly the gold one on cues with a speaker, and how often it tags a
speaker where the gold has none.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pycrfsuite
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import accuracy  # noqa: E402

from quotecheck.ingest import speaker_model  # noqa: E402
from quotecheck.ingest.extract import MAX_PRE, Extractor  # noqa: E402
from quotecheck.ingest.patterns import CUE_RE  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402
from quotecheck.ingest.readers import read_articles  # noqa: E402
from quotecheck.ingest.spans import clause_start_before, split_paragraphs  # noqa: E402
from quotecheck.ingest.textutil import to_simplified  # noqa: E402
from quotecheck.site_folder import SPEAKERS, Site  # noqa: E402

TRAINING_SETS = ("zaobao-dev", "portal-dev", "peoples-daily-dev", "rthk-dev", "hkcnews-dev",
                 "zaobao-fresh", "portal-fresh", "peoples-daily-fresh", "rthk-fresh", "hkcnews-fresh",
                 "mfa-dev", "xinwenlianbo-dev", "round4-mfa", "round4-news", "round5-news",
                 "round6-mixed", "round7-mixed",
                 "zaobao-fresh4", "portal-fresh4", "peoples-daily-fresh4", "rthk-fresh4", "hkcnews-fresh4")
# crfsuite's L-BFGS with elastic-net regularisation; fixed so that a retrain gives the same model.
TRAINER_PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}


def gold_articles(shared: Path, name: str, items: dict):
    """(article, its gold statements) for one gold set."""
    gold = yaml.safe_load((ROOT / "benchmarks" / "gold" / f"{name}.yml").read_text(encoding="utf-8"))
    for statement in gold["statements"]:
        statement.setdefault("article", gold.get("article"))
        statement["article"] = str(statement["article"]).removesuffix(".txt")
    for key in sorted({s["article"] for s in gold["statements"]}):
        if key in items:
            article = items[key][1]
        else:
            article = read_articles(str(accuracy.article_path(shared, key)))[0]
        yield article, [s for s in gold["statements"] if s["article"] == key]


def mention_in(pre: str, statement: dict) -> tuple[int, int] | None:
    """Where the gold speaker is written in the clause: the accepted form ending nearest the
    cue, the longest of those."""
    best = None
    for form in {to_simplified(a) for a in [statement["speaker"], *statement.get("accept", [])] if a}:
        at = pre.rfind(form)
        if at >= 0:
            key = (at + len(form), len(form))
            if best is None or key > best[0]:
                best = (key, (at, at + len(form)))
    return best[1] if best else None


def sequences(article, statements: list[dict], registry):
    """(features, labels) for every cue the rules read in the article."""
    extractor = Extractor(article, registry)
    norm = extractor.norm
    spans = []
    for s in statements:
        start = article.body.find(s["content"])
        if start >= 0:
            spans.append((start, start + len(s["content"]), s))
    for p_start, p_end in split_paragraphs(norm):
        para = norm[p_start:p_end]
        extractor.p_start = p_start
        for m in CUE_RE.finditer(para):
            cs, ce = m.start(), m.end()
            if extractor.false_cue(para, m.group(), cs, ce):
                continue
            clause_start = clause_start_before(para, cs)
            pre = para[max(clause_start, cs - MAX_PRE):cs]
            if not pre.strip():
                continue
            # The gold statement of this cue: its content opens just after the cue, or (a
            # quotation before its cue) closes just before it.
            own = [s for start, end, s in spans
                   if 0 <= start - (p_start + ce) <= 3 or 0 <= (p_start + cs) - end <= 3]
            if any(not s.get("required", True) for s in own):
                continue
            labels = ["O"] * len(pre)
            if own:
                where = mention_in(pre, own[0])
                if where is None:
                    continue
                labels[where[0]] = "B"
                for k in range(where[0] + 1, where[1]):
                    labels[k] = "I"
            yield speaker_model.features(pre, m.group()), labels


def collect(shared: Path, names, registry, items) -> dict[str, list]:
    return {name: [seq for article, golds in gold_articles(shared, name, items)
                   for seq in sequences(article, golds, registry)] for name in names}


def train(data: list, path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in data:
        trainer.append(xs, ys)
    trainer.set_params(TRAINER_PARAMS)
    trainer.train(str(path))


def spans_of(labels: list[str]) -> set[tuple[int, int]]:
    out, start = set(), None
    for i, label in enumerate([*labels, "O"]):
        if start is not None and label != "I":
            out.add((start, i))
            start = None
        if label == "B" or (label == "I" and start is None):
            start = i
    return out


def cross_validate(by_set: dict[str, list], scratch: Path) -> None:
    print(f"{'left out':<22} {'speakers':>8} {'exact':>6} {'no-speaker cues':>15} {'tagged':>6}")
    for name, held in by_set.items():
        model = scratch / f"cv-{name}.crfsuite"
        train([seq for other, data in by_set.items() if other != name for seq in data], model)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        speakers = exact = empties = tagged = 0
        for xs, ys in held:
            got = spans_of(tagger.tag(xs))
            want = spans_of(ys)
            if want:
                speakers += 1
                exact += bool(got & want)
            else:
                empties += 1
                tagged += bool(got)
        print(f"{name:<22} {speakers:>8} {exact / max(speakers, 1):>6.3f} {empties:>15} "
              f"{tagged / max(empties, 1):>6.3f}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=speaker_model.MODEL)
    parser.add_argument("--cv", action="store_true", help="leave-one-set-out cross-validation")
    args = parser.parse_args(argv)
    registry = load_registry(Site().file(SPEAKERS))
    by_set = collect(args.shared, TRAINING_SETS, registry, accuracy.corpus_items(args.shared))
    total = sum(len(v) for v in by_set.values())
    positives = sum(1 for v in by_set.values() for _, ys in v if "B" in ys)
    print(f"{total} cues from {len(by_set)} sets, {positives} with a speaker in the clause")
    if args.cv:
        cross_validate(by_set, args.out.parent)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    train([seq for data in by_set.values() for seq in data], args.out)
    print(f"model: {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
