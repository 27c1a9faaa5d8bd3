"""The two records quotecheck passes around: an article and a statement found in it."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def stable_id(*parts: object, length: int = 16) -> str:
    """A short hex id derived from its parts: the same input always gives the same id."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


@dataclass
class Article:
    """One article as read from disk: its body text and what is known about it.

    `body` is the text statements point into: `body[start:end] == statement.text`.
    `key` identifies the article across re-ingests (its URL, else its file and item id),
    so a changed article keeps its id and replaces its own rows.
    """

    source: str  # the input path as given
    key: str
    body: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, or None when unknown
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    lang: str = "zh"
    format: str = "text"  # text | markdown | html | json
    byline: dict = field(default_factory=dict)  # 作者/编辑/排版… as written

    @property
    def id(self) -> str:
        return stable_id("article", self.key)

    @property
    def content_hash(self) -> str:
        return stable_id(self.body, self.title, self.published, self.url, self.outlet, length=40)


@dataclass
class Statement:
    """An attributed statement: who (speaker), how (cue, kind), what (text at start:end)."""

    speaker: str  # canonical name
    mention: str  # the speaker as written in the text
    cue: str
    text: str
    kind: str  # indirect | direct | mixed | question
    start: int
    end: int
    said_on: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    via: str | None = None  # canonical name of the nearest relay
    nested_in: int | None = None  # index of the enclosing statement in the same list
    title: str | None = None  # the speaker's title as the mention gives it
    org: str | None = None  # the speaker's organisation as the mention gives it
    speaker_kind: str | None = None
    country: str | None = None
    mention_start: int | None = None
