"""The quotecheck site as a Datasette plugin: its metadata, templates, static files and serve
settings come with the installed package, so `datasette quotecheck.db` shows the same site as
`quotecheck serve` (and `datasette publish ... --install quotecheck` publishes it).

- metadata.yml is plugin metadata (`get_metadata`): a `--metadata` file of the user's own is
  merged over it, key by key, and wins.
- templates/ come after a `--template-dir` of the user's own and before Datasette's.
- static/ is served at /static/, where the templates load the chart libraries from.
- SERVE_SETTINGS apply where a setting is still at Datasette's default.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from datasette import hookimpl
from datasette.utils.asgi import asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader

from ..db.serving import SERVE_SETTINGS

PACKAGE = Path(__file__).resolve().parent.parent  # quotecheck: plugins/ is one of its folders
METADATA = PACKAGE / "metadata.yml"
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"


@lru_cache(maxsize=1)
def site_metadata() -> dict:
    with open(METADATA, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@hookimpl
def get_metadata(datasette, key, database, table):
    return site_metadata()


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # Datasette's loader: a ChoiceLoader whose first loader searches --template-dir, the
    # plugins' templates and last its own; ours go in just before its own.
    first = env.loader.loaders[0] if isinstance(env.loader, ChoiceLoader) else None
    if isinstance(first, FileSystemLoader):
        if str(TEMPLATES) not in first.searchpath:
            first.searchpath.insert(len(first.searchpath) - 1, str(TEMPLATES))
    else:
        env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), env.loader])


@hookimpl
def register_routes(datasette):
    return [(r"^/static/(?P<path>.*)$", asgi_static(str(STATIC)))]


@hookimpl
def startup(datasette):
    from datasette.app import DEFAULT_SETTINGS  # not at import: datasette.app loads plugins

    for name, value in SERVE_SETTINGS.items():
        if datasette._settings.get(name) == DEFAULT_SETTINGS.get(name):
            datasette._settings[name] = value
