"""The site under test: a real Datasette as `quotecheck serve` runs it, and reading its database.

`make_ds(path)` serves one database with the installed quotecheck plugin (our metadata.yml,
plugins/, templates/, static/) and the serve settings (db.serving.SERVE_SETTINGS); `get(ds, path, **params)` fetches a page.
"""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

import sqlite_utils
import yaml
from datasette.app import Datasette
from datasette.tracer import capture_traces
from datasette.utils import tilde_encode

from quotecheck.db.serving import SERVE_SETTINGS

ROOT = Path(__file__).resolve().parents[1]
DB = "quotecheck"  # Datasette names a database after its file: quotecheck.db


def load_metadata() -> dict:
    with open(ROOT / "metadata.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def make_ds(path: Path, metadata: dict | None = None) -> Datasette:
    """A Datasette serving `path` as `datasette quotecheck.db` does with quotecheck installed:
    the site (metadata, plugins, templates, static files, settings) comes from the installed
    plugin. `metadata`, when given, is passed as the user's own and merged over ours."""
    return Datasette([str(path)], metadata=metadata, settings=dict(SERVE_SETTINGS))


def get(ds: Datasette, path: str, **params):
    """GET `path` (with `params` as its query string); fails unless the status is 200.
    Each call runs its own event loop."""
    if params:
        path += ("&" if "?" in path else "?") + urlencode(params)

    async def go():
        return await ds.client.get(path)

    response = asyncio.run(go())
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response


def traced(ds: Datasette, path: str):
    """GET `path` with Datasette's tracer on: the response and the SQL it ran, in order."""
    async def go():
        traces = []
        with capture_traces(traces):
            response = await ds.client.get(path)
        return response, [t["sql"] for t in traces if t["type"] == "sql"]
    return asyncio.run(go())


def traced_json(ds: Datasette, path: str) -> tuple[dict, list[str]]:
    """The JSON of a page and the SQL it ran; fails unless the status is 200."""
    response, queries = traced(ds, path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.json(), queries


def all_rows(ds: Datasette, path: str, **params):
    """Every row of a table/view JSON listing, following `next` pages; (rows, last page)."""
    rows, params = [], {"_shape": "objects", "_size": "max", **params}
    while True:
        data = get(ds, path, **params).json()
        rows.extend(data["rows"])
        if not data.get("next"):
            return rows, data
        params["_next"] = data["next"]


def row_href(table: str, pk) -> str:
    return f"/{DB}/{table}/{tilde_encode(str(pk))}"


def rows(path: Path, sql: str, params=()) -> list[dict]:
    """The rows of `sql` as dicts."""
    db = sqlite_utils.Database(path)
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def query(path: Path, sql: str, params=()) -> list[sqlite3.Row]:
    """The rows of `sql` as sqlite3.Row (by name or by index), read only."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def copy_db(src: Path, folder: Path) -> Path:
    """A copy of the database `src` as folder/quotecheck.db, which a test may write to."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{DB}.db"
    source, copy = sqlite3.connect(src), sqlite3.connect(path)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return path
