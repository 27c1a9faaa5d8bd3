"""Facets that read whole-table counts from `facet_counts` instead of counting on every view.

metadata.yml configures a table's facets as `- counted: speaker_id` (a column) or
`- counted_array: topics` (a JSON array). On a page with no filter and no search, the counts
come from the `facet_counts` table that `ensure_db_shape` fills
(db/facet_counts.py); anywhere else, or when those counts are stale, they are counted live by
Datasette's own column and array facets. Either way the facet looks the same as Datasette's:
foreign-key labels, toggle URLs, truncation at the facet size, `selected`.

A later page of the unfiltered list (`?_next=`) shows the whole list's counts too, as its
first page does: Datasette would count only the rows after the page (its keyset clause is in
the facets' WHERE), which at a million statements is nine facets timing out, 1.8 s a page.

On a filtered or searched page every live facet of both types is counted by one query
(LIVE_FACETS_SQL), which the page's two facet instances share: the page's rows are found and
read once, not once for the column facets and again for the array facet. A search with
more matches than plugins/facet_sample.py's SAMPLE_ROWS counts a stated sample of them: each
such facet carries `sample` (rows counted, matches), and its counts are estimates.
"""
from __future__ import annotations

import asyncio
import json

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet
from datasette.database import QueryInterrupted
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from ..db.facet_counts import COUNTS, STAMPS
from ..db.pages import topic_names
from .facet_sample import estimate, sampled

# Array columns whose values are ids of a table of names: the facet shows the names.
NAMED_ARRAYS = {"topics"}

COUNTS_SQL = f"""
select value, count from {COUNTS}
where table_name = :table and "column" = :column
order by count desc, value
limit :limit
"""
# Every live facet of a filtered or searched page in one query: the page's rows are read
# once (for a search, one FTS match and one row lookup per match), keeping only the faceted
# columns; each facet then counts that small copy. Array facets count each distinct array
# text once, weighed by how many rows hold it (a row counts once per value, however often
# the value repeats in its array; text that is not a JSON array counts for nothing): a few
# hundred arrays, not every row joined to its values. A search for a term in 3-6% of a
# million statements spent most of its time re-reading its matches, once for each facet.
LIVE_FACETS_SQL = """
with matched as materialized (select {cols} from ({sql}))
select name, value, count from (
  select name, value, count,
    row_number() over (partition by name order by count desc, value) as place
  from ({groups})
)
where place <= {limit}
order by name, place
"""
LIVE_COLUMN_GROUP = ("select {name} as name, {col} as value, count(*) as count from matched "
                     "where {col} is not null group by {col}")
# The rows the facets counted: a sampled page's estimates are scaled by it
LIVE_ROWS_GROUP = "select {name} as name, null as value, count(*) as count from matched"
LIVE_ARRAY_GROUP = """select {name} as name, value, sum(rows) as count from (
  select distinct arrays.array, arrays.rows, j.value as value
  from (select {col} as array, count(*) as rows from matched group by {col}) as arrays,
    json_each(case when json_valid(arrays.array) then arrays.array else '[]' end) as j
) group by value"""
# The key of _count_live's answer that says its counts come from a sample of the matches
SAMPLE = "sample"
ROWS_NAME = "rows"
# Where a request keeps its live facet counts (in its scope), for its facet instances to share.
LIVE_MEMO = "quotecheck_live_facets"

# Arguments that page, sort or shape a table page without choosing its rows
PAGING_ARGS = {"_next", "_sort", "_sort_desc", "_size", "_view", "_facet_size", "_shape",
               "_labels", "_nl", "_col", "_nocol", "_json", "_dl", "_stream", "_trace"}

STAMP_SQL = f"""
select changes, counted_changes, counted_rows, counted_max_rowid, columns,
  (select coalesce(max(rowid), 0) from {{table}}) as max_rowid
from {STAMPS} where table_name = :table
"""


class _Precounted:
    """Shared by both facet types: `base` is the Datasette facet type it stands in for."""
    base: str
    counted_name: str  # how db/facet_counts.py names the counted column

    def _column(self, config) -> str:
        return config.get("column") or config["simple"]

    def _only_paged(self) -> bool:
        """The request asks for a later page of the whole table, and nothing else that
        chooses rows (no filter, search, where clause or hidden rows)."""
        args = set(self.request.args) if self.request is not None else set()
        return "_next" in args and args <= PAGING_ARGS

    async def _unfiltered(self) -> bool:
        # Datasette's facet SQL for the table with no where clause (no filter or search), or
        # with only the keyset clause of a later page
        if not self.table:
            return False
        if self._only_paged():
            return True
        if self.params:
            return False
        db = self.ds.get_database(self.database)
        columns = await db.table_columns(self.table)
        select_all = ", ".join(escape_sqlite(c) for c in columns)
        return self.sql == f"select {select_all} from {escape_sqlite(self.table)} "

    async def _counted_columns(self) -> set[str]:
        """The counted names (db/facet_counts.py) whose counts are current; empty if none."""
        db = self.ds.get_database(self.database)
        if not await db.table_exists(STAMPS) or not await self._unfiltered():
            return set()
        stamp = (await db.execute(STAMP_SQL.format(table=escape_sqlite(self.table)),
                                  {"table": self.table})).first()
        if stamp is None or stamp["changes"] != stamp["counted_changes"] or not stamp["columns"]:
            return set()
        if stamp["max_rowid"] != stamp["counted_max_rowid"]:
            return set()
        if self.row_count is not None and self.row_count != stamp["counted_rows"]:
            return set()
        return set(json.loads(stamp["columns"]))

    async def facet_results(self):
        configs = self.get_configs()
        if not configs:
            return [], []
        current = await self._counted_columns()
        precounted = [c for c in configs if self.counted_name(self._column(c["config"])) in current]
        live = [c for c in configs if c not in precounted]
        results, timed_out = {}, []
        if live:
            live_results, timed_out = await self._live_results(live)
            for info in live_results:  # as if configured as Datasette's own type
                info["type"] = self.base
                info["toggle_url"] = self._facet_toggle_url(info["name"])
                results[info["name"]] = info
        for source_and_config in precounted:
            info = await self._precounted_result(source_and_config)
            results[info["name"]] = info
        ordered = [results[self._column(c["config"])] for c in configs
                   if self._column(c["config"]) in results]
        return ordered, timed_out

    async def _live_configs(self) -> list[dict]:
        current = await self._counted_columns()
        return [c for c in self.get_configs()
                if self.counted_name(self._column(c["config"])) not in current]

    async def _live_results(self, live):
        """The counts of these configs, from the query counting every live facet of the page
        (see LIVE_FACETS_SQL), allowed the time Datasette would give those facets together."""
        counts = await _live_counts(self)
        if counts is None:
            return [], [self._column(c["config"]) for c in live]
        facet_size = self.get_facet_size()
        results = []
        for source_and_config in live:
            column = self._column(source_and_config["config"])
            found = counts.get((self.base, column), [])
            results.append({
                "name": column,
                "hideable": source_and_config["source"] != "metadata",
                "results": await self._values(column, found[:facet_size]),
                "truncated": len(found) > facet_size,
                **({"sample": counts[SAMPLE]} if SAMPLE in counts else {}),
            })
        return results, []

    def _facet_toggle_url(self, column: str) -> str:
        return self.ds.urls.path(path_with_removed_args(self.request, {f"_facet_{self.type}": column}))

    async def _precounted_result(self, source_and_config) -> dict:
        column = self._column(source_and_config["config"])
        facet_size = self.get_facet_size()
        rows = (await self.ds.execute(
            self.database, COUNTS_SQL,
            {"table": self.table, "column": column, "limit": facet_size + 1},
        )).rows
        return {
            "name": column,
            "type": self.base,
            "hideable": source_and_config["source"] != "metadata",
            "toggle_url": self._facet_toggle_url(column),
            "results": await self._values(column, rows[:facet_size]),
            "truncated": len(rows) > facet_size,
        }


class CountedFacet(_Precounted, ColumnFacet):
    """`- counted: column`: Datasette's column facet, whole-table counts stored."""
    type = "counted"
    base = "column"

    @staticmethod
    def counted_name(column):
        return column

    async def suggest(self):
        return []

    async def _values(self, column, rows):
        # as datasette.facets.ColumnFacet.facet_results
        qs_pairs = self.get_querystring_pairs()
        values = [row["value"] for row in rows]
        expanded = await self.ds.expand_foreign_keys(self.database, self.table, column, values)
        column_qs = f"{column}__exact" if column.startswith("_") else column
        results = []
        for row in rows:
            selected = (column_qs, str(row["value"])) in qs_pairs
            if selected:
                toggle_path = path_with_removed_args(self.request, {column_qs: str(row["value"])})
            else:
                toggle_path = path_with_added_args(self.request, {column_qs: row["value"]})
            results.append({
                "value": row["value"],
                "label": expanded.get((column, row["value"]), row["value"]),
                "count": row["count"],
                # a plain str: urljoin on Datasette's PrefixedUrlString calls dir(str) for
                # every string method it uses, 10-30 ms a page of nine facets
                "toggle_url": self.ds.absolute_url(self.request,
                                                   str(self.ds.urls.path(toggle_path))),
                "selected": selected,
            })
        return results


class CountedArrayFacet(_Precounted, ArrayFacet):
    """`- counted_array: column`: Datasette's array facet, whole-table counts stored."""
    type = "counted_array"
    base = "array"

    @staticmethod
    def counted_name(column):
        return f"{column} (array)"

    async def suggest(self):
        return []

    async def _values(self, column, rows):
        # as datasette.facets.ArrayFacet.facet_results
        pairs = self.get_querystring_pairs()
        names = {}
        if column in NAMED_ARRAYS:
            names = await topic_names(self.ds.get_database(self.database))
        results = []
        for row in rows:
            value = str(row["value"])
            arg = {f"{column}__arraycontains": value}
            selected = (f"{column}__arraycontains", value) in pairs
            toggle_path = (path_with_removed_args(self.request, arg) if selected
                           else path_with_added_args(self.request, arg))
            results.append({
                "value": value, "label": names.get(value, {}).get("name", value),
                "count": row["count"],
                "toggle_url": self.ds.absolute_url(self.request, toggle_path),
                "selected": selected,
            })
        return results


async def _live_counts(facet: _Precounted) -> dict | None:
    """(type, column) -> [{value, count}] of every live facet of both counted types on
    `facet`'s page, counted once per request; None when the query ran out of time."""
    memo = facet.request.scope.setdefault(LIVE_MEMO, {}) if facet.request is not None else {}
    key = (facet.database, facet.table, facet.sql, json.dumps(facet.params, sort_keys=True,
                                                              default=str))
    if key not in memo:
        memo[key] = asyncio.ensure_future(_count_live(facet))
    return await memo[key]


async def _count_live(facet: _Precounted) -> dict | None:
    kinds = []  # (type, column) of every live facet of the page
    for klass in (CountedFacet, CountedArrayFacet):
        sibling = facet if isinstance(facet, klass) else klass(
            facet.ds, facet.request, facet.database, sql=facet.sql, table=facet.table,
            params=facet.params, metadata=facet.metadata, row_count=facet.row_count)
        kinds += [(klass.base, sibling._column(c["config"]))
                  for c in await sibling._live_configs()]
    kinds = list(dict.fromkeys(kinds))
    if not kinds:
        return {}
    names = {kind: f"{kind[0]}:{kind[1]}" for kind in kinds}
    groups = " union all ".join(
        (LIVE_COLUMN_GROUP if kind[0] == "column" else LIVE_ARRAY_GROUP).format(
            name="'" + names[kind].replace("'", "''") + "'", col=escape_sqlite(kind[1]))
        for kind in kinds)
    page_sql, params = facet.sql, dict(facet.params or {})
    sample = sampled(page_sql, facet.row_count)
    if sample is not None:
        page_sql, cut = sample
        params.update(cut)
        groups += " union all " + LIVE_ROWS_GROUP.format(name=f"'{ROWS_NAME}'")
    sql = LIVE_FACETS_SQL.format(
        cols=", ".join(escape_sqlite(c) for c in dict.fromkeys(k[1] for k in kinds)),
        sql=page_sql, groups=groups, limit=facet.get_facet_size() + 1)
    try:
        rows = (await facet.ds.execute(
            facet.database, sql, params, truncate=False,
            custom_time_limit=facet.ds.setting("facet_time_limit_ms") * len(kinds))).rows
    except QueryInterrupted:
        return None
    by_name = {name: kind for kind, name in names.items()}
    counts = {kind: [] for kind in kinds}
    sample_rows = next((row["count"] for row in rows if row["name"] == ROWS_NAME), None)
    for row in rows:
        if row["name"] == ROWS_NAME:
            continue
        count = row["count"]
        if sample is not None:
            count = estimate(count, sample_rows, facet.row_count)
        counts[by_name[row["name"]]].append({"value": row["value"], "count": count})
    if sample is not None:
        counts[SAMPLE] = {"rows": sample_rows, "matches": facet.row_count}
    return counts


@hookimpl
def register_facet_classes():
    return [CountedFacet, CountedArrayFacet]
