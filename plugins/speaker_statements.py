"""Row-page extras for quotecheck.

- A speaker's row page lists that speaker's statements (Datasette's row page only shows a
  count of "links from other tables"); see templates/row-quotecheck-speakers.html.
- A statement's row page shows the statement as a readable block: speaker, cue, text,
  article; see templates/row-quotecheck-statements.html.

Only plain values go to the templates: Jinja's autoescape escapes them, nothing is marked safe.
"""
from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

from ..db.pages import row_page_pk, safe_url

# A prolific spokesperson can have thousands of statements: the page shows this many, newest
# first (undated last), and links to the full, filterable list. The order is the index on
# statements(speaker_id, said_on) read backwards: no sort of all the speaker's statements.
SPEAKER_STATEMENT_LIMIT = 500

SPEAKER_STATEMENTS_SQL = """
select
  statements.id,
  statements.said_on,
  statements.cue,
  statements.kind,
  statements.mention,
  statements.text,
  statements.article_id,
  articles.title as article_title,
  articles.published as article_published
from statements
  join articles on articles.id = statements.article_id
where statements.speaker_id = :speaker_id
order by
  statements.said_on desc,
  statements.rowid desc
limit :limit
"""

STATEMENT_DETAIL_SQL = """
select
  statements.id,
  statements.said_on,
  statements.cue,
  statements.kind,
  statements.mention,
  statements.text,
  statements.speaker_title,
  statements.speaker_org,
  statements.speaker_id,
  speakers.name as speaker_name,
  statements.via_id,
  relays.name as via_name,
  statements.article_id,
  articles.title as article_title,
  articles.outlet as article_outlet,
  articles.published as article_published,
  articles.url as article_url
from statements
  left join speakers on speakers.id = statements.speaker_id
  left join speakers as relays on relays.id = statements.via_id
  left join articles on articles.id = statements.article_id
where statements.id = :id
"""


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    pk = row_page_pk(view_name, database, table, request, ("speakers", "statements"))
    if pk is None:
        return {}

    async def inner():
        db = datasette.get_database(database)

        def row_url(tbl, value):
            return datasette.urls.row(database, tbl, tilde_encode(str(value)))

        if table == "speakers":
            total = (
                await db.execute(
                    "select count(*) from statements where speaker_id = :id", {"id": pk}
                )
            ).first()[0]
            rows = await db.execute(
                SPEAKER_STATEMENTS_SQL, {"speaker_id": pk, "limit": SPEAKER_STATEMENT_LIMIT}
            )
            statements = []
            for row in rows:
                item = dict(row)
                item["url"] = row_url("statements", row["id"])
                item["article_url"] = row_url("articles", row["article_id"])
                statements.append(item)
            # The view, not the statements table: Datasette 0.65's keyset pagination of a
            # table sorted by a non-unique column skips rows (see metadata.yml); the view
            # pages by offset.
            all_url = (
                datasette.urls.table(database, "statement_browser")
                + "?"
                + urlencode({"speaker_id": pk, "_sort_desc": "said_on"})
            )
            return {
                "speaker_statements": statements,
                "speaker_statement_count": total,
                "speaker_statements_all_url": all_url,
            }

        row = (await db.execute(STATEMENT_DETAIL_SQL, {"id": pk})).first()
        if row is None:
            return {}
        detail = dict(row)
        detail["speaker_url"] = row_url("speakers", row["speaker_id"])
        detail["via_url"] = row_url("speakers", row["via_id"]) if row["via_id"] else None
        detail["article_row_url"] = row_url("articles", row["article_id"])
        detail["article_url"] = safe_url(row["article_url"])
        return {"statement_detail": detail}

    return inner

