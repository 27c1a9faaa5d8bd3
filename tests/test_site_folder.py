"""The package carries its site (issue 10): the registries, taxonomy and reviews come from the
installed package or from the user's own folder (`quotecheck init DIR`, `--site DIR`), never
from the current folder and never an empty stand-in; and the site is a Datasette plugin, so a
plain Datasette on the database shows what `quotecheck serve` shows."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

import quotecheck.site_folder as site_folder
from quotecheck.site_folder import SPEAKERS, TOPICS, Site, SiteError
from tests.site_client import DB, rows
from conftest import SEED

ROOT = Path(__file__).resolve().parents[1]


def one_error(result, path) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}: "), result.stderr
    return errors[0]


def test_packaged_site_is_the_package_folder():
    root = site_folder.packaged_site()
    for relative in (SPEAKERS, TOPICS, Path("metadata.yml"), Path("templates") / "search.html",
                     Path("static") / "charts.js"):
        assert (root / relative).is_file(), relative
    assert any((root / "articles").rglob("*.md")) and any((root / "reviews").glob("*.yml"))


def test_extract_from_another_folder_uses_the_packaged_registry(quotecheck, tmp_path,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing of the site here
    result = quotecheck("extract", SEED, "--json")
    speakers = {json.loads(line)["speaker"]: json.loads(line)["speaker_en"]
                for line in result.stdout.splitlines()}
    registry = {e["name"]: e.get("name_en") for e in
                yaml.safe_load((ROOT / SPEAKERS).read_text(encoding="utf-8"))}
    known = {name for name in speakers if name in registry and registry[name]}
    assert known and all(speakers[name] == registry[name] for name in known)


def test_init_writes_editable_copies_and_never_overwrites(quotecheck, tmp_path):
    site = tmp_path / "mysite"
    quotecheck("init", site)
    for relative in (SPEAKERS, TOPICS):
        assert (site / relative).read_bytes() == (ROOT / relative).read_bytes()
    assert sorted(p.name for p in (site / "reviews").glob("*.yml")) == \
        sorted(p.name for p in (ROOT / "reviews").glob("*.yml"))
    (site / SPEAKERS).write_text("[]\n", encoding="utf-8")
    again = quotecheck("init", site, ok=False)
    one_error(again, site / SPEAKERS)
    assert (site / SPEAKERS).read_text(encoding="utf-8") == "[]\n"  # left as the user made it


def test_site_folder_registry_is_used(quotecheck, tmp_path, db_path):
    site = tmp_path / "mysite"
    quotecheck("init", site)
    entries = yaml.safe_load((site / SPEAKERS).read_text(encoding="utf-8"))
    for entry in entries:
        if entry["name"] == "毛宁":
            entry["name_en"] = "MAO Ning (edited)"
    (site / SPEAKERS).write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    quotecheck("ingest", SEED, "--db", db_path, "--site", site, "--quiet")
    assert rows(db_path, "select name_en from speakers where name = '毛宁'") == \
        [{"name_en": "MAO Ning (edited)"}]


@pytest.mark.parametrize("relative", [SPEAKERS, TOPICS])
@pytest.mark.parametrize("command", ["ingest", "build", "extract"])
def test_missing_site_file_is_one_line_naming_it(quotecheck, tmp_path, db_path, relative,
                                                  command):
    site = tmp_path / "mysite"
    quotecheck("init", site)
    (site / relative).unlink()
    if command == "extract" and relative == TOPICS:
        pytest.skip("extract reads no taxonomy")
    args = {"ingest": ["ingest", SEED, "--db", db_path], "build": ["build", "--db", db_path],
            "extract": ["extract", SEED, "--json"]}[command]
    result = quotecheck(*args, "--site", site, "--quiet", ok=False)
    one_error(result, site / relative)
    assert not db_path.exists()


def test_missing_registry_option_is_one_line_naming_it(quotecheck, tmp_path, db_path):
    gone = tmp_path / "gone.yml"
    for args in (["ingest", SEED, "--db", db_path, "--registry", gone],
                 ["extract", SEED, "--registry", gone],
                 ["build", "--db", db_path, "--topics", gone]):
        one_error(quotecheck(*args, ok=False), gone)
    assert not db_path.exists()


def test_reviews_are_never_written_inside_an_installed_package(tmp_path, monkeypatch):
    installed = tmp_path / "site-packages" / "quotecheck"
    installed.mkdir(parents=True)
    monkeypatch.setattr(site_folder, "packaged_site", lambda: installed)
    with pytest.raises(SiteError, match="quotecheck init"):
        Site().writable_reviews()
    assert Site(tmp_path / "mine").writable_reviews() == tmp_path / "mine" / "reviews"
    (installed / "pyproject.toml").write_text("", encoding="utf-8")  # a checkout: the user's own
    assert Site().writable_reviews() == installed / "reviews"


def test_plain_datasette_shows_the_site(built_db):
    """No metadata, plugins, templates or static folder passed: all from the entry points."""
    ds = Datasette([str(built_db)])

    async def go():
        first = (await ds.client.get(f"/{DB}/statements.json?_shape=objects&_size=1")).json()
        pages = {path: await ds.client.get(path) for path in [
            f"/{DB}/statements", f"/{DB}/statements/{first['rows'][0]['id']}",
            "/-/search?q=芯片", "/static/charts.js", "/charts", "/-/settings.json"]}
        return pages

    pages = asyncio.run(go())
    assert all(r.status_code == 200 for r in pages.values()), \
        {p: r.status_code for p, r in pages.items()}
    assert "attributed statement" in pages[f"/{DB}/statements"].text  # metadata.yml
    assert any('class="qc-statement-detail"' in r.text for p, r in pages.items()
               if p.startswith(f"/{DB}/statements/"))  # templates/row-quotecheck-statements.html
    assert f"/{DB}/statements/" in pages["/-/search?q=芯片"].text  # plugins/chinese_search.py
    assert "data-qc-chart" in pages["/static/charts.js"].text or \
        "qc" in pages["/static/charts.js"].text
    settings = pages["/-/settings.json"].json()
    assert settings["max_returned_rows"] == 5000 and settings["suggest_facets"] is False


def test_users_own_setting_wins(built_db):
    ds = Datasette([str(built_db)], settings={"max_returned_rows": 100})

    async def go():
        return (await ds.client.get("/-/settings.json")).json()

    assert asyncio.run(go())["max_returned_rows"] == 100


def test_reading_side_default_registry_is_the_packaged_one(tmp_path):
    from quotecheck.ingest.pipeline import PACKAGED_REGISTRY, RegistryError, load_registry

    assert PACKAGED_REGISTRY == Site().file(SPEAKERS)
    assert load_registry().find("毛宁").name_en == "Mao Ning"
    with pytest.raises(RegistryError, match="no such file"):
        load_registry(tmp_path / "gone.yml")
