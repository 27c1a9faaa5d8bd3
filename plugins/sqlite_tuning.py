"""Read connections sized for a large database.

At a million statements a search touches tens of thousands of rows by rowid; with SQLite's
default 2 MB page cache they are read from the file again on every request. Memory-mapped
reads share the operating system's page cache across Datasette's connections, and a larger
private cache keeps the hot index pages. Measured with benchmarks/serve.py.
"""
from __future__ import annotations

from datasette import hookimpl

MMAP_BYTES = 1 << 30  # address space, not memory: pages are shared with the OS cache
CACHE_KIB = 64 * 1024  # per connection; Datasette keeps a few


@hookimpl
def prepare_connection(conn):
    conn.execute(f"pragma mmap_size = {MMAP_BYTES}")
    conn.execute(f"pragma cache_size = -{CACHE_KIB}")
