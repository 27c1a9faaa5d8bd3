"""What a person sees: a real Datasette server and Debian's chromium driven by Playwright.

Skipped where chromium or Playwright is missing (.ci/run installs both). Each test saves a
screenshot under test-artifacts/ for a person to look at.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotecheck.db.serving import serve_command
from quotecheck.cli import cli

try:
    from tests.test_security import add_hostile_rows, pages_to_check
except ImportError:  # tests/ is not a package
    from test_security import add_hostile_rows, pages_to_check

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path):
    """`datasette serve` on db as `quotecheck serve` runs it; yields the base URL."""
    port = free_port()
    log = db.with_suffix(".log")  # a file, not a pipe: a chatty server never blocks on it
    server = subprocess.Popen(serve_command(db, port=port),
                              stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):  # bounded wait for the server to answer
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("datasette did not start: " + log.read_text(errors="replace")[-500:])
    yield base
    server.terminate()
    server.wait(timeout=10)


def build(tmp_path_factory, name) -> Path:
    db = tmp_path_factory.mktemp(name) / "quotecheck.db"
    result = CliRunner().invoke(cli, ["build", "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`quotecheck build` into a fresh file, then `datasette serve` on it as `quotecheck serve` does."""
    yield from serve(build(tmp_path_factory, "browser"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A build plus rows carrying <script> and onerror payloads (tests/test_security.py)."""
    db = build(tmp_path_factory, "hostile")
    ids = add_hostile_rows(db)
    for base in serve(db):
        yield base, ids


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


def test_search_finds_a_two_character_term(site, page):
    page.goto(site + "/quotecheck/statements")
    page.fill("input#_search", "芯片")
    page.locator("input#_search").press("Enter")
    page.wait_for_url("**_search=**")
    texts = page.locator("td.col-text").all_inner_texts()
    assert texts and all("芯片" in t for t in texts)
    page.locator("table.rows-and-columns").scroll_into_view_if_needed()


def test_statement_page_highlights_the_quote_in_its_paragraph(site, page):
    page.goto(site + "/quotecheck/statements?_search=一个中国政策&speaker_id__exact=mao-ning")
    page.locator("td.col-id a").first.click()
    page.wait_for_load_state()
    mark = page.locator("p.qc-context-text mark.qc-quote")
    assert mark.is_visible()
    quote = mark.inner_text()
    assert "一个中国政策" in quote
    paragraph = page.locator("p.qc-context-text").inner_text()
    assert len(paragraph) > len(quote)  # the words around it are there too
    assert page.locator("section.qc-speaker-card").inner_text().count("Mao Ning") == 1
    # a highlighted mark has a background of its own
    background = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    page.locator("p.qc-context-text").scroll_into_view_if_needed()


def test_speaker_page_draws_the_timeline_chart(site, page):
    page.goto(site + "/quotecheck/speakers/mao-ning")
    chart = page.locator("#qc-speaker-months")
    chart.locator("svg").first.wait_for(state="visible", timeout=15_000)
    assert chart.get_attribute("data-qc-chart-state") == "drawn"
    assert chart.locator("svg .mark-rect path").count() > 0  # the bars
    assert "2024-01" in chart.locator("svg").first.text_content()
    chart.scroll_into_view_if_needed()


def test_charts_page_draws_its_charts(site, page):
    page.goto(site + "/charts")
    charts = page.locator("div.qc-chart")
    assert charts.count() == 4
    first = page.locator("#chart-statements_per_month_by_country div.qc-chart")
    first.locator("svg").first.wait_for(state="visible", timeout=15_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('div.qc-chart')]"
        ".every(el => el.dataset.qcChartState)", timeout=15_000)
    states = [charts.nth(i).get_attribute("data-qc-chart-state") for i in range(4)]
    assert "error" not in states and states[0] == "drawn" and states[1] == "drawn"


def test_article_page_highlights_statements_by_speaker(site, page):
    page.goto(site + "/quotecheck/articles?_search=毛宁&_sort=published")
    page.locator("td.col-id a").first.click()
    page.wait_for_load_state()
    highlights = page.locator("div.qc-article-body a.qc-hl mark")
    assert highlights.count() > 10
    legend = page.locator("li.qc-legend-item")
    assert legend.count() > 1
    assert "毛宁" in page.locator("ul.qc-legend").inner_text()
    colours = set(highlights.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)"))
    assert len(colours) == legend.count()  # one colour per speaker
    highlights.first.click()
    page.wait_for_url("**/quotecheck/statements/**")
    assert page.locator("mark.qc-quote").is_visible()
    page.go_back()


def test_hostile_rows_run_no_script_in_the_browser(hostile_site, page):
    base, ids = hostile_site
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in pages_to_check(ids):
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        if page.locator("[data-qc-chart]").count():
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-qc-chart]')]"
                ".every(el => el.dataset.qcChartState)", timeout=15_000)
        assert page.locator("img[onerror]").count() == 0, url
    assert dialogs == []
    # the hostile topic is drawn as text in the speaker's topic chart
    page.goto(base + f"/quotecheck/speakers/{ids['speaker']}")
    chart = page.locator("#qc-speaker-topics")
    chart.locator("svg").first.wait_for(state="visible", timeout=15_000)
    assert "<script>alert(1)</script>" in chart.locator("svg").first.text_content()
    chart.scroll_into_view_if_needed()
