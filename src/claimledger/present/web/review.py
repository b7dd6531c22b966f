"""`serve --review`: the web UI's review mode, on top of the read-only app.

Off unless asked for. With it, a reviewer logs in (/login) and confirms, corrects, rejects
or adds claims in place, on each claim, document and conflict page, and works through the
queue (/review: claims in conflicts first, then the least sure first, with keyboard
shortcuts). Every write is a POST with the session's CSRF token, by a user with the
reviewer role, through claimledger.reviewing.Review: one transaction, logged, the ledger
rebuilt. The database is opened for writing only for that write; pages still read through
the read-only store. Sessions and the login limit are in sessions.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from claimledger.present.web.sessions import (
    COOKIE,
    LOGIN_COOKIE,
    LOGIN_MAX_AGE,
    MAX_AGE,
    LoginLimiter,
    Session,
    Sessions,
    csrf_ok,
    stamp,
)
from claimledger.review.confidence import confidence, doubts
from claimledger.review.fields import FIELDS, FieldError
from claimledger.review.records import REASONS
from claimledger.review.users import password_ok
from claimledger.reviewing import Review, ReviewError, StaleDecision
from claimledger.store import Store

QUEUE = 200  # claims the queue shows at once
# the fields a reviewer can set on the page, in the order the form shows them
FORM_FIELDS = ("claimant", "affiliation", "claimant_role", "predicate", "framing", "date",
               "place", "unit", "qualifier", "value", "low", "high")
assert set(FORM_FIELDS) == set(FIELDS)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s)|\n")


class ReviewMode:
    """What the pages need to know of review mode (the read-only app asks it)."""

    def __init__(self, target: str, secret: bytes | None = None) -> None:
        self.target = target
        self.sessions = Sessions(secret)
        self.limiter = LoginLimiter()

    def session(self, request: Request) -> Session | None:
        """The request's live session, or None; one whose user's password or role changed
        since it began is ended here."""
        session = self.sessions.get(request.cookies.get(COOKIE))
        if session is None:
            return None
        with Store(self.target, create=False) as store:
            user = store.user(session.user)
        if user is None or stamp(user["password"], user["role"]) != session.stamp:
            self.sessions.end(session)
            return None
        return session

    # what the read-only pages add in review mode
    def claim_context(self, request: Request, store: Store, claim: dict[str, Any]
                      ) -> dict[str, Any]:
        """The review panel's data for a claim page (`store`: the page's read-only one)."""
        if self.session(request) is None:
            return {}
        review = Review(store)
        try:
            row = review.claim(claim["id"])
            history = review.history(claim["id"])
            latest = history[-1] if history else None  # what Review.latest finds, once
        except ReviewError:
            return {}
        return {"review": {"history": history, "base": latest.id if latest else 0,
                           "status": row["status"], "machine": row.get("machine") or {},
                           "values": {k: row.get(k) for k in FORM_FIELDS},
                           "reasons": REASONS, "fields": FORM_FIELDS,
                           "confidence": confidence(row), "doubts": doubts(row)}}


def _form_value(v: Any) -> str:
    return "" if v is None else str(v)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of `text` holding [start, end): from after the previous sentence end
    (or line break) to the next one, trimmed."""
    s = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end)
    e = m.end() if m else len(text)
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    return s, e


def install(app: FastAPI, mode: ReviewMode, page: Callable[..., HTMLResponse],
            refresh: Callable[[], None]) -> None:
    """Add the login, the queue and the write routes to `app`."""

    def need(request: Request, write: bool = False) -> Session:
        session = mode.session(request)
        if session is None:
            raise HTTPException(401, "log in first (/login)")
        if write and not session.may_write:
            raise HTTPException(403, f"{session.user} is a {session.role}: only a reviewer "
                                     "can decide")
        return session

    async def form_of(request: Request, session: Session) -> dict[str, str]:
        form = await request.form()
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        if not csrf_ok(session, values.get("csrf")):
            raise HTTPException(403, "the form's security token is missing or stale: reload "
                                     "the page and try again")
        if not _same_origin(request):
            raise HTTPException(403, "a form from another site")
        return values

    async def write(fn: Callable[[Review], Any]) -> Any:
        def run() -> Any:
            with Store(mode.target, create=False) as store:
                return fn(Review(store))

        try:
            result = await run_in_threadpool(run)
        except StaleDecision as e:
            raise HTTPException(409, str(e)) from None
        except (ReviewError, FieldError) as e:
            raise HTTPException(400, str(e)) from None
        await run_in_threadpool(refresh)
        return result

    def back(url: str) -> RedirectResponse:
        return RedirectResponse(url, status_code=303)

    # -- logging in and out -----------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        token, cookie = mode.sessions.login_token()
        response = page(request, "login.html", token=token, error=None)
        _set_cookie(response, LOGIN_COOKIE, cookie, LOGIN_MAX_AGE)
        return response

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("name") or ""), str(form.get("password") or "")
        client = f"addr:{request.client.host if request.client else '?'}"
        wait = mode.limiter.retry_after(f"user:{name}", client)
        if wait:
            raise HTTPException(429, f"too many failed logins: try again in {wait} s")
        if not mode.sessions.login_token_ok(request.cookies.get(LOGIN_COOKIE),
                                            str(form.get("token") or "")) \
                or not _same_origin(request):
            raise HTTPException(403, "the login form's token is missing or stale: reload it")

        def check() -> dict[str, Any] | None:
            with Store(mode.target, create=False) as store:
                user = store.user(name) if name else None
            ok = password_ok(user["password"] if user else None, password)
            return user if ok else None

        user = await run_in_threadpool(check)
        if user is None:
            mode.limiter.failed(f"user:{name}", client)
            token, cookie = mode.sessions.login_token()
            response = page(request, "login.html", status=401, token=token,
                            error="wrong name or password")
            _set_cookie(response, LOGIN_COOKIE, cookie, LOGIN_MAX_AGE)
            return response
        mode.limiter.succeeded(f"user:{name}")
        _session, cookie = mode.sessions.start(user["name"], user["role"],
                                               stamp(user["password"], user["role"]))
        response = back("/review")
        _set_cookie(response, COOKIE, cookie, MAX_AGE)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        session = need(request)
        await form_of(request, session)
        mode.sessions.end(session)
        response = back("/")
        response.delete_cookie(COOKIE, path="/")
        return response

    # -- the queue --------------------------------------------------------------------------

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def queue(request: Request) -> Response:
        session = mode.session(request)
        if session is None:
            return back("/login")
        with Store(mode.target, create=False) as store:
            in_conflict = {g for c in store.conflicts() for g in (c["a"], c["b"])}
            rows = [r for r in store.claims() if r["status"] == "machine"]
            counts: dict[str, int] = {}
            for r in store.claims(include_rejected=True):
                counts[r["status"]] = counts.get(r["status"], 0) + 1
            orphans = Review(store).orphans()
        for r in rows:
            r["confidence"], r["doubts"] = confidence(r), doubts(r)
            r["in_conflict"] = r["grp"] in in_conflict
        rows.sort(key=lambda r: (not r["in_conflict"], r["confidence"], r["doc"],
                                 r["figure_start"] or 0))
        return page(request, "review.html", rows=rows[:QUEUE], total=len(rows),
                    counts=counts, orphans=orphans)

    # -- decisions ----------------------------------------------------------------------------

    @app.post("/review/claims/{claim_id}/{action}", include_in_schema=False)
    async def decide(request: Request, claim_id: int, action: str) -> Response:
        session = need(request, write=True)
        form = await form_of(request, session)
        base = int(form["base"]) if form.get("base", "").isdigit() else None
        note = form.get("note") or None
        if action == "confirm":
            await write(lambda r: r.confirm(claim_id, by=session.user, note=note, base=base))
        elif action == "reject":
            await write(lambda r: r.reject(claim_id, form.get("reason", ""), by=session.user,
                                           note=note, base=base))
        elif action == "correct":
            def correct(r: Review) -> Any:
                row = r.claim(claim_id)
                changed = {k: form[k] for k in FORM_FIELDS
                           if k in form and form[k].strip() != _form_value(row.get(k)).strip()}
                if not changed:
                    raise ReviewError("nothing changed: edit a field, or confirm the claim")
                return r.correct(claim_id, changed, by=session.user, note=note, base=base)

            await write(correct)
        else:
            raise HTTPException(404, f"no review action {action!r}")
        target = form.get("next") or ""
        return back(target if target in ("/review",) else f"/claims/{claim_id}")

    @app.post("/review/documents/{doc_id}/add", include_in_schema=False)
    async def add(request: Request, doc_id: str) -> Response:
        session = need(request, write=True)
        form = await form_of(request, session)
        try:
            fs, fe = int(form.get("figure_start", "")), int(form.get("figure_end", ""))
        except ValueError:
            raise HTTPException(400, "select the figure in the text first") from None
        fields = {k: form[k] for k in FORM_FIELDS if form.get(k, "").strip()}

        def add_claim(r: Review) -> int:
            text = r.store.clean_text(doc_id)
            if text is None:
                raise ReviewError(f"no document {doc_id!r}")
            quote_span = sentence_around(text.text, fs, fe) if 0 <= fs < fe <= len(
                text.text) else (fs, fe)
            r.add(doc_id, quote_span, (fs, fe), fields, by=session.user,
                  note=form.get("note") or None)
            found = [c for c in r.store.claims(doc_id)
                     if (c["figure_start"], c["figure_end"]) == (fs, fe)]
            return int(found[0]["id"]) if found else 0

        claim = await write(add_claim)
        return back(f"/claims/{claim}" if claim else f"/documents/{quote(doc_id, safe='')}")

    @app.post("/review/conflicts/{a}/{b}/dismiss", include_in_schema=False)
    async def dismiss(request: Request, a: str, b: str) -> Response:
        session = need(request, write=True)
        form = await form_of(request, session)
        await write(lambda r: r.not_a_conflict(a, b, by=session.user,
                                               note=form.get("note") or None))
        return back("/conflicts")


def _set_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    # Secure is left to HTTPS deployments behind a proxy: the server itself speaks HTTP on
    # 127.0.0.1, where a Secure cookie would never be sent back
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True,
                        samesite="strict")


def _same_origin(request: Request) -> bool:
    """Whether a form may come from this server: its Origin, when a browser names one, is
    this host. (Under the pages' no-referrer policy a browser sends "null": the CSRF token
    and the SameSite=Strict cookie are the guard then.)"""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host
