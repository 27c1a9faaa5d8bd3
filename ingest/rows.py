"""An article and its statements as the rows the database stores: statements and claims
with their speakers resolved through the registry, ids derived from content.

The reading side's last step, in two: `unresolved_rows` (any process) and `resolve` (the
process that writes, in the order it stores the articles); db/store.py writes the rows as
they are.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import speaker_model
from .claims import split_claims
from .model import Article, Statement, stable_id
from .speakers import Mention, Registry, Speaker


def rules_version(code: Path, model: Path) -> str:
    """A hash of the reading and extraction code and of the trained speaker model: when either
    changes, stored articles are read and extracted again even though their text is the same."""
    parts = [path.read_bytes() for path in sorted(code.glob("*.py"))] + [model.read_bytes()]
    return hashlib.sha1(b"\0".join(parts)).hexdigest()[:12]


EXTRACTOR_VERSION = rules_version(Path(__file__).resolve().parent, speaker_model.MODEL)


@dataclass
class ArticleRows:
    """One article's rows: written together, in one transaction, by db/store.py."""

    article: dict
    statements: list[dict]
    claims: list[dict]
    speakers: list[dict]  # the speakers they need that may be new to the database


@dataclass
class UnresolvedRows:
    """One article's rows before their speakers are resolved: what depends on the article
    and the registry as loaded only, so any process can make it. The registry learns the
    speakers met in text as it resolves them (the same name met again with another country
    is another speaker), so whoever writes resolves the articles in the order it stores
    them: rows made in any number of processes come out as one process makes them."""

    article: dict
    statements: list[dict]  # speaker_id, via_id, speaker_kind and country left to `resolve`
    claims: list[dict]  # claimant_id left to `resolve`
    mentions: list[Mention]  # each statement's speaker as the text names them
    relays: list[Mention | None]  # each statement's relay (via), if any
    claim_statements: list[int | None]  # each claim's statement; None: the reporter's voice


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


def statement_row(article: Article, s: Statement, sid: str, ids: list[str]) -> dict:
    """A statement's row, its speaker's columns left to `resolve`."""
    return {
        "id": sid, "article_id": article.id, "speaker_id": None, "mention": s.mention,
        "cue": s.cue or None, "text": s.text, "kind": s.kind, "start": s.start, "end": s.end,
        "said_on": s.said_on, "via_id": None,
        "nested_in": ids[s.nested_in] if s.nested_in is not None else None,
        "speaker_title": s.title, "speaker_org": s.org, "speaker_kind": None,
        "country": None, "outlet": article.outlet, "published": article.published,
    }


def claim_rows(article: Article, statements: list[Statement], statement_rows: list[dict]):
    """Claim rows, their claimant left to `resolve`, and each one's statement (index; None
    for the reporter's voice). Statement claims take their statement's date."""
    rows, indexes = [], []
    for claim in split_claims(article, statements):
        if claim.statement_index is not None:
            statement = statement_rows[claim.statement_index]
            statement_row_id, said_on = statement["id"], statement["said_on"] or article.published
        else:
            statement_row_id, said_on = None, article.published
        indexes.append(claim.statement_index)
        rows.append({
            "id": stable_id("claim", article.id, claim.start, claim.end),
            "article_id": article.id, "statement_id": statement_row_id,
            "claimant_id": None, "voice": claim.voice, "text": claim.text,
            "start": claim.start, "end": claim.end, "said_on": said_on,
            "published": article.published, "checkworthiness": claim.checkworthiness,
            "band": claim.band, "reasons": json.dumps(claim.reasons, ensure_ascii=False),
            "topics": None, "repeat_group": None, "repeats": 0, "match_status": "unique",
            "verdict": None, "verdict_label": None, "verdict_status": "unreviewed",
            "review_id": None,
        })
    return rows, indexes


def unresolved_rows(article: Article, statements: list[Statement],
                    registry: Registry) -> UnresolvedRows:
    """Everything the database stores of one article but who speaks."""
    ids = [statement_id(article, s) for s in statements]
    rows = [statement_row(article, s, sid, ids) for s, sid in zip(statements, ids)]
    claims, indexes = claim_rows(article, statements, rows)
    return UnresolvedRows(
        article=article_row(article, len(rows), row_hash(article, registry)),
        statements=rows, claims=claims,
        mentions=[Mention(s.speaker, s.speaker_kind or "person", title=s.title, org=s.org,
                          country=s.country) for s in statements],
        relays=[Mention(s.via, "media") if s.via else None for s in statements],
        claim_statements=indexes)


def resolve(rows: UnresolvedRows, registry: Registry) -> ArticleRows:
    """The rows with their speakers resolved through `registry` (new ones registered in it),
    in the order they always were: each statement's speaker and relay, then the outlet,
    claimant of the reporter's own claims; the speakers they need, in that order."""
    speakers: dict[str, Speaker] = {}
    for row, mention, relay in zip(rows.statements, rows.mentions, rows.relays):
        speaker = registry.resolve(mention)
        speakers[speaker.id] = speaker
        row.update(speaker_id=speaker.id, speaker_kind=speaker.kind, country=speaker.country)
        if relay is not None:
            via = registry.resolve(relay)
            speakers[via.id] = via
            row["via_id"] = via.id
    outlet_id = None
    if rows.article["outlet"] and None in rows.claim_statements:
        outlet = registry.resolve(Mention(rows.article["outlet"], "media"))
        speakers.setdefault(outlet.id, outlet)
        outlet_id = outlet.id
    for claim, index in zip(rows.claims, rows.claim_statements):
        claim["claimant_id"] = outlet_id if index is None else rows.statements[index]["speaker_id"]
    return ArticleRows(article=rows.article, statements=rows.statements, claims=rows.claims,
                       speakers=[speaker_row(s) for s in speakers.values()])


def article_rows(article: Article, statements: list[Statement], registry: Registry) -> ArticleRows:
    """Everything the database stores of one article."""
    return resolve(unresolved_rows(article, statements, registry), registry)
