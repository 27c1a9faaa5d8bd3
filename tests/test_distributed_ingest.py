"""`quotecheck map` on a real local Dask cluster (two worker processes) and `quotecheck load`
into real SQLite files, against `quotecheck ingest` of the same files; through CliRunner."""
from __future__ import annotations

import json
import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest

from quotecheck.distributed_ingest import MapError, map_batch
from quotecheck.ingest.pipeline import load_registry
from quotecheck.partitions import MANIFEST, partition_path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "articles"
SHARED_CORPORA = ("mfa-press-zh/raw", "xinwenlianbo-zh/news")
SEED = ARTICLES / "000_38f35daf7d300dd1.md"


@pytest.fixture(scope="module")
def scheduler():
    """One LocalCluster of two worker processes for the module's maps (`--scheduler`)."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0") as cluster:
        yield cluster.scheduler_address


def inputs() -> list[str]:
    """The bundled articles, and a few files of each shared corpus where ../shared is."""
    paths = [str(ARTICLES)]
    shared = ROOT.parent / "shared" / "corpus"
    for corpus in SHARED_CORPORA:
        folder = shared / corpus
        if folder.is_dir():
            paths += [str(p) for p in sorted(folder.iterdir())[:3] if p.is_file()]
    return paths


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows in storage order: the derived tables and search indexes too."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        return {name: conn.execute(f"select * from [{name}]").fetchall() for name in sorted(names)}
    finally:
        conn.close()


def query(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def count(db: Path, sql: str) -> int:
    return query(db, sql)[0][0]


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


@pytest.fixture(scope="module")
def mapped(tmp_path_factory, scheduler, runner):
    """The bundled articles mapped once, one file per partition. Copy it to change it."""
    from tests.conftest import invoke

    out = tmp_path_factory.mktemp("mapped") / "parts"
    invoke(runner, "map", ARTICLES, "--out", out, "--scheduler", scheduler,
           "--files-per-partition", 1, "--quiet")
    return out


def test_map_and_load_give_the_rows_of_ingest(quotecheck, tmp_path):
    """The default local cluster (--workers 2), several partitions finishing in any order:
    the same ids, counts and rows as one-process ingest, table by table."""
    paths = inputs()
    ingested, loaded, out = tmp_path / "ingest.db", tmp_path / "load.db", tmp_path / "parts"
    ingest = quotecheck("ingest", *paths, "--db", ingested, "--workers", 1, ok=False)
    mapped = quotecheck("map", *paths, "--out", out, "--workers", 2, "--files-per-partition", 2,
                        ok=False)
    load = quotecheck("load", out, "--db", loaded, ok=False)
    # The shared corpora hold list pages, which every command reports the same way.
    assert errors(mapped) == errors(load) == errors(ingest)
    assert mapped.exit_code == load.exit_code == ingest.exit_code
    assert len(list(out.glob("part-*.jsonl"))) == json.loads((out / MANIFEST).read_text())["partitions"] > 1
    statements = count(ingested, "select count(*) from statements")
    assert statements > 100
    assert f"{statements} statements in" in mapped.stderr
    assert load.stderr.splitlines()[-1] == ingest.stderr.splitlines()[-1]  # the summary line
    expected, got = tables(ingested), tables(loaded)
    assert set(got) == set(expected)
    for name in expected:
        assert got[name] == expected[name], name


def test_speakers_do_not_depend_on_the_partitions(quotecheck, scheduler, tmp_path):
    """A name met in text with one country, then in another batch with another, is two
    speakers in the order ingest meets them, however the files are split into partitions."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("法国外交部发言人杜邦恩说，法方将继续支持谈判。\n", encoding="utf-8")
    (folder / "b.md").write_text("比利时外交部发言人杜邦恩说，比方欢迎这一决定。\n", encoding="utf-8")
    ingested, loaded, out = tmp_path / "ingest.db", tmp_path / "load.db", tmp_path / "parts"
    quotecheck("ingest", folder, "--db", ingested, "--workers", 1, "--quiet")
    quotecheck("map", folder, "--out", out, "--scheduler", scheduler, "--files-per-partition", 1, "--quiet")
    quotecheck("load", out, "--db", loaded, "--quiet")
    speakers = "select speakers.id, speakers.country from statements join speakers on speakers.id = " \
               "statements.speaker_id join articles on articles.id = statements.article_id order by articles.source"
    assert len({row[0] for row in query(ingested, speakers)}) == 2
    assert query(loaded, speakers) == query(ingested, speakers)
    assert tables(loaded) == tables(ingested)


def test_load_refuses_another_registry(mapped, quotecheck, db_path, tmp_path):
    """The speakers are resolved where the partitions are loaded, with the registry the map
    was given: another one would name them otherwise."""
    registry = tmp_path / "speakers.yml"
    registry.write_text((ROOT / "registries" / "speakers.yml").read_text(encoding="utf-8")
                        .replace("name: 毛宁", "name: 毛寧", 1), encoding="utf-8")
    result = quotecheck("load", mapped, "--db", db_path, "--registry", registry, ok=False)
    assert result.exit_code == 1
    assert f"error: {mapped}: mapped with another speaker registry" in result.stderr
    assert not db_path.exists() or query(db_path, "select count(*) from statements") == [(0,)]


def test_load_twice_changes_nothing(mapped, quotecheck, db_path):
    first = quotecheck("load", mapped, "--db", db_path)
    assert "4 added" in first.stderr
    before = tables(db_path)
    again = quotecheck("load", mapped, "--db", db_path)
    assert "0 added, 0 replaced, 4 unchanged" in again.stderr
    assert tables(db_path) == before


def test_a_changed_article_replaces_its_own_rows(mapped, quotecheck, scheduler, db_path, tmp_path):
    quotecheck("load", mapped, "--db", db_path)
    seed_id = query(db_path, "select id from articles where source = ?", [str(SEED)])[0][0]
    others = "select * from statements where article_id != ? order by rowid"
    before = query(db_path, others, [seed_id])
    changed = tmp_path / SEED.name
    changed.write_text(SEED.read_text(encoding="utf-8").replace("会晤", "会谈"), encoding="utf-8")
    # The same article (its front matter's id) read from elsewhere, changed: it alone changes.
    quotecheck("map", changed, "--out", tmp_path / "parts", "--scheduler", scheduler, "--quiet")
    result = quotecheck("load", tmp_path / "parts", "--db", db_path)
    assert "0 added, 1 replaced" in result.stderr
    assert query(db_path, "select source from articles where id = ?", [seed_id]) == [(str(changed),)]
    assert query(db_path, others, [seed_id]) == before
    assert query(db_path, "select count(*) from statements where article_id = ?", [seed_id])[0][0] > 0
    assert query(db_path, "select count(*) from statements where article_id not in "
                          "(select id from articles)") == [(0,)]


def test_a_broken_input_file_is_reported_and_the_rest_loads(quotecheck, scheduler, db_path, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.md")
    (folder / "b.json").write_text('{"title": "x", "content": ', encoding="utf-8")
    (folder / "c.md").write_text("", encoding="utf-8")
    out = tmp_path / "parts"
    mapped = quotecheck("map", folder, "--out", out, "--scheduler", scheduler,
                        "--files-per-partition", 2, ok=False)
    assert mapped.exit_code == 1
    assert [line.split(": ")[1] for line in errors(mapped)] == [str(folder / "b.json"), str(folder / "c.md")]
    assert "empty file" in errors(mapped)[1]
    loaded = quotecheck("load", out, "--db", db_path, ok=False)
    assert loaded.exit_code == 1
    assert errors(loaded) == errors(mapped)
    assert count(db_path, "select count(*) from articles") == 1
    assert count(db_path, "select count(*) from statements") > 0


@pytest.mark.parametrize("damage, reason", [
    (lambda p: p.write_text(p.read_text(encoding="utf-8")[:-200] + "\n", encoding="utf-8"), "invalid JSON"),
    (lambda p: p.write_text("".join(p.read_text(encoding="utf-8").splitlines(True)[:-1]),
                            encoding="utf-8"), "cut short"),
    (lambda p: p.write_bytes(b"\xff\xfe\x00garbage"), "not UTF-8 text"),
    (lambda p: p.unlink(), "its batch did not finish"),
    (lambda p: p.write_text('{"partition": 0, "files": [], "records": 0}\n', encoding="utf-8"),
     "holds partition 0, not 1"),
])
def test_a_broken_partition_is_reported_and_skipped(mapped, quotecheck, db_path, tmp_path,
                                                    damage, reason):
    out = tmp_path / "parts"
    shutil.copytree(mapped, out)
    broken = partition_path(out, 1)
    damage(broken)
    result = quotecheck("load", out, "--db", db_path, ok=False)
    assert result.exit_code == 1
    assert len(errors(result)) == 1
    assert errors(result)[0].startswith(f"error: {broken}: ") and reason in errors(result)[0]
    assert "Traceback" not in result.output
    assert count(db_path, "select count(*) from articles") == 3  # the other partitions
    assert count(db_path, "select count(*) from statements where article_id not in "
                          "(select id from articles)") == 0


def test_a_folder_that_is_no_map_output_is_reported(mapped, quotecheck, db_path, tmp_path):
    result = quotecheck("load", tmp_path, mapped, "--db", db_path, ok=False)
    assert result.exit_code == 1
    assert errors(result) == [f"error: {tmp_path / MANIFEST}: no such file: not the output "
                              "folder of `quotecheck map`"]
    assert count(db_path, "select count(*) from articles") == 4  # the other folder loaded


def test_a_new_map_replaces_the_partitions_of_an_earlier_one(quotecheck, scheduler, tmp_path):
    out = tmp_path / "parts"
    out.mkdir()
    (out / "part-000009.jsonl").write_text("stale\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    quotecheck("map", SEED, "--out", out, "--scheduler", scheduler, "--quiet")
    assert sorted(p.name for p in out.iterdir()) == ["map.json", "notes.txt", "part-000000.jsonl"]


def test_map_refuses_an_output_folder_inside_its_input(quotecheck, tmp_path):
    shutil.copy(SEED, tmp_path / "a.md")
    result = quotecheck("map", tmp_path, "--out", tmp_path / "parts", "--workers", 1, ok=False)
    assert result.exit_code == 1
    assert errors(result) == [f"error: {tmp_path / 'parts'}: inside the input folder {tmp_path}: "
                              "its partitions would be read as input"]
    assert not (tmp_path / "parts").exists()


def test_scheduler_and_workers_together_are_a_usage_error(quotecheck, tmp_path):
    result = quotecheck("map", SEED, "--out", tmp_path, "--scheduler", "tcp://127.0.0.1:1",
                        "--workers", 2, ok=False)
    assert result.exit_code == 2
    assert "--workers is for a local cluster" in result.output


def test_a_scheduler_out_of_reach_is_one_line_and_the_folder_is_left_alone(quotecheck, tmp_path):
    import dask

    out = tmp_path / "parts"
    out.mkdir()
    (out / "part-000000.jsonl").write_text("an earlier map's\n", encoding="utf-8")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = quotecheck("map", SEED, "--out", out, "--scheduler", "tcp://127.0.0.1:9", ok=False)
    assert result.exit_code == 1
    assert len(errors(result)) == 1
    assert errors(result)[0].startswith("error: tcp://127.0.0.1:9: cannot reach the scheduler: ")
    assert "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["part-000000.jsonl"]


def test_a_worker_with_other_rules_refuses_its_batch(tmp_path):
    """A cluster whose workers run another quotecheck would write other rows: the task says
    so, and the error comes back whole from the worker (pickled)."""
    frozen = pickle.dumps(load_registry())
    with pytest.raises(MapError) as raised:
        map_batch(0, [str(SEED)], str(tmp_path), frozen, None, 100_000, rules="0123456789ab")
    err = pickle.loads(pickle.dumps(raised.value))
    assert (err.path, str(err)) == (str(tmp_path), str(raised.value))
    assert "the map's 0123456789ab" in err.reason
    assert list(tmp_path.iterdir()) == []
