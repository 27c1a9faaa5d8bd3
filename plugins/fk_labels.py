"""Labelled links for the statements table's foreign keys on every page.

Datasette 0.65 expands foreign keys to "label" links on the table page only: on a row page
(/quotecheck/statements/<id>) speaker_id, article_id, via_id and nested_in show as bare ids.
This `render_cell` hook renders any such bare value as a link to the referenced row with its
label (speaker name, article title, or the start of the enclosing statement) — the same
markup Datasette uses on the table page. On the table page, Datasette has already expanded
the value (it arrives as a dict) and this hook leaves it alone.

It also links the statement_browser view's statement_id, speaker and article columns to
their rows.
"""
from __future__ import annotations

import markupsafe
from datasette import hookimpl
from datasette.utils import tilde_encode

from ..db.pages import cjk_lang

# column -> (table it points to, SQL giving the label for :id)
STATEMENT_FOREIGN_KEYS = {
    "speaker_id": ("speakers", "select name from speakers where id = :id"),
    "via_id": ("speakers", "select name from speakers where id = :id"),
    "article_id": ("articles", "select title from articles where id = :id"),
    "nested_in": (
        "statements",
        "select coalesce(speakers.name, statements.speaker_id) || '：' || "
        "substr(statements.text, 1, 30) || "
        "case when length(statements.text) > 30 then '…' else '' end "
        "from statements left join speakers on speakers.id = statements.speaker_id "
        "where statements.id = :id",
    ),
}


# statement_browser (a view, so no foreign keys): column -> (table, column holding its id)
BROWSER_LINKS = {
    "statement_id": ("statements", "statement_id"),
    "speaker": ("speakers", "speaker_id"),
    "via": ("speakers", None),
    "article": ("articles", "article_id"),
}


def _browser_link(row, value, column, database, datasette):
    other_table, id_column = BROWSER_LINKS[column]
    if id_column is None or value in (None, ""):
        return None
    try:
        target = row[id_column]
    except (IndexError, KeyError):  # the id column was hidden with ?_nocol=
        return None
    if target in (None, ""):
        return None
    href = datasette.urls.row(database, other_table, tilde_encode(str(target)))
    return markupsafe.Markup('<a href="{}" lang="{}">{}</a>').format(href, cjk_lang(value), value)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table == "statement_browser" and column in BROWSER_LINKS:
        return _browser_link(row, value, column, database, datasette)
    if table != "statements" or column not in STATEMENT_FOREIGN_KEYS:
        return None
    if not isinstance(value, str) or not value:
        return None  # already expanded (a dict), or empty
    other_table, label_sql = STATEMENT_FOREIGN_KEYS[column]

    async def inner():
        db = datasette.get_database(database)
        try:
            row = (await db.execute(label_sql, {"id": value})).first()
        except Exception:  # a database without the expected shape: plain rendering
            return None
        label = row[0] if row and row[0] else None
        href = datasette.urls.row(database, other_table, tilde_encode(value))
        if label is None:
            return markupsafe.Markup('<a href="{}">{}</a>').format(href, value)
        return markupsafe.Markup('<a href="{}" lang="{}">{}</a>&nbsp;<em>{}</em>').format(
            href, cjk_lang(label), label, value
        )

    return inner
