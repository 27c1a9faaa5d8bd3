"""Shared fixtures: database paths, the CLI runner, one real `quotecheck build`, ../shared."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `tests.site_client`; the code is the installed `quotecheck`
    sys.path.insert(0, str(ROOT))

from quotecheck.cli import cli  # noqa: E402
from quotecheck.ingest.pipeline import load_registry  # noqa: E402

SHARED = ROOT.parent / "shared"
# The bundled articles: the seed (a Shenzhen TV report) and the MFA transcripts.
SEED = ROOT / "articles" / "000_38f35daf7d300dd1.md"
MFA = sorted((ROOT / "articles" / "mfa").glob("*.html"))


def invoke(runner: CliRunner, *args, ok: bool = True):
    """Run the real CLI; with ok=True, fail with its output unless it exits 0."""
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, (args, result.output)
    return result


@pytest.fixture(scope="module")
def registry():
    """The packaged speaker registry, fresh for each module: it learns the speakers it meets."""
    return load_registry()


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def quotecheck(runner):
    """`quotecheck(*args, ok=True)`: the CLI through CliRunner; returns click's Result."""
    return lambda *args, ok=True: invoke(runner, *args, ok=ok)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "quotecheck.db"


@pytest.fixture
def fresh_db(db_path):
    db = sqlite_utils.Database(db_path)
    yield db
    db.close()


@pytest.fixture(scope="session")
def built_db(tmp_path_factory, runner) -> Path:
    """`quotecheck build` of the bundled articles, once per session. Read it, never write it."""
    path = tmp_path_factory.mktemp("build") / "quotecheck.db"
    invoke(runner, "build", "--db", path, "--quiet")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not there")
    return SHARED
