"""An article's page: its body with every statement highlighted, one colour per speaker.

See templates/row-quotecheck-articles.html. Statements can sit inside other statements
(nested_in: a spokesperson quoting a US official), so the body is cut at every statement
boundary and each piece is given to the innermost statement that covers it. The template
gets plain text pieces and our own colour strings; Jinja escapes the text.
"""
from __future__ import annotations

import markupsafe
from datasette import hookimpl
from datasette.utils import tilde_encode

import json

from ..db.pages import row_page_pk, safe_url

ARTICLE_STATEMENTS_SQL = """
select
  statements.id, statements.start, statements."end", statements.kind, statements.cue,
  statements.speaker_id, speakers.name as speaker, speakers.name_en as speaker_en
from statements
  left join speakers on speakers.id = statements.speaker_id
where statements.article_id = :id
order by statements.start, statements."end" desc
"""

# Twelve hues far apart on the colour wheel, in an order that keeps neighbours apart; after
# them, hues a golden angle apart, for as many speakers as an article has.
HUES = [0, 210, 120, 45, 280, 180, 330, 90, 240, 25, 150, 300]
GOLDEN_ANGLE = 137.508


def speaker_colour(index):
    """Background and border colours for the index-th speaker of an article."""
    if index < len(HUES):
        hue, lightness = HUES[index], 85
    else:
        hue, lightness = round((index * GOLDEN_ANGLE) % 360), 78
    return {"background": f"hsl({hue}, 80%, {lightness}%)", "border": f"hsl({hue}, 65%, 35%)"}


def highlight_pieces(body, statements):
    """The body cut into pieces [{"text", "statement"}]; "statement" is the innermost statement
    (a dict with start/end) covering the piece, or None. Statements whose offsets do not fit
    the body are left out."""
    spans = [s for s in statements
             if s["start"] is not None and s["end"] is not None
             and 0 <= s["start"] < s["end"] <= len(body)]
    cuts = sorted({0, len(body), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s["start"] <= a and b <= s["end"]]
        # innermost: the latest start, then the earliest end
        owner = max(covering, key=lambda s: (s["start"], -s["end"])) if covering else None
        if pieces and pieces[-1]["statement"] is owner:
            pieces[-1]["text"] += body[a:b]
        else:
            pieces.append({"text": body[a:b], "statement": owner})
    return pieces


def byline_items(value):
    """articles.byline (JSON {role: name}) as [(role, name)]; [] when empty or not an object."""
    try:
        byline = json.loads(value) if value else {}
    except (TypeError, ValueError):
        return []
    if not isinstance(byline, dict):
        return []
    return [(str(role), str(name)) for role, name in byline.items() if name]


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    pk = row_page_pk(view_name, database, table, request, ("articles",))
    if pk is None:
        return {}

    async def inner():
        db = datasette.get_database(database)
        article = (await db.execute(
            "select id, title, outlet, published, url, author, byline, lang, format, chars, "
            "body from articles where id = :id", {"id": pk})).first()
        if article is None:
            return {}
        meta = {key: article[key] for key in
                ("id", "title", "outlet", "published", "author", "lang", "format", "chars")}
        meta["url"] = safe_url(article["url"])
        meta["byline"] = byline_items(article["byline"])
        if not article["body"]:
            return {"article_meta": meta}
        statements = [dict(row) for row in await db.execute(ARTICLE_STATEMENTS_SQL, {"id": pk})]
        legend = {}
        for statement in statements:
            speaker = statement["speaker_id"]
            if speaker not in legend:
                legend[speaker] = {
                    "id": speaker, "name": statement["speaker"] or speaker,
                    "name_en": statement["speaker_en"],
                    "url": datasette.urls.row(database, "speakers", tilde_encode(str(speaker))),
                    "colour": speaker_colour(len(legend)), "count": 0,
                }
            legend[speaker]["count"] += 1
            statement["colour"] = legend[speaker]["colour"]
            statement["url"] = datasette.urls.row(database, "statements",
                                                  tilde_encode(statement["id"]))
        return {
            "article_meta": meta,
            "article_pieces": highlight_pieces(article["body"], statements),
            "article_speakers": list(legend.values()),
            "article_statement_count": len(statements),
        }

    return inner


@hookimpl
def render_cell(value, column, table):
    # The byline as written (作者 …, 编辑 …), not as JSON
    if table == "articles" and column == "byline" and isinstance(value, str) and value.startswith("{"):
        text = " · ".join(f"{role} {name}" for role, name in byline_items(value))
        return markupsafe.Markup('<span lang="zh">{}</span>').format(text)
    return None
