"""The quotecheck command line: click commands only; the work lives in plain functions."""
from __future__ import annotations

import json
import os
import sys

import click
import sqlite_utils

from db.schema import ensure_db_shape

from .pipeline import Report, ingest_paths, iter_extracted, load_registry, site_root
from .speakers import romanise

DEFAULT_DB = os.path.join("db", "quotecheck.db")


def db_option(fn):
    return click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
                        type=click.Path(dir_okay=False), help="SQLite database file")(fn)


def quiet_option(fn):
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary")(fn)


def published_option(fn):
    return click.option("--published", metavar="YYYY-MM-DD",
                        help="Publication date for files whose metadata gives none")(fn)


def registry_option(fn):
    return click.option("--registry", type=click.Path(exists=True, dir_okay=False),
                        help="Speaker registry YAML (default: registries/speakers.yml)")(fn)


def open_db(path: str) -> sqlite_utils.Database:
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    return sqlite_utils.Database(path)


def finish(report: Report, quiet: bool) -> None:
    """Errors one line each on stderr; a summary; exit status 1 when any file failed."""
    for path, reason in report.errors:
        click.echo(f"error: {path}: {reason}", err=True)
    if not quiet:
        o = report.outcomes
        click.echo(f"{report.files} files, {report.articles} articles "
                   f"({o['added']} added, {o['replaced']} replaced, {o['unchanged']} unchanged), "
                   f"{report.statements} statements, {len(report.errors)} failed", err=True)
    if not report.ok:
        sys.exit(1)


@click.group()
@click.version_option()
def cli():
    """quotecheck: who said what, when, in what role, from news and transcripts."""


@cli.command()
@db_option
@registry_option
@quiet_option
def build(db_path, registry, quiet):
    """Build the database from the bundled articles and speaker registry."""
    db = open_db(db_path)
    report = ingest_paths(db, [str(site_root() / "articles")], load_registry(registry), quiet=quiet)
    ensure_db_shape(db)
    finish(report, quiet)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@registry_option
@published_option
@quiet_option
def ingest(paths, db_path, registry, published, quiet):
    """Ingest articles (files or directories) into the database."""
    db = open_db(db_path)
    report = ingest_paths(db, paths, load_registry(registry), published=published, quiet=quiet)
    ensure_db_shape(db)
    finish(report, quiet)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per statement")
@registry_option
@published_option
@quiet_option
def extract(paths, as_json, registry, published, quiet):
    """Extract statements from articles and print them, without a database."""
    report = Report()
    reg = load_registry(registry)
    for article, statements in iter_extracted(paths, reg, published, report, quiet=quiet):
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
    root = site_root()
    args = [sys.executable, "-m", "datasette", "serve", db_path,
            "--metadata", str(root / "metadata.yml"), "--host", host, "--port", str(port)]
    for flag, folder in (("--plugins-dir", "plugins"), ("--template-dir", "templates")):
        if (root / folder).is_dir():
            args += [flag, str(root / folder)]
    os.execv(sys.executable, args)
