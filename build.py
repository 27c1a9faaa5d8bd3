"""From paths to the database: the reading side's rows (ingest/) stored by the database side
(db/), one article per transaction; the two sides meet only here and in cli.py."""
from __future__ import annotations

import ctypes
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable

from .db.store import save_article, save_speakers, stored_hashes, stored_statement_count
from .ingest.extract import MAX_ARTICLE_CHARS
from .ingest.model import Article
from .ingest.pipeline import Report, extract_or_report, iter_articles
from .ingest.rows import article_rows, registry_rows, row_hash
from .ingest.speakers import Registry


def ingest_paths(db, paths: Iterable[str], registry: Registry, published: str | None = None,
                 quiet: bool = False, workers: int = 1,
                 max_chars: int = MAX_ARTICLE_CHARS) -> Report:
    """Read, extract and save; an article already stored as it is is not extracted again.

    With `workers` > 1, extraction and row-making run in that many processes while this one
    reads the files and writes each article in its own transaction, in the order read: the
    same rows, ids and errors as with one worker (extraction depends on the article and the
    registry only)."""
    report = Report()
    save_speakers(db, registry_rows(registry))
    stored = stored_hashes(db)
    articles = iter_articles(paths, published, report, quiet)
    jobs = ((article, stored.get(article.id)) for article in articles)
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(registry, max_chars)) as pool:
            _store_all(db, pool.map(_prepare_in_worker, jobs, chunksize=8), report)
    else:
        _store_all(db, (prepare(article, known, registry, max_chars) for article, known in jobs), report)
    return report


def prepare(article: Article, stored_hash: str | None, registry: Registry, max_chars: int):
    """The reading side's work for one article: ('unchanged', article), ('error', article,
    reason) or ('rows', article, rows). Pure: runs in any process."""
    if stored_hash is not None and stored_hash == row_hash(article, registry):
        return ("unchanged", article)
    errors = Report()
    statements = extract_or_report(article, registry, errors, max_chars)
    if statements is None:
        return ("error", article, errors.errors[0][1])
    try:
        return ("rows", article, article_rows(article, statements, registry))
    except Exception as err:
        return ("error", article, f"not saved: {type(err).__name__}: {err}")


def _store_all(db, prepared, report: Report) -> None:
    for result in prepared:
        article = result[1]
        if result[0] == "error":
            report.errors.append((article.source, result[2]))
            continue
        if result[0] == "unchanged":
            outcome, count = "unchanged", stored_statement_count(db, article.id)
        else:
            rows = result[2]
            try:
                outcome = save_article(db, rows.article, rows.statements, rows.claims, rows.speakers)
            except Exception as err:
                report.errors.append((article.source, f"not saved: {type(err).__name__}: {err}"))
                continue
            count = len(rows.statements)
        report.outcomes[outcome] += 1
        report.articles += 1
        report.statements += count


_worker: dict = {}


def _start_worker(registry: Registry, max_chars: int) -> None:
    _worker.update(registry=registry, max_chars=max_chars)
    _end_with_parent()


def _end_with_parent() -> None:
    """A worker ends when the ingest that started it is killed (kill -9 leaves no orphans
    holding memory and the terminal's pipes); Linux only, elsewhere the pool's own shutdown."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _prepare_in_worker(job):
    article, stored_hash = job
    return prepare(article, stored_hash, _worker["registry"], _worker["max_chars"])
