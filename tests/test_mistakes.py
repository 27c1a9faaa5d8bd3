"""Every mistake named (issue 9, item 3): a broken registry or review file, a date that is
no date, an unreadable or empty folder, a read-only database and a file name with a newline
each give one line naming the file (`error: FILE: reason` or `warning: FILE: ...`), exit
status 1 where work was not done, and never a traceback. Through the real CLI: CliRunner,
or a real process where file permissions matter."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.site_client import rows
from conftest import SEED

ROOT = Path(__file__).resolve().parents[1]
SEED_ID = "shenzhen-tv-zhixinwen-2024-01-12-blinken-liu-jianchao"
REGISTRY = ROOT / "registries" / "speakers.yml"


def lines_of(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


def assert_one_error(result, path, *words) -> str:
    """Exit 1, exactly one `error: PATH: ...` line holding `words`, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = lines_of(result.stderr, "error: ")
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {path}: "), errors
    for word in words:
        assert word in errors[0], errors
    return errors[0]


# ---------------------------------------------------------------- the speaker registry

def registry_with(tmp_path, extra: str) -> Path:
    path = tmp_path / "speakers.yml"
    path.write_text(REGISTRY.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("extra, words", [
    ("- id: nameless\n  kind: person\n  country: CN\n", ["no name"]),
    ("- id: mao-ning\n  name: 毛宁二号\n  country: US\n", ["duplicate id 'mao-ning'", "毛宁二号"]),
    ("- name: 毛宁\n  country: US\n", ["duplicate name '毛宁'", "entry 1 (line"]),
    ("- name: [unclosed\n", ["invalid YAML (line"]),
    ("- 毛宁\n", ["not a mapping"]),
    ("- name: 另一个海关\n  aliases: [海关总署]\n", ["the name '海关总署' is taken", "另一个海关"]),
], ids=["no name", "duplicate id", "duplicate name", "invalid YAML", "not a mapping", "alias taken"])
def test_broken_registry_stops_before_anything_is_written(quotecheck, tmp_path, db_path, extra,
                                                          words):
    registry = registry_with(tmp_path, extra)
    entries = len(yaml.safe_load(REGISTRY.read_text(encoding="utf-8")))
    for command in (["ingest", SEED, "--db", db_path], ["build", "--db", db_path],
                    ["extract", SEED, "--json"]):
        result = quotecheck(*command, "--registry", registry, "--quiet", ok=False)
        line = assert_one_error(result, registry, *words)
        if "YAML" not in line:
            assert f"entry {entries + 1} (line" in line  # the new entry, by number and line
        assert not db_path.exists()  # stopped before the database was opened
        assert result.stdout == ""  # extract printed no statement


def test_registry_of_the_site_is_valid(quotecheck, tmp_path, db_path):
    result = quotecheck("ingest", SEED, "--db", db_path, "--registry", REGISTRY, "--quiet")
    assert result.exit_code == 0 and result.stderr == ""


# ---------------------------------------------------------------- reviews

def write_review(folder: Path, name: str, reviewed_on: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(yaml.safe_dump(
        {"article": SEED_ID, "claim": "1998年初", "verdict": "false",
         "reviewed_on": reviewed_on}, allow_unicode=True), encoding="utf-8")


def test_review_dated_in_the_future_is_an_error_and_flips_nothing(quotecheck, tmp_path, db_path):
    reviews = tmp_path / "reviews"
    write_review(reviews, "future.yml", "2099-12-31")
    result = quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet", ok=False)
    assert_one_error(result, "reviews/future.yml", "reviewed_on 2099-12-31 is in the future")
    assert rows(db_path, "select count(*) as n from claims where verdict is not null")[0]["n"] == 0
    assert rows(db_path, "select count(*) as n from articles")[0]["n"] > 0  # the rest is built


def test_review_that_breaks_keeps_its_stored_verdict(quotecheck, tmp_path, db_path):
    reviews = tmp_path / "reviews"
    write_review(reviews, "r.yml", "2024-01-20")
    quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet")
    before = rows(db_path, "select id, verdict from claims where verdict is not null")
    assert before
    write_review(reviews, "r.yml", "2099-12-31")
    result = quotecheck("build", "--db", db_path, "--reviews", reviews, "--quiet", ok=False)
    assert_one_error(result, "reviews/r.yml", "in the future")
    assert rows(db_path, "select id, verdict from claims where verdict is not null") == before


def test_review_command_refuses_a_future_date(quotecheck, built_db, tmp_path):
    reviews = tmp_path / "reviews"
    result = quotecheck("review", "--db", built_db, "--reviews", reviews, "--article", SEED_ID,
                        "--claim", "1998年初", "--verdict", "false", "--date", "2099-12-31",
                        ok=False)
    assert result.exit_code != 0 and "in the future" in result.output
    assert not reviews.exists() or not list(reviews.iterdir())


# ---------------------------------------------------------------- inputs

def test_unparseable_published_is_a_warning_naming_the_value(quotecheck, tmp_path, db_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    assert "published:" in text
    bad = folder / "bad-date.md"
    bad.write_text("\n".join("published: notadate" if line.startswith("published:") else line
                             for line in text.splitlines()), encoding="utf-8")
    items = folder / "items.jsonl"
    items.write_text('{"title": "t", "date": "31/31/31", "content": "外交部发言人毛宁表示，中方'
                     '坚决反对任何形式的单边制裁，这是一贯立场。"}\n', encoding="utf-8")
    result = quotecheck("ingest", folder, "--db", db_path, "--quiet")
    warnings = lines_of(result.stderr, "warning: ")
    assert warnings == [
        f"warning: {bad}: published 'notadate' is not a date: stored as unknown",
        f"warning: {items}: item 1: published '31/31/31' is not a date: stored as unknown"]
    stored = rows(db_path, "select source, published from articles order by source")
    assert [r["published"] for r in stored] == [None, None]


def test_bad_published_option_is_a_usage_error(quotecheck, db_path):
    result = quotecheck("ingest", SEED, "--db", db_path, "--published", "notadate", ok=False)
    assert result.exit_code == 2 and "notadate" in result.output and "Traceback" not in result.output
    assert not db_path.exists()


def test_empty_directory_is_an_error(quotecheck, tmp_path, db_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden").write_text("not an input", encoding="utf-8")
    result = quotecheck("ingest", empty, "--db", db_path, ok=False)
    assert_one_error(result, empty, "no input files")


def test_empty_directory_beside_good_files_still_fails_the_run(quotecheck, tmp_path, db_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = quotecheck("ingest", empty, SEED, "--db", db_path, "--quiet", ok=False)
    assert_one_error(result, empty, "no input files")
    assert rows(db_path, "select count(*) as n from articles")[0]["n"] == 1


def test_file_name_with_a_newline_stays_on_one_line(quotecheck, tmp_path, db_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad\nname.md").write_bytes(b"")
    shutil.copy(SEED, folder / SEED.name)
    result = quotecheck("ingest", folder, "--db", db_path, "--quiet", ok=False)
    shown = str(folder / "bad\\nname.md")
    assert_one_error(result, shown, "empty file")
    assert len(result.stderr.splitlines()) == 1


# ---------------------------------------------------------------- permissions (a real process)

def unprivileged(command: list[str]) -> list[str]:
    """`command` run so that file permissions apply: root ignores them, so as root it runs
    without the capabilities that override them (setpriv); skipped where that is impossible."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    drop = [setpriv, "--bounding-set=-dac_override,-dac_read_search"] if setpriv else None
    if not drop or subprocess.run([*drop, "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root, and setpriv cannot drop the capabilities that bypass "
                    "file permissions")
    return [*drop, *command]


def run_cli(*args) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("quotecheck")
    if not script.exists():
        pytest.skip("the quotecheck script is not installed beside this Python")
    return subprocess.run(unprivileged([str(script), *map(str, args)]), capture_output=True,
                          text=True, timeout=300)


def assert_one_error_line(proc, path, *words) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = lines_of(proc.stderr, "error: ")
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}: "), proc.stderr
    for word in words:
        assert word in errors[0], errors


def test_unreadable_directory_is_an_error_and_the_rest_loads(tmp_path, db_path):
    folder = tmp_path / "in"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SEED, locked / "inside.md")
    locked.chmod(0)
    try:
        proc = run_cli("ingest", folder, "--db", db_path, "--quiet")
    finally:
        locked.chmod(stat.S_IRWXU)
    assert_one_error_line(proc, locked, "cannot read directory", "ermission denied")
    assert rows(db_path, "select count(*) as n from articles")[0]["n"] == 1


def test_unreadable_top_directory_is_an_error(tmp_path, db_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(SEED, locked / SEED.name)
    locked.chmod(0)
    try:
        proc = run_cli("ingest", locked, "--db", db_path, "--quiet")
    finally:
        locked.chmod(stat.S_IRWXU)
    assert_one_error_line(proc, locked, "cannot read directory")


def test_read_only_database_is_one_line(quotecheck, tmp_path, db_path):
    quotecheck("ingest", SEED, "--db", db_path, "--quiet")
    before = db_path.read_bytes()
    db_path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        for args in (["ingest", ROOT / "articles" / "mfa", "--db", db_path, "--quiet"],
                     ["build", "--db", db_path, "--quiet"],
                     ["review", "--db", db_path, "--reviews", tmp_path / "reviews",
                      "--article", SEED_ID, "--claim", "1998年初", "--verdict", "false"]):
            assert_one_error_line(run_cli(*args), db_path, "read-only database")
    finally:
        db_path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert db_path.read_bytes() == before


def test_database_error_mid_command_is_one_line(quotecheck, tmp_path, db_path):
    """Not a database at all: SQLite's own error, named, without a traceback."""
    db_path.write_bytes(b"this is not a database file" * 100)
    result = quotecheck("ingest", SEED, "--db", db_path, "--quiet", ok=False)
    assert_one_error(result, db_path, "DatabaseError")
