"""Search for Chinese terms of any length: the table pages' search box, and /-/search.

The search tables and the query language live in db/search.py. Here:

- Table pages. metadata.yml points a table's `fts_table` at its `*_search` table with
  `searchmode: raw`, so Datasette's own search filter (datasette/filters.py) adds
  `rowid in (select rowid from statements_search where statements_search match :search)`.
  This `filters_from_request` hook runs after it (trylast) and replaces the `search`
  parameter (`search_0`, ... for `_search_<column>=`) with `match_expression(...)` of what
  the user typed, so only quoted tokens reach FTS5 and no input is an error page. A user
  who asks for `_searchmode=raw` gets FTS5 syntax as typed. On a table whose FTS table is
  not one of ours, text is escaped as Datasette would, even where the metadata says raw.
- /-/search?q=: one search over statements, claims and articles, each group ranked by
  bm25, with links to every row and to the full filtered table. See templates/search.html.
  A term with more than RANK_POOL matches in a group is ranked among its RANK_POOL newest
  matches (highest rowids), which the page says: bm25 costs about 2 µs a match, so ranking
  all 630,000 matches of 台湾 at ten million statements took 570-660 ms and could pass
  Datasette's time limit, while its newest 5,000 rank in 44 ms (20,000: 62 ms).
"""
from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import escape_fts, tilde_encode
from datasette.utils.asgi import Response

from ..db.search import SEARCHABLE, match_expression, query_terms, search_table
from ..db.text import to_simplified

OUR_TABLES = {search_table(t) for t in SEARCHABLE}
GROUP_LIMIT = 20
RANK_POOL = 5_000  # matches ranked at most, the most recently added (see the module's docstring)
NO_FLOOR = -(1 << 63)  # the lowest rowid SQLite has: every match ranks
EXCERPT = 60  # characters either side of the first hit

# Ranked inside the FTS table first (bm25 needs only the index), then the top rows are
# joined: joining every match before ranking costs a row lookup per match (tens of thousands
# for a common term at a million statements).
STATEMENTS_SQL = """
with hits as (
  select rowid, bm25(statements_search) as score
  from statements_search
  where statements_search match :match and rowid >= :floor
  order by score, rowid
  limit :limit
)
select
  statements.id, statements.text, statements.mention, statements.said_on,
  statements.speaker_id, speakers.name as speaker,
  statements.article_id, articles.title as article_title
from hits
  join statements on statements.rowid = hits.rowid
  left join speakers on speakers.id = statements.speaker_id
  left join articles on articles.id = statements.article_id
order by hits.score, hits.rowid
"""

CLAIMS_SQL = """
with hits as (
  select rowid, bm25(claims_search) as score
  from claims_search
  where claims_search match :match and rowid >= :floor
  order by score, rowid
  limit :limit
)
select
  claims.id, claims.text, claims.said_on, claims.verdict_label,
  claims.claimant_id, speakers.name as claimant,
  claims.article_id, articles.title as article_title
from hits
  join claims on claims.rowid = hits.rowid
  left join speakers on speakers.id = claims.claimant_id
  left join articles on articles.id = claims.article_id
order by hits.score, hits.rowid
"""

# A hit in the headline counts five times one in the body.
ARTICLES_SQL = """
with hits as (
  select rowid, bm25(articles_search, 5.0, 1.0) as score
  from articles_search
  where articles_search match :match and rowid >= :floor
  order by score, rowid
  limit :limit
)
select
  articles.id, articles.title, articles.body as text, articles.published, articles.outlet
from hits
  join articles on articles.rowid = hits.rowid
order by hits.score, hits.rowid
"""

GROUPS = [
    # (table, heading, SQL)
    ("statements", "Statements", STATEMENTS_SQL),
    ("claims", "Claims", CLAIMS_SQL),
    ("articles", "Articles", ARTICLES_SQL),
]


@hookimpl(trylast=True)
def filters_from_request(request, database, table, datasette):
    # The same arguments, in the same order, as datasette.filters.search_filters reads.
    search_args = {key: request.args[key] for key in request.args
                   if key.startswith("_search") and key != "_searchmode"}
    if not search_args or request.args.get("_searchmode") == "raw":
        return None
    table_metadata = datasette.table_metadata(database, table)
    fts_table = request.args.get("_fts_table") or table_metadata.get("fts_table")
    if fts_table in OUR_TABLES:
        to_match = match_expression
    elif table_metadata.get("searchmode") == "raw":
        to_match = escape_fts  # raw by our metadata, but not an FTS table of ours
    else:
        return None
    if "_search" in search_args:
        params = {"search": to_match(search_args["_search"])}
    else:
        params = {f"search_{i}": to_match(text) for i, text in enumerate(search_args.values())}
    return FilterArguments([], params)


def excerpt(text: str | None, terms: list[str], width: int = EXCERPT) -> dict:
    """The text around the first hit: {'before', 'hit', 'after'}, for the template to mark."""
    text = text or ""
    folded = to_simplified(text).lower()
    if len(folded) != len(text):  # lower() lengthened a character: offsets would drift
        folded = text
    found = [(folded.find(term), term) for term in terms if term and folded.find(term) >= 0]
    if not found:
        cut = text[: 2 * width]
        return {"before": cut + ("…" if len(text) > len(cut) else ""), "hit": "", "after": ""}
    start, term = min(found)
    end = start + len(term)
    left, right = max(0, start - width), min(len(text), end + width)
    return {
        "before": ("…" if left else "") + text[left:start],
        "hit": text[start:end],
        "after": text[end:right] + ("…" if right < len(text) else ""),
    }


async def run_search(datasette, database: str, query: str, limit: int = GROUP_LIMIT):
    """The grouped results for `query`: a list of {table, heading, count, rows, all_url}."""
    db = datasette.get_database(database)
    match = match_expression(query)
    terms = query_terms(query)
    groups = []
    for table, heading, sql in GROUPS:
        if not await db.table_exists(search_table(table)):
            continue
        count = (await db.execute(
            f"select count(*) from [{search_table(table)}] where [{search_table(table)}] "
            "match :match", {"match": match})).first()[0]
        rows, floor = [], NO_FLOOR
        if count > RANK_POOL:
            # the rowid of the RANK_POOL-th newest match: FTS5 walks its matches by rowid
            newest = (await db.execute(
                f"select rowid from [{search_table(table)}] where [{search_table(table)}] match :match "
                "order by rowid desc limit 1 offset :offset",
                {"match": match, "offset": RANK_POOL - 1})).first()
            floor = newest[0] if newest else NO_FLOOR  # (rows deleted since the count: rank all)
        if count:
            for row in (await db.execute(sql, {"match": match, "limit": limit, "floor": floor})).rows:
                row = dict(row)
                row["url"] = datasette.urls.row(database, table, tilde_encode(row["id"]))
                row["excerpt"] = excerpt(row["text"], terms)
                for key, other in (("speaker_id", "speakers"), ("claimant_id", "speakers"),
                                   ("article_id", "articles")):
                    if row.get(key):
                        row[key + "_url"] = datasette.urls.row(database, other,
                                                               tilde_encode(row[key]))
                rows.append(row)
        all_url = datasette.urls.table(database, table) + "?" + urlencode({"_search": query})
        groups.append({"table": table, "heading": heading, "count": count, "rows": rows,
                       "all_url": all_url, "ranked": min(count, RANK_POOL)})
    return groups


def _search_database(datasette, request) -> str | None:
    """?database= if given, else the first database with a search table."""
    names = [name for name in datasette.databases if name != "_internal"]
    wanted = request.args.get("database")
    if wanted:
        return wanted if wanted in names else None
    return names[0] if names else None


async def search_page(datasette, request):
    query = (request.args.get("q") or "").strip()
    database = _search_database(datasette, request)
    groups = []
    if query and database:
        groups = await run_search(datasette, database, query)
    return Response.html(await datasette.render_template(
        "search.html",
        {"q": query, "database": database, "groups": groups,
         "total": sum(g["count"] for g in groups)},
        request=request,
    ))


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page)]
