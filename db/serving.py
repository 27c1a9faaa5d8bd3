"""How the site is served: the `datasette serve` command line for a quotecheck database.

One place, so that `quotecheck serve`, the browser tests and benchmarks/serve.py run
Datasette the same way; plugins/site.py applies the same settings to a plain `datasette`.
"""
from __future__ import annotations

import sys
from pathlib import Path

SERVE_SETTINGS = {
    # Suggesting facets runs a GROUP BY per column over the page's rows on every table page:
    # 1.4 s of the statements page at a million statements, for links few people follow.
    "suggest_facets": False,
    # The all-speaker and all-country charts are 13 series by month: over twenty years that
    # is ~3,300 rows, past Datasette's default cap of 1,000 rows per query.
    "max_returned_rows": 5000,
    # facet_time_limit_ms stays at Datasette's 200 ms: measured at 50 ms, a search with
    # 30,000-65,000 matches lost all nine facets and its page still took 0.6 s (0.66-0.84 s
    # with them), as each facet re-reads every match (benchmarks/serve.py).
}


def serve_setting_args(settings: dict = SERVE_SETTINGS) -> list[str]:
    """`--setting NAME VALUE` arguments of `datasette serve` for `settings`."""
    args = []
    for name, value in settings.items():
        if isinstance(value, bool):
            value = "on" if value else "off"
        args += ["--setting", name, str(value)]
    return args


def serve_command(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """`python -m datasette serve DB` with the settings. The site (metadata, plugins,
    templates, static files) is the installed quotecheck plugin's (plugins/site.py), as it is
    for a plain `datasette DB`."""
    return [sys.executable, "-m", "datasette", "serve", str(db_path), "--host", host,
            "--port", str(port), *serve_setting_args()]
