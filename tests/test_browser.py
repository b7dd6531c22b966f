"""The web UI in a real browser: Debian's Chromium driven by Playwright (never a browser of
Playwright's own: no `playwright install`), against `claimledger serve`'s app on a free
localhost port, over the sample corpus plus two hostile articles.

Overview with its charts drawn by the chart module, a search for a claimant, a claim with
its figure marked in its sentence, a conflict; the hostile articles' scripts never run.
And the static report opens offline with its charts drawn.

Screenshots for a reviewer go to artifacts/screenshots/ under the repository (gitignored);
the path is printed. Skips when Chromium or Playwright is missing."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import ARGS, CHROMIUM, served
from click.testing import CliRunner

from claimledger.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample" / "docs"
SHOTS = ROOT / "artifacts" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")

HOSTILE = {
    "hostile_kherson.txt": (
        "Kherson governor says 5,000 residents evacuated <script>alert(1)</script>\n\n"
        "About 5,000 residents were evacuated from Kherson on Monday, the governor, Yaroslav "
        "Yanushevych, said. <img src=x onerror=alert(1)> Russia's defence ministry said "
        "12,000 people had chosen to leave for Russia voluntarily.\n"),
    "hostile_page.html": (
        "<!doctype html><html><head><title>Council: 3,000 people deported "
        "&lt;script&gt;alert(\"title\")&lt;/script&gt;</title>"
        "<meta property=\"og:site_name\" content=\"Evil &lt;b onmouseover=alert(1)&gt;Times\">"
        "</head><body><article>"
        "<h1>Council: 3,000 people deported &lt;script&gt;alert(\"h1\")&lt;/script&gt;</h1>"
        "<p>Published 2022-04-02</p>"
        "<p>The city council of Melitopol said 3,000 people had been deported to Russia "
        "against their will &lt;img src=x onerror=alert(2)&gt; since March.</p>"
        "<p>Ivan Fedorov, the mayor, said &lt;svg onload=alert(3)&gt; the figure was at "
        "least 3,000.</p></article></body></html>"),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SAMPLE.is_dir():
        pytest.skip(f"no sample corpus at {SAMPLE}")
    root = tmp_path_factory.mktemp("browser")
    docs = root / "docs"
    shutil.copytree(SAMPLE, docs)
    for name, text in HOSTILE.items():
        (docs / name).write_text(text, encoding="utf-8")
    db = root / "ledger.db"
    result = CliRunner().invoke(main, ["run", str(docs), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    """The app under uvicorn in a thread, on a port the OS picks; its base URL."""
    from claimledger.present.web import create_app

    with served(create_app(str(db))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.dialogs = []  # every alert/confirm/prompt: none may ever open
    pg.errors = []  # console errors and uncaught exceptions

    def on_dialog(d: Any) -> None:
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def shot(pg: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    pg.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_overview_draws_the_charts(server: str, page: Any) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Overview"
    # the chart module replaced the server's drawing with its own, from /api/timeline
    page.wait_for_selector("figure.drawn svg.js-chart")
    boxes = page.locator("figure[data-timeline]").count()
    assert boxes > 0
    page.wait_for_function(
        f"document.querySelectorAll('figure.drawn svg.js-chart').length === {boxes}")
    marks = page.locator("svg.js-chart a.mark").count()
    assert marks >= boxes  # at least one drawn figure per chart, each a link to its claim
    shot(page, "overview.png")
    assert page.errors == []  # nothing blocked by the Content-Security-Policy, no exception


def test_search_claim_and_conflict(server: str, page: Any) -> None:
    page.goto(server + "/")
    page.fill("header form.search input[name=q]", "Denisova")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Denisova")
    claimant = page.locator("#found-claimants a", has_text="Lyudmyla Denisova")
    assert claimant.count() == 1
    claimant.click()
    page.wait_for_url("**/claims?claimant=*")
    rows = page.locator("table.claims tbody tr")
    assert rows.count() >= 2
    # open her 402,000 claim
    row = rows.filter(has_text="402,000").first
    row.locator("a[title=permalink]").click()
    page.wait_for_url("**/claims/*")
    mark = page.locator("blockquote.source mark")
    assert mark.count() == 1
    assert mark.inner_text() == "402,000"
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert "Denisova" in page.locator(".byline").inner_text()
    shot(page, "claim.png")
    # a conflict it is part of: both sides, each quote with its figure marked and its source
    page.locator("ul.conflicts a").first.click()
    page.wait_for_url("**/conflicts/*/*")
    sides = page.locator("section.side")
    assert sides.count() == 2
    for i in range(2):
        assert sides.nth(i).locator("mark").count() >= 1
        assert sides.nth(i).locator("a[href^='/documents/']").count() >= 1
    shot(page, "conflict.png")
    # the document view marks every claim in place
    page.locator("section.side a[href^='/documents/']").first.click()
    page.wait_for_selector("article.text mark a[href^='/claims/']")
    assert page.errors == [] and page.dialogs == []


def test_hostile_articles_never_run(server: str, page: Any) -> None:
    urls = ["/documents/hostile_kherson.txt", "/documents/hostile_page.html",
            "/documents/hostile_page.html?furniture=1", "/search?q=alert", "/search?q=onerror",
            "/claims?q=alert", "/claims", "/documents", "/"]
    for url in urls:
        page.goto(server + url)
        page.wait_for_load_state("load")
    page.goto(server + "/documents/hostile_kherson.txt")
    text = page.locator("article.text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    page.goto(server + "/documents/hostile_page.html")
    assert '<script>alert("h1")</script>' in page.locator("h1").inner_text()
    assert "Evil <b onmouseover=alert(1)>Times" in page.locator(".byline").inner_text()
    page.hover(".byline")
    # and a claim of it, whose quote carries the markup
    page.goto(server + "/search?q=onerror")
    page.locator("table.claims a[title=permalink]").first.click()
    page.wait_for_url("**/claims/*")
    assert "onerror=alert" in page.locator("blockquote.source").inner_text()
    assert page.evaluate("document.querySelectorAll('img, iframe, object').length") == 0
    assert page.dialogs == []


def test_static_report_offline(db: Path, browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    context = browser.new_context(offline=True)
    asked: list[str] = []

    def only_files(route: Any) -> None:
        asked.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_files)
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.goto(out.as_uri())
    charts = pg.locator("svg.chart")
    assert charts.count() >= 1
    drawn = pg.evaluate("""() => [...document.querySelectorAll('svg.chart')].map(svg => {
        const box = svg.getBoundingClientRect();
        return {w: box.width, h: box.height,
                marks: svg.querySelectorAll('circle, g > line, path').length};
    })""")
    assert all(c["w"] > 100 and c["h"] > 100 for c in drawn)
    assert all(c["marks"] > 0 for c in drawn)
    assert [u for u in asked if not u.startswith("file://")] == []
    shot(pg, "report.png")
    assert dialogs == []
    context.close()


def test_a_table_sorts_by_the_column_clicked_and_a_measure_is_drawn(server: str,
                                                                    page: Any) -> None:
    page.goto(server + "/claims")
    figure = page.locator("table.claims thead th", has_text="figure")
    figure.click()
    assert figure.get_attribute("aria-sort") == "ascending"

    def values() -> list[float]:
        cells = page.locator("table.claims tbody td.num").all_inner_texts()
        found = [re.search(r"\d[\d,]*(?:\.\d+)?", c) for c in cells]
        return [float(m.group().replace(",", "")) for m in found if m]

    up = values()
    assert len(up) >= 3 and up == sorted(up)
    figure.press("Enter")  # the keyboard sorts too, the other way
    assert figure.get_attribute("aria-sort") == "descending"
    assert values() == sorted(up, reverse=True)
    # a measure's page: its chart and each side's series
    page.goto(server + "/measures")
    page.locator("a[href^='/measures/']").first.click()
    page.wait_for_url("**/measures/*")
    page.wait_for_selector("svg.chart")
    shot(page, "measure.png")
    assert page.errors == [] and page.dialogs == []


def test_the_api_documentation_page_draws_offline(server: str, page: Any) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(server + "/api/docs")
    page.wait_for_selector("#swagger-ui .opblock")
    assert page.locator("#swagger-ui .opblock").count() >= 5  # the API's routes
    assert [u for u in asked if not u.startswith(server)] == []
    assert page.errors == [] and page.dialogs == []
