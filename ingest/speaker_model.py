"""A learned reader of the speaker phrase before a cue: a CRF over the characters of the clause
before a reporting verb, trained on the project's development gold sets.

The rules read a speaker phrase by its shape (a registered name, a title and a name, a body
by its ending, a noun phrase in the subject slot). Where none of them reads it, the clause
before the cue is tagged character by character (B: a speaker mention starts, I: goes on,
O: not part of one) by a linear-chain CRF whose features are the characters around each
position, jieba's words and part-of-speech tags, the distance to the cue and the cue itself.
The model ships with the package (`models/speaker_crf.crfsuite`, trained by
`benchmarks/train_speaker_model.py`) and is loaded once per process; nothing is downloaded.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pycrfsuite

from . import names as N
from .speakers import tagged

MODEL = Path(__file__).resolve().parents[1] / "models" / "speaker_crf.crfsuite"


def char_class(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "han"
    if ch.isascii() and ch.isalpha():
        return "latin"
    if ch.isdigit():
        return "digit"
    if ch.isspace():
        return "space"
    return "punct"


def distance_bucket(distance: int) -> str:
    for limit in (1, 2, 3, 4, 6, 9, 14, 20, 30):
        if distance <= limit:
            return str(limit)
    return "far"


def word_positions(text: str) -> list[tuple[str, str, str, int]]:
    """For every character: the jieba word holding it, the word's tag, the character's place in
    the word (B/M/E/S) and the word's index."""
    out: list[tuple[str, str, str, int]] = []
    for index, word in enumerate(tagged(text)):
        size = len(word.word)
        for k in range(size):
            place = "S" if size == 1 else "B" if k == 0 else "E" if k == size - 1 else "M"
            out.append((word.word, word.flag, place, index))
    return out[:len(text)]


def features(pre: str, cue: str) -> list[list[str]]:
    """One feature list per character of `pre`, the clause before `cue`."""
    words = word_positions(pre)
    flags_by_index = {index: flag for _, flag, _, index in words}
    padded = "^^" + pre + "$$"
    out = []
    for i, ch in enumerate(pre):
        word, flag, place, index = words[i] if i < len(words) else (ch, "x", "S", -1)
        j = i + 2
        feats = [
            "bias", f"c={ch}", f"c-1={padded[j - 1]}", f"c+1={padded[j + 1]}", f"c-2={padded[j - 2]}",
            f"c+2={padded[j + 2]}", f"b-={padded[j - 1]}{ch}", f"b+={ch}{padded[j + 1]}",
            f"cls={char_class(ch)}", f"d={distance_bucket(len(pre) - i)}",
            f"t={flag}", f"p={place}", f"tp={flag}{place}", f"t1={flag[:1]}",
            f"t-={flags_by_index.get(index - 1, '^')}", f"t+={flags_by_index.get(index + 1, '$')}",
            f"cue={cue}", f"cue0={cue[:1]}",
        ]
        if len(word) <= 4:
            feats.append(f"w={word}")
        if ch in N.SURNAMES:
            feats.append("surname")
        if place in ("B", "S") and word.endswith(N.TITLES):
            feats.append("title-word")
        out.append(feats)
    return out


@lru_cache(maxsize=1)
def tagger() -> pycrfsuite.Tagger:
    if not MODEL.exists():
        raise FileNotFoundError(f"the speaker model is missing from the package: {MODEL}")
    model = pycrfsuite.Tagger()
    model.open(str(MODEL))
    return model


def speaker_span(pre: str, cue: str) -> tuple[int, int, float] | None:
    """The speaker mention the model reads in `pre` nearest the cue: (start, end, probability
    of that labelling of its characters), or None when it tags no speaker."""
    if not pre.strip():
        return None
    model = tagger()
    labels = model.tag(features(pre, cue))
    end = None
    for i in range(len(labels) - 1, -1, -1):
        if labels[i] != "O" and end is None:
            end = i + 1
        if end is not None and (labels[i] == "B" or i == 0 or labels[i - 1] == "O"):
            start = i
            probability = 1.0
            for k in range(start, end):
                probability = min(probability, model.marginal(labels[k], k))
            return start, end, probability
    return None
