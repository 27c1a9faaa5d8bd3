"""The writing side of an ingest (build.py): the indexes its deletes look up by from the first
article on."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from quotecheck.build import ingest_paths
from quotecheck.db.schema import ensure_db_shape
from quotecheck.ingest.pipeline import load_registry
from quotecheck.site_folder import SPEAKERS, Site

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "articles" / "000_38f35daf7d300dd1.md"
MFA = sorted((ROOT / "articles" / "mfa").glob("*.html"))


@pytest.fixture(scope="module")
def registry():
    return load_registry(Site().file(SPEAKERS))


@pytest.fixture
def inputs(tmp_path) -> Path:
    """The bundled articles in a folder of their own, free to edit."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in [SEED, *MFA]:
        shutil.copy(path, folder / path.name)
    return folder


def ingest(path: Path, inputs: Path, registry, workers: int = 1):
    db = sqlite_utils.Database(path)
    report = ingest_paths(db, [str(inputs)], registry, quiet=True, workers=workers)
    db.close()
    return report


def test_deletes_look_up_by_index_from_the_first_article(tmp_path, inputs, registry):
    """A first ingest has the article_id indexes before its first write (ensure_db_shape made
    them only at the end: every replaced article's delete scanned the tables), and
    ensure_db_shape finds them made as it makes them."""
    path = tmp_path / "q.db"
    ingest(path, inputs, registry)
    conn = sqlite3.connect(path)
    for table in ("statements", "claims"):
        plan = " ".join(row[-1] for row in conn.execute(
            f"explain query plan delete from {table} where article_id = ?", ["x"]))
        assert f"idx_{table}_article_id" in plan
    conn.close()
    db = sqlite_utils.Database(path)
    ensure_db_shape(db)
    for table in ("statements", "claims"):
        on_article_id = [i.name for i in db[table].indexes if i.columns == ["article_id"]]
        assert on_article_id == [f"idx_{table}_article_id"]
    db.close()
