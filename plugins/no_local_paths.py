"""No page or export of the site shows the local path an article was read from.

`articles.source` is the input path as given: it names folders of the machine that built the
database. An SQLite authorizer on every connection of the site reads that column as NULL
(SQLite's SQLITE_IGNORE for a column read), so no table page, row page, JSON, CSV or SQL query
returns it, whoever writes the query.

`articles.key` is the article's URL or front-matter id, but a `file:` path for a file with
neither (and `PATH#item` for a JSON item). It cannot be nulled the same way: Datasette selects
it as `[key]`, and a nulled column is named by that expression, which breaks its pages. So
render_cell shows such a key by its file name on HTML pages; its JSON still carries it (the
bundled articles all have an id or URL). Storing keys without the folder belongs to ingest.

An article can still be opened by its URL or file name: /-/article?u=… looks it up with the
authorizer lifted for that one query, and redirects to the article's page.
"""
from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response

HIDDEN = {("articles", "source")}
DATABASE = "quotecheck"

# By its publisher's URL, its front-matter id, its key, or the file's name (or a path's tail)
FIND_ARTICLE_SQL = """
select id from articles
where url = :u or key = :u or key = 'id:' || :u or key = 'file:' || :u
  or (:u != '' and (source = :u or substr(source, -length(:u) - 1) = '/' || :u
                    or substr(key, -length(:u) - 1) = '/' || :u))
order by published desc, id
limit 1
"""


def hide_paths(action, table, column, *_):
    if action == sqlite3.SQLITE_READ and (table, column) in HIDDEN:
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn):
    conn.set_authorizer(hide_paths)


def find_article(conn, wanted: str):
    """The id of the article `wanted` names (URL, id, or file name), read past the authorizer."""
    conn.set_authorizer(None)
    try:
        row = conn.execute(FIND_ARTICLE_SQL, {"u": wanted.strip()}).fetchone()
    finally:
        conn.set_authorizer(hide_paths)
    return row[0] if row else None


async def open_article(datasette, request):
    wanted = request.args.get("u") or ""
    name = request.args.get("database") or DATABASE
    if name not in datasette.databases or not wanted.strip():
        raise NotFound("give ?u= an article's URL, id or file name")
    db = datasette.get_database(name)
    pk = await db.execute_fn(lambda conn: find_article(conn, wanted))
    if pk is None:
        raise NotFound(f"no article has the URL, id or file name {wanted!r}")
    return Response.redirect(datasette.urls.row(name, "articles", tilde_encode(pk)))


def without_folder(key):
    """A `file:` or `PATH#item` key as its file name (and item); other keys as they are."""
    if not isinstance(key, str):
        return key
    path = key[len("file:"):] if key.startswith("file:") else key
    if path.startswith("/") or (len(path) > 2 and path[1] == ":" and path[2] in "\\/"):
        return path.replace("\\", "/").rsplit("/", 1)[-1]
    return key


@hookimpl
def render_cell(value, column, table):
    if table == "articles" and column == "key" and isinstance(value, str):
        shown = without_folder(value)
        if shown != value:
            return shown
    return None


@hookimpl
def register_routes(datasette):
    return [(r"^/-/article$", open_article)]
