"""The web app (`claimledger serve`): every page and API route, filters, search, permalinks,
and its hardening: read-only, GET only, no path traversal, security headers, request caps,
and every string from an article escaped.

The database is built once by `claimledger run` over a few tiny articles written here, two
of them hostile: markup in the text, the title and the outlet's name."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import shutil
import sqlite3
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from claimledger.cli import main

with warnings.catch_warnings():  # Starlette's note that it prefers another HTTP client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from claimledger.present.web import app as web_app  # noqa: E402
from claimledger.present.web import create_app  # noqa: E402
from claimledger.present.web.guard import CSP  # noqa: E402
from claimledger.present.web.readonly import check_sqlite, open_readonly  # noqa: E402
from claimledger.store import Store, StoreError  # noqa: E402

ARTICLES = {
    "irpin_evacuation.txt": (
        "Officials evacuate 1,200 residents from Irpin\nSkip to content\ndate 2022-03-08\n\n"
        "About 1,200 residents were evacuated from Irpin on Tuesday, the mayor, Oleksandr "
        "Markushyn, said. More than 300 of them were children.\n\nPhoto: Reuters\n"),
    "irpin_russia.txt": (
        "Moscow says 5,000 Irpin residents chose to leave\ndate 2022-03-10\n\n"
        "Russia's defence ministry said on Thursday that 5,000 residents of Irpin had "
        "voluntarily left for Russia. Oleksandr Markushyn, the mayor of Irpin, said only 1,200 "
        "residents had been evacuated, all of them to Kyiv.\n"),
    "hk_rally.txt": (
        "Organisers say 1.7 million joined the rally\ndate 2019-08-18\n\n"
        "Organisers said 1.7 million people attended the rally in Victoria Park, while police "
        "put the figure at 128,000.\n"),
    # hostile: markup as text in a plain-text article...
    "hostile_kherson.txt": (
        "Kherson governor says 5,000 residents evacuated <script>alert(1)</script>\n\n"
        "About 5,000 residents were evacuated from Kherson on Monday, the governor, Yaroslav "
        "Yanushevych, said. <img src=x onerror=alert(1)> Russia's defence ministry said "
        "12,000 people had chosen to leave for Russia voluntarily.\n"),
    # ...and escaped markup in an HTML page, which cleaning turns into text, in the title and
    # the site's name too; the page's own script and javascript: link are dropped.
    "hostile_page.html": (
        "<!doctype html><html><head><title>Council: 3,000 people deported "
        "&lt;script&gt;alert(\"title\")&lt;/script&gt;</title>"
        "<link rel=\"canonical\" href=\"javascript:alert('url')\">"
        "<meta property=\"og:site_name\" content=\"Evil &lt;b onmouseover=alert(1)&gt;Times\">"
        "<script>alert(\"inline\")</script></head><body><article>"
        "<h1>Council: 3,000 people deported &lt;script&gt;alert(\"h1\")&lt;/script&gt;</h1>"
        "<p>Published 2022-04-02</p>"
        "<p>The city council of Melitopol said 3,000 people had been deported to Russia "
        "against their will &lt;img src=x onerror=alert(2)&gt; since March.</p>"
        "<p>Ivan Fedorov, the mayor, said &lt;svg onload=alert(3)&gt; the figure was at "
        "least 3,000.</p><img src=x onerror=\"alert(4)\"></article></body></html>"),
}
HOSTILE_DOCS = ("hostile_kherson.txt", "hostile_page.html")
# What must never reach a browser as markup.
BASE = "http://127.0.0.1"


# the package's own script modules, by src: the only scripts any page has
OWN_SCRIPTS = [{"type": "module", "src": "/static/chart.js"},
               {"type": "module", "src": "/static/tables.js"}]

class _Live(HTMLParser):
    """What a browser would act on: elements and attributes that run or load something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a not in OWN_SCRIPTS:
            self.found.append(f"script {a}")
        if tag in ("img", "iframe", "object", "embed", "base", "form") and \
                (tag != "form" or a.get("action") not in ("/search", "/claims")):
            self.found.append(tag)
        if tag == "meta" and "http-equiv" in a:
            self.found.append("meta http-equiv")
        for name, value in attrs:
            if name.startswith("on") or name == "style" or "alert(" in (value or "") \
                    and name in ("href", "src", "action", "formaction", "data"):
                self.found.append(f"{tag} {name}={value!r}")


def live_markup(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    return parser.found


def shown_text(html: str) -> str:
    """The text a browser shows, marks and links taken out."""
    parser = _Live()
    parser.feed(html)
    return "".join(parser.text)


def build_db(folder: Path, db: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("web")
    return build_db(root / "articles", root / "ledger.db", ARTICLES)


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    with TestClient(create_app(str(db)), base_url=BASE) as c:
        yield c


@pytest.fixture(scope="module")
def ledger(db: Path) -> dict:
    with Store(str(db), create=False) as s:
        return {"claims": list(s.claims()), "conflicts": s.conflicts(),
                "measures": s.measures(), "claimants": s.claimants(),
                "docs": list(s.documents())}


def _claim(ledger: dict, **match: object) -> dict:
    return next(c for c in ledger["claims"] if all(c[k] == v for k, v in match.items()))


def _pages(ledger: dict) -> list[str]:
    c = _claim(ledger, figure="About 1,200")
    conflict = ledger["conflicts"][0]
    return ["/", "/claims", "/claims?q=Markushyn", f"/claims/{c['id']}", "/documents",
            "/documents/irpin_evacuation.txt", "/documents/irpin_evacuation.txt?furniture=1",
            "/measures", f"/measures/{ledger['measures'][0]['id']}", "/conflicts",
            f"/conflicts/{conflict['a']}/{conflict['b']}", "/claimants", "/search",
            "/search?q=Markushyn"]


# -- pages ---------------------------------------------------------------------------------

def test_every_page_renders(client: TestClient, ledger: dict) -> None:
    for url in _pages(ledger):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html"), url
        assert '<link rel="stylesheet" href="/static/style.css">' in r.text, url


def test_overview(client: TestClient, ledger: dict) -> None:
    html = client.get("/").text
    assert f"<b>{len(ledger['docs'])}</b>documents" in html
    assert f"<b>{len(ledger['claims'])}</b>claims" in html
    assert "Recent conflicts" in html and "/conflicts/" in html
    # every measure with more than one figure gets a chart: a box the chart module fills from
    # the API, holding the server's own drawing until it does
    charted = [m for m in ledger["measures"] if m["groups"] > 1]
    assert charted
    for m in charted:
        assert f'data-timeline="/api/timeline/{m["id"]}"' in html
    assert html.count('class=chart') >= len(charted)


def test_claims_page_lists_and_pages(client: TestClient, ledger: dict) -> None:
    html = client.get("/claims").text
    assert f"{len(ledger['claims'])} found" in html
    for c in ledger["claims"][:5]:
        assert f'href="/claims/{c["id"]}"' in html


def test_claim_permalink_marks_the_figure_in_its_sentence(client: TestClient,
                                                           ledger: dict) -> None:
    c = _claim(ledger, figure="About 1,200")
    html = client.get(f"/claims/{c['id']}").text
    source = re.search(r'<blockquote class="source" id="source">(.*?)</blockquote>', html, re.S)
    assert source is not None
    assert "<mark>About 1,200</mark>" in source.group(1)
    assert "residents were evacuated from Irpin" in source.group(1)
    # links: its document (at the claim), the claimant's claims, the measure, JSON
    assert f'href="/documents/irpin_evacuation.txt#c{c["id"]}"' in html
    assert f'href="/claims?claimant={c["claimant_id"]}"' in html
    assert 'href="/measures/' in html and f'href="/api/claims/{c["id"]}"' in html
    # the same figure told elsewhere (the other Irpin story) is listed with its permalink
    others = [x for x in ledger["claims"] if x["grp"] == c["grp"] and x["id"] != c["id"]]
    assert any(x["doc"] == "irpin_russia.txt" for x in others)
    for x in others:
        assert f'href="/claims/{x["id"]}"' in html


def test_claim_not_found(client: TestClient) -> None:
    for url in ("/claims/999999", "/claims/abc", "/claims/-1", "/claims/1.5"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "text/html" in r.headers["content-type"]


def test_document_marks_every_claim_in_place(client: TestClient, ledger: dict) -> None:
    html = client.get("/documents/irpin_evacuation.txt").text
    text = re.search(r'<article class="text">(.*?)</article>', html, re.S).group(1)
    claims = [c for c in ledger["claims"] if c["doc"] == "irpin_evacuation.txt"]
    assert claims
    for c in claims:
        assert re.search(rf'<mark id="c{c["id"]}"[^>]*><a href="/claims/{c["id"]}">'
                         rf'{re.escape(c["figure"])}</a></mark>', text), c["figure"]
    # the furniture only on request
    assert "Photo: Reuters" not in html
    assert 'href="/documents/irpin_evacuation.txt?furniture=1"' in html


def test_document_furniture_on_request(client: TestClient) -> None:
    html = client.get("/documents/irpin_evacuation.txt?furniture=1").text
    cuts = re.search(r'<table class="cuts">(.*?)</table>', html, re.S).group(1)
    assert "<td>photo credit</td><td>Photo: Reuters</td>" in cuts
    assert "<td>skip link</td><td>Skip to content</td>" in cuts


def test_document_ids_with_reserved_characters(client: TestClient, tmp_path: Path) -> None:
    # a JSON-lines file gives ids like "file.jsonl#2": the '#' travels percent-encoded
    folder = tmp_path / "jl"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(
        '{"title": "One", "text": "Officials said 40 people left."}\n'
        '{"title": "Two", "text": "Officials said 50 people left on Monday."}\n',
        encoding="utf-8")
    db = tmp_path / "jl.db"
    assert CliRunner().invoke(main, ["run", str(folder), "--db", str(db)]).exit_code == 0
    with TestClient(create_app(str(db)), base_url=BASE) as c:
        html = c.get("/documents").text
        assert 'href="/documents/feed.jsonl%232"' in html
        r = c.get("/documents/feed.jsonl%232")
        assert r.status_code == 200 and "people left on Monday" in r.text
        assert c.get("/api/documents/" + quote("feed.jsonl#1", safe="")).json()["title"] == "One"


def test_conflict_page_shows_both_sides_with_sources(client: TestClient, ledger: dict) -> None:
    conflict = next(c for c in ledger["conflicts"] if c["measure"].startswith("people attended"))
    html = client.get(f"/conflicts/{conflict['a']}/{conflict['b']}").text
    assert html.count('<section class="side"') == 2
    assert "<mark>1.7 million</mark>" in html and "<mark>128,000</mark>" in html
    assert 'href="/documents/hk_rally.txt#c' in html
    # either order names the same conflict; an unknown pair is 404
    assert client.get(f"/conflicts/{conflict['b']}/{conflict['a']}").status_code == 200
    assert client.get(f"/conflicts/{conflict['a']}/g-nope").status_code == 404


def test_measure_page_has_chart_and_series(client: TestClient, ledger: dict) -> None:
    m = next(m for m in ledger["measures"] if m["name"] == "people moved")
    html = client.get(f"/measures/{m['id']}").text
    assert f'<figure class="chart-box" data-timeline="/api/timeline/{m["id"]}">' in html
    assert "<svg" in html and "<h2>Series</h2>" in html
    assert html.count('<table class="series">') >= 2  # one per side
    assert client.get("/measures/m-nope").status_code == 404


def test_claimants_page(client: TestClient, ledger: dict) -> None:
    html = client.get("/claimants").text
    for k in ledger["claimants"]:
        assert f'href="/claims?claimant={k["id"]}"' in html


# -- search --------------------------------------------------------------------------------

def test_search_finds_a_claimant(client: TestClient) -> None:
    html = client.get("/search?q=Markushyn").text
    found = re.search(r'<ul id="found-claimants">(.*?)</ul>', html, re.S).group(1)
    assert "Oleksandr Markushyn" in re.sub(r"<[^>]+>", "", found)  # its term is marked
    assert "<mark>About 1,200</mark>" in html  # his claims
    assert 'href="/documents/irpin_evacuation.txt"' in html  # and the articles naming him
    assert "<mark>Markushyn</mark>" in html  # in a snippet


def test_search_by_figure_and_by_quote_words(client: TestClient) -> None:
    for q in ("128,000", "128000", "128"):
        claims = client.get("/api/claims", params={"q": q}).json()["claims"]
        assert {c["figure"] for c in claims} >= {"128,000"}, q
    claims = client.get("/api/claims", params={"q": "Victoria Park"}).json()["claims"]
    assert any("Victoria Park" in c["quote"] for c in claims)
    # a claim is found by its quote's words, or by its measure's name, which says the place
    measures = {m["id"]: m["name"] for m in client.get("/api/measures").json()["measures"]}
    assert all("Victoria Park" in c["quote"] or "Victoria Park" in measures[c["measure"]]
               for c in claims)
    # prefixes, any case, no accent needed
    assert client.get("/api/claims", params={"q": "markush"}).json()["total"] >= 2


def test_search_never_breaks_on_query_syntax(client: TestClient) -> None:
    for q in ('"', "AND", "OR NOT", "*", "a:b", "NEAR(", "'; DROP TABLE claims; --", "(((",
              "<script>", "ü", " "):
        r = client.get("/search", params={"q": q})
        assert r.status_code == 200, q
        assert client.get("/api/claims", params={"q": q}).status_code == 200, q


# -- filters -------------------------------------------------------------------------------

def _api_claims(client: TestClient, **params: str) -> list[dict]:
    r = client.get("/api/claims", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(body["claims"])
    return body["claims"]


def test_filters_narrow_the_claims(client: TestClient, ledger: dict) -> None:
    everything = _api_claims(client)
    assert len(everything) == len(ledger["claims"])
    m = next(m for m in ledger["measures"] if m["name"] == "people moved")
    markushyn = next(k for k in ledger["claimants"] if k["name"] == "Oleksandr Markushyn")
    cases = {
        "measure": (m["id"], lambda c: c["measure"] == m["id"]),
        "claimant": (markushyn["id"], lambda c: c["claimant_id"] == markushyn["id"]),
        "side": ("Russia", lambda c: c["side"] == "Russia"),
        "outlet": ("Evil <b onmouseover=alert(1)>Times",
                   lambda c: c["doc"] == "hostile_page.html"),
        "framing": ("voluntary", lambda c: c["framing"] == "voluntary"),
        "date_from": ("2022-03-09", lambda c: c["date"] and c["date"] >= "2022-03-09"),
        "date_to": ("2020-01-01", lambda c: c["date"] and c["date"] <= "2020-01-01"),
    }
    for name, (value, holds) in cases.items():
        got = _api_claims(client, **{name: value})
        assert got, name
        assert len(got) < len(everything), name
        assert all(holds(c) for c in got), name
        assert {c["id"] for c in got} == {c["id"] for c in everything if holds(c)}, name
        # the page shows the same claims, the filter kept in the form
        html = client.get("/claims", params={name: value}).text
        assert f"{len(got)} found" in html, name
    # filters combine
    both = _api_claims(client, claimant=markushyn["id"], date_from="2022-03-10")
    assert both and all(c["doc"] == "irpin_russia.txt" for c in both)
    assert _api_claims(client, claimant=markushyn["id"], q="Kyiv")
    assert not _api_claims(client, claimant=markushyn["id"], q="Victoria")


def test_filters_are_validated(client: TestClient) -> None:
    assert client.get("/api/claims", params={"date_from": "yesterday"}).status_code == 400
    assert client.get("/api/claims", params={"limit": 100000}).status_code == 400
    assert client.get("/claims", params={"date_to": "soon"}).status_code == 400
    r = client.get("/claims", params={"page": 2})
    assert r.status_code == 200


# -- API -----------------------------------------------------------------------------------

def test_api_routes(client: TestClient, ledger: dict) -> None:
    claims = client.get("/api/claims").json()
    assert claims["total"] == len(ledger["claims"])
    first = claims["claims"][0]
    assert {"id", "quote", "figure", "claimant", "side", "measure", "url",
            "document_url"} <= set(first)
    one = client.get(first["url"].replace("/claims/", "/api/claims/")).json()
    assert one["id"] == first["id"]

    docs = client.get("/api/documents").json()["documents"]
    assert {d["id"] for d in docs} == set(ARTICLES)
    doc = client.get("/api/documents/irpin_evacuation.txt").json()
    assert doc["clean_text"].startswith("Officials evacuate 1,200 residents")
    assert {c["reason"] for c in doc["cuts"]} >= {"photo credit", "skip link"}
    assert doc["claims"] and "offsets" not in doc
    found = client.get("/api/documents", params={"q": "Victoria"}).json()["documents"]
    assert [d["id"] for d in found] == ["hk_rally.txt"]

    measures = client.get("/api/measures").json()["measures"]
    assert {m["id"] for m in measures} == {m["id"] for m in ledger["measures"]}
    m = next(m for m in measures if m["name"].startswith("people attended"))
    tl = client.get(m["timeline"]).json()
    assert tl["measure"]["name"] == m["name"] == "people attended, 18 August 2019, Victoria Park"
    points = [p for s in tl["series"] for p in s["points"]]
    assert {p["label"] for p in points} == {"1,700,000", "128,000"}
    assert all(p["url"].startswith("/claims/") for p in points)

    conflicts = client.get("/api/conflicts").json()["conflicts"]
    assert len(conflicts) == len(ledger["conflicts"])
    assert all(client.get(c["url"]).status_code == 200 for c in conflicts)

    claimants = client.get("/api/claimants").json()["claimants"]
    assert {k["name"] for k in claimants} >= {"Oleksandr Markushyn"}
    k = next(k for k in claimants if k["name"] == "Oleksandr Markushyn")
    assert k["claims"] == len(client.get(k["claims_url"]).json()["claims"])

    search = client.get("/api/search", params={"q": "Markushyn"}).json()
    assert [k["name"] for k in search["claimants"]] == ["Oleksandr Markushyn"]
    assert client.get("/api/timeline/m-nope").status_code == 404
    assert client.get("/api/documents/nope.txt").json() == {"detail": "no document 'nope.txt'"}


def test_openapi_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/claims", "/api/claims/{claim_id}", "/api/documents",
            "/api/documents/{doc_id}", "/api/measures", "/api/timeline/{measure}",
            "/api/conflicts", "/api/claimants", "/api/search"} <= paths
    assert all(set(ops) == {"get"} for ops in schema["paths"].values())
    params = {p["name"] for p in schema["paths"]["/api/claims"]["get"]["parameters"]}
    assert {"measure", "claimant", "side", "outlet", "framing", "date_from", "date_to",
            "q"} <= params
    # the interactive docs would load scripts from a CDN: not served
    assert client.get("/docs").status_code == 404


# -- hardening -----------------------------------------------------------------------------

def test_security_headers_on_every_response(client: TestClient, ledger: dict) -> None:
    responses = [client.get(u) for u in _pages(ledger)]
    responses += [client.get(u) for u in ("/api/claims", "/openapi.json", "/static/chart.js",
                                          "/static/style.css", "/nope", "/static/nope.js")]
    responses += [client.post("/api/claims"), client.get("/?" + "x" * 5000),
                  client.get("/", headers={"content-length": "100000"})]
    for r in responses:
        assert r.headers["content-security-policy"] == CSP, r.url
        assert r.headers["x-content-type-options"] == "nosniff", r.url
        assert "unsafe-inline" not in r.headers["content-security-policy"]
    assert CSP.startswith("default-src 'self'; script-src 'self'; object-src 'none'; "
                          "base-uri 'none'; frame-ancestors 'none'")


def test_only_get(client: TestClient, ledger: dict) -> None:
    c = _claim(ledger, figure="About 1,200")
    for url in ("/", "/claims", f"/claims/{c['id']}", "/api/claims", f"/api/claims/{c['id']}",
                "/api/documents/irpin_evacuation.txt", "/static/chart.js", "/nope",
                "/openapi.json"):
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
            r = client.request(method, url, content=b"{}")
            assert r.status_code == 405, (method, url)
            assert r.headers["allow"] == "GET, HEAD"
    r = client.head("/claims")
    assert r.status_code == 200 and r.content == b""


def test_path_traversal_is_rejected(client: TestClient) -> None:
    attempts = [
        "/documents/..%2F..%2F..%2Fetc%2Fpasswd", "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/documents/%2e%2e", "/documents/%2Fetc%2Fpasswd", "/documents/..%5C..%5Cwin.ini",
        "/documents/%00", "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%2Fetc%2Fpasswd", "/api/timeline/..%2F..%2Fetc%2Fpasswd",
        "/measures/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/claims/..%2F..%2Fetc%2Fpasswd",
        "/api/claims/%2Fetc%2Fpasswd", "/conflicts/..%2F..%2Fetc/passwd",
        "/conflicts/%2e%2e/%2e%2e", "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2Fapp.py",
        "/static/%2e%2e%2fapp.py", "/static//etc/passwd", "/static/%2Fetc%2Fpasswd",
        "/static/..%5Capp.py",
    ]
    for url in attempts:
        r = client.get(url)
        assert r.status_code in (400, 404), url
        assert "root:" not in r.text and "def create_app" not in r.text, url
    # the path as a client that does not normalise dots would send it
    raw = client.get("/static/../../../../etc/passwd")
    assert raw.status_code == 404 and "root:" not in raw.text
    assert client.get("/static/chart.js").status_code == 200


def test_request_size_caps(client: TestClient) -> None:
    assert client.get("/api/claims?q=" + "a" * 5000).status_code == 414
    assert client.get("/api/claims?q=" + "a" * 400).status_code == 200
    assert client.get("/" + "a" * 5000).status_code == 414
    big = b"x" * (65 * 1024)
    assert client.request("GET", "/", content=big).status_code == 413
    assert client.post("/api/claims", content=big).status_code == 413
    assert client.get("/", headers={"content-length": "99999999"}).status_code == 413


def test_unknown_host_is_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"host": "[::1]:8000"}).status_code == 200


def test_database_is_read_only(db: Path, client: TestClient, ledger: dict) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for url in _pages(ledger):
        client.get(url)
    app_ledger = client.app.state.ledger
    try:
        with pytest.raises(Exception, match="readonly|read-only|query_only"):
            app_ledger.store.begin_run(["x"])
    finally:
        app_ledger.release()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    ro = open_readonly(str(db))
    try:
        with pytest.raises(Exception, match="readonly|read-only|query_only"):
            ro.begin_run(["x"])
    finally:
        ro.close()


def test_only_current_databases_are_opened(tmp_path: Path, db: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        create_app(str(tmp_path / "missing.db"))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        check_sqlite(junk)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(StoreError, match="not a claimledger database"):
        create_app(str(empty))
    assert not (tmp_path / "missing.db").exists()
    # an older schema would need migrating, which is a write: refused, the file untouched
    old = tmp_path / "old.db"
    shutil.copy(db, old)
    con = sqlite3.connect(old)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    con.execute(f"PRAGMA user_version = {version - 1}")
    con.close()
    digest = hashlib.sha256(old.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="schema version"):
        create_app(str(old))
    assert hashlib.sha256(old.read_bytes()).hexdigest() == digest


def test_index_follows_a_new_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = build_db(tmp_path / "a", tmp_path / "grow.db",
                  {"hk_rally.txt": ARTICLES["hk_rally.txt"]})
    monkeypatch.setattr(web_app, "REFRESH_SECONDS", 0.0)
    with TestClient(create_app(str(db)), base_url=BASE) as c:
        assert c.get("/api/claims", params={"q": "Markushyn"}).json()["total"] == 0
        build_db(tmp_path / "b", db, {"irpin_evacuation.txt": ARTICLES["irpin_evacuation.txt"]})
        assert c.get("/api/claims", params={"q": "Markushyn"}).json()["total"] >= 1
        assert "Markushyn" in c.get("/search?q=Markushyn").text


# -- escaping ------------------------------------------------------------------------------

def test_hostile_articles_show_as_text(client: TestClient, ledger: dict) -> None:
    hostile = [c for c in ledger["claims"] if c["doc"] in HOSTILE_DOCS]
    assert hostile
    urls = _pages(ledger) + [f"/claims/{c['id']}" for c in hostile]
    urls += ["/documents/hostile_kherson.txt", "/documents/hostile_page.html",
             "/documents/hostile_page.html?furniture=1", "/search?q=alert", "/search?q=script",
             "/search?q=Melitopol", "/claims?q=alert", "/claims?outlet=" +
             quote("Evil <b onmouseover=alert(1)>Times")]
    urls += [f"/measures/{m['id']}" for m in ledger["measures"]]
    for url in urls:
        html = client.get(url).text
        assert live_markup(html) == [], url
        # the only scripts anywhere are the package's own modules, by src
        assert re.findall(r"<script[^>]*>", html) == [
            '<script type="module" src="/static/chart.js">',
            '<script type="module" src="/static/tables.js">'], url
        assert "<script>alert" not in html and "<img src=x" not in html, url
    doc = client.get("/documents/hostile_kherson.txt").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "<script>alert(1)</script>" in shown_text(doc)
    assert "<img src=x onerror=alert(1)>" in shown_text(doc)
    page = shown_text(client.get("/documents/hostile_page.html").text)
    assert 'Council: 3,000 people deported <script>alert("h1")</script>' in page
    assert "Evil <b onmouseover=alert(1)>Times" in page
    assert "<svg onload=alert(3)>" in page
    assert "<img src=x onerror=alert(2)>" in shown_text(client.get("/search?q=onerror").text)
    # JSON carries the text as it is: it is data, and its content type says so
    r = client.get("/api/documents/hostile_kherson.txt")
    assert r.headers["content-type"] == "application/json"
    assert "<script>alert(1)</script>" in r.json()["clean_text"]


def test_article_links_are_only_http() -> None:
    assert web_app.safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_app.safe_url("http://example.org") == "http://example.org"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>",
                "vbscript:x", "//evil.example/x", "/relative", "", None, "http://[::1"):
        assert web_app.safe_url(bad) is None, bad


def test_marked_text_escapes_between_and_inside_marks() -> None:
    text = "<b>Officials</b> said 5 <i>people</i> left"
    claim = {"id": 7, "figure_start": text.index("5"), "figure_end": text.index("5") + 1,
             "claimant": "<x>", "predicate": "leave", "value": 5, "low": None, "high": None,
             "qualifier": "exact"}
    html = str(web_app.marked_text(text, [claim]))
    assert html.startswith("&lt;b&gt;Officials&lt;/b&gt; said ")
    assert '<mark id="c7" title="&lt;x&gt; · leave · 5"><a href="/claims/7">5</a></mark>' in html
    assert html.endswith(" &lt;i&gt;people&lt;/i&gt; left")


# -- the commands --------------------------------------------------------------------------

def test_serve_binds_localhost_unless_told(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "http://127.0.0.1:8000/" in result.output
    result = runner.invoke(main, ["serve", "--db", str(db), "--host", "0.0.0.0",
                                  "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 9001
    result = runner.invoke(main, ["serve", "--db", str(db.parent / "missing.db")])
    assert result.exit_code != 0 and "no database" in result.output
    assert len(calls) == 2


def test_report_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    size = out.stat().st_size
    assert result.output.strip() == f"{out}: {size:,} bytes"
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html


def test_a_conflict_says_what_differs_and_the_list_puts_the_weightiest_first(
        client: TestClient, ledger: dict) -> None:
    conflict = next(c for c in ledger["conflicts"] if c["measure"].startswith("people attended"))
    html = client.get(f"/conflicts/{conflict['a']}/{conflict['b']}").text
    assert "times apart" in html  # 1.7 million against 128,000
    listed = client.get("/api/conflicts").json()["conflicts"]
    assert all(c["sentence"] for c in listed)
    weights = [c["weight"] for c in listed]
    assert weights == sorted(weights, reverse=True)


def test_the_report_has_contents_and_conflict_headings_saying_who_disagrees(
        db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(out)])
    html = out.read_text(encoding="utf-8")
    toc = html[html.index("<nav class=toc>"):html.index("</nav>")]
    for section in ("#overview", "#measures", "#conflicts", "#claimants", "#claims"):
        assert f"href='{section}'" in toc
    # each conflict heads its section with both sides' figures, and the contents link it
    assert "href='#conflict-1'" in toc and "<h3 id=conflict-1>" in html
    headings = re.findall(r"<h3 id=conflict-\d+>([^<]*)<", html)
    rally = next(h for h in headings if h.startswith("people attended"))
    assert "1,700,000" in rally and "128,000" in rally and " vs " in rally


def test_a_filtered_claims_view_downloads_as_csv(client: TestClient) -> None:
    page = client.get("/claims?q=Markushyn").text
    link = re.search(r'href="(/claims\.csv\?[^"]*)" download', page).group(1)
    response = client.get(html.unescape(link))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="claims.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    shown = client.get("/api/claims?q=Markushyn").json()
    assert sorted(int(r["claim_id"]) for r in rows) == sorted(c["id"] for c in shown["claims"])
    assert rows and all("Markushyn" in (r["claimant"] + r["quote"]) for r in rows)


def test_search_terms_are_highlighted_in_the_results_and_escaped(client: TestClient) -> None:
    page = client.get("/search?q=markushyn").text
    assert '<mark class=term>Markushyn</mark>' in page  # in a claimant's name and in quotes
    claims = page[page.index("<h2>Claims"):page.index("<h2>Documents")]
    assert "<mark class=term>Markushyn</mark>" in claims and "<mark>" in claims  # the figure
    hostile = client.get("/search?q=%3Cscript%3E").text
    assert "<mark class=term><script>" not in hostile and "<script>alert" not in hostile


def test_the_api_documentation_is_served_from_the_package_not_a_cdn(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert not re.search(r"(src|href)=\"https?://", page.text)  # nothing from elsewhere
    assert '<script src="/api/docs/assets/swagger-ui-bundle.js">' in page.text
    assert "<script>" not in page.text  # no inline script: the CSP would refuse it
    bundle = client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and "SwaggerUIBundle" in bundle.text
    assert client.get("/static/apidocs.js").status_code == 200
