"""Row-page extras for quotecheck.

- A speaker's row page lists that speaker's statements (Datasette's row page only shows a
  count of "links from other tables"); see templates/row-quotecheck-speakers.html.
- A statement's row page shows the statement as a readable block: speaker, cue, text,
  article; see templates/row-quotecheck-statements.html.

Only plain values go to the templates: Jinja's autoescape escapes them, nothing is marked safe.
"""
from __future__ import annotations

from urllib.parse import urlencode

import markupsafe
from datasette import hookimpl
from datasette.utils import tilde_encode

from ..db.pages import cue_label, json_items, row_page_pk, safe_url, topic_names

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

# The scorecard: the speaker's statements by topic, and their claims by verdict. By topic from
# the stored monthly counts (db/monthly_counts.py, summed over months, the undated included),
# which a spokesperson's thousands of statements need not be read for; live without them.
SPEAKER_TOPICS_STORED_SQL = """
select topic, sum(count) as statements
from speaker_topic_monthly_counts
where speaker_id = :speaker_id
group by topic
order by statements desc, topic
"""
SPEAKER_TOPICS_SQL = """
select json_each.value as topic, count(*) as statements
from statements, json_each(case when json_valid(statements.topics) then statements.topics else '[]' end)
where statements.speaker_id = :speaker_id
group by json_each.value
order by statements desc, topic
"""
SPEAKER_VERDICTS_SQL = """
select claims.verdict, count(*) as claims,
  sum(claims.verdict_status = 'reviewed') as reviewed,
  sum(claims.verdict_status = 'inherited') as inherited
from claims
where claims.claimant_id = :speaker_id and claims.verdict is not null
group by claims.verdict
order by claims desc, claims.verdict
"""
SPEAKER_CLAIM_COUNT_SQL = "select count(*) from claims where claimant_id = :speaker_id"

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
                item["cue_label"] = cue_label(row["cue"], row["kind"])
                statements.append(item)
            names = await topic_names(db)
            statements_url = datasette.urls.table(database, "statements")
            by_topic = [{"topic": names.get(row["topic"], {"name": row["topic"]})["name"],
                         "count": row["statements"],
                         "url": statements_url + "?" + urlencode(
                             {"speaker_id": pk, "topics__arraycontains": row["topic"]})}
                        for row in await db.execute(
                            SPEAKER_TOPICS_STORED_SQL
                            if await db.table_exists("speaker_topic_monthly_counts")
                            else SPEAKER_TOPICS_SQL, {"speaker_id": pk})]
            by_verdict, claim_count = [], 0
            if await db.table_exists("claims"):
                claims_url = datasette.urls.table(database, "claims")
                by_verdict = [{**dict(row), "url": claims_url + "?" + urlencode(
                                   {"claimant_id": pk, "verdict": row["verdict"]})}
                              for row in await db.execute(SPEAKER_VERDICTS_SQL, {"speaker_id": pk})]
                claim_count = (await db.execute(SPEAKER_CLAIM_COUNT_SQL,
                                                {"speaker_id": pk})).first()[0]
            speaker = (await db.execute("select roles, aliases, wikidata from speakers "
                                        "where id = :id", {"id": pk})).first()
            # The statements page, newest first (plugins/stable_sort.py keeps its pages whole)
            all_url = statements_url + "?" + urlencode({"speaker_id": pk})
            return {
                "speaker_roles": [role for role in json_items(speaker["roles"] if speaker else None)
                                  if isinstance(role, dict)],
                "speaker_aliases": [a for a in json_items(speaker["aliases"] if speaker else None)
                                    if isinstance(a, str)],
                "speaker_wikidata": speaker["wikidata"] if speaker else None,
                "speaker_by_topic": by_topic,
                "speaker_by_verdict": by_verdict,
                "speaker_claim_count": claim_count,
                "speaker_claims_url": datasette.urls.table(database, "claims") + "?"
                                      + urlencode({"claimant_id": pk}),
                "speaker_statements_list_url": statements_url + "?" + urlencode({"speaker_id": pk}),
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
        detail["cue_label"] = cue_label(row["cue"], row["kind"])
        return {"statement_detail": detail}

    return inner



def zh(text):
    return markupsafe.Markup('<span lang="zh">{}</span>').format(text)


def roles_text(value):
    """speakers.roles (JSON list of {title, org, from, to}) as one line of text."""
    roles = [r for r in json_items(value) if isinstance(r, dict)]
    return "; ".join(
        f"{r.get('from') or '?'}–{r.get('to') or 'now'} {r.get('org') or ''}{r.get('title') or ''}"
        if (r.get("from") or r.get("to")) else f"{r.get('org') or ''}{r.get('title') or ''}"
        for r in roles)


@hookimpl
def render_cell(value, column, table):
    # The speaker's JSON lists as text, wherever the table or a row is shown.
    if table != "speakers" or not isinstance(value, str) or not value.startswith("["):
        return None
    if column == "aliases":
        return zh("、".join(a for a in json_items(value) if isinstance(a, str)))
    if column == "roles":
        return zh(roles_text(value))
    return None
