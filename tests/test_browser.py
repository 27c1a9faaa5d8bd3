"""What a person sees: a real Datasette server and Debian's chromium driven by Playwright.

Skipped where chromium or Playwright is missing (.ci/run installs both). Each test saves a
screenshot under test-artifacts/ for a person to look at.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.cli import cli

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`quotecheck build` into a fresh file, then `datasette serve` on it as `quotecheck serve` does."""
    db = tmp_path_factory.mktemp("browser") / "quotecheck.db"
    result = CliRunner().invoke(cli, ["build", "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--port", str(port),
         "--metadata", str(ROOT / "metadata.yml"), "--plugins-dir", str(ROOT / "plugins"),
         "--template-dir", str(ROOT / "templates")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):  # bounded wait for the server to answer
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("datasette did not start: " + server.stderr.read().decode()[-500:])
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()


def test_statements_page_and_speaker_facet(site, page):
    page.goto(site + "/quotecheck/statements")
    assert page.locator("h1").inner_text().strip().startswith("statements")
    facet = page.locator("#facet-speaker_id")
    assert facet.is_visible()
    link = facet.locator("a", has_text="毛宁").first
    link.click()
    page.wait_for_url("**speaker_id=**")
    cells = page.locator("td.col-speaker_id")
    assert cells.count() > 0
    assert all("毛宁" in cells.nth(i).inner_text() for i in range(cells.count()))


def test_search_box_finds_a_chinese_term(site, page):
    page.goto(site + "/quotecheck/statements")
    page.fill("input#_search", "光刻机")
    page.locator("input#_search").press("Enter")
    page.wait_for_url("**_search=**")
    texts = page.locator("td.col-text").all_inner_texts()
    assert texts and all("光刻机" in t for t in texts)
    assert any("束珏婷" in t for t in page.locator("td.col-speaker_id").all_inner_texts())


def test_statement_page_shows_quote_speaker_and_article(site, page):
    page.goto(site + "/quotecheck/statements?_search=一个中国政策&speaker_id__exact=mao-ning")
    page.locator("td.col-id a").first.click()
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert "美国领导人多次表示坚持一个中国政策" in body
    assert page.locator("a[href='/quotecheck/speakers/mao-ning']").first.is_visible()
    assert page.locator("a[href^='/quotecheck/articles/']").count() > 0


def test_readme_screenshot_of_the_statements_page(site, page):
    """The screenshot the README shows, refreshed by every run."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(site + "/quotecheck/statements?_sort_desc=said_on")
    assert page.locator("table.rows-and-columns tbody tr").count() > 0
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    # From the row count and search box down: facets, then the rows with their links.
    top = page.locator("h3").first.bounding_box()["y"] - 10
    page.screenshot(path=str(docs / "statements.png"), full_page=True,
                    clip={"x": 0, "y": top, "width": 1400, "height": 1500})
    assert (docs / "statements.png").stat().st_size > 10_000
