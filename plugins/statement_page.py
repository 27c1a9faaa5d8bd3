"""A statement's page: the quote in its paragraph, its speaker, claims, repeats and quote check.

See templates/row-quotecheck-statements.html. The sections for claims, repeats and quote
checks appear only where those tables hold rows for the statement. Only plain strings go to
the template: the quote is split into (before, quote, after) and the template wraps the
middle piece in <mark>, so every piece is autoescaped and nothing is marked safe.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

from ..db.pages import row_page_pk, safe_url

# A paragraph can be a whole transcript turn: at most this many characters either side.
CONTEXT_CHARS = 300
# A formula repeated at every press conference has hundreds of repeats: the page lists this
# many, oldest first, and links to the whole group.
REPEAT_LIMIT = 50

STATEMENT_SQL = """
select
  statements.id, statements.start, statements."end", statements.text,
  statements.speaker_id, statements.article_id,
  articles.body,
  speakers.name, speakers.name_en, speakers.title, speakers.org, speakers.country,
  speakers.kind
from statements
  left join articles on articles.id = statements.article_id
  left join speakers on speakers.id = statements.speaker_id
where statements.id = :id
"""

CLAIMS_SQL = """
select
  claims.id, claims.text, claims.checkworthiness, claims.band, claims.reasons,
  claims.verdict, claims.verdict_label, claims.verdict_status, claims.review_id,
  claims.repeat_group, claims.repeats,
  reviews.summary as review_summary, reviews.url as review_url,
  reviews.publisher as review_publisher, reviews.reviewed_on as review_reviewed_on
from claims
  left join reviews on reviews.id = claims.review_id
where claims.statement_id = :id
order by claims.start, claims.id
"""

# The other claims of a claim's repeat group: claims.repeat_group, and claim_links pairs
# either way round (a link may be recorded before the group is).
REPEATS_SQL = """
select
  count(*) over () as total,
  other.id, other.text, other.said_on, other.statement_id,
  other.claimant_id, speakers.name as speaker,
  other.article_id, articles.title as article_title, articles.published as article_published
from claims as other
  left join speakers on speakers.id = other.claimant_id
  left join articles on articles.id = other.article_id
where other.id != :claim_id
  and (
    (:group is not null and other.repeat_group = :group)
    or other.id in (select linked_claim_id from claim_links where claim_id = :claim_id)
    or other.id in (select claim_id from claim_links where linked_claim_id = :claim_id)
  )
order by coalesce(other.said_on, articles.published), other.id
limit :limit
"""

# Checks of this statement against its primary source, and checks of news reports against
# this statement when it is the primary.
QUOTE_CHECKS_SQL = """
select
  quote_checks.id, quote_checks.relation, quote_checks.similarity, quote_checks.coverage,
  quote_checks.omitted, quote_checks.altered, quote_checks.diff, quote_checks.method,
  quote_checks.statement_id, quote_checks.primary_statement_id,
  quote_checks.primary_article_id,
  primary_article.title as primary_article_title,
  news_article.title as news_article_title,
  news.article_id as news_article_id,
  case when quote_checks.statement_id = :id then 'primary' else 'report' end as direction,
  -- a primary nested in another statement is a relay of the words (a reporter's question)
  primary_statement.nested_in as relay_statement_id,
  relay.kind as relay_kind, relay_speaker.name as relay_speaker,
  relay.speaker_id as relay_speaker_id,
  news_speaker.name as news_speaker
from quote_checks
  left join articles as primary_article on primary_article.id = quote_checks.primary_article_id
  left join statements as primary_statement
    on primary_statement.id = quote_checks.primary_statement_id
  left join statements as relay on relay.id = primary_statement.nested_in
  left join speakers as relay_speaker on relay_speaker.id = relay.speaker_id
  left join statements as news on news.id = quote_checks.statement_id
  left join speakers as news_speaker on news_speaker.id = news.speaker_id
  left join articles as news_article on news_article.id = news.article_id
where quote_checks.statement_id = :id or quote_checks.primary_statement_id = :id
order by direction, quote_checks.id
"""

DIFF_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)


def quote_in_paragraph(body, start, end, limit=CONTEXT_CHARS):
    """(before, quote, after): the paragraph of body holding body[start:end], cut to `limit`
    characters either side (with … where cut). None when the offsets do not fit the body."""
    if not isinstance(body, str) or start is None or end is None:
        return None
    if not 0 <= start <= end <= len(body):
        return None
    para_start = body.rfind("\n", 0, start) + 1
    para_end = body.find("\n", end)
    if para_end == -1:
        para_end = len(body)
    before = body[max(para_start, start - limit):start]
    after = body[end:min(para_end, end + limit)]
    if start - limit > para_start:
        before = "…" + before
    if end + limit < para_end:
        after = after + "…"
    return {"before": before, "quote": body[start:end], "after": after}


def diff_pieces(diff):
    """quote_checks.diff (`[-left out-]`, `{+put in+}`) as [{"op": "same"|"del"|"ins", "text"}]."""
    pieces, at = [], 0
    for match in DIFF_MARK.finditer(diff or ""):
        if match.start() > at:
            pieces.append({"op": "same", "text": diff[at:match.start()]})
        if match.group(1) is not None:
            pieces.append({"op": "del", "text": match.group(1)})
        else:
            pieces.append({"op": "ins", "text": match.group(2)})
        at = match.end()
    if at < len(diff or ""):
        pieces.append({"op": "same", "text": diff[at:]})
    return pieces


def punctuation_only(pieces):
    """Whether the two texts differ in punctuation or spacing alone (a verbatim check can)."""
    changed = [p["text"] for p in pieces if p["op"] != "same"]
    return bool(changed) and all(not any(ch.isalnum() for ch in text) for text in changed)


def json_values(value):
    """A JSON array column as a list ([] when empty; the raw text when it is not an array)."""
    try:
        items = json.loads(value) if value else []
    except (TypeError, ValueError):
        return [value]
    return items if isinstance(items, list) else [items]


def json_list(value):
    """A JSON array column as a list of strings."""
    return [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
            for item in json_values(value)]


def _change(pair):
    """One quote_checks.altered entry, [primary words, reported words], as text."""
    if isinstance(pair, list) and len(pair) == 2:
        return f"{pair[0]} → {pair[1]}"
    return pair if isinstance(pair, str) else json.dumps(pair, ensure_ascii=False)


async def _tables(db):
    return set(await db.table_names())


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    pk = row_page_pk(view_name, database, table, request, ("statements",))
    if pk is None:
        return {}

    async def inner():
        db = datasette.get_database(database)
        row = (await db.execute(STATEMENT_SQL, {"id": pk})).first()
        if row is None:
            return {}

        def row_url(tbl, value):
            if value in (None, ""):
                return None
            return datasette.urls.row(database, tbl, tilde_encode(str(value)))

        speaker = {
            "id": row["speaker_id"], "url": row_url("speakers", row["speaker_id"]),
            **{key: row[key] for key in ("name", "name_en", "title", "org", "country", "kind")},
        }
        tables = await _tables(db)
        claims = []
        if "claims" in tables:
            for claim in (await db.execute(CLAIMS_SQL, {"id": pk})).rows:
                item = dict(claim)
                item["url"] = row_url("claims", claim["id"])
                item["reasons"] = json_list(claim["reasons"])
                item["review_row_url"] = row_url("reviews", claim["review_id"])
                item["review_url"] = safe_url(claim["review_url"])
                repeats, total = [], 0
                if "claim_links" in tables:
                    params = {"claim_id": claim["id"], "group": claim["repeat_group"],
                              "limit": REPEAT_LIMIT}
                    for other in (await db.execute(REPEATS_SQL, params)).rows:
                        total = other["total"]
                        repeat = dict(other)
                        repeat["url"] = row_url("claims", other["id"])
                        repeat["statement_url"] = row_url("statements", other["statement_id"])
                        repeat["speaker_url"] = row_url("speakers", other["claimant_id"])
                        repeat["article_url"] = row_url("articles", other["article_id"])
                        repeats.append(repeat)
                item["repeats_found"] = repeats
                item["repeats_total"] = total
                item["repeats_url"] = (
                    datasette.urls.table(database, "claims") + "?"
                    + urlencode({"repeat_group": claim["repeat_group"]})
                    if claim["repeat_group"] else None)
                claims.append(item)
        checks = []
        if "quote_checks" in tables:
            for check in (await db.execute(QUOTE_CHECKS_SQL, {"id": pk})).rows:
                item = dict(check)
                item["url"] = row_url("quote_checks", check["id"])
                item["omitted"] = json_list(check["omitted"])
                item["altered"] = [_change(pair) for pair in json_values(check["altered"])]
                item["diff_pieces"] = diff_pieces(check["diff"])
                item["primary_statement_url"] = row_url("statements", check["primary_statement_id"])
                item["primary_article_url"] = row_url("articles", check["primary_article_id"])
                item["news_statement_url"] = row_url("statements", check["statement_id"])
                item["news_article_url"] = row_url("articles", check["news_article_id"])
                item["relay_url"] = row_url("statements", check["relay_statement_id"])
                item["relay_speaker_url"] = row_url("speakers", check["relay_speaker_id"])
                item["punctuation_only"] = punctuation_only(item["diff_pieces"])
                checks.append(item)
        return {
            "statement_context": quote_in_paragraph(row["body"], row["start"], row["end"]),
            "statement_speaker": speaker,
            "statement_claims": claims,
            "statement_quote_checks": checks,
        }

    return inner
