"""Partition files: the rows of a batch of input files, written where a map ran, read where
they are loaded (`quotecheck map` and `quotecheck load`).

A map's output folder holds `map.json` (the partition count, the speaker registry's rows,
the input errors found before any file was read) and `part-NNNNNN.jsonl`, one per batch of
input files, in the order ingest reads them. A partition is JSON Lines: a header (its index,
its files, its record count), then one record per article or failure in the order read:

    {"article": {...}, "statements": [...], "claims": [...], "mentions": [...], "relays": [...],
     "claim_statements": [...]}
    {"error": [path, reason]}
    {"warning": [path, reason]}

An article's rows are written before their speakers are resolved (ingest/rows.py's
UnresolvedRows): `load` resolves them through one registry in the order ingest would, so the
speakers never depend on how the files were split into partitions.

Every file is written to a temporary name and renamed into place, so a reader sees a whole
file or none; the header's record count catches one cut short on its way to another disk.
Pure file work: the rows are ingest/rows.py's, the database never appears here. (Not in
ingest/: every module there counts towards the rules' version, which re-extracts articles.)
"""
from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .ingest.rows import UnresolvedRows
from .ingest.speakers import Mention

FORMAT = 2  # 2: rows before their speakers are resolved
MENTION_FIELDS = {"name", "kind", "title", "org", "country"}
MANIFEST = "map.json"
# Ours to remove when a map starts again: its partitions and temporary files of a cut-short one.
OWN_FILES = re.compile(r"(part-\d{6}\.jsonl|\.(part-\d{6}\.jsonl|map\.json)\..*\.tmp|map\.json)")


class PartitionError(Exception):
    """A manifest or partition that cannot be used: `path` and a one-line `reason`."""

    def __init__(self, path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


@dataclass
class Manifest:
    """What a map wrote before its first batch: how many partitions to expect and the rows
    that belong to no partition."""

    partitions: int
    speakers: list[dict]  # the registry's speaker rows, saved before any article
    errors: list[tuple[str, str]] = field(default_factory=list)  # found before reading
    rules: str = ""  # the extraction rules' version the map ran with


@dataclass
class Partition:
    index: int
    files: list[str]
    records: list[UnresolvedRows | tuple[str, str, str]]  # rows, or ("error"|"warning", path, reason)


def partition_path(folder: str | os.PathLike, index: int) -> Path:
    return Path(folder) / f"part-{index:06d}.jsonl"


def clear_folder(folder: str | os.PathLike) -> None:
    """Remove an earlier map's files from `folder` (created if missing), and nothing else."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for entry in folder.iterdir():
        if OWN_FILES.fullmatch(entry.name) and entry.is_file():
            entry.unlink()


def write_manifest(folder: str | os.PathLike, manifest: Manifest) -> Path:
    data = {"quotecheck_map": FORMAT, "partitions": manifest.partitions, "rules": manifest.rules,
            "errors": [list(e) for e in manifest.errors], "speakers": manifest.speakers}
    path = Path(folder) / MANIFEST
    _write_atomically(path, json.dumps(data, ensure_ascii=False) + "\n")
    return path


def read_manifest(folder: str | os.PathLike) -> Manifest:
    path = Path(folder) / MANIFEST
    if not Path(folder).is_dir():
        raise PartitionError(folder, "no such directory")
    if not path.is_file():
        raise PartitionError(path, "no such file: not the output folder of `quotecheck map`")
    data = _json(path, _read_text(path), "map.json")
    if not isinstance(data, dict) or data.get("quotecheck_map") != FORMAT:
        raise PartitionError(path, f"not a map manifest of format {FORMAT}")
    partitions, speakers, errors = data.get("partitions"), data.get("speakers"), data.get("errors")
    if not isinstance(partitions, int) or partitions < 0:
        raise PartitionError(path, "partitions is not a count")
    if not _rows(speakers):
        raise PartitionError(path, "speakers is not a list of rows")
    if not isinstance(errors, list) or not all(_pair(e) for e in errors):
        raise PartitionError(path, "errors is not a list of [path, reason]")
    return Manifest(partitions, speakers, [tuple(e) for e in errors], str(data.get("rules", "")))


def write_partition(folder: str | os.PathLike, index: int, files: list[str],
                    records: list[UnresolvedRows | tuple[str, str, str]]) -> Path:
    """One batch's records as `part-<index>.jsonl` in `folder`, whole or not at all."""
    lines = [{"partition": index, "files": files, "records": len(records)}]
    for record in records:
        if isinstance(record, UnresolvedRows):
            lines.append({"article": record.article, "statements": record.statements,
                          "claims": record.claims, "mentions": [vars(m) for m in record.mentions],
                          "relays": [vars(m) if m else None for m in record.relays],
                          "claim_statements": record.claim_statements})
        else:
            kind, path, reason = record
            lines.append({kind: [path, reason]})
    path = partition_path(folder, index)
    _write_atomically(path, "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


def read_partition(path: str | os.PathLike, index: int) -> Partition:
    """The partition at `path`, checked whole before any of it is used; PartitionError
    saying what is wrong with a broken one."""
    path = Path(path)
    if not path.is_file():
        raise PartitionError(path, "no such file: its batch did not finish")
    lines = _read_text(path).splitlines()
    if not lines:
        raise PartitionError(path, "empty file")
    header = _json(path, lines[0], "line 1")
    if not isinstance(header, dict) or not isinstance(header.get("files"), list) \
            or not isinstance(header.get("records"), int):
        raise PartitionError(path, "line 1 is not a partition header")
    if header.get("partition") != index:
        raise PartitionError(path, f"holds partition {header.get('partition')!r}, not {index}")
    if len(lines) - 1 != header["records"]:
        raise PartitionError(path, f"{len(lines) - 1} records of {header['records']}: cut short")
    records = [_record(path, number, _json(path, line, f"line {number}"))
               for number, line in enumerate(lines[1:], start=2)]
    return Partition(index, [str(f) for f in header["files"]], records)


def _record(path: Path, number: int, data) -> UnresolvedRows | tuple[str, str, str]:
    if isinstance(data, dict) and len(data) == 1:
        (kind, value), = data.items()
        if kind in ("error", "warning") and _pair(value):
            return (kind, value[0], value[1])
    if isinstance(data, dict) and isinstance(data.get("article"), dict) \
            and isinstance(data["article"].get("id"), str) \
            and isinstance(data["article"].get("content_hash"), str) \
            and all(_rows(data.get(key)) for key in ("statements", "claims", "mentions")) \
            and all(_mention(m) for m in data["mentions"]) \
            and isinstance(data.get("relays"), list) and all(r is None or _mention(r) for r in data["relays"]) \
            and isinstance(data.get("claim_statements"), list) \
            and len(data["mentions"]) == len(data["relays"]) == len(data["statements"]) \
            and len(data["claim_statements"]) == len(data["claims"]) \
            and all(i is None or isinstance(i, int) and 0 <= i < len(data["statements"])
                    for i in data["claim_statements"]):
        return UnresolvedRows(data["article"], data["statements"], data["claims"],
                              [Mention(**m) for m in data["mentions"]],
                              [Mention(**r) if r else None for r in data["relays"]],
                              data["claim_statements"])
    raise PartitionError(path, f"line {number} is not an article, error or warning record")


def _mention(value) -> bool:
    return isinstance(value, dict) and set(value) == MENTION_FIELDS and isinstance(value["name"], str) \
        and isinstance(value["kind"], str) and all(value[k] is None or isinstance(value[k], str)
                                                   for k in ("title", "org", "country"))


def _rows(value) -> bool:
    return isinstance(value, list) and all(isinstance(row, dict) for row in value)


def _pair(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)


def _json(path: Path, text: str, where: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise PartitionError(path, f"{where}: invalid JSON: {err.msg} (column {err.colno})") from None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise PartitionError(path, f"cannot read: {err.strerror}") from None
    except UnicodeDecodeError:
        raise PartitionError(path, "not UTF-8 text") from None


def _write_atomically(path: Path, text: str) -> None:
    """Write beside `path`, flush to disk, rename over it: readers on any machine sharing the
    folder see the old file, no file, or the whole new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "x", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
