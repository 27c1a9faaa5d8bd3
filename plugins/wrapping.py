"""The user's databases a plugin that wraps `Database.execute` has yet to wrap.

Three plugins rewrite the SQL Datasette runs (stable_sort, search_count, search_first_page),
each by putting its own function in front of `database.execute` at startup. A Datasette may
start more than once over the same Database objects (tests build many), so each plugin marks
what it wrapped and wraps it once.
"""
from __future__ import annotations


def databases_to_wrap(datasette, mark: str):
    """Each database but `_internal` not yet marked with `mark`, marked as it is given."""
    for name, database in datasette.databases.items():
        if name == "_internal" or getattr(database, mark, False):
            continue
        setattr(database, mark, True)
        yield database
