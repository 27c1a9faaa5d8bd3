"""From paths to the database: the reading side's rows (ingest/) stored by the database side
(db/), one article per transaction; the two sides meet only here and in cli.py."""
from __future__ import annotations

import ctypes
import signal
import sqlite3
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterable, Iterator

from .db.connection import quick_commits
from .db.search import index_written, search_texts
from .db.store import (ensure_write_indexes, save_article, save_speakers, stored_hashes,
                       stored_statement_count)
from .ingest.extract import MAX_ARTICLE_CHARS
from .ingest.model import Article
from .ingest import pipeline
from .ingest.pipeline import Report, extract_or_report, input_files
from .ingest.readers import ReadError, read_articles
from .ingest.rows import registry_rows, resolve, row_hash, unresolved_rows
from .ingest.speakers import Registry

# A file of more articles than this (a JSON Lines dump) is read by one worker and its
# articles are prepared by all of them, in jobs of ARTICLES_PER_JOB.
ARTICLES_PER_JOB = 8
# Jobs sent ahead of the writer, per worker: enough to keep every worker busy, few enough
# that prepared rows waiting for the writer stay a small part of memory.
JOBS_AHEAD = 4
# The search index takes in the stored articles in its own transaction once they hold this
# many characters: FTS5 writes a segment at every commit, and one per article cost 5 CPU-s
# more on the shared corpus (1,385 articles) than one batch; 25,000 cost 1.5 more.
SEARCH_BATCH_CHARS = 100_000


def ingest_paths(db, paths: Iterable[str], registry: Registry, published: str | None = None,
                 quiet: bool = False, workers: int = 1,
                 max_chars: int = MAX_ARTICLE_CHARS) -> Report:
    """Read, extract and save; an article already stored as it is is not extracted again.

    With `workers` > 1, reading, extraction, row-making and the text the search index
    derives run in that many processes while this one writes each article in its own
    transaction, in the order of the files and of the articles in them: the same rows, ids,
    errors and warnings as with one worker (reading and extraction depend on the file, the
    registry as loaded and the options only; this process resolves the speakers, whom the
    registry learns, in the order it stores the articles). The search index takes the stored
    rows in as it goes (SearchBatch), not in one serial pass after the last article."""
    report = Report()
    save_speakers(db, registry_rows(registry))
    ensure_write_indexes(db)
    reading = FileReading(stored_hashes(db), registry, published, max_chars, search=True)
    files = input_files(list(paths), report)
    writer = Writer(db, registry, report)
    with quick_commits(db):
        if workers > 1:
            with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(reading,)) as pool:
                _store_files(writer, files, _prepared_in_order(pool, files, workers), quiet)
        else:
            _store_files(writer, files, map(reading.prepare_file, files), quiet)
        writer.search.flush(db)
    return report


def prepare(article: Article, stored_hash: str | None, registry: Registry, max_chars: int,
            search: bool = False):
    """The reading side's work for one article: ('unchanged', article), ('error', article,
    reason) or ('rows', article, rows, search texts of the rows or None), the rows with
    their speakers left to the writer (rows.resolve). Pure: runs in any process, so with
    `search` the text the search index derives is made here too, not in the one process
    that writes."""
    if stored_hash is not None and stored_hash == row_hash(article, registry):
        return ("unchanged", article)
    errors = Report()
    statements = extract_or_report(article, registry, errors, max_chars)
    if statements is None:
        return ("error", article, errors.errors[0][1])
    try:
        rows = unresolved_rows(article, statements, registry)
        texts = search_texts({"articles": [rows.article], "statements": rows.statements,
                              "claims": rows.claims}) if search else None
    except Exception as err:
        return ("error", article, f"not saved: {type(err).__name__}: {err}")
    return ("rows", article, rows, texts)


@dataclass
class PreparedFile:
    """One file's part of the work: its read error or metadata warnings, and each article
    `prepare`d, or (a file of many articles read in a worker) left for other jobs."""

    path: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    prepared: list = field(default_factory=list)
    unprepared: list[Article] = field(default_factory=list)


@dataclass
class FileReading:
    """What reading a file needs besides its path; sent once to each worker."""

    stored: dict[str, str]  # content hash by article id, of the articles already stored
    registry: Registry
    published: str | None
    max_chars: int
    search: bool = False  # also derive the rows' search texts (a writer indexing as it goes)

    def prepare_file(self, path: str, articles_per_job: int | None = None) -> PreparedFile:
        """Read the file at `path` and prepare its articles; with `articles_per_job`, a file
        of more articles than that comes back with its articles unprepared."""
        done = PreparedFile(path)
        try:
            articles = read_articles(path, published=self.published, warn=done.warnings.append)
        except ReadError as err:
            done.error = err.reason
            return done
        if articles_per_job is not None and len(articles) > articles_per_job:
            done.unprepared = articles
        else:
            done.prepared = self.prepare_articles(articles)
        return done

    def prepare_articles(self, articles: list[Article]) -> list:
        return [prepare(article, self.stored.get(article.id), self.registry, self.max_chars,
                        self.search) for article in articles]


@dataclass
class SearchBatch:
    """The search texts (db/search.py `search_texts`) of the articles stored since the search
    index last took them in; it takes them in every SEARCH_BATCH_CHARS characters and at the
    end. Articles stored but not taken in (the ingest cut short, or the index failed) stay in
    the index's log: `ensure_search` derives them, or reports why it cannot."""

    texts: dict = field(default_factory=dict)
    chars: int = 0
    failed: bool = False

    def add(self, db, texts: dict, chars: int) -> None:
        for table, rows in texts.items():
            self.texts.setdefault(table, {}).update(rows)
        self.chars += chars
        if self.chars >= SEARCH_BATCH_CHARS:
            self.flush(db)

    def flush(self, db) -> None:
        if self.texts and not self.failed:
            try:
                with db.atomic():
                    index_written(db, self.texts)
            except sqlite3.DatabaseError:
                self.failed = True  # the articles matter more: the index waits for ensure_search
        self.texts, self.chars = {}, 0


@dataclass
class Writer:
    """What the one process that writes keeps across articles: the database, the registry
    that resolves every article's speakers in the order they are stored, the report, and
    the search texts waiting for the index."""

    db: object
    registry: Registry
    report: Report
    search: SearchBatch = field(default_factory=SearchBatch)


def _store_files(writer: Writer, files: list[str], prepared: Iterator[PreparedFile],
                 quiet: bool) -> None:
    report = writer.report
    for path, done in zip(pipeline.progress(files, quiet, "reading"), prepared):
        report.files += 1
        report.warnings.extend((path, reason) for reason in done.warnings)
        if done.error is not None:
            report.errors.append((path, done.error))
        _store_all(writer, done.prepared)


def _store_all(writer: Writer, prepared) -> None:
    db, report = writer.db, writer.report
    for result in prepared:
        article = result[1]
        if result[0] == "error":
            report.errors.append((article.source, result[2]))
            continue
        if result[0] == "unchanged":
            outcome, count = "unchanged", stored_statement_count(db, article.id)
        else:
            try:
                rows = resolve(result[2], writer.registry)
                outcome = save_article(db, rows.article, rows.statements, rows.claims, rows.speakers)
            except Exception as err:
                report.errors.append((article.source, f"not saved: {type(err).__name__}: {err}"))
                continue
            count = len(rows.statements)
            if outcome != "unchanged" and result[3] is not None:
                writer.search.add(db, result[3], len(article.body))
        report.outcomes[outcome] += 1
        report.articles += 1
        report.statements += count


def _prepared_in_order(pool: ProcessPoolExecutor, files: list[str],
                       workers: int) -> Iterator[PreparedFile]:
    """Each file prepared by the pool, in the order of `files`, with at most JOBS_AHEAD jobs
    per worker sent ahead of the one the writer waits for. The articles of a file of many
    are prepared in jobs of their own, spread over the workers, and put back in order."""
    ahead = JOBS_AHEAD * workers
    waiting: deque[Future] = deque()
    to_send = iter(files)

    def send(n: int) -> None:
        for path in islice(to_send, n):
            waiting.append(pool.submit(_prepare_file_in_worker, path))

    send(ahead)
    while waiting:
        done = waiting.popleft().result()
        send(1)
        if done.unprepared:
            done.prepared = _articles_in_order(pool, done.unprepared, ahead)
            done.unprepared = []
        yield done


def _articles_in_order(pool: ProcessPoolExecutor, articles: list[Article],
                       ahead: int) -> Iterator:
    """`prepare` of each article, in order, by jobs of ARTICLES_PER_JOB, `ahead` at most
    sent ahead of the one the writer waits for."""
    jobs = (articles[i:i + ARTICLES_PER_JOB] for i in range(0, len(articles), ARTICLES_PER_JOB))
    waiting = deque(pool.submit(_prepare_articles_in_worker, job) for job in islice(jobs, ahead))
    while waiting:
        results = waiting.popleft().result()
        waiting.extend(pool.submit(_prepare_articles_in_worker, job) for job in islice(jobs, 1))
        yield from results


_worker: dict = {}


def _start_worker(reading: FileReading) -> None:
    _worker["reading"] = reading
    _end_with_parent()


def _end_with_parent() -> None:
    """A worker ends when the ingest that started it is killed (kill -9 leaves no orphans
    holding memory and the terminal's pipes); Linux only, elsewhere the pool's own shutdown."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _prepare_file_in_worker(path: str) -> PreparedFile:
    return _worker["reading"].prepare_file(path, articles_per_job=ARTICLES_PER_JOB)


def _prepare_articles_in_worker(articles: list[Article]) -> list:
    return _worker["reading"].prepare_articles(articles)
