"""Opening the database: a long busy timeout on every connection, one writer at a time.

SQLite lets one connection write at a time; another that wants to write gets `database is
locked` once its busy timeout runs out, or at once when it read first in the same
transaction (a deferred transaction cannot wait for the lock it must upgrade to). So a
command that writes first takes the writer lock, an exclusive `flock` on the database file
held until it is done: a second `quotecheck ingest` on the same file waits for the first,
says so once, and then does all its work. flock is separate from SQLite's own (fcntl) locks
and is released by the kernel when a process dies, so a killed command never leaves it held.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable, Iterator

import sqlite_utils

# How long a statement waits for another connection's lock before `database is locked`:
# long enough for a Datasette reader, a derived step of another tool, or a commit of a
# large transaction at a million rows.
BUSY_TIMEOUT_SECONDS = 120.0


def connect(path: str | os.PathLike) -> sqlite_utils.Database:
    """The database at `path`, with BUSY_TIMEOUT_SECONDS on its connection."""
    return sqlite_utils.Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS))


class NotWritable(Exception):
    """A database this command cannot write: `reason` is one line."""

    def __init__(self, path: str | os.PathLike, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


def check_writable(path: str | os.PathLike) -> None:
    """Raise NotWritable before any work when the file, or the folder SQLite writes its
    journal in, cannot be written."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        raise NotWritable(path, "read-only database: cannot write to it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise NotWritable(path, f"cannot write in its folder {folder} (SQLite keeps its journal there)")


@contextlib.contextmanager
def writer_lock(path: str | os.PathLike,
                on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the database's writer lock; when another process holds it, call `on_wait` once
    and wait for it."""
    fd = os.open(str(path), os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        # Closed only after the command's connection is done with the file: closing any
        # descriptor of a file drops the fcntl locks this process holds on it.
        os.close(fd)


def create_database(path: str | os.PathLike) -> None:
    """Make a new database file with every table in place, all at once: shaped in a file of
    its own, then linked to `path` only if nothing is there yet. A command killed at any
    point leaves no file, or one whose every table exists (see schema.ensure_tables)."""
    from .schema import ensure_tables

    path = Path(path)
    fd, draft = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    os.close(fd)
    try:
        db = connect(draft)
        try:
            ensure_tables(db)
        finally:
            db.close()
        try:
            os.link(draft, path)  # fails if a file is there: never replaces a database
        except FileExistsError:
            pass  # another command made it first: it is as good as ours
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(draft, path)
    finally:
        if os.path.exists(draft):
            os.unlink(draft)


@contextlib.contextmanager
def open_for_writing(path: str | os.PathLike,
                     on_wait: Callable[[], None] | None = None) -> Iterator[sqlite_utils.Database]:
    """The database at `path` for one writing command: checked writable, its folder made,
    the writer lock held, and its tables in place before anything else is written."""
    from .schema import ensure_tables

    folder = os.path.dirname(str(path))
    if folder:
        os.makedirs(folder, exist_ok=True)
    check_writable(path)
    if not os.path.exists(path):
        create_database(path)
    with writer_lock(path, on_wait):
        db = connect(path)
        try:
            ensure_tables(db)
            yield db
        finally:
            db.close()


@contextlib.contextmanager
def quick_commits(db: sqlite_utils.Database) -> Iterator[None]:
    """Many small transactions without a disk flush each: write-ahead logging with
    synchronous=NORMAL for the duration, then the journal mode the file had (one file
    again). A killed process loses nothing committed, and a power cut at worst the last
    commits, never the database's consistency (SQLite's WAL guarantee); an ingest is
    re-run to catch up. A reader that holds the file open keeps it in WAL mode, which
    every SQLite reader handles."""
    mode = db.execute("pragma journal_mode").fetchone()[0]
    synchronous = db.execute("pragma synchronous").fetchone()[0]
    db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = normal")
    try:
        yield
    finally:
        db.execute(f"pragma synchronous = {int(synchronous)}")
        if mode.lower() != "wal":
            try:
                db.execute(f"pragma journal_mode = {mode}")
            except sqlite3.OperationalError:  # another connection has it open: stays WAL
                pass
