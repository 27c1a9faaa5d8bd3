"""/charts: the database over time, linked from every page's navigation menu.

The page (templates/charts.html) holds one element per chart; static/charts.js draws each in
the browser from a canned query of metadata.yml, with the Vega-Lite vendored in
static/vendor/ (see its README.md).
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

# The canned queries the charts draw are defined for this database in metadata.yml.
DATABASE = "quotecheck"


async def charts_page(datasette, request):
    if DATABASE not in datasette.databases:
        raise NotFound(f"no {DATABASE} database: the charts are drawn from its canned queries")
    return Response.html(await datasette.render_template(
        "charts.html", {"chart_database": DATABASE}, request=request))


@hookimpl
def register_routes(datasette):
    return [(r"^/charts$", charts_page)]


@hookimpl
def menu_links(datasette, actor, request):
    if DATABASE not in datasette.databases:
        return []
    return [{"href": datasette.urls.path("/charts"), "label": "Charts"}]
