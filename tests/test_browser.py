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
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    context.close()


def test_statements_page_and_speaker_facet(site, page):
    page.goto(site + "/quotecheck/statements")
    assert page.locator("h1").inner_text().strip() == "Statements"
    facet = page.locator("#facet-speaker_id")
    assert facet.is_visible()
    link = facet.locator("a", has_text="毛宁").first
    link.click()
    page.wait_for_url("**speaker_id=**")
    speakers = page.locator("li.qc-card .qc-speaker")
    assert speakers.count() > 0
    assert all(name == "毛宁" for name in speakers.all_inner_texts())


def test_statements_first_screen_at_1400(site, page):
    """Issue 11: the words are at least 600 px wide; facets and a statement in the first screen."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(site + "/quotecheck/statements")
    text = page.locator("li.qc-card blockquote.qc-card-text").first.bounding_box()
    assert text["width"] >= 600, text
    assert text["y"] < 900
    facet = page.locator("#facet-speaker_id").bounding_box()
    assert facet["y"] < 900 and facet["height"] > 0
    assert page.locator(".qc-glossary").get_attribute("open") is None


def test_statements_page_at_390_has_no_horizontal_scroll(site, page):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/quotecheck/statements", "/quotecheck/statements?_search=台",
                 "/quotecheck/claims"):
        page.goto(site + path)
        assert page.locator("li.qc-card").count() > 0, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        # the first statement is in the first screen
        assert page.locator("li.qc-card").first.bounding_box()["y"] < 844, path


def test_search_box_finds_a_chinese_term(site, page):
    page.goto(site + "/quotecheck/statements")
    page.fill("input#_search", "光刻机")
    page.locator("input#_search").press("Enter")
    page.wait_for_url("**_search=**")
    texts = page.locator("li.qc-card .qc-card-text").all_inner_texts()
    assert texts and all("光刻机" in t for t in texts)
    assert page.locator("li.qc-card .qc-card-text mark").first.inner_text() == "光刻机"
    assert any("束珏婷" in t for t in page.locator("li.qc-card .qc-speaker").all_inner_texts())


def test_statement_page_shows_quote_speaker_and_article(site, page):
    page.goto(site + "/quotecheck/statements?_search=一个中国政策&speaker_id__exact=mao-ning")
    page.locator("li.qc-card a.qc-card-link").first.click()
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert "美国领导人多次表示坚持一个中国政策" in body
    assert page.locator("a[href='/quotecheck/speakers/mao-ning']").first.is_visible()
    assert page.locator("a[href^='/quotecheck/articles/']").count() > 0


def test_search_finds_a_two_character_term(site, page):
    page.goto(site + "/quotecheck/statements")
    page.fill("input#_search", "芯片")
    page.locator("input#_search").press("Enter")
    page.wait_for_url("**_search=**")
    texts = page.locator("li.qc-card .qc-card-text").all_inner_texts()
    assert texts and all("芯片" in t for t in texts)


def test_statement_page_highlights_the_quote_in_its_paragraph(site, page):
    page.goto(site + "/quotecheck/statements?_search=一个中国政策&speaker_id__exact=mao-ning")
    page.locator("li.qc-card a.qc-card-link").first.click()
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


def _draw_all(page):
    if page.locator("[data-qc-chart]").count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-qc-chart]')]"
            ".every(el => el.dataset.qcChartState)", timeout=15_000)


@pytest.mark.parametrize("path", ["/charts", "/quotecheck/speakers/mao-ning"])
def test_charts_draw_without_console_warnings_and_with_whole_counts(site, page, path):
    messages = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}")
            if m.type in ("warning", "error") else None)
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    _draw_all(page)
    assert messages == []
    for chart in page.locator("div.qc-chart[data-qc-chart-state=drawn]").all():
        # the count axis: whole numbers, each once
        labels = chart.locator("svg g.role-axis-label text").all_text_contents()
        numbers = [t for t in labels if t.replace(",", "").isdigit()]
        assert numbers and len(numbers) == len(set(numbers)), numbers
        assert all("." not in t for t in labels if t[:1].isdigit() and "-" not in t)


def test_speaker_month_chart_is_wide_with_a_continuous_month_axis(site, page):
    page.goto(site + "/quotecheck/speakers/mao-ning")
    chart = page.locator("#qc-speaker-months")
    chart.locator("svg").first.wait_for(state="visible", timeout=15_000)
    assert chart.locator("svg").first.bounding_box()["width"] >= 600
    months = [t for t in chart.locator("svg g.role-axis-label text").all_text_contents()
              if len(t) == 7 and t[4] == "-"]
    assert len(months) >= 12  # a year of months around the data, not one bar
    # consecutive: no month left out between the first and the last
    ordinals = [int(m[:4]) * 12 + int(m[5:]) for m in months]
    assert ordinals == list(range(ordinals[0], ordinals[0] + len(ordinals)))
    bar = chart.locator("svg .mark-rect path").first.bounding_box()
    assert bar["width"] >= 20  # a month wide, not a hairline


# ---------------------------------------------------------------- phones and screen readers

def every_page_kind(site_url):
    """One URL of every kind of page a reader meets (ids read from the served site)."""
    import json as json_module

    def first_id(table, **params):
        query = "&".join(f"{k}={v}" for k, v in {"_shape": "array", "_size": "1", **params}.items())
        with urllib.request.urlopen(f"{site_url}/quotecheck/{table}.json?{query}") as response:
            return json_module.load(response)[0]["id"]

    checked = first_id("quote_checks")
    with urllib.request.urlopen(f"{site_url}/quotecheck/quote_checks/{checked}.json?_shape=array") as r:
        statement = json_module.load(r)[0]["statement_id"]
    return {
        "home": "/", "statements": "/quotecheck/statements",
        "statements-search": "/quotecheck/statements?_search=台",
        "claims": "/quotecheck/claims", "statement": f"/quotecheck/statements/{statement}",
        "claim": f"/quotecheck/claims/{first_id('claims', verdict__notblank='1')}",
        "article": f"/quotecheck/articles/{first_id('articles', url__notblank='1')}",
        "speaker": "/quotecheck/speakers/mao-ning", "search": "/-/search?q=台湾",
        "charts": "/charts", "topic": "/quotecheck/topics/taiwan",
        "full-table": "/quotecheck/statements?_view=table",
    }


UNMARKED_CHINESE = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.replace(/\s+/g, "");
    const chinese = (text.match(/[\u3400-\u9fff]/g) || []).length;
    const letters = text.replace(/[\p{P}\p{S}\d]/gu, "").length;
    if (!chinese || chinese * 2 < letters) continue;  // English with a Chinese example
    const el = node.parentElement;
    if (!el || el.closest("script, style, svg, title, .column-descriptions")) continue;
    const marked = el.closest("[lang]");
    if (!marked || !marked.getAttribute("lang").startsWith("zh")) out.push(text.slice(0, 30));
  }
  return out;
}"""

UNLABELLED_CONTROLS = r"""() => [...document.querySelectorAll("input, select, textarea")]
  .filter(el => el.type !== "hidden" && el.type !== "submit" && el.offsetParent !== null)
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
  .map(el => el.outerHTML.slice(0, 80))"""

# WCAG 2 contrast of each card's and profile's text against the background it is drawn on
LOW_CONTRAST = r"""() => {
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const out = [];
  document.querySelectorAll(".qc-card *, .qc-profile *, .qc-home-side *, .qc-article-meta, .qc-quote-check *").forEach(el => {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) return;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) out.push(el.tagName + "." + el.className + " " + ratio.toFixed(2));
  });
  return out;
}"""


def test_every_page_kind_fits_a_phone(site, page):
    page.set_viewport_size({"width": 390, "height": 844})
    for kind, path in every_page_kind(site).items():
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        _draw_all(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (kind, path, width)


def test_chinese_text_is_marked_and_controls_are_labelled(site, page):
    for kind, path in every_page_kind(site).items():
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "en", kind
        assert page.evaluate(UNMARKED_CHINESE) == [], kind
        if kind != "full-table":  # Datasette's own filter form
            assert page.evaluate(UNLABELLED_CONTROLS) == [], kind
        assert page.evaluate(LOW_CONTRAST) == [], kind


def test_screenshots_go_to_an_ignored_folder():
    """Tests write their screenshots to test-artifacts/, which git ignores; nothing they write
    is tracked (docs/screenshots/ is made by docs/screenshots.py, by hand)."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    probe = ARTIFACTS / "probe.png"
    ignored = subprocess.run([git, "-C", str(ROOT), "check-ignore", "-q", str(probe)])
    assert ignored.returncode == 0
    for test_file in Path(__file__).parent.glob("*.py"):  # no test writes into docs/
        assert "ROOT / \"docs\"" not in test_file.read_text(encoding="utf-8"), test_file
