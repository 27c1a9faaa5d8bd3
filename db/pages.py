"""Helpers the site's pages share (plugins/*.py): which row a row page shows, safe URLs, how a
cue, a topic or a search hit is shown, and which language a text is in.

Datasette loads each file of plugins/ as a module of its own, so the plugins cannot import
each other: what more than one of them needs lives here.
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from datasette.utils import urlsafe_components

from .search import query_terms
from .text import to_simplified

CJK = re.compile("[\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def row_pk(request):
    """The single primary-key value of the row page being rendered, or None."""
    pks = request.url_vars.get("pks") if request is not None else None
    if not pks:
        return None
    values = urlsafe_components(pks)
    return values[0] if len(values) == 1 else None


def row_page_pk(view_name, database, table, request, tables):
    """row_pk(request) when the page is the row page of one of `tables`, else None."""
    if view_name != "row" or table not in tables or database is None:
        return None
    return row_pk(request)


def safe_url(url):
    """Only http(s) links from the data become hrefs."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def cue_label(cue, kind):
    """How a statement was introduced, for a person: its cue, or what a transcript turn is
    (turns have no cue: `毛宁：……` is an answer, `总台记者：……` a question)."""
    if cue:
        return cue
    if kind == "question":
        return "question at press conference"
    if kind == "direct":
        return "answer at press conference"
    return None


async def topic_names(db) -> dict:
    """{topic id: {"id", "name", "name_zh", "name_en"}} from the topics table ({} without one)."""
    if not await db.table_exists("topics"):
        return {}
    names = {}
    for row in await db.execute("select id, name_zh, name_en from topics"):
        name = " · ".join(part for part in (row["name_zh"], row["name_en"]) if part) or row["id"]
        names[row["id"]] = {"id": row["id"], "name": name, "name_zh": row["name_zh"],
                            "name_en": row["name_en"]}
    return names


def highlight(text, search):
    """(pieces, matched): `text` cut into [{"text", "hit"}] with every occurrence of the
    search's terms marked (Traditional or Simplified, any case), and whether any term was
    found in it. With no search: one piece, matched True."""
    text = text or ""
    terms = [t for t in query_terms(search) if t] if search else []
    if not terms:
        return [{"text": text, "hit": False}], True
    folded = to_simplified(text).lower()
    if len(folded) != len(text):  # folding changed the length: offsets would drift
        folded = text.lower() if len(text.lower()) == len(text) else text
    hits = [False] * len(text)
    for term in terms:
        at = folded.find(term)
        while at >= 0:
            for i in range(at, at + len(term)):
                hits[i] = True
            at = folded.find(term, at + 1)
    pieces = []
    for char, hit in zip(text, hits):
        if pieces and pieces[-1]["hit"] == hit:
            pieces[-1]["text"] += char
        else:
            pieces.append({"text": char, "hit": hit})
    return pieces, any(hits)


def json_items(value) -> list:
    """A JSON array column as a list ([] when empty, not JSON, or not an array)."""
    try:
        items = json.loads(value) if value else []
    except (TypeError, ValueError):
        return []
    return items if isinstance(items, list) else []


def cjk_lang(value) -> str:
    """The lang of a piece of text: "zh" when it holds Chinese characters, else "en"."""
    return "zh" if CJK.search(str(value or "")) else "en"


def with_default_query(app, path: re.Pattern, unless: set[str], addition: str):
    """An ASGI app that adds `addition` to the query string of a request whose path matches
    `path` and whose query names none of the parameters in `unless` (a default the page's own
    links then keep: newest first, labelled CSV)."""
    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and path.match(scope.get("path", "")):
            query = scope.get("query_string", b"").decode("latin-1")
            if not unless & {k for k, _ in parse_qsl(query, keep_blank_values=True)}:
                query = (query + "&" if query else "") + addition
                scope = dict(scope, query_string=query.encode("latin-1"))
        await app(scope, receive, send)

    return wrapped
