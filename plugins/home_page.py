"""The home page (templates/index.html): what quotecheck is, one search box over statements,
claims and articles, the latest statements, the most quoted speakers, topics and recent
verdicts. Plain values only; the template autoescapes them."""
from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode

from ..db.pages import cue_label, topic_names

DATABASE = "quotecheck"
LATEST = 8
SPEAKERS = 12
TOPICS = 16
VERDICTS = 6

LATEST_SQL = """
select statements.id, statements.text, statements.said_on, statements.cue, statements.kind,
  statements.speaker_id, speakers.name as speaker, speakers.name_en as speaker_en,
  statements.article_id, articles.title as article_title, articles.outlet, articles.published
from statements
  left join speakers on speakers.id = statements.speaker_id
  left join articles on articles.id = statements.article_id
order by statements.said_on desc, statements.id
limit :limit
"""
# Statements per speaker from the stored counts (db/monthly_counts.py) where they are; counted
# live without them (a GROUP BY over every statement).
SPEAKERS_STORED_SQL = """
select speakers.id, speakers.name, speakers.name_en, speakers.title, speakers.org,
  counts.count as n
from monthly_counts as counts
  join speakers on speakers.id = counts.speaker_id
where counts.dimension = 'speaker_total' and (speakers.kind = 'person' or speakers.kind is null)
order by counts.count desc, speakers.name
limit :limit
"""
SPEAKERS_SQL = """
select speakers.id, speakers.name, speakers.name_en, speakers.title, speakers.org, counts.n
from (select speaker_id, count(*) as n from statements group by speaker_id) as counts
  join speakers on speakers.id = counts.speaker_id
where speakers.kind = 'person' or speakers.kind is null
order by counts.n desc, speakers.name
limit :limit
"""
TOPICS_SQL = """
select id, statement_count, claim_count from topics
where statement_count > 0
order by statement_count desc, id
limit :limit
"""
VERDICTS_SQL = """
select claims.id, claims.text, claims.verdict, claims.verdict_label, claims.claimant_id,
  speakers.name as claimant, reviews.reviewed_on, reviews.publisher
from claims
  join reviews on reviews.id = claims.review_id
  left join speakers on speakers.id = claims.claimant_id
where claims.verdict_status = 'reviewed'
order by reviews.reviewed_on desc, claims.id
limit :limit
"""


@hookimpl
def extra_template_vars(view_name, datasette):
    if view_name != "index" or DATABASE not in datasette.databases:
        return {}

    async def inner():
        db = datasette.get_database(DATABASE)
        tables = set(await db.table_names())
        if "statements" not in tables:
            return {}

        def row_url(table, value):
            return datasette.urls.row(DATABASE, table, tilde_encode(str(value)))

        latest = []
        for row in await db.execute(LATEST_SQL, {"limit": LATEST}):
            item = dict(row)
            item["url"] = row_url("statements", row["id"])
            item["speaker_url"] = row_url("speakers", row["speaker_id"])
            item["article_url"] = row_url("articles", row["article_id"])
            item["cue_label"] = cue_label(row["cue"], row["kind"])
            latest.append(item)
        speakers = [{**dict(row), "url": row_url("speakers", row["id"])}
                    for row in await db.execute(
                        SPEAKERS_STORED_SQL if "monthly_counts" in tables else SPEAKERS_SQL,
                        {"limit": SPEAKERS})]
        statements_url = datasette.urls.table(DATABASE, "statements")
        topics = []
        if "topics" in tables:
            names = await topic_names(db)
            topics = [{**dict(row), "name": names[row["id"]]["name"],
                       "url": statements_url + "?" + urlencode({"topics__arraycontains": row["id"]})}
                      for row in await db.execute(TOPICS_SQL, {"limit": TOPICS})]
        verdicts = []
        if {"claims", "reviews"} <= tables:
            verdicts = [{**dict(row), "url": row_url("claims", row["id"]),
                         "claimant_url": row_url("speakers", row["claimant_id"])
                         if row["claimant_id"] else None}
                        for row in await db.execute(VERDICTS_SQL, {"limit": VERDICTS})]
        counts = {}
        for table in ("statements", "claims", "articles", "speakers", "reviews"):
            if table in tables:
                counts[table] = (await db.execute(f"select count(*) from [{table}]")).first()[0]
        return {"home": {
            "database": DATABASE, "latest": latest, "speakers": speakers, "topics": topics,
            "verdicts": verdicts, "counts": counts,
        }}

    return inner
