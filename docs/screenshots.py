"""Screenshots of every kind of page at a desktop and a phone size, for the README.

    .venv/bin/python docs/screenshots.py            # writes docs/screenshots/*.png

Needs quotecheck installed (`pip install -e .`). Builds the bundled articles into a temporary
database, serves it as `quotecheck serve` does,
and photographs the first screen of each page with Debian's chromium (Playwright). The tests
never write here: their screenshots go to test-artifacts/, which git ignores.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from quotecheck.db.serving import serve_command

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "docs" / "screenshots"
SIZES = {"1400": (1400, 900), "390": (390, 844)}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_json(url: str):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


def pages(base: str) -> dict[str, str]:
    """kind -> path, with ids read from the site."""
    check = fetch_json(f"{base}/quotecheck/quote_checks.json?_shape=array&relation=abridged")
    check = check or fetch_json(f"{base}/quotecheck/quote_checks.json?_shape=array")
    claim = fetch_json(f"{base}/quotecheck/claims.json?_shape=array&verdict__notblank=1&_size=1")
    article = fetch_json(f"{base}/quotecheck/articles.json?_shape=array&url__notblank=1&_size=1")
    return {
        "home": "/",
        "statements": "/quotecheck/statements",
        "statements-search": "/quotecheck/statements?_search=台",
        "claims": "/quotecheck/claims",
        "statement": f"/quotecheck/statements/{check[0]['statement_id']}",
        "claim": f"/quotecheck/claims/{claim[0]['id']}",
        "article": f"/quotecheck/articles/{article[0]['id']}",
        "speaker": "/quotecheck/speakers/mao-ning",
        "search": "/-/search?q=台湾",
        "charts": "/charts",
    }


def main() -> None:
    from click.testing import CliRunner
    from playwright.sync_api import sync_playwright

    from quotecheck.cli import cli

    if CHROMIUM is None:
        sys.exit("error: chromium is not installed (apt-get install chromium fonts-wqy-zenhei)")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "quotecheck.db"
        result = CliRunner().invoke(cli, ["build", "--db", str(db), "--quiet"])
        if result.exit_code:
            sys.exit(f"error: build failed: {result.output}")
        port = free_port()
        server = subprocess.Popen(serve_command(db, port=port),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync"])
                for kind, path in pages(base).items():
                    for size, (width, height) in SIZES.items():
                        context = browser.new_context(viewport={"width": width, "height": height},
                                                      locale="zh-CN")
                        page = context.new_page()
                        page.goto(base + path)
                        page.wait_for_load_state("networkidle")
                        if page.locator("[data-qc-chart]").count():
                            page.wait_for_function(
                                "() => [...document.querySelectorAll('[data-qc-chart]')]"
                                ".every(el => el.dataset.qcChartState)", timeout=15_000)
                        target = OUT / f"{kind}-{size}.png"
                        page.screenshot(path=str(target))
                        print(target.relative_to(ROOT))
                        context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
