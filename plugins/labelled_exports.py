"""Exports a person can read: statements and claims with speaker names and titles, article
titles, outlets and URLs, and topic names.

- /-/export/statements.csv (or .json, and claims): the rows of the list page with the same
  filters (facet values, topics, search), every row (no page size), through db/export.py,
  the code `quotecheck export csv` runs. The list pages' CSV and JSON links point here.
- Datasette's own /quotecheck/statements.csv and claims.csv get `_labels=on` unless the URL
  says otherwise, so the table's CSV carries the speaker's and article's names too. Its JSON
  keeps Datasette's shape (an id per foreign key), which API clients rely on.

A filter the export cannot apply is refused with a 400 that says which, never dropped.
"""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import BadRequest, NotFound, Response

from ..db.export import TABLES, ExportError, export_query
from ..db.pages import with_default_query

DATABASE = "quotecheck"
EXPORTABLE = ("statements", "claims")
# Page and display arguments of a table page: nothing to do with which rows
IGNORED = {"_size", "_next", "_sort", "_sort_desc", "_view", "_facet", "_facet_array",
           "_facet_size", "_labels", "_dl", "_stream", "_col", "_nocol", "_shape", "_nl"}
TABLE_CSV = re.compile(rf"^/{DATABASE}/({'|'.join(EXPORTABLE)})\.csv$")


def export_filters(table: str, args: list[tuple[str, str]]) -> dict:
    """Datasette table-page arguments as db.export filters; BadRequest for any it cannot apply."""
    spec = TABLES[table]
    where, match = [], None
    for key, value in args:
        if key in IGNORED or key.startswith("_facet"):
            continue
        if key == "_search":
            match = value
            continue
        column, _, op = key.partition("__")
        if column in spec.arrays and op == "arraycontains":
            where.append((column, value))
        elif column in spec.facets and op in ("", "exact"):
            where.append((column, value))
        else:
            raise BadRequest(f"the labelled export cannot filter by {key!r}: use the table's "
                             "own CSV or JSON for that filter")
    return {"where": where, "match": match}


async def export_view(datasette, request):
    table, fmt = request.url_vars["table"], request.url_vars["format"]
    if table not in EXPORTABLE or DATABASE not in datasette.databases:
        raise NotFound(f"no export of {table}")
    filters = export_filters(table, parse_qsl(request.query_string, keep_blank_values=True))
    try:
        sql, params = export_query(table, **filters)
    except ExportError as err:
        raise BadRequest(str(err))
    result = await datasette.get_database(DATABASE).execute(
        sql, params, truncate=False, custom_time_limit=30_000)
    columns = list(result.columns)
    if fmt == "json":
        rows = [dict(zip(columns, row)) for row in result.rows]
        return Response.json(rows, default=str)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(list(row) for row in result.rows)
    headers = {}
    if request.args.get("_dl"):
        headers["content-disposition"] = f'attachment; filename="{table}.csv"'
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8", headers=headers)


@hookimpl
def register_routes(datasette):
    return [(r"^/-/export/(?P<table>\w+)\.(?P<format>csv|json)$", export_view)]


@hookimpl
def extra_template_vars(view_name, table, request):
    if view_name != "table" or table not in EXPORTABLE or request is None:
        return {}
    args = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True)
            if k not in IGNORED]
    query = ("?" + urlencode(args)) if args else ""
    return {"qc_export_urls": {"csv": f"/-/export/{table}.csv{query}",
                               "json": f"/-/export/{table}.json{query}"}}


def labels_by_default(app):
    """The tables' own CSV carries labels (speaker names, article titles) unless asked not to."""
    return with_default_query(app, TABLE_CSV, {"_labels"}, "_labels=on")


@hookimpl
def asgi_wrapper(datasette):
    return labels_by_default
