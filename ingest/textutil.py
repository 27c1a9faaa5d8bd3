"""Traditional Chinese read by Simplified rules, without moving a single offset."""
from __future__ import annotations

from functools import lru_cache

import opencc

# hk2s: Traditional with the Hong Kong variant forms too (衞 for 衛: 曾國衞 is 曾国卫), a superset of t2s
_T2S = opencc.OpenCC("hk2s")


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    out = _T2S.convert(ch)
    return out if len(out) == 1 else ch


# Variant forms that look like a common character and stand for it in news text (巿 for 市).
_VARIANTS = str.maketrans({"巿": "市"})


def to_simplified(text: str) -> str:
    """The text in Simplified characters, same length, so offsets stay valid in the original."""
    if text.isascii():
        return text
    converted = _T2S.convert(text)
    if len(converted) != len(text):
        converted = "".join(_char(ch) for ch in text)
    return converted.translate(_VARIANTS)


_S2T = opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """A Simplified name in Traditional characters (毛宁 → 毛寧), for text written that way."""
    return text if text.isascii() else _S2T.convert(text)


def is_traditional(text: str, norm: str | None = None) -> bool:
    """Whether a text is written in Traditional characters: more than 2% of its Han
    characters change when it is read as Simplified (a few stray forms do not count)."""
    norm = to_simplified(text) if norm is None else norm
    han = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    changed = sum(1 for a, b in zip(text, norm) if a != b)
    return han > 0 and changed > 0.02 * han
