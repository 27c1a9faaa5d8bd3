"""The quotecheck command line: click commands only; the work lives in plain functions."""
from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys

import click
import sqlite_utils

from .db.connection import NotWritable, connect, open_for_writing
from .db.schema import ensure_db_shape
from .db.serving import serve_command

from .build import ingest_paths
from .distributed_ingest import FILES_PER_PARTITION, MapError, load_partitions, map_paths
from .ingest.pipeline import Report, RegistryError, iter_extracted
from .ingest.pipeline import load_registry as read_registry
from .ingest.extract import MAX_ARTICLE_CHARS
from .ingest.readers import normalise_date
from .ingest.speakers import romanise
from .site_folder import ARTICLES, REVIEWS, SPEAKERS, TOPICS, Site, SiteError, init_site

DEFAULT_DB = os.path.join("db", "quotecheck.db")


def db_option(fn):
    return click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
                        type=click.Path(dir_okay=False), help="SQLite database file")(fn)


def workers_option(fn):
    return click.option("--workers", "-w", type=click.IntRange(1), default=os.cpu_count() or 1,
                        show_default="the number of cores",
                        help="Processes that extract statements (one writes the database)")(fn)


def max_chars_option(fn):
    return click.option("--max-chars", type=click.IntRange(1), default=MAX_ARTICLE_CHARS, show_default=True,
                        help="Longest article read; a longer one is reported and skipped")(fn)


def quiet_option(fn):
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary")(fn)


def check_published(ctx, param, value):
    if value is not None and normalise_date(value) is None:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")
    return value


def published_option(fn):
    return click.option("--published", metavar="YYYY-MM-DD", callback=check_published,
                        help="Publication date for files whose metadata gives none")(fn)


def site_option(fn):
    return click.option("--site", "site_dir", type=click.Path(file_okay=False),
                        help="Your site folder (see `quotecheck init`): its registries/ and "
                        "reviews/ (default: the copies installed with quotecheck)")(fn)


def registry_option(fn):
    return click.option("--registry", type=click.Path(dir_okay=False),
                        help="Speaker registry YAML (default: registries/speakers.yml of the site)")(fn)


def reviews_option(fn):
    return click.option("--reviews", "reviews_dir", type=click.Path(file_okay=False),
                        help="Folder of review files (default: reviews/ of the site)")(fn)


def topics_option(fn):
    return click.option("--topics", "topics_path", type=click.Path(dir_okay=False),
                        help="Topic taxonomy YAML (default: registries/topics.yml of the site)")(fn)


def shown(path) -> str:
    """A path or reason as one line: control characters (a newline in a file name) escaped."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode()
                   for ch in str(path))


def fail(path, reason: str) -> None:
    """`error: PATH: reason` on stderr, exit status 1."""
    click.echo(f"error: {shown(path)}: {shown(reason)}", err=True)
    sys.exit(1)


def reports_database_errors(fn):
    """A database that cannot be opened, read or written ends the command with one line
    naming it, never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except NotWritable as err:
            fail(err.path, err.reason)
        except sqlite3.Error as err:
            fail(kwargs.get("db_path", "database"), f"{type(err).__name__}: {err}")
    return wrapper


def load_registry(site_dir: str | None, path: str | None):
    """The speaker registry, read before anything is written: a broken one stops the command."""
    try:
        return read_registry(site_file(site_dir, path, SPEAKERS))
    except RegistryError as err:
        fail(err.path, err.reason)


def writable_db(path: str, quiet: bool = False):
    """The database for a command that writes: see db/connection.open_for_writing."""
    def waiting():
        click.echo(f"waiting: another command is writing {shown(path)}; "
                   "this one goes on when it is done", err=True)
    return open_for_writing(path, on_wait=waiting)


def existing_db(path: str) -> sqlite_utils.Database:
    if not os.path.exists(path):
        raise click.ClickException(f"{path} does not exist: run `quotecheck build` first")
    return connect(path)


def site_file(site_dir: str | None, given: str | None, relative):
    """`given` if the user named a file, else the site's own; one error line naming the file
    when it is not there (never a quiet fallback)."""
    try:
        path = given or Site(site_dir).file(relative)
    except SiteError as err:
        fail(err.path, err.reason)
    if not os.path.isfile(path):
        fail(path, "no such file")
    return path


def reviews_folder(site_dir: str | None, given: str | None):
    return given or Site(site_dir).root / REVIEWS


def load_taxonomy(site_dir: str | None, path: str | None):
    """The topic taxonomy, read before anything is written: a broken file stops the command."""
    from .ingest.topics import Taxonomy, TaxonomyError

    try:
        return Taxonomy.load(site_file(site_dir, path, TOPICS))
    except TaxonomyError as err:
        path, _, reason = str(err).partition(": ")
        fail(path, reason)


def review_notices(notices, report: Report | None = None) -> bool:
    """Review files not loaded as `error:` lines (and into `report`), the rest as
    `warning:` lines; whether any was an error."""
    from .db.reviews import NotLoaded

    failed = False
    for notice in notices:
        if isinstance(notice, NotLoaded):
            path, _, reason = notice.partition(": ")
            if report is not None:
                report.errors.append((path, reason))
            else:
                click.echo(f"error: {shown(notice)}", err=True)
            failed = True
        else:
            click.echo(f"warning: {shown(notice)}", err=True)
    return failed


def derive(db: sqlite_utils.Database, reviews_dir, taxonomy, report: Report,
           report_missing: bool = True, quiet: bool = False) -> None:
    """Topics, repeats, quote checks, reviews and verdicts; a review file that is not loaded
    goes into `report` as an error, each warning is one line on stderr."""
    from .db.derive import refresh_derived

    review_notices(refresh_derived(db, reviews_dir, taxonomy, report_missing, quiet=quiet),
                   report)


def after_ingest(db: sqlite_utils.Database, site_dir, reviews_dir, taxonomy, report: Report,
                 quiet: bool) -> None:
    """What follows storing articles from anywhere (`ingest`, `load`): the derived steps,
    then the shape the site expects."""
    # The site's reviews are of the bundled articles: in a database of other articles
    # they stay unresolved quietly, unless --reviews or --site names the folder.
    derive(db, reviews_folder(site_dir, reviews_dir), taxonomy, report,
           report_missing=reviews_dir is not None or site_dir is not None, quiet=quiet)
    ensure_db_shape(db)


def finish(report: Report, quiet: bool, summary: str | None = None) -> None:
    """Warnings and errors one line each on stderr; a summary (by default, of articles
    stored); exit status 1 when any input failed."""
    for path, reason in report.warnings:
        click.echo(f"warning: {shown(path)}: {shown(reason)}", err=True)
    for path, reason in report.errors:
        click.echo(f"error: {shown(path)}: {shown(reason)}", err=True)
    if not quiet:
        o = report.outcomes
        click.echo(summary or f"{report.files} files, {report.articles} articles "
                   f"({o['added']} added, {o['replaced']} replaced, {o['unchanged']} unchanged), "
                   f"{report.statements} statements, {len(report.errors)} failed", err=True)
    if not report.ok:
        sys.exit(1)


@click.group()
@click.version_option()
def cli():
    """quotecheck: who said what, when, in what role, from news and transcripts."""


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False))
def init(folder):
    """Write editable copies of the speaker registry, topic taxonomy and reviews into FOLDER."""
    try:
        written = init_site(folder)
    except SiteError as err:
        fail(err.path, err.reason)
    click.echo(f"{len(written)} files written to {folder}: use it with --site {folder}", err=True)


@cli.command()
@db_option
@site_option
@registry_option
@reviews_option
@topics_option
@quiet_option
@reports_database_errors
def build(db_path, site_dir, registry, reviews_dir, topics_path, quiet):
    """Build the database from the bundled articles, speaker registry and reviews."""
    taxonomy = load_taxonomy(site_dir, topics_path)
    speakers = load_registry(site_dir, registry)
    articles = str(Site().root / ARTICLES)  # the bundled ones, whatever the site folder
    with writable_db(db_path) as db:
        report = ingest_paths(db, [articles], speakers, quiet=quiet)
        derive(db, reviews_folder(site_dir, reviews_dir), taxonomy, report, quiet=quiet)
        ensure_db_shape(db)
    finish(report, quiet)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@site_option
@registry_option
@published_option
@reviews_option
@topics_option
@workers_option
@max_chars_option
@quiet_option
@reports_database_errors
def ingest(paths, db_path, site_dir, registry, published, reviews_dir, topics_path, workers, max_chars, quiet):
    """Ingest articles (files or directories) into the database."""
    taxonomy = load_taxonomy(site_dir, topics_path)
    speakers = load_registry(site_dir, registry)
    with writable_db(db_path) as db:
        report = ingest_paths(db, paths, speakers, published=published, quiet=quiet,
                              workers=workers, max_chars=max_chars)
        after_ingest(db, site_dir, reviews_dir, taxonomy, report, quiet)
    finish(report, quiet)


@cli.command(name="map")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder of the partitions (an earlier map's files in it are replaced)")
@click.option("--scheduler", metavar="ADDRESS",
              help="A Dask scheduler (tcp://HOST:8786) whose workers read PATH and write --out")
@click.option("--workers", "-w", type=click.IntRange(1), default=None,
              help="Processes of a local Dask cluster, without --scheduler "
              "[default: the number of cores]")
@click.option("--files-per-partition", type=click.IntRange(1), default=FILES_PER_PARTITION,
              show_default=True, help="Input files per task, and so per partition file")
@site_option
@registry_option
@published_option
@max_chars_option
@quiet_option
def map_command(paths, out_dir, scheduler, workers, files_per_partition, site_dir, registry,
                published, max_chars, quiet):
    """Extract statements on a Dask cluster into partition files for `quotecheck load`."""
    if scheduler and workers:
        raise click.UsageError("--workers is for a local cluster: leave it out with --scheduler")
    speakers = load_registry(site_dir, registry)
    try:
        report, partitions = map_paths(
            paths, out_dir, speakers, scheduler=scheduler, workers=workers or os.cpu_count() or 1,
            published=published, max_chars=max_chars, files_per_partition=files_per_partition,
            quiet=quiet)
    except MapError as err:
        fail(err.path, err.reason)
    finish(report, quiet, summary=f"{report.files} files, {report.articles} articles, "
           f"{report.statements} statements in {partitions} partition{'s' * (partitions != 1)} "
           f"in {shown(out_dir)}, "
           f"{len(report.errors)} failed")


@cli.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@db_option
@site_option
@registry_option
@reviews_option
@topics_option
@quiet_option
@reports_database_errors
def load(folders, db_path, site_dir, registry, reviews_dir, topics_path, quiet):
    """Load the partition files of `quotecheck map` (output folders) into the database."""
    taxonomy = load_taxonomy(site_dir, topics_path)
    reg = load_registry(site_dir, registry)
    with writable_db(db_path) as db:
        report = load_partitions(db, folders, reg, quiet=quiet)
        after_ingest(db, site_dir, reviews_dir, taxonomy, report, quiet)
    finish(report, quiet)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per statement")
@site_option
@registry_option
@published_option
@max_chars_option
@quiet_option
def extract(paths, as_json, site_dir, registry, published, max_chars, quiet):
    """Extract statements from articles and print them, without a database."""
    report = Report()
    reg = load_registry(site_dir, registry)
    for article, statements in iter_extracted(paths, reg, published, report, quiet=quiet,
                                              max_chars=max_chars):
        for s in statements:
            speaker = reg.find(s.speaker)
            record = {
                "source": article.source, "article": article.title, "speaker": s.speaker,
                "speaker_en": speaker.name_en if speaker else romanise(s.speaker),
                "mention": s.mention, "title": s.title, "org": s.org, "country": s.country,
                "speaker_kind": s.speaker_kind, "cue": s.cue, "text": s.text, "kind": s.kind,
                "start": s.start, "end": s.end, "said_on": s.said_on, "via": s.via,
                "nested_in": s.nested_in,
            }
            if as_json:
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                when = f" [{s.said_on}]" if s.said_on else ""
                click.echo(f"{s.speaker}{when} {s.cue or s.kind}: {s.text}")
    finish(report, quiet=True)  # errors only: standard output carries the statements


@cli.command()
@db_option
@click.option("-h", "--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", default=8001, show_default=True, type=int)
def serve(db_path, host, port):
    """Serve the database with Datasette, the site's metadata, plugins and templates."""
    if not os.path.exists(db_path):
        raise click.ClickException(f"{db_path} does not exist: run `quotecheck build` first")
    args = serve_command(db_path, host=host, port=port)
    os.execv(sys.executable, args)


@cli.command()
@db_option
@site_option
@reviews_option
@click.option("--article", required=True,
              help="The article: its id, key, front-matter id or URL")
@click.option("--claim", "claim_text", required=True, help="The claim's words as quoted")
@click.option("--verdict", required=True,
              help="true, mostly-true, mixed, mostly-false, false, misleading or unverifiable")
@click.option("--label", help="Your own label for the verdict (default: a Chinese label)")
@click.option("--summary", help="What the evidence shows")
@click.option("--evidence", multiple=True, metavar="URL", help="A source (repeatable)")
@click.option("--archived", multiple=True, metavar="URL",
              help="Archived copy of the --evidence at the same position (repeatable)")
@click.option("--evidence-title", multiple=True, metavar="TEXT",
              help="Title of the --evidence at the same position (repeatable)")
@click.option("--reviewer", help="Who reviewed it")
@click.option("--date", "reviewed_on", metavar="YYYY-MM-DD", help="Review date (default: today)")
@click.option("--file", "name", help="Review file name in the reviews folder "
              "(default: the claim's existing review, else claim-<id>.yml)")
@reports_database_errors
def review(db_path, site_dir, reviews_dir, article, claim_text, verdict, label, summary, evidence,
           archived, evidence_title, reviewer, reviewed_on, name):
    """Create or update the review of a claim (a YAML file in reviews/); a changed verdict
    keeps the earlier one in its history."""
    from .db.claimreview import load_reviews
    from .db.reviews import ReviewError, apply_verdicts, record_review

    if len(archived) > len(evidence) or len(evidence_title) > len(evidence):
        raise click.UsageError("each --archived and --evidence-title needs an --evidence before it")
    items = [{"url": url, "archived": archived[i] if i < len(archived) else None,
              "title": evidence_title[i] if i < len(evidence_title) else None}
             for i, url in enumerate(evidence)]
    if not os.path.exists(db_path):
        raise click.ClickException(f"{db_path} does not exist: run `quotecheck build` first")
    try:
        folder = reviews_dir or Site(site_dir).writable_reviews()
    except SiteError as err:
        fail(err.path, err.reason)
    with writable_db(db_path) as db:
        try:
            path, outcome = record_review(
                db, folder, article=article, claim=claim_text, verdict=verdict, label=label,
                summary=summary, evidence=items, reviewer=reviewer, reviewed_on=reviewed_on,
                name=name)
        except ReviewError as err:
            raise click.ClickException(str(err)) from None
        failed = review_notices(load_reviews(db, folder))
        apply_verdicts(db)
        ensure_db_shape(db)  # the claims' stored facet counts follow the new verdict
    click.echo(f"{outcome} {path}", err=True)
    if failed:
        sys.exit(1)


@cli.group(name="export")
def export_group():
    """Export reviews as ClaimReview JSON-LD, or tables as CSV."""


def output_option(fn):
    return click.option("-o", "--output", type=click.Path(dir_okay=False),
                        help="Write to this file (default: standard output)")(fn)


def write_output(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    else:
        click.echo(text, nl=False)


@export_group.command(name="claimreview")
@db_option
@output_option
@click.option("--base-url", default="", help="The site's address, for each review's url")
@reports_database_errors
def export_claimreview(db_path, output, base_url):
    """Our reviews as schema.org ClaimReview JSON-LD (a JSON list)."""
    from .db.claimreview import claimreview_objects

    objects = claimreview_objects(existing_db(db_path), base_url=base_url)
    write_output(json.dumps(objects, ensure_ascii=False, indent=2) + "\n", output)


@export_group.command(name="csv")
@click.argument("table", type=click.Choice(["statements", "claims", "reviews"]))
@db_option
@output_option
@click.option("--where", "-w", multiple=True, metavar="COLUMN=VALUE",
              help="A facet column's value (repeatable)")
@click.option("--search", help="Rows whose text contains this")
@click.option("--speaker", help="Speaker (claimant) by name, English name or alias")
@click.option("--since", metavar="YYYY-MM-DD", help="Said (else published, reviewed) on or after")
@click.option("--until", metavar="YYYY-MM-DD", help="Said (else published, reviewed) on or before")
@click.option("--verdict", help="Verdict (statements: with a claim of this verdict)")
@click.option("--band", type=click.Choice(["high", "medium", "low"]), help="Check-worthiness band")
@click.option("--match", metavar="TERMS",
              help="Rows the site's search finds (Chinese terms of any length, both scripts)")
@click.option("--labels/--no-labels", default=True, show_default=True,
              help="Add speaker names and titles, article titles and URLs, topic names")
@reports_database_errors
def export_csv_command(table, db_path, output, where, search, speaker, since, until, verdict,
                       band, match, labels):
    """A table's rows as CSV, filtered as in Datasette."""
    import io

    from .db.export import ExportError, export_csv, parse_where
    from .db.reviews import ReviewError, normalise_date, normalise_verdict

    try:
        filters = dict(where=parse_where(where, table), search=search, speaker=speaker,
                       since=normalise_date(since, "--since"), until=normalise_date(until, "--until"),
                       verdict=normalise_verdict(verdict) if verdict else None, band=band,
                       match=match, labels=labels)
        buffer = io.StringIO()
        export_csv(existing_db(db_path), table, buffer, **filters)
    except (ExportError, ReviewError) as err:
        raise click.ClickException(str(err)) from None
    write_output(buffer.getvalue(), output)


@cli.command(name="search")
@click.argument("terms", nargs=-1, required=True)
@db_option
@click.option("--table", "tables", multiple=True,
              type=click.Choice(["statements", "claims", "articles"]),
              help="Search only this table (repeatable; default: all three)")
@click.option("--limit", default=20, show_default=True, help="Rows shown per table (0: all)")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line")
@reports_database_errors
def search_command(terms, db_path, tables, limit, as_json):
    """Search statements, claims and articles as the site does (台, 芯片, 台獨, Taiwan)."""
    from .db.export import ExportError, search_rows

    try:
        found = search_rows(existing_db(db_path), " ".join(terms),
                            tables=tables or ("statements", "claims", "articles"),
                            limit=limit or None)
    except ExportError as err:
        raise click.ClickException(str(err)) from None
    for table, (count, rows) in found.items():
        if not as_json:
            shown = f", the best {len(rows)}" if len(rows) < count else ""
            click.echo(f"{table}: {count} match{'es' if count != 1 else ''}{shown}")
        for row in rows:
            if as_json:
                click.echo(json.dumps({"table": table, **row}, ensure_ascii=False))
            else:
                text = " ".join((row["text"] or "").split())
                click.echo(f"  {row['date'] or 'undated'}  {row['who'] or '-'}  {text}"
                           + (f"  [{row['verdict']}]" if row.get("verdict") else "")
                           + (f"  ({row['article']})" if table != "articles" else "")
                           + f"  id {row['id']}")


@cli.group(name="import")
def import_group():
    """Import other fact-checkers' reviews."""


@import_group.command(name="claimreview")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
@reports_database_errors
def import_claimreview(file, db_path):
    """Load ClaimReview JSON-LD (a JSON file, or an HTML page with embedded JSON-LD) and
    attach each review to the claims it matches."""
    from .db.claimreview import import_claimreviews
    from .db.reviews import ReviewError

    if not os.path.exists(db_path):
        raise click.ClickException(f"{db_path} does not exist: run `quotecheck build` first")
    with writable_db(db_path) as db:
        try:
            counts = import_claimreviews(db, file)
        except ReviewError as err:
            raise click.ClickException(str(err)) from None
        ensure_db_shape(db)
    click.echo(f"{counts['claimreviews']} ClaimReviews: {counts['rows']} reviews, "
               f"{counts['unresolved']} unresolved", err=True)
    if counts["unresolved"]:
        click.echo(f"warning: {counts['unresolved']} ClaimReviews of {file} match no claim "
                   "(kept with status 'unresolved')", err=True)


if __name__ == "__main__":
    cli()
