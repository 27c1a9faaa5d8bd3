"""From paths to statements: read each file, extract its statements; report failures.

A broken file is reported (path, reason) and skipped; the rest of the batch goes on. Pure
reading: the database side never appears here (build.py stores what this yields).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from tqdm import tqdm

from .extract import MAX_ARTICLE_CHARS, ArticleTooLarge, extract
from .model import Article, Statement
from .readers import ReadError, iter_input_files, read_articles
from .speakers import Registry


class RegistryError(Exception):
    """A speaker registry that cannot be used: `path` and a one-line `reason`."""

    def __init__(self, path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


# The registry installed with the package (registries/ beside ingest/, in the checkout and in
# the wheel alike): the default of code that reads without a site folder of its own.
PACKAGED_REGISTRY = Path(__file__).resolve().parent.parent / "registries" / "speakers.yml"


def load_registry(path: str | os.PathLike = PACKAGED_REGISTRY) -> Registry:
    """The speaker registry of `path`; RegistryError naming it when it is missing or broken
    (never an empty registry instead: speakers would silently lose their names)."""
    path = Path(path)
    if not path.is_file():
        raise RegistryError(path, "no such file")
    try:
        return Registry.load(path)
    except ValueError as err:
        raise RegistryError(path, str(err)) from None


@dataclass
class Report:
    files: int = 0
    articles: int = 0
    statements: int = 0
    outcomes: dict = field(default_factory=lambda: {"added": 0, "replaced": 0, "unchanged": 0})
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def progress(items: list, quiet: bool, label: str, unit: str = "file"):
    """A bar on a terminal; nothing with --quiet, in CI or when output is not a terminal."""
    disable = quiet or bool(os.environ.get("CI")) or not sys.stderr.isatty()
    return tqdm(items, desc=label, unit=unit, disable=disable, leave=False)


def unreadable_folders(directory: str) -> list[tuple[str, str]]:
    """(folder, reason) for each folder under `directory` (itself included) that cannot be
    listed; os.walk, and so the reader, would skip them without a word."""
    problems: list[tuple[str, str]] = []

    def note(err: OSError) -> None:
        problems.append((err.filename or directory, f"cannot read directory: {err.strerror}"))

    for _, dirnames, _ in os.walk(directory, onerror=note):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    return problems


def input_files(paths: Iterable[str], report: Report) -> list[str]:
    """The files to read under `paths`; an unreadable folder, a folder without input files
    or no input at all go into `report` as errors."""
    files: list[str] = []
    for path in paths:
        found = list(iter_input_files([path]))
        if os.path.isdir(path):
            problems = unreadable_folders(path)
            report.errors.extend(problems)
            if not found and not problems:
                report.errors.append((path, "no input files in this directory"))
        files += found
    if not files and not report.errors:
        report.errors.append((", ".join(map(str, paths)) or ".", "no input files"))
    return files


def iter_articles(paths: Iterable[str], published: str | None, report: Report,
                  quiet: bool = False) -> Iterator[Article]:
    """Every readable article under `paths`; unreadable files go into `report`, and so do
    metadata that could not be read (as warnings)."""
    files = input_files(list(paths), report)
    for path in progress(files, quiet, "reading"):
        report.files += 1
        try:
            yield from read_articles(path, published=published,
                                     warn=lambda reason, path=path: report.warnings.append((path, reason)))
        except ReadError as err:
            report.errors.append((err.path, err.reason))


def extract_or_report(article: Article, registry: Registry, report: Report,
                      max_chars: int = MAX_ARTICLE_CHARS) -> list[Statement] | None:
    try:
        return extract(article, registry, max_chars=max_chars)
    except ArticleTooLarge as err:
        report.errors.append((article.source, str(err)))
        return None
    except Exception as err:  # an extractor bug must not sink the batch
        report.errors.append((article.source, f"extraction failed: {type(err).__name__}: {err}"))
        return None


def iter_extracted(paths: Iterable[str], registry: Registry, published: str | None,
                   report: Report, quiet: bool = False,
                   max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[tuple[Article, list[Statement]]]:
    """(article, statements) for every readable article; failures go into `report`."""
    for article in iter_articles(paths, published, report, quiet):
        statements = extract_or_report(article, registry, report, max_chars)
        if statements is not None:
            report.articles += 1
            report.statements += len(statements)
            yield article, statements
