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
"""
from __future__ import annotations

import json

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet
from datasette.database import QueryInterrupted
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from ..db.facet_counts import COUNTS, STAMPS
from ..db.pages import topic_names

# Array columns whose values are ids of a table of names: the facet shows the names.
NAMED_ARRAYS = {"topics"}

COUNTS_SQL = f"""
select value, count from {COUNTS}
where table_name = :table and "column" = :column
order by count desc, value
limit :limit
"""
# Each row counted once per value, however often the value repeats in its array.
LIVE_ARRAY_SQL = """
with inner as ({sql})
select
  j.value as value,
  count(distinct inner.{pk}) as count
from inner, json_each(case when json_valid(inner.{col}) then inner.{col} else '[]' end) as j
group by j.value
order by count desc, value
limit {limit}
"""
# Every live column facet of a filtered or searched page in one query: the page's rows are
# read once (for a search, one FTS match and one row lookup per match) instead of once per
# facet; each column's top values are then counted over that small copy. A search for a
# term in 3-6% of a million statements spent most of its time re-reading its matches, once
# for each of eight facets (benchmarks/serve.py).
LIVE_COLUMNS_SQL = """
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

    async def _live_results(self, live):
        """Datasette's own facet, over just these configs."""
        self.get_configs = lambda: live
        try:
            return await super().facet_results()
        finally:
            del self.get_configs

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

    async def _live_results(self, live):
        """Datasette's column facet counts for every live config, by one query (see
        LIVE_COLUMNS_SQL), allowed the time Datasette would give the facets together."""
        if len(live) < 2:
            return await super()._live_results(live)
        columns = [self._column(c["config"]) for c in live]
        facet_size = self.get_facet_size()
        groups = " union all ".join(
            LIVE_COLUMN_GROUP.format(name=f"'{column.replace(chr(39), chr(39) * 2)}'",
                                     col=escape_sqlite(column))
            for column in columns)
        sql = LIVE_COLUMNS_SQL.format(
            cols=", ".join(escape_sqlite(c) for c in dict.fromkeys(columns)), sql=self.sql,
            groups=groups, limit=facet_size + 1)
        try:
            rows = (await self.ds.execute(
                self.database, sql, self.params, truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms") * len(columns))).rows
        except QueryInterrupted:
            return [], columns
        by_column = {column: [] for column in columns}
        for row in rows:
            by_column[row["name"]].append({"value": row["value"], "count": row["count"]})
        results = []
        for source_and_config in live:
            column = self._column(source_and_config["config"])
            found = by_column[column]
            results.append({
                "name": column,
                "hideable": source_and_config["source"] != "metadata",
                "results": await self._values(column, found[:facet_size]),
                "truncated": len(found) > facet_size,
            })
        return results, []

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
                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle_path)),
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

    async def _live_results(self, live):
        """The counts Datasette's array facet gives, by a cheaper query: Datasette dedupes
        (value, whole row) pairs, sorting every column of every match (the statement text
        too): 76 ms for 3,600 matches at a million statements. Rows are told apart by their
        primary key here."""
        pks = await self.ds.get_database(self.database).primary_keys(self.table)
        if len(pks) != 1:
            return await super()._live_results(live)
        results, timed_out = [], []
        facet_size = self.get_facet_size()
        for source_and_config in live:
            column = self._column(source_and_config["config"])
            sql = LIVE_ARRAY_SQL.format(sql=self.sql, col=escape_sqlite(column),
                                        pk=escape_sqlite(pks[0]), limit=facet_size + 1)
            try:
                rows = (await self.ds.execute(
                    self.database, sql, self.params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
            except QueryInterrupted:
                timed_out.append(column)
                continue
            results.append({
                "name": column,
                "hideable": source_and_config["source"] != "metadata",
                "results": await self._values(column, rows[:facet_size]),
                "truncated": len(rows) > facet_size,
            })
        return results, timed_out

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


@hookimpl
def register_facet_classes():
    return [CountedFacet, CountedArrayFacet]
