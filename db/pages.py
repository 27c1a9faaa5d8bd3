"""Helpers the site's pages share (plugins/*.py): which row a row page shows, safe URLs.

Datasette loads each file of plugins/ as a module of its own, so the plugins cannot import
each other: what more than one of them needs lives here.
"""
from __future__ import annotations

from datasette.utils import urlsafe_components


def row_pk(request):
    """The single primary-key value of the row page being rendered, or None."""
    pks = request.url_vars.get("pks") if request is not None else None
    if not pks:
        return None
    values = urlsafe_components(pks)
    return values[0] if len(values) == 1 else None


def row_page_pk(view_name, database, table, request, tables):
    """row_pk(request) when the page is the row page of one of `tables`, else None."""
    if view_name != "row" or table not in tables or database is None:
        return None
    return row_pk(request)


def safe_url(url):
    """Only http(s) links from the data become hrefs."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None
