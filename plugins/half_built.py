"""A database whose build stopped half-way still answers every page, never `400 Invalid SQL`.

quotecheck makes every table before it writes a row (db/schema.py `ensure_tables`, in one
transaction; a new file appears with all of them), so an ingest cut short leaves tables that
are empty or behind, never missing. A database shaped otherwise (by an older quotecheck, or
by hand) may lack the search tables or the derived ones. For such a database only:

- a search of a table whose search table is missing becomes a `contains` filter on the
  searched column (slower, and without the Chinese tokens, but it answers);
- a canned query that reads a missing table answers 503 with a line naming the table and
  the command that makes it, as JSON or HTML like Datasette's own errors.
"""
from __future__ import annotations

import collections
import sqlite3
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import asgi_send_html, asgi_send_json

from ..db.schema import SHELL

DATABASE = "quotecheck"  # the database metadata.yml describes; others are left alone
# The column a search falls back to, per table with a search table of ours.
CONTAINS_COLUMN = {"statements": "text", "claims": "text", "articles": "body"}
FORMATS = (".json", ".csv")


def _split(path: str) -> tuple[str, str, str] | None:
    """(database, table or query, extension) of /DATABASE/NAME[.ext], else None."""
    parts = path.strip("/").split("/")
    if len(parts) != 2:
        return None
    database, name = parts
    for ext in FORMATS:
        if name.endswith(ext):
            return database, name[: -len(ext)], ext
    return database, name, ""


async def _missing(database) -> set[str]:
    names = {row[0] for row in (await database.execute(
        "select name from sqlite_master where type in ('table', 'view')")).rows}
    return SHELL - names


def _contains_instead_of_search(query_string: bytes, table: str) -> bytes:
    """`_search=X` as `COLUMN__contains=X`, `_search_COL=X` as `COL__contains=X`."""
    args = []
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key == "_search":
            args.append((f"{CONTAINS_COLUMN[table]}__contains", value))
        elif key.startswith("_search_"):
            args.append((f"{key[len('_search_'):]}__contains", value))
        elif key not in ("_searchmode", "_fts_table"):
            args.append((key, value))
    return urlencode(args).encode("latin-1")


async def _unbuilt_table(database, sql: str) -> str | None:
    """The missing table a query reads, found by compiling it (EXPLAIN runs nothing)."""
    try:
        await database.execute("explain " + sql, collections.defaultdict(lambda: None))
    except sqlite3.OperationalError as err:
        if str(err).startswith("no such table: "):
            return str(err)[len("no such table: "):]
    return None


def answer_half_built(datasette, app):
    async def half_built_app(scope, receive, send):
        where = _split(scope.get("path", "")) if scope["type"] == "http" else None
        if where is None or where[0] != DATABASE or DATABASE not in datasette.databases:
            return await app(scope, receive, send)
        name, table, ext = where
        database = datasette.get_database(name)
        missing = await _missing(database)
        if not missing:
            return await app(scope, receive, send)
        fts_table = datasette.table_metadata(name, table).get("fts_table")
        if fts_table in missing and table in CONTAINS_COLUMN and b"_search" in scope["query_string"]:
            scope = dict(scope, query_string=_contains_instead_of_search(
                scope["query_string"], table))
            return await app(scope, receive, send)
        query = (await datasette.get_canned_queries(name, None)).get(table)
        unbuilt = query and await _unbuilt_table(database, query["sql"])
        if not unbuilt:
            return await app(scope, receive, send)
        error = (f"this database is not fully built: it has no {unbuilt} table yet; "
                 "`quotecheck build` or `quotecheck ingest` makes it")
        if ext == ".json":
            return await asgi_send_json(send, {"ok": False, "error": error, "status": 503,
                                               "title": "Not built yet", "rows": []}, 503)
        html = await datasette.render_template(
            "error.html", {"ok": False, "error": error, "status": 503, "title": "Not built yet"})
        return await asgi_send_html(send, html, 503)

    return half_built_app


@hookimpl
def asgi_wrapper(datasette):
    return lambda app: answer_half_built(datasette, app)
