"""From paths to the database: the reading side's rows (ingest/) stored by the database side
(db/), one article per transaction; the two sides meet only here and in cli.py."""
from __future__ import annotations

from typing import Iterable

from .db.store import save_article, save_speakers, stored_unchanged
from .ingest.pipeline import Report, extract_or_report, iter_articles
from .ingest.rows import article_rows, registry_rows, row_hash
from .ingest.speakers import Registry


def ingest_paths(db, paths: Iterable[str], registry: Registry, published: str | None = None,
                 quiet: bool = False) -> Report:
    """Read, extract and save; an article already stored as it is is not extracted again."""
    report = Report()
    save_speakers(db, registry_rows(registry))
    for article in iter_articles(paths, published, report, quiet):
        kept = stored_unchanged(db, article.id, row_hash(article, registry))
        if kept is not None:
            outcome, count = "unchanged", kept
        else:
            statements = extract_or_report(article, registry, report)
            if statements is None:
                continue
            try:
                rows = article_rows(article, statements, registry)
                outcome = save_article(db, rows.article, rows.statements, rows.claims,
                                       rows.speakers)
            except Exception as err:
                report.errors.append((article.source, f"not saved: {type(err).__name__}: {err}"))
                continue
            count = len(statements)
        report.outcomes[outcome] += 1
        report.articles += 1
        report.statements += count
    return report
