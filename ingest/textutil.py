"""Traditional Chinese read by Simplified rules, without moving a single offset."""
from __future__ import annotations

from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    out = _T2S.convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """The text in Simplified characters, same length, so offsets stay valid in the original."""
    if text.isascii():
        return text
    converted = _T2S.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char(ch) for ch in text)
