"""`claimledger serve`: the ledger in a browser, read-only (with `--review`, review mode:
review.py adds logins and the review forms, and POST for them alone).

create_app(db) returns the FastAPI app: server-rendered pages (Jinja2, autoescape on
everywhere), a JSON API under /api/ (schema at /openapi.json), and the package's own
static files (CSS and the small chart module; no CDN, no inline script). Nothing is ever
written: the database is opened read-only (readonly.py), every route is GET, and the outer
Guard (guard.py) refuses anything else, bounds requests and sets the security headers.

Pages: / (overview), /search, /claims (filters), /claims/{id} (permalink: the sentence in
its document with the figure marked), /documents, /documents/{id} (every claim marked in
place; ?furniture=1 lists what cleaning stripped), /measures, /measures/{id} (chart and
series), /conflicts, /conflicts/{a}/{b} (both sides' quotes and sources), /claimants.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import importlib.util
import inspect
import io
import re
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger import __version__
from claimledger.ledger.timeline import timeline
from claimledger.present.ledger_views import MeasureNotFound, find_measure, labelled
from claimledger.present.links import safe_url
from claimledger.present.report import _bounds, _in_context, marked, timeline_svg
from claimledger.present.web.guard import LOCAL_HOSTS, Guard
from claimledger.present.web.readonly import open_readonly
from claimledger.present.web.review import ReviewMode
from claimledger.present.web.review import install as install_review
from claimledger.present.web.search import (
    OUTLET_NONE,
    SNIP_CLOSE,
    SNIP_OPEN,
    Filters,
    Index,
    signature,
)
from claimledger.store import Store

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
PAGE = 100  # claims a list page shows
MAX_LIMIT = 500
MAX_CSV = 100_000  # claims in one CSV download of a filtered view
REFRESH_SECONDS = 5.0  # how often a request may check whether the database changed
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_ID = re.compile(r"^[^\x00-\x1f/\\]{1,512}$")


# -- the ledger, as the app sees it ------------------------------------------------------------

class Ledger:
    """The search index, and a read-only Store for the request being answered.

    SQLite connections belong to the thread that opened them, so a request's Store is opened
    on first use in the thread that answers it and closed when the request's handler
    returns (see `get`), in that same thread. The index is rebuilt when a run changed the
    database (checked at most every REFRESH_SECONDS)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._local = threading.local()
        self._lock = threading.Lock()
        try:
            self.index = Index(self.store)
        finally:
            self.release()
        self._checked = time.monotonic()

    @property
    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_readonly(self.target)
        return store

    def release(self) -> None:
        """Close this thread's Store, if it opened one."""
        store = getattr(self._local, "store", None)
        if store is not None:
            self._local.store = None
            store.close()

    def current(self) -> Index:
        """The index, rebuilt first if a run changed the database since it was built."""
        now = time.monotonic()
        if now - self._checked >= REFRESH_SECONDS:
            with self._lock:
                if now - self._checked >= REFRESH_SECONDS:
                    self._checked = now
                    if signature(self.store) != self.index.signature:
                        # not closed here: a request in another thread may still be reading
                        # it; its connection closes when the last of them lets it go
                        self.index = Index(self.store)
        return self.index

    def refresh(self) -> None:
        """Rebuild the index now (a reviewer's write changed the database)."""
        with self._lock:
            self._checked = time.monotonic()
            try:
                self.index = Index(self.store)
            finally:
                self.release()

    def close(self) -> None:
        self.index.close()


# -- helpers shared by pages and API -------------------------------------------------------


def _clean(v: str | None) -> str | None:
    v = (v or "").strip()
    return v or None


def claim_filters(
    measure: str | None = Query(None, max_length=200,
                                description="A measure's id (see /api/measures)."),
    claimant: str | None = Query(None, max_length=200,
                                 description="A claimant's id (see /api/claimants)."),
    side: str | None = Query(None, max_length=200,
                             description="The side a claim speaks for, e.g. Ukraine."),
    outlet: str | None = Query(None, max_length=200, description="The publishing outlet."),
    framing: str | None = Query(None, max_length=40, description="forced or voluntary."),
    date_from: str | None = Query(None, pattern=_DATE, description="First date, YYYY[-MM[-DD]]."),
    date_to: str | None = Query(None, pattern=_DATE, description="Last date, YYYY[-MM[-DD]]."),
    q: str | None = Query(None, max_length=500,
                          description="Full-text: claimant names, figures, quote words."),
) -> Filters:
    """The claims list's filters, one FastAPI dependency for the page and the API alike."""
    return Filters(measure=_clean(measure), claimant=_clean(claimant), side=_clean(side),
                   outlet=_clean(outlet), framing=_clean(framing),
                   date_from=_clean(date_from), date_to=_clean(date_to), q=_clean(q))


# module level, so that FastAPI resolves the annotation (this module defers annotations)
ClaimFilters = Annotated[Filters, Depends(claim_filters)]


def _check_id(value: str, what: str) -> str:
    """Ids come from the database and are only ever looked up there; anything shaped like a
    path (a slash, a backslash, a dot-dot, a control character) is refused outright."""
    if not _ID.match(value) or value in (".", "..") or value.startswith("../"):
        raise HTTPException(404, f"no {what} {value!r}")
    return value


def _claim_id(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise HTTPException(404, f"no claim {value!r}")
    return int(value)


def seg(value: Any) -> str:
    """One URL path segment: every reserved character escaped (ids carry '#')."""
    return quote(str(value), safe="")


def claim_url(c: dict) -> str:
    return f"/claims/{c['id']}"


def doc_url(doc_id: str, claim: int | None = None) -> str:
    return f"/documents/{seg(doc_id)}" + (f"#c{claim}" if claim is not None else "")


def marked_text(text: str, claims: Iterable[dict]) -> Markup:
    """The document's clean text, escaped, each claim's figure a <mark> linking to its
    permalink, at its offsets. A figure overlapping one already marked is left unmarked."""
    marks = sorted((c["figure_start"], c["figure_end"], c) for c in claims
                   if c["figure_start"] is not None and c["figure_end"] is not None
                   and 0 <= c["figure_start"] < c["figure_end"] <= len(text))
    out, pos = [], 0
    for s, e, c in marks:
        if s < pos:
            continue
        title = f"{c['claimant'] or 'the outlet'} · {c['predicate'] or ''} · {_bounds(c)}"
        out += [html.escape(text[pos:s]),
                f'<mark id="c{c["id"]}" title="{html.escape(title)}">'
                f'<a href="/claims/{c["id"]}">{html.escape(text[s:e])}</a></mark>']
        pos = e
    out.append(html.escape(text[pos:]))
    return Markup("".join(out))


def _swagger_ui_files() -> Path:
    """Where swagger-ui-py keeps Swagger UI's built files (found, not imported: only the
    static files are used)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or spec.origin is None:  # pragma: no cover - a dependency, installed
        raise RuntimeError("swagger-ui-py is not installed: pip install swagger-ui-py")
    return Path(spec.origin).parent / "static"


def snippet_html(snippet: str | None) -> Markup:
    """An FTS5 snippet, escaped, its match markers turned into <mark>."""
    text = html.escape(snippet or "")
    return Markup(text.replace(SNIP_OPEN, "<mark>").replace(SNIP_CLOSE, "</mark>"))


def _names(store: Store) -> dict[str, str]:
    return {c["id"]: c["name"] for c in store.claimants()}


def _conflict_rows(store: Store, weightiest: bool = False) -> list[dict]:
    """Conflicts with both groups, newest first (by the later group's first date), or the
    weightiest first (furthest apart, most independent sources: ledger/explain.py)."""
    groups = {g["id"]: g for g in store.claim_groups()}
    rows = []
    for c in store.conflicts():
        a, b = groups.get(c["a"]), groups.get(c["b"])
        if a is None or b is None:
            continue
        latest = max(a["first_date"] or "", b["first_date"] or "")
        rows.append({**c, "ga": a, "gb": b, "latest": latest or None,
                     "url": f"/conflicts/{seg(c['a'])}/{seg(c['b'])}"})
    if weightiest:
        rows.sort(key=lambda r: (-(r.get("weight") or 0.0), r["measure"], r["a"], r["b"]))
    else:
        rows.sort(key=lambda r: (r["latest"] or "", r["measure"]), reverse=True)
    return rows


def _timeline_data(store: Store, index: Index, measure_id: str) -> dict[str, Any]:
    """A measure's series for the chart: one per side, each point a claim group with its
    bounds (never averaged), its label and the claim a mark links to."""
    try:
        measure, groups = find_measure(store, measure_id)
    except MeasureNotFound:
        raise HTTPException(404, f"no measure {measure_id!r}") from None
    if measure.id != measure_id and measure.name != measure_id:
        raise HTTPException(404, f"no measure {measure_id!r}")
    names = _names(store)
    first = index.first_claims(list(groups))
    series = []
    for side, points in labelled(timeline(measure, groups), names).items():
        series.append({"side": side, "points": [{
            "date": p.date, "value": p.value, "low": p.low, "high": p.high,
            "qualifier": p.qualifier, "group": p.group, "framing": p.framing,
            "sources": p.sources, "claimants": [names.get(c, c) for c in p.claimants],
            "label": _bounds({"value": p.value, "low": p.low, "high": p.high,
                              "qualifier": p.qualifier}),
            "claim": first.get(p.group),
            "url": f"/claims/{first[p.group]}" if p.group in first else None,
        } for p in points]})
    return {"measure": {"id": measure.id, "name": measure.name, "place": measure.place},
            "series": series}


def _claim_json(c: dict) -> dict[str, Any]:
    return {**c, "url": claim_url(c), "document_url": doc_url(c["doc"], c["id"])}


# -- the app ---------------------------------------------------------------------------------

def create_app(db_path: str, allowed_hosts: Iterable[str] | None = LOCAL_HOSTS,
               review: ReviewMode | None = None) -> FastAPI:
    """The app over the database at `db_path`, opened read-only now (StoreError if it
    cannot be). `allowed_hosts`: the Host names served (None: any). `review`: review mode
    (review.py): logins and the review forms; None, the read-only server."""
    ledger = Ledger(db_path)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(seg=seg, bounds=_bounds, safe_url=safe_url, snippet=snippet_html,
                       terms=lambda text, q: Markup(marked(text or "", q)))
    env.globals.update(
        version=__version__, claim_url=claim_url, doc_url=doc_url,
        highlight=lambda c, q=None: Markup(marked(c["quote"] or "", q, c["figure"] or "")),
        outlet_none=OUTLET_NONE, review_on=review is not None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        ledger.close()

    app = FastAPI(title="claimledger", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="A sourced ledger of who claimed what figure, when. Read-only.")
    app.state.ledger = ledger
    app.add_middleware(Guard, allowed_hosts=allowed_hosts,
                       methods=("GET", "HEAD", "POST") if review else ("GET", "HEAD"))
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")
    # the API's documentation page draws with Swagger UI 5 (OpenAPI 3.1, as FastAPI writes
    # it), served from the swagger-ui-py package's own files: no CDN, works offline
    app.mount("/api/docs/assets", StaticFiles(directory=_swagger_ui_files()), name="apidocs")

    def get(path: str, **kw: Any) -> Any:
        """A GET route whose handler closes the Store it used, in its own thread.

        Handlers are plain functions, never `async def`: FastAPI runs them in its threadpool,
        so their SQLite reads and rendering never stall the event loop (and every other
        request with it)."""
        def decorate(fn: Any) -> Any:
            if inspect.iscoroutinefunction(fn):
                raise TypeError(f"{fn.__name__}: a route here is a plain function (it reads "
                                "the database), not a coroutine")

            @functools.wraps(fn)
            def handler(*args: Any, **kwargs: Any) -> Any:
                try:
                    return fn(*args, **kwargs)
                finally:
                    ledger.release()

            return app.get(path, **kw)(handler)

        return decorate

    def page(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("session", review.session(request) if review else None)
        body = env.get_template(template).render(request_path=request.url.path, **ctx)
        return HTMLResponse(body, status_code=status)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    # plain functions too: Starlette runs them in its threadpool (they render a template)
    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page(request, "error.html", status=exc.status_code, status_code=exc.status_code,
                    message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    def bad_request(request: Request, exc: RequestValidationError) -> Any:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}"
                             for e in exc.errors())
        if wants_json(request):
            return JSONResponse({"detail": problems}, status_code=400)
        return page(request, "error.html", status=400, status_code=400, message=problems)

    # -- pages -------------------------------------------------------------------------------

    @get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        store = ledger.store
        counts = store.counts()
        conflicts = _conflict_rows(store)
        per_measure: dict[str, int] = defaultdict(int)
        for c in conflicts:
            per_measure[c["measure"]] += 1
        measures = [{**m, "conflicts": per_measure.get(m["name"], 0)}
                    for m in store.measures()]
        charted = [m for m in measures if m["groups"] > 1] or measures
        names = _names(store)
        groups_by_measure: dict[str, list] = defaultdict(list)
        for g in store.claim_groups():
            groups_by_measure[g["measure"]].append(g)
        charts = {m["id"]: Markup(timeline_svg(groups_by_measure[m["id"]], names))
                  for m in charted}
        docs = list(store.documents())
        dates = sorted(d["date"] for d in docs if d["date"])
        return page(request, "overview.html", counts=counts, measures=measures,
                    charted=charted, charts=charts, conflicts=conflicts[:10],
                    span=(dates[0], dates[-1]) if dates else None,
                    outlets=len({d["outlet"] or d["id"] for d in docs}))

    @get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=500)) -> HTMLResponse:
        index = ledger.current()
        q = q.strip()
        found = _search(ledger.store, index, q) if q else None
        return page(request, "search.html", q=q, found=found)

    @get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request, f: ClaimFilters,
                    page_no: int = Query(1, alias="page", ge=1, le=100000)) -> HTMLResponse:
        index = ledger.current()
        total, rows = index.claims(f, limit=PAGE, offset=(page_no - 1) * PAGE)
        active = f.active()
        pages = max(1, -(-total // PAGE))
        def link(n: int) -> str:
            return "/claims?" + urlencode({**active, "page": n})
        return page(request, "claims.html", claims=rows, total=total, f=f, active=active,
                    facets=index.facets, page_no=page_no, pages=pages,
                    prev=link(page_no - 1) if page_no > 1 else None,
                    next=link(page_no + 1) if page_no < pages else None,
                    api="/api/claims?" + urlencode(active),
                    csv="/claims.csv?" + urlencode(active))

    @get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """The API's own documentation, from /openapi.json, offline."""
        return HTMLResponse(env.get_template("apidocs.html").render())

    @get("/claims.csv", include_in_schema=False)
    def claims_csv(f: ClaimFilters) -> Response:
        """The claims the view's filters select, as the CSV export writes them."""
        from claimledger.present.formats import export_csv

        _total, rows = ledger.current().claims(f, limit=MAX_CSV, offset=0)
        out = io.StringIO()
        export_csv(ledger.store, out, ids={int(r["id"]) for r in rows})
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="claims.csv"'})

    @get("/claims/{claim_id}", response_class=HTMLResponse, include_in_schema=False)
    def claim_page(request: Request, claim_id: str) -> HTMLResponse:
        store, index = ledger.store, ledger.current()
        c = index.claim(_claim_id(claim_id))
        if c is None:
            raise HTTPException(404, f"no claim {claim_id!r}")
        doc = store.document(c["doc"]) or {}
        text = doc.get("clean_text") or ""
        context = Markup(_in_context(text, c))
        group, members, conflicts = None, [], []
        if c["grp"]:
            group = next((g for g in store.claim_groups(c["measure"]) if g["id"] == c["grp"]),
                         None) if c["measure"] else None
            members = index.by_ids([m["id"] for m in store.group_claims(c["grp"])
                                    if m["id"] != c["id"]])
            conflicts = [x for x in _conflict_rows(store) if c["grp"] in (x["a"], x["b"])]
        extra = review.claim_context(request, store, c) if review else {}
        return page(request, "claim.html", c=c, doc=doc, context=context, group=group,
                    members=members, conflicts=conflicts,
                    original=safe_url(doc.get("url")), **extra)

    @get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request) -> HTMLResponse:
        return page(request, "documents.html", docs=list(ledger.store.documents()),
                    syndication=ledger.store.syndication())

    @get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str,
                      furniture: bool = Query(False)) -> HTMLResponse:
        store, index = ledger.store, ledger.current()
        d = store.document(_check_id(doc_id, "document"))
        if d is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        claims = index.doc_claims(doc_id)
        copies = [s for s in store.syndication() if doc_id in (s["a"], s["b"])]
        return page(request, "document.html", d=d, claims=claims,
                    text=marked_text(d["clean_text"] or "", claims), furniture=furniture,
                    cuts=d["cuts"] or [], original=safe_url(d.get("url")), copies=copies)

    @get("/measures", response_class=HTMLResponse, include_in_schema=False)
    def measures_page(request: Request) -> HTMLResponse:
        store = ledger.store
        per: dict[str, int] = defaultdict(int)
        for c in store.conflicts():
            per[c["measure"]] += 1
        measures = [{**m, "conflicts": per.get(m["name"], 0)} for m in store.measures()]
        return page(request, "measures.html", measures=measures)

    @get("/measures/{measure_id}", response_class=HTMLResponse, include_in_schema=False)
    def measure_page(request: Request, measure_id: str) -> HTMLResponse:
        store, index = ledger.store, ledger.current()
        data = _timeline_data(store, index, _check_id(measure_id, "measure"))
        m = data["measure"]
        names = _names(store)
        chart = Markup(timeline_svg(store.claim_groups(m["id"]), names))
        conflicts = [c for c in _conflict_rows(store) if c["measure"] == m["name"]]
        return page(request, "measure.html", m=m, data=data, chart_svg=chart,
                    conflicts=conflicts, claims_url="/claims?" + urlencode({"measure": m["id"]}))

    @get("/conflicts", response_class=HTMLResponse, include_in_schema=False)
    def conflicts_page(request: Request) -> HTMLResponse:
        return page(request, "conflicts.html",
                    conflicts=_conflict_rows(ledger.store, weightiest=True))

    @get("/conflicts/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def conflict_page(request: Request, a: str, b: str) -> HTMLResponse:
        store = ledger.store
        _check_id(a, "claim group")
        _check_id(b, "claim group")
        found = next((c for c in _conflict_rows(store)
                      if (c["a"], c["b"]) in ((a, b), (b, a))), None)
        if found is None:
            raise HTTPException(404, f"no conflict between {a!r} and {b!r}")
        names = _names(store)
        sides = []
        for key in ("a", "b"):
            g = found["g" + key]
            sides.append({"group": g, "members": store.group_claims(g["id"]),
                          "who": [names.get(x, x) for x in (g["claimants"] or [])]})
        return page(request, "conflict.html", c=found, sides=sides)

    @get("/claimants", response_class=HTMLResponse, include_in_schema=False)
    def claimants_page(request: Request) -> HTMLResponse:
        store, index = ledger.store, ledger.current()
        rows = [{**k, "claims": index.counts_by("claimant_id", k["id"]),
                 "side": index.claimant_side(k["id"])} for k in store.claimants()]
        rows.sort(key=lambda k: (-k["claims"], k["name"]))
        return page(request, "claimants.html", claimants=rows)

    # -- API -------------------------------------------------------------------------------

    @get("/api/claims", tags=["claims"])
    def api_claims(f: ClaimFilters,
                   doc: str | None = Query(None, max_length=512, description="A document id."),
                   limit: int = Query(100, ge=1, le=MAX_LIMIT),
                   offset: int = Query(0, ge=0, le=10_000_000)) -> JSONResponse:
        """Claims matching every filter given, by date; `q` searches full text.

        Returns {total, limit, offset, filters, claims: [claim, with url and document_url]}.
        """
        f = dataclasses.replace(f, doc=_clean(doc))
        total, rows = ledger.current().claims(f, limit=limit, offset=offset)
        # straight to JSON: rows hold only str, int, float and None
        return JSONResponse({"total": total, "limit": limit, "offset": offset,
                             "filters": f.active(), "claims": [_claim_json(c) for c in rows]})

    @get("/api/claims/{claim_id}", tags=["claims"])
    def api_claim(claim_id: str) -> dict[str, Any]:
        """One claim, with the claims of the same figure elsewhere (its group)."""
        store, index = ledger.store, ledger.current()
        c = index.claim(_claim_id(claim_id))
        if c is None:
            raise HTTPException(404, f"no claim {claim_id!r}")
        same = [m["id"] for m in store.group_claims(c["grp"])] if c["grp"] else []
        return {**_claim_json(c), "group_claims": same}

    @get("/api/documents", tags=["documents"])
    def api_documents(q: str | None = Query(None, max_length=500,
                                            description="Full-text over titles and text.")
                      ) -> dict[str, Any]:
        """Every document (without its text), or those matching `q`, best first."""
        index = ledger.current()
        if q and q.strip():
            rows = index.documents(q.strip())
            for r in rows:
                r["snippet"] = (r["snippet"] or "").replace(SNIP_OPEN, "").replace(
                    SNIP_CLOSE, "")
        else:
            rows = list(ledger.store.documents())
        return {"documents": [{**r, "url": r.get("url"), "page": doc_url(r["id"])}
                              for r in rows]}

    @get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        """One document: its clean text, what cleaning cut (with reasons), its claims."""
        store = ledger.store
        d = store.document(_check_id(doc_id, "document"))
        if d is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        d.pop("offsets", None)
        d["cuts"] = [{"start": c.start, "end": c.end, "reason": c.reason, "text": c.text}
                     for c in d["cuts"] or []]
        d["claims"] = [_claim_json(c) for c in ledger.current().doc_claims(doc_id)]
        return d

    @get("/api/measures", tags=["ledger"])
    def api_measures() -> dict[str, Any]:
        """The measures: what groups of claims count, with their number of conflicts."""
        store = ledger.store
        per: dict[str, int] = defaultdict(int)
        for c in store.conflicts():
            per[c["measure"]] += 1
        return {"measures": [{**m, "conflicts": per.get(m["name"], 0),
                              "timeline": f"/api/timeline/{seg(m['id'])}"}
                             for m in store.measures()]}

    @get("/api/timeline/{measure}", tags=["ledger"])
    def api_timeline(measure: str) -> dict[str, Any]:
        """A measure's figures over time, one series per side; bounds stay bounds."""
        return _timeline_data(ledger.store, ledger.current(), _check_id(measure, "measure"))

    @get("/api/conflicts", tags=["ledger"])
    def api_conflicts() -> dict[str, Any]:
        """Pairs of claim groups of one measure that cannot both be true."""
        return {"conflicts": [{k: c.get(k) for k in ("a", "b", "kind", "measure", "sentence",
                                                     "apart", "sources", "weight", "latest",
                                                     "url")}
                              for c in _conflict_rows(ledger.store, weightiest=True)]}

    @get("/api/claimants", tags=["ledger"])
    def api_claimants() -> dict[str, Any]:
        """Who claims: one entry across spellings, with side, role and claim count."""
        index = ledger.current()
        return {"claimants": [
            {**k, "claims": index.counts_by("claimant_id", k["id"]),
             "side": index.claimant_side(k["id"]),
             "claims_url": "/api/claims?" + urlencode({"claimant": k["id"]})}
            for k in ledger.store.claimants()]}

    @get("/api/search", tags=["claims"])
    def api_search(q: str = Query(..., min_length=1, max_length=500)) -> dict[str, Any]:
        """Claimants, claims and documents matching `q`."""
        found = _search(ledger.store, ledger.current(), q.strip())
        for d in found["documents"]:
            d["snippet"] = (d["snippet"] or "").replace(SNIP_OPEN, "").replace(SNIP_CLOSE, "")
        return {"q": q, "claimants": found["claimants"],
                "claims": [_claim_json(c) for c in found["claims"]],
                "documents": found["documents"]}

    if review is not None:
        install_review(app, review, page, ledger.refresh)
    return app


def _search(store: Store, index: Index, q: str) -> dict[str, list]:
    words = [w.lower() for w in re.findall(r"\w+", q)]
    claimants = []
    if words:
        for k in store.claimants():
            hay = " ".join([k["name"], *(k["aliases"] or []), k["role"] or ""]).lower()
            if all(w in hay for w in words):
                claimants.append({**k, "claims": index.counts_by("claimant_id", k["id"]),
                                  "side": index.claimant_side(k["id"]),
                                  "claims_url": "/claims?" + urlencode({"claimant": k["id"]})})
    return {"claimants": claimants, "claims": index.search_claims(q),
            "documents": index.documents(q)}
