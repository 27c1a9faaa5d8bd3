"""Whether the next sentence of a paragraph still carries a speaker's words.

A statement's content runs past its first sentence while the voice stays the speaker's
(ATTRIBUTION-GUIDELINES §2). The rules of `Extractor.continues` read one signal at a time; this
module weighs them together with what the next sentence looks like, by a logistic regression
learned from the gold sets (`benchmarks/train_continuation.py` writes `continuation_weights.json`).
The weights are loaded once per process; the decision is a sum over a few string features.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from .patterns import CONNECTIVES, CUE_RE, FIRST_PERSON, NARRATION_RE, NEWSROOM_RE, OPINION_RE
from .spans import CLOSE_QUOTES, OPEN_QUOTES

WEIGHTS = Path(__file__).with_name("continuation_weights.json")
THIRD_PERSON = ("他", "她", "他们", "她们")
# A cue with no subject before it: the same speaker's next point (他又指，/ 並表示，/ 續說).
ANOTHER_POINT_RE = re.compile(r"^(?:[他她]|其)?(?:又|续|亦|也|还|并|再|则|更)?(?:" + CUE_RE.pattern + r")[，：:“「]")
DATE_RE = re.compile(r"\d{1,2}日|\d{4}年|\d{1,2}月|去年|今年|昨天|今天|当天|同日|星期")


def sentence_features(sentence: str, *, rule: bool, same_subject: bool, report: bool,
                      speaker_kind: str, form: str, index: int, names_speaker: bool,
                      opens_with_other: bool) -> list[str]:
    """The features of one decision: the next sentence and what the statement is so far."""
    head = sentence[:1]
    f = ["bias", f"rule={rule}", f"form={form}", f"kind={speaker_kind}"]
    if same_subject:
        f.append("same_subject")
    if report:
        f.append("report")
    f.append(f"index={min(index, 3)}")
    if sentence.startswith(FIRST_PERSON):
        f.append("opens_first_person")
    elif re.search("我们|我", _outside(sentence)):
        f.append("first_person_inside")
    if sentence.startswith(THIRD_PERSON):
        f.append("opens_third_person")
    if sentence.startswith(CONNECTIVES):
        f.append("opens_connective")
    if head in OPEN_QUOTES:
        f.append("opens_quote")
        if sentence.rstrip()[-1:] in CLOSE_QUOTES:
            f.append("whole_quote")
    if ANOTHER_POINT_RE.match(sentence):
        f.append("another_point")
    elif CUE_RE.search(_outside(sentence)[:20]):
        f.append("cue_near_head")
    if NEWSROOM_RE.match(sentence):
        f.append("newsroom")
    if NARRATION_RE.search(sentence):
        f.append("narration")
    if DATE_RE.search(sentence[:12]):
        f.append("date_near_head")
    if OPINION_RE.search(sentence):
        f.append("opinion_word")
    if names_speaker:
        f.append("names_speaker")
    if opens_with_other:
        f.append("opens_with_other")
    f.append(f"length={min(len(sentence) // 40, 3)}")
    if speaker_kind == "person" and sentence.startswith(THIRD_PERSON):
        f.append("person_third_person")
    if form in ("quote", "quote_first") and head in OPEN_QUOTES:
        f.append("quote_after_quote")
    if form not in ("quote", "quote_first") and head in OPEN_QUOTES:
        f.append("quote_after_indirect")
    return f


def _outside(text: str) -> str:
    return re.sub(r"[“「][^”」]*[”」]", "", text)


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def probability(features: list[str], table: dict[str, float] | None = None) -> float:
    table = weights() if table is None else table
    z = sum(table.get(name, 0.0) for name in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def continues(features: list[str]) -> bool:
    return probability(features) >= 0.5
