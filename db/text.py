"""Text and ids as the database side derives them: Traditional read as Simplified (search,
repeated claims, review matching) and ids derived from content (links, reviews, quote checks).

The reading side has its own (ingest/textutil.py, ingest/model.py `stable_id`): the two
sides import nothing from each other, and these few lines are cheaper than a third package.
The ids must not change: they are the rows' primary keys in every built database.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")


def stable_id(*parts: object, length: int = 16) -> str:
    """A short hex id derived from its parts: the same input always gives the same id."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    out = _T2S.convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """The text in Simplified characters, same length (offsets stay valid in the original)."""
    if text.isascii():
        return text
    converted = _T2S.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char(ch) for ch in text)
