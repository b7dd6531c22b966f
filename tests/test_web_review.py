"""`serve --review`: the review mode's write path and its security, through the app's test
client: logging in and out, confirming, correcting, rejecting, adding and dismissing in
place, and the attacks the issue lists: a forged CSRF token, a viewer writing, a session
replayed after logout, an injected field value, two reviewers on one claim, brute-forced
logins. The read-only server stays read-only."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.present.web import create_app
from claimledger.present.web.review import ReviewMode, sentence_around
from claimledger.reviewing import Review
from claimledger.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ARTICLES = {
    "01_march_police.txt": (
        " date 2024-05-12 Police count 8,000 at pension march\n\n"
        "Velmora police said about 8,000 people joined the pension march on Sunday.\n\n"
        "A score of buses brought marchers from the suburbs.\n"),
    "02_march_organisers.txt": (
        " date 2024-05-12 Organisers say 45,000 marched\n\n"
        "The Pensioners' Front said 45,000 people marched through Velmora on Sunday.\n"),
}
PASSWORD = "a long enough passphrase"


@pytest.fixture
def db(tmp_path: Path) -> str:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in ARTICLES.items():
        (docs / name).write_text(text, encoding="utf-8")
    path = str(tmp_path / "web.db")
    assert CliRunner().invoke(main, ["run", str(docs), "--db", path]).exit_code == 0
    with Store(path) as store:
        Review(store).add_user("ana", PASSWORD)
        Review(store).add_user("ben", PASSWORD)
        Review(store).add_user("vic", PASSWORD, role="viewer")
    return path


def client(db: str) -> TestClient:
    return TestClient(create_app(db, review=ReviewMode(db)), base_url="http://127.0.0.1")


def login(c: TestClient, name: str, password: str = PASSWORD) -> int:
    page = c.get("/login")
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    return c.post("/login", data={"name": name, "password": password, "token": token},
                  follow_redirects=False).status_code


def csrf(c: TestClient, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', c.get(path).text).group(1)


def first_claim(db: str, figure: str) -> int:
    with Store(db) as store:
        return next(r["id"] for r in store.claims() if r["figure"] == figure)


def status(db: str, claim: int) -> str:
    with Store(db) as store:
        return next(r["status"] for r in store.claims(include_rejected=True)
                    if r["id"] == claim)


def test_the_read_only_server_still_refuses_every_write(db):
    c = TestClient(create_app(db), base_url="http://127.0.0.1")
    assert c.post("/login", data={"name": "ana"}).status_code == 405
    assert c.get("/login").status_code == 404
    assert "Log in" not in c.get("/").text


def test_a_reviewer_logs_in_confirms_and_corrects_in_place(db):
    c = client(db)
    assert login(c, "ana") == 303
    n = first_claim(db, "about 8,000")
    token = csrf(c, f"/claims/{n}")
    page = c.get(f"/claims/{n}").text
    assert 'id="correct-form"' in page and "Nobody has decided" in page
    r = c.post(f"/review/claims/{n}/correct", data={
        "csrf": token, "base": "0", "claimant": "Velmora police press office",
        "note": "the office that spoke"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/claims/{n}"
    page = c.get(f"/claims/{n}").text
    assert "Velmora police press office" in page and "<b>ana</b> correct" in page
    assert status(db, n) == "corrected"


def test_a_missed_figure_is_added_from_its_offsets_and_gets_its_sentence(db):
    c = client(db)
    login(c, "ana")
    with Store(db) as store:
        text = store.clean_text("01_march_police.txt").text
    f = text.index("A score")
    token = csrf(c, "/documents/01_march_police.txt")
    r = c.post("/review/documents/01_march_police.txt/add", data={
        "csrf": token, "figure_start": str(f), "figure_end": str(f + 7), "value": "20",
        "unit": "bus", "note": "a score is twenty"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/claims/")
    added = c.get(r.headers["location"]).text
    assert "<mark>A score</mark> of buses brought marchers from the suburbs." in added
    assert sentence_around(text, f, f + 7) == (f, text.index("suburbs.") + 8)


def test_a_forged_or_missing_csrf_token_writes_nothing(db):
    c = client(db)
    login(c, "ana")
    n = first_claim(db, "about 8,000")
    for token in ("", "forged-token"):
        r = c.post(f"/review/claims/{n}/confirm", data={"csrf": token, "base": "0"})
        assert r.status_code == 403
    r = c.post(f"/review/claims/{n}/confirm", data={"csrf": csrf(c, f"/claims/{n}")},
               headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    assert status(db, n) == "machine"


def test_a_viewer_sees_the_queue_but_cannot_write(db):
    c = client(db)
    assert login(c, "vic") == 303
    assert c.get("/review").status_code == 200
    n = first_claim(db, "about 8,000")
    assert 'id="confirm-form"' not in c.get(f"/claims/{n}").text
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/review").text).group(1)
    r = c.post(f"/review/claims/{n}/confirm", data={"csrf": token, "base": "0"})
    assert r.status_code == 403 and "only a reviewer" in r.text
    assert status(db, n) == "machine"


def test_a_session_replayed_after_logout_opens_nothing(db):
    c = client(db)
    login(c, "ana")
    cookie = c.cookies.get("claimledger_session")
    token = csrf(c, "/review")
    assert c.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    replay = client(db)
    replay.app = c.app  # the same server, an attacker holding the old cookie
    replay.cookies.set("claimledger_session", cookie)
    n = first_claim(db, "about 8,000")
    assert replay.post(f"/review/claims/{n}/confirm",
                       data={"csrf": token, "base": "0"}).status_code == 401
    assert replay.get("/review", follow_redirects=False).headers["location"] == "/login"


def test_a_changed_password_or_role_ends_the_live_sessions(db):
    ana, vic = client(db), client(db)
    vic.app = ana.app  # one server, two browsers
    login(ana, "ana")
    login(vic, "vic")
    token = csrf(ana, "/review")
    with Store(db) as store:
        Review(store).add_user("ana", "another long passphrase")  # e.g. after a leak
        Review(store).add_user("vic", PASSWORD, role="reviewer")  # promoted: log in again
    n = first_claim(db, "about 8,000")
    assert ana.post(f"/review/claims/{n}/confirm",
                    data={"csrf": token, "base": "0"}).status_code == 401
    assert vic.get("/review", follow_redirects=False).headers["location"] == "/login"
    assert login(ana, "ana") == 401 and login(ana, "ana", "another long passphrase") == 303
    assert status(db, n) == "machine"


def test_session_cookies_are_http_only_and_same_site_strict(db):
    c = client(db)
    page = c.get("/login")
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    r = c.post("/login", data={"name": "ana", "password": PASSWORD, "token": token},
               follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie


def test_an_injected_field_value_is_refused_or_shown_escaped(db):
    c = client(db)
    login(c, "ana")
    n = first_claim(db, "45,000")
    token = csrf(c, f"/claims/{n}")
    r = c.post(f"/review/claims/{n}/correct", data={
        "csrf": token, "base": "0", "claimant": "x" * 5000, "note": "long"})
    assert r.status_code == 400 and "at most 300" in r.text
    r = c.post(f"/review/claims/{n}/correct", data={
        "csrf": token, "base": "0", "low": "1; DROP TABLE claims", "note": "sql"})
    assert r.status_code == 400 and "not a number" in r.text
    r = c.post(f"/review/claims/{n}/correct", data={
        "csrf": token, "base": "0", "claimant": "<script>alert(1)</script>", "note": "xss",
        "status": "confirmed", "reviewer": "mallory"}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get(f"/claims/{n}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    with Store(db) as store:
        assert {d.reviewer for d in store.decisions()} == {"ana"}


def test_two_reviewers_changing_one_claim_the_second_is_told(db):
    ana, ben = client(db), client(db)
    ben.app = ana.app
    login(ana, "ana")
    login(ben, "ben")
    n = first_claim(db, "45,000")
    token_a, token_b = csrf(ana, f"/claims/{n}"), csrf(ben, f"/claims/{n}")  # both open it
    assert ana.post(f"/review/claims/{n}/correct", data={
        "csrf": token_a, "base": "0", "claimant": "Pensioners Front", "note": "a"},
        follow_redirects=False).status_code == 303
    r = ben.post(f"/review/claims/{n}/correct", data={
        "csrf": token_b, "base": "0", "claimant": "the Front", "note": "b"})
    assert r.status_code == 409 and "decided on by ana" in r.text
    with Store(db) as store:
        row = next(x for x in store.claims() if x["id"] == n)
    assert row["claimant"] == "Pensioners Front"


def test_logins_are_rate_limited(db):
    c = client(db)
    for _ in range(5):
        assert login(c, "ana", "wrong password") == 401
    assert login(c, "ana") == 429  # even the right password waits out the window


def test_a_conflict_is_dismissed_from_its_page(db):
    c = client(db)
    login(c, "ana")
    with Store(db) as store:
        conflicts = store.conflicts()
    assert conflicts
    a, b = conflicts[0]["a"], conflicts[0]["b"]
    token = csrf(c, f"/conflicts/{a}/{b}")
    r = c.post(f"/review/conflicts/{a}/{b}/dismiss", data={"csrf": token, "note": "no"},
               follow_redirects=False)
    assert r.status_code == 303
    with Store(db) as store:
        assert not any({x["a"], x["b"]} == {a, b} for x in store.conflicts())
