"""Review mode in a real browser: Debian's Chromium through Playwright against `serve
--review` over the sample corpus. A reviewer logs in, works the queue by keyboard, corrects
a claimant and side in place and sees the measure's timeline move to the new side, adds a
missed figure by selecting it in its document, and logs out. Skips without Chromium or
Playwright, as tests/test_browser.py does."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import ARGS, CHROMIUM, served
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample" / "docs"
SHOTS = ROOT / "artifacts" / "screenshots"
PASSWORD = "reviewer passphrase"

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser-review")
    shutil.copytree(SAMPLE, root / "docs")
    db = root / "ledger.db"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(root / "docs"), "--db", str(db)]).exit_code == 0
    (root / "pw").write_text(PASSWORD + "\n", encoding="utf-8")
    result = runner.invoke(main, ["users", "add", "ana", "--password-file", str(root / "pw"),
                                  "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    from claimledger.present.web import create_app
    from claimledger.present.web.review import ReviewMode

    with served(create_app(str(db), review=ReviewMode(str(db)))) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        pg = context.new_page()
        pg.errors = []
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.goto(server + "/login")
        pg.fill("input[name=name]", "ana")
        pg.fill("input[name=password]", PASSWORD)
        pg.click("form.login button[type=submit]")
        pg.wait_for_url("**/review")
        yield pg
        browser.close()


def shot(pg: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / name), full_page=True)
    print(f"screenshot: {SHOTS / name}")


def sides_drawn(pg: Any, server: str, measure: str) -> set[str]:
    """The sides the measure's chart draws a series for (its data, as the page fetched it)."""
    pg.goto(f"{server}/measures/{measure}")
    pg.wait_for_selector("figure.drawn svg.js-chart")
    drawn = pg.locator("figure.drawn svg.js-chart").first.evaluate("s => s.textContent")
    data = pg.evaluate(f"fetch('/api/timeline/{measure}').then(r => r.json())")
    sides = {s["side"] for s in data["series"]}
    assert all(side in drawn for side in sides)  # each series is in the legend
    return sides


def test_the_queue_is_worked_by_keyboard(server: str, page: Any, db: Path) -> None:
    page.goto(server + "/review")
    first = page.locator("#queue tbody tr").first.get_attribute("data-url")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.locator("#queue tbody tr.current").get_attribute("data-url") == first
    page.keyboard.press("c")  # confirm the current claim: the queue comes back without it
    page.wait_for_url("**/review")
    page.wait_for_function(
        f"!document.querySelector('#queue tbody tr[data-url=\"{first}\"]')")
    with Store(db) as store:
        claim = int(first.rsplit("/", 1)[1])
        assert next(r for r in store.claims() if r["id"] == claim)["status"] == "confirmed"
    shot(page, "review-queue.png")
    assert page.errors == []


def test_correcting_a_claimant_moves_the_timeline(server: str, page: Any, db: Path) -> None:
    with Store(db) as store:
        row = next(r for r in store.claims() if r["figure"] == "402,000")
        measure = next(g["measure"] for g in store.claim_groups() if g["id"] == row["grp"])
    assert "Review Test Monitors" not in sides_drawn(page, server, measure)
    page.goto(f"{server}/claims/{row['id']}")
    page.click("#correct summary")
    page.fill("#f-claimant", "Review Test Monitors")
    page.fill("#f-affiliation", "Review Test Monitors")
    page.fill("#f-claimant_role", "")
    page.fill("#correct-form input[name=note]", "checked against the original")
    page.click("#correct-form button[type=submit]")
    page.wait_for_url(f"**/claims/{row['id']}")
    assert page.locator("#status").inner_text() == "corrected"
    assert "ana" in page.locator("ol.history").inner_text()
    shot(page, "review-claim.png")
    assert "Review Test Monitors" in sides_drawn(page, server, measure)
    shot(page, "review-timeline.png")
    assert page.errors == []


def test_a_missed_figure_is_added_by_selecting_it(server: str, page: Any, db: Path) -> None:
    doc = "01_mariupol_council_deportations.txt"
    page.goto(f"{server}/documents/{doc}")
    page.evaluate("""() => {
        const root = document.querySelector('article.text');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t; t = walker.nextNode()) {
            const at = t.textContent.indexOf('three weeks');
            if (at >= 0) {
                const r = document.createRange();
                r.setStart(t, at); r.setEnd(t, at + 'three weeks'.length);
                const sel = document.getSelection(); sel.removeAllRanges(); sel.addRange(r);
                return;
            }
        }
    }""")
    page.wait_for_function("document.getElementById('figure-chosen').textContent "
                           "=== 'three weeks'")
    page.fill("#add-form input[name=value]", "3")
    page.fill("#add-form input[name=unit]", "week")
    page.click("#add-form button[type=submit]")
    page.wait_for_url("**/claims/*")
    assert page.locator("#status").inner_text() == "added"
    assert page.locator("blockquote.source mark").inner_text() == "three weeks"
    assert page.errors == []


def test_logging_out_ends_review(server: str, page: Any) -> None:
    page.goto(server + "/review")
    page.click("header .who button[type=submit]")
    page.wait_for_url(server + "/")
    page.goto(server + "/review")
    page.wait_for_url("**/login")
