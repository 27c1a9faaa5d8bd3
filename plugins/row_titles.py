"""Every row page is titled by what the row is, never by its id (a 16-character hash).

The statement, article and speaker pages have templates of their own; the other row pages
(templates/row.html) get `qc_row_title` from here: a claim by its claimant and words, a quote
check by its statement, a review by its verdict and claim, a topic by its names. A table not
listed keeps Datasette's title.
"""
from __future__ import annotations

from datasette import hookimpl

from ..db.pages import row_page_pk

WORDS = 40  # characters of a text in a title

TITLE_SQL = {
    "claims": """
        select coalesce(speakers.name, 'Claim') || '：' || claims.text
        from claims left join speakers on speakers.id = claims.claimant_id
        where claims.id = :id""",
    "quote_checks": """
        select 'Quote check (' || coalesce(quote_checks.relation, 'unchecked')
               || case when primary_statement.nested_in is not null
                       then ', against a relay of the words' else '' end || '): '
               || coalesce(speakers.name, '') || '：' || statements.text
        from quote_checks
          left join statements on statements.id = quote_checks.statement_id
          left join speakers on speakers.id = statements.speaker_id
          left join statements as primary_statement
            on primary_statement.id = quote_checks.primary_statement_id
        where quote_checks.id = :id""",
    "reviews": """
        select 'Review (' || coalesce(verdict_label, verdict, 'no verdict') || '): '
               || coalesce(claim_text, '')
        from reviews where id = :id""",
    "review_history": """
        select 'Earlier verdict (' || coalesce(verdict_label, verdict, '') || ') of '
               || coalesce((select claim_text from reviews where reviews.id = review_id), 'a review')
        from review_history where id = :id""",
    "claim_links": """
        select 'Repeated claim: ' || coalesce((select text from claims where claims.id = claim_id), '')
        from claim_links where id = :id""",
    "topics": """
        select coalesce(name_zh || ' · ' || name_en, name_en, name_zh, id) from topics where id = :id""",
}


def shorten(text: str, words: int = WORDS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= words else text[:words] + "…"


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    pk = row_page_pk(view_name, database, table, request, tuple(TITLE_SQL))
    if pk is None:
        return {}

    async def inner():
        db = datasette.get_database(database)
        try:
            row = (await db.execute(TITLE_SQL[table], {"id": pk})).first()
        except Exception:  # a database without the expected shape: Datasette's title
            return {}
        if row is None or not row[0]:
            return {}
        return {"qc_row_title": shorten(row[0], WORDS + 30)}

    return inner
