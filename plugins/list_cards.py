"""The statements and claims pages as cards: each row's words at a readable width, with who,
how, when, where, topics and verdict (templates/_qc_cards.html).

The table page keeps Datasette's own query, filters, facets, sorting and pagination; the
template hands this plugin's `qc_cards(table, rows, search)` the page's rows and gets back
one dict per row, in the same order, read in one query. The words come back as pieces
[{"text", "hit"}] with the search terms marked, and a row whose words do not hold the terms
says what it matched on instead (the speaker as mentioned). Plain values only: the template
autoescapes them.
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from datasette import hookimpl
from datasette.utils import tilde_encode

from ..db.pages import cue_label, highlight, row_page_pk, safe_url, topic_names, with_default_query

STATEMENT_CARDS_SQL = """
select
  statements.id, statements.text, statements.mention, statements.cue, statements.kind,
  statements.said_on, statements.topics, statements.speaker_id,
  coalesce(statements.speaker_title, speakers.title) as speaker_title,
  coalesce(statements.speaker_org, speakers.org) as speaker_org,
  speakers.name as speaker, speakers.name_en as speaker_en,
  statements.via_id, relays.name as via,
  statements.article_id, articles.title as article_title, articles.outlet,
  articles.published, articles.url as article_url,
  (select group_concat(distinct coalesce(claims.verdict_label, claims.verdict))
   from claims where claims.statement_id = statements.id and claims.verdict is not null)
    as verdicts
from statements
  left join speakers on speakers.id = statements.speaker_id
  left join speakers as relays on relays.id = statements.via_id
  left join articles on articles.id = statements.article_id
where statements.id in (select value from json_each(:ids))
"""

CLAIM_CARDS_SQL = """
select
  claims.id, claims.text, claims.voice, claims.said_on, claims.topics,
  claims.checkworthiness, claims.band, claims.verdict, claims.verdict_label,
  claims.verdict_status, claims.statement_id, claims.claimant_id as speaker_id,
  claims.reasons, claims.repeats, claims.review_id,
  reviews.summary as review_summary, reviews.reviewer, reviews.publisher as review_publisher,
  reviews.reviewed_on, reviews.url as review_url,
  statements.mention, statements.cue, statements.kind,
  coalesce(statements.speaker_title, speakers.title) as speaker_title,
  coalesce(statements.speaker_org, speakers.org) as speaker_org,
  speakers.name as speaker, speakers.name_en as speaker_en,
  claims.article_id, articles.title as article_title, articles.outlet,
  articles.published, articles.url as article_url
from claims
  left join statements on statements.id = claims.statement_id
  left join speakers on speakers.id = claims.claimant_id
  left join articles on articles.id = claims.article_id
  left join reviews on reviews.id = claims.review_id
where claims.id in (select value from json_each(:ids))
"""

CARD_SQL = {"statements": STATEMENT_CARDS_SQL, "claims": CLAIM_CARDS_SQL}

# The list pages (HTML, not .json or .csv) of these tables
LIST_PAGE = re.compile(r"^/quotecheck/(statements|claims)$")
NEWEST_FIRST = "_sort_desc=said_on"


def newest_first_by_default(app):
    """A list page asked for with no sort is newest first: `_sort_desc=said_on` is added to
    the request, so the page's links (facets, next page, exports) keep that order. JSON and
    CSV asked for directly keep Datasette's primary-key order, which pages by one index range
    (a sorted stream of a million rows costs a date-index scan per page)."""
    return with_default_query(app, LIST_PAGE, {"_sort", "_sort_desc"}, NEWEST_FIRST)


@hookimpl
def asgi_wrapper(datasette):
    return newest_first_by_default


def without_next(url: str) -> str:
    """A facet's link without the page it was clicked on: choosing a value starts at the
    first page of what it selects (Datasette keeps `_next`, skipping the rows before it)."""
    parts = urlsplit(str(url))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "_next"]
    return urlunsplit(parts._replace(query=urlencode(query)))


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["without_next"] = without_next


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if view_name not in ("table", "row") or table not in CARD_SQL or database is None:
        return {}

    async def qc_cards(table_name, rows, search=None):
        db = datasette.get_database(database)
        ids = [row["id"] for row in rows]
        if not ids:
            return []
        found = {row["id"]: dict(row) for row in await db.execute(
            CARD_SQL[table_name], {"ids": json.dumps(ids)})}
        names = await topic_names(db)

        def row_url(tbl, value):
            if value in (None, ""):
                return None
            return datasette.urls.row(database, tbl, tilde_encode(str(value)))

        cards = []
        for pk in ids:
            card = found.get(pk)
            if card is None:
                continue
            card["url"] = row_url(table_name, pk)
            card["speaker_url"] = row_url("speakers", card["speaker_id"])
            card["article_row_url"] = row_url("articles", card["article_id"])
            card["article_url"] = safe_url(card["article_url"])
            card["statement_url"] = row_url("statements", card.get("statement_id"))
            card["via_url"] = row_url("speakers", card.get("via_id"))
            card["cue_label"] = cue_label(card.get("cue"), card.get("kind"))
            card["topic_names"] = [names.get(t, {"id": t, "name": t}) for t in _json_list(card["topics"])]
            card["pieces"], card["text_matched"] = highlight(card["text"], search)
            if table_name == "claims":
                card["review_row_url"] = row_url("reviews", card["review_id"])
                card["review_url"] = safe_url(card["review_url"])
                card["reason_list"] = _json_list(card["reasons"])
            card["verdict_list"] = (card.get("verdicts") or "").split(",") if card.get("verdicts") else []
            cards.append(card)
        return cards

    async def inner():
        if view_name == "table":
            return {"qc_cards": qc_cards}
        # a claim's own page shows its card (templates/row-quotecheck-claims.html)
        pk = row_page_pk(view_name, database, table, request, ("claims",))
        if pk is None:
            return {}
        cards = await qc_cards(table, [{"id": pk}])
        return {"qc_claim_card": cards[0] if cards else None}

    return inner


def _json_list(value):
    try:
        items = json.loads(value) if value else []
    except (TypeError, ValueError):
        return []
    return [item for item in items if isinstance(item, str)] if isinstance(items, list) else []
