"""An article and its statements as the rows the database stores: statements and claims
with their speakers resolved through the registry, ids derived from content.

The reading side's last step; db/store.py writes these rows as they are.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .claims import split_claims
from .model import Article, Statement, stable_id
from .speakers import Mention, Registry, Speaker


def _rules_version() -> str:
    """A hash of the reading and extraction code: when it changes, stored articles are
    read and extracted again even though their text is the same."""
    here = Path(__file__).resolve().parent
    parts = [path.read_bytes() for path in sorted(here.glob("*.py"))]
    return hashlib.sha1(b"\0".join(parts)).hexdigest()[:12]


EXTRACTOR_VERSION = _rules_version()


@dataclass
class ArticleRows:
    """One article's rows: written together, in one transaction, by db/store.py."""

    article: dict
    statements: list[dict]
    claims: list[dict]
    speakers: list[dict]  # the speakers they need that may be new to the database


def speaker_row(speaker: Speaker) -> dict:
    return {
        "id": speaker.id, "name": speaker.name, "name_en": speaker.name_en, "kind": speaker.kind,
        "country": speaker.country, "title": speaker.title, "org": speaker.org,
        "wikidata": speaker.wikidata or None,
        "aliases": json.dumps(speaker.aliases, ensure_ascii=False) if speaker.aliases else None,
        "roles": json.dumps(speaker.roles, ensure_ascii=False) if speaker.roles else None,
        "in_registry": int(speaker.in_registry),
    }


def registry_rows(registry: Registry) -> list[dict]:
    return [speaker_row(s) for s in registry.speakers.values()]


def row_hash(article: Article, registry: Registry) -> str:
    """What must stay the same for an article's rows to stay: its text and metadata, the
    rules, and the speaker registry the rules resolve names with."""
    return stable_id(article.content_hash, EXTRACTOR_VERSION, registry.fingerprint, length=40)


def article_row(article: Article, statement_count: int, content_hash: str) -> dict:
    return {
        "id": article.id, "key": article.key, "source": article.source, "title": article.title,
        "published": article.published, "url": article.url, "outlet": article.outlet,
        "author": article.author, "lang": article.lang, "format": article.format,
        "byline": json.dumps(article.byline, ensure_ascii=False) if article.byline else None,
        "body": article.body, "chars": len(article.body), "statement_count": statement_count,
        "content_hash": content_hash,
    }


def statement_id(article: Article, s: Statement) -> str:
    return stable_id("statement", article.id, s.start, s.end, s.speaker, s.kind)


def statement_rows(article: Article, statements: list[Statement], registry: Registry):
    """Statement rows, with the speakers they need (registered in `registry` if new)."""
    ids = [statement_id(article, s) for s in statements]
    rows, speakers = [], {}
    for s, sid in zip(statements, ids):
        speaker = registry.resolve(Mention(s.speaker, s.speaker_kind or "person", title=s.title,
                                           org=s.org, country=s.country))
        speakers[speaker.id] = speaker
        via_id = None
        if s.via:
            relay = registry.resolve(Mention(s.via, "media"))
            speakers[relay.id] = relay
            via_id = relay.id
        rows.append({
            "id": sid, "article_id": article.id, "speaker_id": speaker.id, "mention": s.mention,
            "cue": s.cue or None, "text": s.text, "kind": s.kind, "start": s.start, "end": s.end,
            "said_on": s.said_on, "via_id": via_id,
            "nested_in": ids[s.nested_in] if s.nested_in is not None else None,
            "speaker_title": s.title, "speaker_org": s.org, "speaker_kind": speaker.kind,
            "country": speaker.country, "outlet": article.outlet, "published": article.published,
        })
    return rows, list(speakers.values())


def claim_rows(article: Article, statements: list[Statement], statement_rows: list[dict],
               registry: Registry):
    """Claim rows, with the claimant the reporter's voice needs (the outlet, registered in
    `registry` if new). Statement claims take their statement's speaker and date."""
    rows, speakers = [], {}
    outlet_id = None
    for claim in split_claims(article, statements):
        if claim.statement_index is not None:
            statement = statement_rows[claim.statement_index]
            statement_row_id, claimant_id = statement["id"], statement["speaker_id"]
            said_on = statement["said_on"] or article.published
        else:
            if outlet_id is None and article.outlet:
                outlet = registry.resolve(Mention(article.outlet, "media"))
                speakers[outlet.id] = outlet
                outlet_id = outlet.id
            statement_row_id, claimant_id, said_on = None, outlet_id, article.published
        rows.append({
            "id": stable_id("claim", article.id, claim.start, claim.end),
            "article_id": article.id, "statement_id": statement_row_id,
            "claimant_id": claimant_id, "voice": claim.voice, "text": claim.text,
            "start": claim.start, "end": claim.end, "said_on": said_on,
            "published": article.published, "checkworthiness": claim.checkworthiness,
            "band": claim.band, "reasons": json.dumps(claim.reasons, ensure_ascii=False),
            "topics": None, "repeat_group": None, "repeats": 0, "match_status": "unique",
            "verdict": None, "verdict_label": None, "verdict_status": "unreviewed",
            "review_id": None,
        })
    return rows, list(speakers.values())


def article_rows(article: Article, statements: list[Statement], registry: Registry) -> ArticleRows:
    """Everything the database stores of one article."""
    rows, speakers = statement_rows(article, statements, registry)
    claims, claimants = claim_rows(article, statements, rows, registry)
    speakers += [s for s in claimants if s.id not in {known.id for known in speakers}]
    return ArticleRows(article=article_row(article, len(rows), row_hash(article, registry)),
                       statements=rows, claims=claims,
                       speakers=[speaker_row(s) for s in speakers])
