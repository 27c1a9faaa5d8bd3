"""Serving speed at one million statements: Datasette pages against the raw SQL they run.

    .venv/bin/python benchmarks/serve.py [--statements N] [--keep DB] [--runs N]
                                         [--setting NAME VALUE ...] [--immutable]

Builds a database the shape of a real build from the real corpus, then times pages of the
site through Datasette, in-process and warm, each against the raw SQL the page runs.

The database: every file of <shared>/corpus/mfa-press-zh/raw and xinwenlianbo-zh/news goes
through the real pipeline (`ingest_paths`; the bundled articles/ when the shared corpus is
absent). Its statements are then replicated up to --statements rows with new stable ids, by
one INSERT … SELECT inside SQLite (draws from a seeded hash of the copy's number, so 10
million rows need no Python loop):
copies keep their article (so `articles.body[start:end] == text` still holds) but get
said_on moved to another year (2005-2025) and a speaker drawn from a Zipf distribution
(s = 1) over the real speakers ordered by how often they speak, followed by a long tail of
extra speaker rows (named after a real speaker with a number, kind/country/org copied), one
speaker per 20 statements: a few spokespeople say tens of thousands of things, the last
speakers one or two. `ensure_db_shape` then gives it the indexes, full-text tables, view and
stored facet counts of a real build. A database reused with --keep goes through
`ensure_db_shape` too (it may come from an older build); either way the parts of it that run
on every command are timed: refreshing the copied facet columns, syncing the search tables,
recounting the stored facets.

The server: `Datasette([db])` with the installed quotecheck plugin (metadata.yml, plugins/,
templates/), a mutable database as `quotecheck serve` opens it (the file
is re-ingested in place, so it cannot be served immutable; --immutable measures that
variant: counts cached at start-up, no locking). Settings are those `quotecheck serve` passes
(db.serving.SERVE_SETTINGS); --setting overrides them to try a proposal.

Search: the statements table page with ?_search= (bigram index, metadata.yml's fts_table),
/-/search?q= (statements, claims and articles, each ranked by bm25), and as the baseline
without an index Datasette's `text__contains` filter (a LIKE scan).

Raw SQL: one extra request per page runs with SQL tracing on and no time limits (facet,
facet suggestion, SQL), which records every query of the database the page runs (facet
queries included, even those Datasette's time limits cut short); those queries are then replayed with
sqlite3 directly on a read-only connection, fetching every row. "raw" is therefore the
whole work the page asks SQLite for; Datasette's time may be lower when it gives up on
a facet. The slowest queries of each page, and the query plan of the slowest, are printed.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import io
import math
import os
import re
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402
import yaml  # noqa: E402
from datasette.app import Datasette  # noqa: E402
from datasette.tracer import capture_traces  # noqa: E402

from quotecheck.db.facet_counts import save_facet_counts  # noqa: E402
from quotecheck.db.monthly_counts import save_monthly_counts  # noqa: E402
from quotecheck.db.schema import ensure_db_shape, ensure_facet_copies  # noqa: E402
from quotecheck.db.search import ensure_search, match_expression  # noqa: E402
from quotecheck.db.serving import SERVE_SETTINGS  # noqa: E402
from quotecheck.ingest.model import stable_id  # noqa: E402
from quotecheck.db.topics import save_topics  # noqa: E402
from quotecheck.build import ingest_paths  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402
from quotecheck.ingest.topics import Taxonomy  # noqa: E402
from quotecheck.site_folder import SPEAKERS, TOPICS, Site  # noqa: E402

DB_NAME = "quotecheck"  # Datasette names a database after its file; metadata.yml uses this
CORPORA = ("corpus/mfa-press-zh/raw", "corpus/xinwenlianbo-zh/news")
STATEMENTS_PER_SPEAKER = 20  # sets the speaker count, hence the length of the tail
YEARS = range(2005, 2026)
CSV_ROWS = 100_000
NO_LIMIT_MS = 10 * 60 * 1000
SLOWEST_SHOWN = 5


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000, metavar="N",
                        help="statements in the database (default: %(default)s)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DB",
                        help="database file: reused when it exists, else built there and kept "
                             "(default: a temporary file, deleted afterwards)")
    parser.add_argument("--runs", type=int, default=10, metavar="N",
                        help="timed runs of each page (the CSV stream: a third of them, at "
                             "least 2; default: %(default)s)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder (default: %(default)s)")
    parser.add_argument("--setting", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="a Datasette setting, as serve --setting")
    parser.add_argument("--immutable", action="store_true",
                        help="open the database immutable instead of as `quotecheck serve` does")
    parser.add_argument("--seed", type=int, default=20240112)
    args = parser.parse_args(argv)
    if args.statements < 1:
        parser.error("--statements must be at least 1")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


# ------------------------------------------------------------------ building the database

def input_paths(shared: Path) -> list[str]:
    folders = [shared / corpus for corpus in CORPORA]
    if all(folder.is_dir() for folder in folders):
        return [str(folder) for folder in folders]
    print(f"note: {shared}/corpus is absent: the bundled articles/ are the seed", file=sys.stderr)
    return [str(ROOT / "articles")]


def zipf_cum_weights(n: int, s: float = 1.0) -> list[float]:
    total, cum = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank ** s
        cum.append(total)
    return cum


def save_tail_speakers(db: sqlite_utils.Database, count: int) -> list[str]:
    """Speaker ids by rank: real speakers, busiest first, then `count` extra tail speakers."""
    real = [row["id"] for row in db.query(
        "select speakers.id, count(statements.id) as n from speakers "
        "left join statements on statements.speaker_id = speakers.id "
        "group by speakers.id order by n desc, speakers.id")]
    # The tail is made of the text-found speakers (people the articles mention once or twice)
    bases = list(db.query("select * from speakers where in_registry = 0 order by id")) or \
        list(db.query("select * from speakers order by id"))
    tail = []
    for k in range(count):
        base = bases[k % len(bases)]
        number = k // len(bases) + 1
        tail.append({**base, "id": stable_id("bench-speaker", base["id"], number),
                     "name": f"{base['name']}{number}",
                     "name_en": f"{base['name_en']} {number}" if base["name_en"] else None,
                     "aliases": None, "roles": None, "in_registry": 0})
    db["speakers"].insert_all(tail, pk="id")
    return real + [row["id"] for row in tail]


# Deterministic pseudo-random draws inside SQLite (its random() cannot be seeded): a 32-bit
# integer hash (xor-shift-multiply, twice) of the copy's number, in plain SQL arithmetic.
HASH_MULTIPLIER = 0x45D9F3B
TWO_32 = 1 << 32


def _xor(a: str, b: str) -> str:
    return f"(({a}) | ({b})) - (({a}) & ({b}))"


def _mix(x: str) -> str:
    """One xor-shift-multiply round on a 32-bit value named x (a column of the CTE before)."""
    return f"({_xor(f'{x} >> 16', x)}) * {HASH_MULTIPLIER} % {TWO_32}"


COPIES_SQL = """
with recursive copies(i) as (select 0 union all select i + 1 from copies where i < :wanted - 1),
draw0 as (select i, (i * 2 + :seed) % {two32} as a, (i * 2 + 1 + :seed) % {two32} as b from copies),
draw1 as (select i, {mix_a} as a, {mix_b} as b from draw0),
draw2 as (select i, {mix_a} as a, {mix_b} as b from draw1),
drawn as (
  select i, i / :originals + 1 as copy, i % :originals as original,
    ({xor_a}) * 1.0 / {two32} as u1, ({xor_b}) as u2
  from draw2
)
select
  {columns}
from drawn
  join bench_originals as o on o.idx = drawn.original
  join statements as s on s.rowid = o.source_rowid
  join bench_ranks as r on r.rank = (
    select rank from bench_ranks where upto >= drawn.u1 order by upto limit 1)
  left join bench_originals as n on n.id = s.nested_in
order by drawn.i
"""
# Copy ids: 16 hex digits like stable_id's: the copy's number k (unique) behind a hash of it.
COPY_ID = "printf('%08x%08x', ({k}) * 2654435761 % 4294967296, {k})"


def moved_to_sql(year: str) -> str:
    """moved_to in SQL: said_on's year replaced by `year`, 29 February kept only in leap years."""
    moved = f"({year} || substr(s.said_on, 5))"
    leap = f"({year} % 4 = 0 and ({year} % 100 != 0 or {year} % 400 = 0))"
    return (f"case when s.said_on glob '[0-9][0-9][0-9][0-9]*' then "
            f"case when substr(s.said_on, 5, 6) = '-02-29' and not {leap} "
            f"then {year} || '-02-28' || substr(s.said_on, 11) else {moved} end "
            f"else s.said_on end")


def save_copies(db: sqlite_utils.Database, target: int, seed: int) -> int:
    """Replicate the ingested statements up to `target` rows, inside SQLite; returns how
    many were added."""
    originals = db["statements"].count
    if not originals:
        raise SystemExit("error: the ingest produced no statements")
    wanted = target - originals
    if wanted <= 0:
        return 0
    speaker_ids = save_tail_speakers(
        db, max(0, target // STATEMENTS_PER_SPEAKER - db["speakers"].count))
    cum = zipf_cum_weights(len(speaker_ids))
    db.execute("create temp table bench_ranks (rank integer primary key, id text, upto real)")
    db.execute("create temp table bench_originals (idx integer primary key, id text unique, "
               "source_rowid integer)")
    with db.conn:
        db.conn.executemany("insert into bench_ranks values (?, ?, ?)",
                            ((rank, sid, cum[rank] / cum[-1]) for rank, sid in enumerate(speaker_ids)))
        db.execute("create index temp.bench_ranks_upto on bench_ranks (upto)")
        db.execute("insert into bench_originals (idx, id, source_rowid) "
                   "select row_number() over (order by rowid) - 1, id, rowid from statements")
    columns = [c.name for c in db["statements"].columns]
    year = f"({YEARS.start} + drawn.u2 % {len(YEARS)})"
    value = {c: f"s.[{c}]" for c in columns}
    value["id"] = COPY_ID.format(k="drawn.copy * :originals + o.idx")
    value["nested_in"] = (f"case when n.idx is null then null else "
                          f"{COPY_ID.format(k='drawn.copy * :originals + n.idx')} end")
    value["speaker_id"] = "r.id"
    value["speaker_kind"] = "(select kind from speakers where id = r.id)"
    value["country"] = "(select country from speakers where id = r.id)"
    value["said_on"] = moved_to_sql(year)
    select = COPIES_SQL.format(two32=TWO_32, mix_a=_mix("a"), mix_b=_mix("b"),
                               xor_a=_xor("a >> 16", "a"), xor_b=_xor("b >> 16", "b"),
                               columns=",\n  ".join(f"{value[c]} as [{c}]" for c in columns))
    with db.conn:
        db.execute(f"insert into statements ({', '.join(f'[{c}]' for c in columns)}) {select}",
                   {"wanted": wanted, "originals": originals, "seed": seed})
        db.execute("drop table temp.bench_ranks")
        db.execute("drop table temp.bench_originals")
    return wanted


def build(db_path: Path, statements: int, shared: Path, seed: int) -> dict:
    """Ingest, replicate, shape; the seconds each step took."""
    figures = {}
    db = sqlite_utils.Database(db_path)
    start = time.perf_counter()
    report = ingest_paths(db, input_paths(shared), load_registry(Site().file(SPEAKERS)), quiet=True)
    figures["ingest"] = time.perf_counter() - start
    figures["ingested"] = f"{report.articles:,} articles, {report.statements:,} statements, " \
                          f"{len(report.errors)} unreadable files"
    # Topics as the build tags them, so the copies carry real tags for the topics facet.
    save_topics(db, Taxonomy.load(Site().file(TOPICS)))
    start = time.perf_counter()
    save_copies(db, statements, seed)
    figures["replicate"] = time.perf_counter() - start
    start = time.perf_counter()
    ensure_db_shape(db)
    figures["ensure_db_shape"] = time.perf_counter() - start
    db.close()
    return figures


def shape_timings(db_path: Path) -> dict:
    """ensure_db_shape on the database, then the seconds of its parts that every command
    pays again: the facet-copy check and search sync with nothing to change, and a full
    recount of the stored facets (what any write to statements costs the next command)."""
    db = sqlite_utils.Database(db_path)
    timings = {}
    for name, step in (("ensure_db_shape", lambda: ensure_db_shape(db)),
                       ("facet copies", lambda: ensure_facet_copies(db)),
                       ("search sync", lambda: ensure_search(db)),
                       ("facet recount", lambda: save_facet_counts(db, force=True)),
                       ("monthly recount", lambda: save_monthly_counts(db, force=True))):
        start = time.perf_counter()
        with db.conn:
            step()
        timings[name] = time.perf_counter() - start
    db.close()
    return timings


# ------------------------------------------------------------------ measuring

def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def reset_peak_rss() -> bool:
    """Linux: writing 5 to clear_refs resets the process's peak RSS (VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def vm_hwm_mb() -> float | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else None


def serve_settings(args) -> dict:
    return {**SERVE_SETTINGS, **{name: yaml.safe_load(value) for name, value in args.setting}}


def make_datasette(db_path: Path, settings: dict, immutable: bool) -> Datasette:
    """The site as the installed quotecheck plugin makes it (metadata, plugins, templates)."""
    files = {"immutables": [str(db_path)]} if immutable else {"files": [str(db_path)]}
    return Datasette(**files, settings=settings)


async def fetch(ds: Datasette, path: str):
    response = await ds.client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"error: {path} answered {response.status_code}: {response.text[:300]}")
    return response


async def traced_queries(ds: Datasette, path: str) -> list[tuple[str, object]]:
    """(sql, params) of every query the page runs on our database, in order."""
    traces: list[dict] = []
    with capture_traces(traces):
        await fetch(ds, path)
    return [(t["sql"], t.get("params")) for t in traces
            if t["type"] == "sql" and t.get("database") == DB_NAME
            and not t.get("executescript") and not t.get("executemany")]


def replay(conn: sqlite3.Connection, queries) -> tuple[float, list[float]]:
    """Seconds for all the queries, and for each one."""
    each = []
    for sql, params in queries:
        start = time.perf_counter()
        conn.execute(sql, params or []).fetchall()
        each.append(time.perf_counter() - start)
    return sum(each), each


def query_plan(conn: sqlite3.Connection, sql: str, params) -> list[str]:
    return [row[-1] for row in conn.execute(f"explain query plan {sql}", params or [])]


def busiest_and_tail_speakers(conn: sqlite3.Connection) -> tuple[tuple, tuple]:
    counts = conn.execute("select speaker_id, count(*) as n from statements "
                          "group by speaker_id order by n desc, speaker_id").fetchall()
    tail = next((row for row in reversed(counts) if row[1] >= 1), counts[-1])
    return counts[0], tail


SECOND_PAGE_SIZE = 50


def later_and_filtered_pages(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, str]]:
    """A common term's pages other than its first (plugins/search_first_page.py walks them
    too): with the commonest country chosen, its second page (by key, JSON; newest first,
    HTML) and oldest first. The second pages' `_next` tokens are read here with plain SQL."""
    term, found = "台湾", []
    [country] = conn.execute("select country from statements where country is not null "
                             "group by country order by count(*) desc limit 1").fetchone() \
        or [None]
    if country is not None:
        for fmt in (".json", ""):
            found.append((f"search {term} country={country}{fmt or ' html'}",
                          f"{table}{fmt}?" + urlencode({"_search": term, "country": country}),
                          "a facet value chosen"))
    matches = ("rowid in (select rowid from statements_search where statements_search "
               "match ?)")
    for fmt, order in ((".json", "id"), ("", "said_on desc, id")):
        last = conn.execute(f"select said_on, id from statements where {matches} order by "
                            f"{order} limit 1 offset ?",
                            [match_expression(term), SECOND_PAGE_SIZE - 1]).fetchone()
        if last is None:
            continue
        token = last[1] if fmt else f"{'$null' if last[0] is None else last[0]},{last[1]}"
        found.append((f"search {term} page 2{fmt or ' html'}", f"{table}{fmt}?" + urlencode(
            {"_search": term, "_size": SECOND_PAGE_SIZE, "_next": token}), "_next="))
    for fmt in (".json", ""):
        found.append((f"search {term} oldest first{fmt or ' html'}",
                      f"{table}{fmt}?" + urlencode({"_search": term, "_sort": "said_on"}),
                      "_sort=said_on"))
    return found


def pages(conn: sqlite3.Connection, fts_configured: str) -> list[tuple[str, str, str]]:
    """(name, path, what it shows) of each page measured."""
    (busy, busy_n), (tail, tail_n) = busiest_and_tail_speakers(conn)
    # The first CSV_ROWS statements in primary-key order, the order Datasette streams in
    after_last = conn.execute("select id from statements order by id limit 1 offset ?",
                              [CSV_ROWS]).fetchone()
    table = f"/{DB_NAME}/statements"
    found = []
    for fmt in ("", ".json"):
        found.append((f"statements{fmt or ' html'}", table + fmt, "every configured facet"))
    # Two- and four-character terms, each as a typical term (thousands of matches: 芯片,
    # 出口管制) and as the most common kind (tens of thousands: 一个中国, 台湾).
    for term in ("台湾", "芯片", "出口管制", "一个中国"):
        found.append((f"search {term} ({fts_configured})", f"{table}.json?_search={term}",
                      "metadata.yml fts_table"))
    for term in ("一个中国", "台湾"):  # the pages a person reads: newest first, with facets
        found.append((f"search {term} html", f"{table}?_search={term}", fts_configured))
    found += later_and_filtered_pages(conn, table)
    # 台: a single character, a prefix query (`"台"*`) over the index of character pairs
    for term in ("芯片", "出口管制", "一个中国", "台"):
        found.append((f"search {term} no facets", f"{table}.json?_search={term}&_nofacet=1",
                      "rows and count only"))
    for term in ("芯片", "出口管制", "一个中国", "台湾"):
        found.append((f"/-/search {term}", "/-/search?" + urlencode({"q": term}),
                      "3 groups, bm25 top 20 each"))
    found.append(("text contains 台湾", f"{table}.json?text__contains=台湾",
                  "no index: LIKE baseline"))
    found.append((f"speaker busiest ({busy_n:,})", f"/{DB_NAME}/speakers/{busy}",
                  "row page + its statements"))
    found.append((f"speaker tail ({tail_n:,})", f"/{DB_NAME}/speakers/{tail}",
                  "row page + its statements"))
    # the charts' data: /charts draws the first four, a speaker's page the last two
    for query_name in ("statements_per_month_by_country", "statements_per_month_by_speaker",
                       "topics_per_month", "verdicts_by_speaker"):
        found.append((f"chart {query_name}", f"/{DB_NAME}/{query_name}.json?_shape=objects",
                      "/charts, canned query"))
    for query_name in ("speaker_statements_per_month", "speaker_topics_per_month"):
        found.append((f"chart {query_name} busiest",
                      f"/{DB_NAME}/{query_name}.json?" + urlencode({"_shape": "objects", "speaker_id": busy}),
                      "speaker page, canned query"))
    stream = {"_stream": "on", "_size": "max"}
    if after_last is not None:
        stream["id__lt"] = after_last[0]
    found.append(("csv stream", f"{table}.csv?" + urlencode(stream), f"{CSV_ROWS:,} rows"))
    return found


def result_size(name: str, response) -> str:
    if name == "csv stream":
        return f"{sum(1 for _ in csv.reader(io.StringIO(response.text))) - 1:,} rows"
    if response.headers.get("content-type", "").startswith("application/json"):
        data = response.json()
        if "filtered_table_rows_count" in data:
            count = data["filtered_table_rows_count"]
            # Datasette gives None when counting ran past sql_time_limit_ms
            return f"{count:,} matches" if count is not None else "count timed out"
    return f"{len(response.content) / 1024:,.0f} KB"


async def measure(db_path: Path, args) -> tuple[list[dict], float | None]:
    settings = serve_settings(args)
    ds = make_datasette(db_path, settings, args.immutable)
    tracer = make_datasette(db_path, {**settings, "facet_time_limit_ms": NO_LIMIT_MS,
                                      "sql_time_limit_ms": NO_LIMIT_MS,
                                      "facet_suggest_time_limit_ms": NO_LIMIT_MS},
                            args.immutable)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    # The connection Datasette's queries expect: its SQL functions (escape_fts) and any a
    # plugin adds through prepare_connection, the same row factory.
    ds._prepare_connection(conn, DB_NAME)
    statements_metadata = (yaml.safe_load((ROOT / "metadata.yml").read_text())
                           ["databases"][DB_NAME]["tables"]["statements"])
    fts_configured = statements_metadata.get("fts_table", "none")
    configured_facets = [facet if isinstance(facet, str) else next(iter(facet.values()))
                         for facet in statements_metadata.get("facets", [])]
    await fetch(ds, f"/{DB_NAME}")  # start-up work (immutable counts) out of the timings
    reset_peak_rss()
    results = []
    for name, path, note in pages(conn, fts_configured):
        runs = max(2, args.runs // 3) if name == "csv stream" else args.runs
        response = await ds.client.get(path)  # warm: page cache, Jinja templates, plugin SQL
        if response.status_code != 200:  # e.g. Datasette's sql_time_limit_ms: a finding
            error = re.sub(r"<[^>]+>|\s+", " ", response.text)[:90].strip()
            results.append({"name": name, "path": path, "error": f"{response.status_code}: {error}"})
            print(f"  {name}: {response.status_code}", file=sys.stderr)
            continue
        # Datasette 0.65's JSON leaves facets_timed_out out: a configured facet missing
        # from facet_results is one that ran past facet_time_limit_ms.
        timed_out, sample = [], None
        if "/statements.json" in path and "_nofacet" not in path:  # a table page, not a query
            shown = response.json().get("facet_results", {})
            timed_out = [name for name in configured_facets if name not in shown]
            # counts estimated from a sample of the matches (plugins/facet_sample.py)
            sample = next((f["sample"] for f in shown.values() if "sample" in f), None)
        served, failed = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            # a page near the time limit may pass one run and fail the next: a finding too
            failed += (await ds.client.get(path)).status_code != 200
            served.append(time.perf_counter() - start)
        queries = await traced_queries(tracer, path)
        replay(conn, queries)  # warm
        raw, each = [], []
        for _ in range(runs):
            seconds, each = replay(conn, queries)
            raw.append(seconds)
        slowest = sorted(zip(each, queries), key=lambda pair: -pair[0])[:SLOWEST_SHOWN]
        results.append({
            "name": name, "path": path, "note": note, "runs": runs, "served": served,
            "raw": raw, "queries": len(queries), "size": result_size(name, response),
            "timed_out": timed_out, "sample": sample, "slowest": slowest, "failed": failed,
            "plan": query_plan(conn, *slowest[0][1]) if slowest else [],
        })
        print(f"  measured {name}: p50 {percentile(served, 50) * 1000:,.0f} ms"
              + (f", {failed} of {runs} runs an error page" if failed else ""), file=sys.stderr)
    conn.close()
    return results, vm_hwm_mb()


# ------------------------------------------------------------------ reporting

def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def print_results(results: list[dict]) -> None:
    header = (f"{'page':<28} {'runs':>4} {'datasette p50':>13} {'p95':>9} {'raw p50':>9} "
              f"{'p95':>9} {'queries':>7}  result")
    print(header)
    print("-" * len(header))
    for r in results:
        if "error" in r:
            print(f"{r['name']:<28} fails: {r['error']}")
            continue
        print(f"{r['name']:<28} {r['runs']:>4} {ms(percentile(r['served'], 50)):>13} "
              f"{ms(percentile(r['served'], 95)):>9} {ms(percentile(r['raw'], 50)):>9} "
              f"{ms(percentile(r['raw'], 95)):>9} {r['queries']:>7}  {r['size']}"
              + (f"; facets timed out: {', '.join(r['timed_out'])}" if r["timed_out"] else "")
              + (f"; facets estimated from {r['sample']['rows']:,} sampled rows"
                 if r.get("sample") else "")
              + (f"; {r['failed']} of {r['runs']} runs an error page" if r["failed"] else ""))
    print("(milliseconds; raw = the page's queries replayed with sqlite3, no time limits)")
    print()
    print("slowest queries per page (raw, last run) and the plan of the slowest:")
    for r in results:
        if "error" in r:
            continue
        print(f"\n{r['name']}  {r['path']}")
        for seconds, (sql, params) in r["slowest"]:
            flat = " ".join(sql.split())
            print(f"  {ms(seconds):>9} ms  {flat[:150]}{'…' if len(flat) > 150 else ''}"
                  + (f"  {params}" if params else ""))
        for line in r["plan"]:
            print(f"      plan: {line}")


def main(argv=None) -> int:
    args = parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="quotecheck-serve-bench-")
    folder = Path(tmp.name)
    figures = None
    if args.keep is not None and args.keep.exists():
        source = args.keep.resolve()
    else:
        source = (args.keep or folder / f"{DB_NAME}.db").resolve()
        source.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{source}{suffix}").unlink(missing_ok=True)
        print(f"building {args.statements:,} statements in {source} …", file=sys.stderr)
        start = time.perf_counter()
        figures = build(source, args.statements, args.shared.resolve(), args.seed)
        figures["total"] = time.perf_counter() - start
    print(f"shaping {source} (ensure_db_shape) …", file=sys.stderr)
    shape = shape_timings(source)
    build_rss = peak_rss_mb()
    db_path = source
    if source.stem != DB_NAME:  # metadata.yml is keyed by the name Datasette gives the file
        db_path = folder / f"{DB_NAME}.db"
        db_path.symlink_to(source)

    counts = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    statements, speakers, articles = (counts.execute(f"select count(*) from {t}").fetchone()[0]
                                      for t in ("statements", "speakers", "articles"))
    free = (counts.execute("pragma freelist_count").fetchone()[0]
            * counts.execute("pragma page_size").fetchone()[0])
    counts.close()
    results, serve_rss = asyncio.run(measure(db_path, args))

    size = sum(os.path.getsize(p) for p in (source, Path(f"{source}-wal")) if p.exists())
    print(f"database:   {source}" + ("" if args.keep else " (temporary)")
          + (" immutable" if args.immutable else " mutable, as `quotecheck serve` opens it"))
    print(f"rows:       {statements:,} statements, {speakers:,} speakers, {articles:,} articles")
    print(f"size:       {size / 1e6:,.0f} MB, of which {free / 1e6:,.0f} MB free pages "
          "(what VACUUM would give back)")
    if figures:
        print(f"build:      {figures['total']:,.1f} s = ingest {figures['ingest']:,.1f} s "
              f"({figures['ingested']}) + replicate {figures['replicate']:,.1f} s + "
              f"ensure_db_shape {figures['ensure_db_shape']:,.1f} s")
    else:
        print(f"build:      reused {source} (--keep)")
    print("shape:      " + ", ".join(f"{name} {seconds:,.2f} s" for name, seconds in shape.items())
          + " (ensure_db_shape first; then each part again, as the next command pays it)")
    print(f"peak RSS:   {build_rss:,.0f} MB after the build; "
          + (f"{serve_rss:,.0f} MB while serving (peak reset after the build)"
             if serve_rss is not None else f"{peak_rss_mb():,.0f} MB at the end"))
    print(f"settings:   {serve_settings(args)} (quotecheck serve: {SERVE_SETTINGS})")
    print()
    print_results(results)
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
