"""Ingest in two steps for collections beyond one machine: `map` runs the per-article work of
`quotecheck ingest` (build.FileReading) over batches of input files on Dask distributed and
writes each batch's rows to a partition file; `load` resolves their speakers through one
registry and stores them in SQLite through the same save_article, one article per
transaction, in the order ingest would have read them (as ingest's writer does).

Dask is imported only when a map runs: the other commands do not pay for it.
"""
from __future__ import annotations

import logging
import os
import pickle
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .build import FileReading
from .db.store import ensure_write_indexes, save_article, save_speakers
from .ingest.extract import MAX_ARTICLE_CHARS
from .ingest.pipeline import Report, input_files, progress
from .ingest.rows import EXTRACTOR_VERSION, ArticleRows, UnresolvedRows, registry_rows, resolve
from .ingest.speakers import Registry
from .partitions import (Manifest, PartitionError, clear_folder, partition_path,
                         read_manifest, read_partition, write_manifest, write_partition)

FILES_PER_PARTITION = 32


class MapError(Exception):
    """A map that cannot start: `path` and a one-line `reason`."""

    def __init__(self, path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(self.path, reason)  # both in args: it comes back whole from a worker

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class BatchSummary:
    """What a batch's task sends back to the map: counts and failures, never rows."""

    index: int
    files: int = 0
    articles: int = 0
    statements: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def map_paths(paths: Iterable[str], out_dir: str, registry: Registry, *,
              scheduler: str | None = None, workers: int = 1, published: str | None = None,
              max_chars: int = MAX_ARTICLE_CHARS, files_per_partition: int = FILES_PER_PARTITION,
              quiet: bool = False) -> tuple[Report, int]:
    """Extract every article under `paths` on Dask (the scheduler at `scheduler`, else a
    local cluster of `workers` processes) into partitions in `out_dir`: (report, number
    of partitions). Input paths reach the workers as given (they name the articles), so on
    a cluster they must be paths every worker can read, like `out_dir`."""
    paths = list(paths)
    out = Path(out_dir).resolve()
    for path in paths:
        if os.path.isdir(path) and out.is_relative_to(Path(path).resolve()):
            raise MapError(out_dir, f"inside the input folder {path}: its partitions would be read as input")
    report = Report()
    files = input_files(paths, report)
    batches = [files[i:i + files_per_partition] for i in range(0, len(files), files_per_partition)]
    if not batches:
        _start_folder(out, out_dir, Manifest(0, registry_rows(registry), report.errors, EXTRACTOR_VERSION))
        return report, 0

    from dask.distributed import as_completed

    summaries: dict[int, BatchSummary] = {}
    with _client(scheduler, workers, quiet) as client:
        # Only once the cluster answers: a scheduler out of reach leaves the folder as it was.
        _start_folder(out, out_dir, Manifest(len(batches), registry_rows(registry), report.errors,
                                             EXTRACTOR_VERSION))
        # Pickled once and sent to each worker once (not in every task of the graph); each
        # batch unpickles its own copy, so the speakers it learns from its articles' text
        # never depend on which batches its worker ran before.
        frozen = client.scatter(pickle.dumps(registry), broadcast=True)
        tasks = client.map(map_batch, range(len(batches)), batches, out_dir=str(out),
                           frozen_registry=frozen, published=published, max_chars=max_chars,
                           rules=EXTRACTOR_VERSION, pure=False)
        futures = {future: index for index, future in enumerate(tasks)}
        bar = progress(as_completed(futures), quiet, "mapping", unit="partition")
        bar.total = len(futures)
        for future in bar:
            index = futures[future]
            try:
                summaries[index] = future.result()
            except Exception as err:  # a batch whose task failed (disk full, worker lost)
                summaries[index] = BatchSummary(index, errors=[(
                    str(partition_path(out, index)), f"not written: {type(err).__name__}: {err}")])
    for index in sorted(summaries):  # reported in the order read, however the tasks finished
        summary = summaries[index]
        report.files += summary.files
        report.articles += summary.articles
        report.statements += summary.statements
        report.errors += summary.errors
        report.warnings += summary.warnings
    return report, len(batches)


def _start_folder(out: Path, given: str, manifest: Manifest) -> None:
    try:
        clear_folder(out)
        write_manifest(out, manifest)
    except OSError as err:
        raise MapError(err.filename or given, f"cannot write: {err.strerror}") from None


@contextmanager
def _client(scheduler: str | None, workers: int, quiet: bool):
    """A client of the cluster at `scheduler`, else of a local cluster of `workers` processes
    (one thread each: extraction holds the GIL) that ends with it."""
    from dask.distributed import Client, LocalCluster

    if quiet:
        logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler)
        except OSError as err:  # refused, timed out, no such host
            raise MapError(scheduler, f"cannot reach the scheduler: {err}") from None
        with client:
            yield client
        return
    # Its status page on a free port: a second map, or any Dask, may hold the usual 8787.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        yield client
        # Stopping our own workers: a nanny's "still alive after 4 s, killing" is no news.
        logging.getLogger("distributed.nanny").setLevel(logging.ERROR)


def map_batch(index: int, files: list[str], out_dir: str, frozen_registry: bytes,
              published: str | None, max_chars: int, rules: str) -> BatchSummary:
    """One task: read and extract `files` as ingest does, write their partition. Runs on a
    Dask worker; what it returns is small (counts and failures)."""
    if rules != EXTRACTOR_VERSION:
        raise MapError(out_dir, f"this worker's quotecheck has rules {EXTRACTOR_VERSION}, "
                       f"the map's {rules}: install the same version everywhere")
    registry = pickle.loads(frozen_registry)
    summary = BatchSummary(index, files=len(files))
    records: list = []
    reading = FileReading({}, registry, published, max_chars)  # a map extracts every article
    for path in files:
        done = reading.prepare_file(path)
        if done.error is not None:
            summary.errors.append((path, done.error))
            records.append(("error", path, done.error))
        summary.warnings += [(path, reason) for reason in done.warnings]
        records += [("warning", path, reason) for reason in done.warnings]
        for result in done.prepared:
            article = result[1]
            if result[0] == "rows":  # its speakers are resolved by `load`, in the order of the files
                records.append(result[2])
                summary.articles += 1
                summary.statements += len(result[2].statements)
            else:
                summary.errors.append((article.source, result[2]))
                records.append(("error", article.source, result[2]))
    write_partition(out_dir, index, files, records)
    return summary


def load_partitions(db, folders: Iterable[str], registry: Registry, quiet: bool = False) -> Report:
    """Store the partitions of each map output folder, in order: the registry's speakers,
    then each article in its own transaction (an unchanged one is left as it is), its
    speakers resolved through `registry` (the one the map was given) in that order. The map's
    errors and warnings are reported again; a missing or broken partition, or a folder mapped
    with another registry, is reported and skipped, the rest loads."""
    report = Report()
    ensure_write_indexes(db)
    for folder in folders:
        try:
            manifest = read_manifest(folder)
        except PartitionError as err:
            report.errors.append((err.path, err.reason))
            continue
        if manifest.speakers != registry_rows(registry):
            report.errors.append((str(folder), "mapped with another speaker registry: load it with "
                                  "the --site or --registry the map was given"))
            continue
        save_speakers(db, manifest.speakers)
        report.errors += manifest.errors
        for index in progress(range(manifest.partitions), quiet, "loading", unit="partition"):
            try:
                partition = read_partition(partition_path(folder, index), index)
            except PartitionError as err:
                report.errors.append((err.path, err.reason))
                continue
            report.files += len(partition.files)
            for record in partition.records:
                if isinstance(record, UnresolvedRows):
                    _store(db, record, registry, report)
                elif record[0] == "error":
                    report.errors.append(record[1:])
                else:
                    report.warnings.append(record[1:])
    return report


def _store(db, unresolved: UnresolvedRows, registry: Registry, report: Report) -> None:
    try:
        rows: ArticleRows = resolve(unresolved, registry)
        outcome = save_article(db, rows.article, rows.statements, rows.claims, rows.speakers)
    except Exception as err:
        report.errors.append((unresolved.article.get("source") or unresolved.article["id"],
                              f"not saved: {type(err).__name__}: {err}"))
        return
    report.outcomes[outcome] += 1
    report.articles += 1
    report.statements += len(unresolved.statements)
