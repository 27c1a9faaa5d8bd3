"""Chinese text is marked as Chinese for screen readers and fonts: the pages are English
(<html lang="en">, templates/base.html), and text with Chinese characters gets lang="zh".

- `|cjk_lang` (a template filter): "zh" for text with Chinese characters, else "en", for
  values whose language the template cannot know (facet values, names).
- Cells of Datasette's own tables holding Chinese text are wrapped in <span lang="zh">, and a
  foreign key expanded to a Chinese label gets lang="zh" on its link. This render_cell runs
  last, so the plugins that render a column their own way (links, labels) come first; the
  text is escaped.
"""
from __future__ import annotations

import markupsafe
from datasette import hookimpl
from datasette.utils import tilde_encode

from ..db.pages import cjk_lang


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["cjk_lang"] = cjk_lang


@hookimpl(trylast=True)
def render_cell(value, column, table, database, datasette):
    if isinstance(value, str) and cjk_lang(value) == "zh":
        return markupsafe.Markup('<span lang="zh">{}</span>').format(value)
    if isinstance(value, dict) and cjk_lang(value.get("label")) == "zh" and table and database:
        # A foreign key Datasette expanded to its label: its link, as Datasette draws it
        async def inner():
            keys = await datasette.get_database(database).foreign_keys_for_table(table)
            target = next((k["other_table"] for k in keys if k["column"] == column), None)
            if target is None:
                return None
            href = datasette.urls.row(database, target, tilde_encode(str(value["value"])))
            return markupsafe.Markup('<a href="{}" lang="zh">{}</a>&nbsp;<em>{}</em>').format(
                href, value["label"], value["value"])

        return inner
    return None
