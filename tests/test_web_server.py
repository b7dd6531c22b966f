"""`claimledger serve` as a server: no request waits on another's database work, a client
that sends slowly or holds connections is bounded, and only the host names the user gave
are answered, whatever address it listens on (DNS rebinding).

The live tests run uvicorn in a thread on a free port of 127.0.0.1, with the options
`serve` gives it (server_options), over the small ledger of conftest.py."""

from __future__ import annotations

import http.client
import inspect
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from browsing import served
from click.testing import CliRunner
from fastapi.routing import APIRoute

from claimledger.cli import main
from claimledger.present.web import create_app
from claimledger.present.web.guard import host_name, served_hosts
from claimledger.present.web.search import Index
from claimledger.present.web.server import server_options
from claimledger.store import Store

with warnings.catch_warnings():  # Starlette's note that it prefers another HTTP client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@contextmanager
def running(db: Path, max_connections: int = 100, request_timeout: float = 10.0,
            keep_alive: int = 5) -> Iterator[tuple[str, int]]:
    """`serve`'s server over `db`, in a thread: yields (host, port)."""
    options = server_options("127.0.0.1", 0, max_connections=max_connections,
                             request_timeout=request_timeout, keep_alive=keep_alive)
    with served(create_app(str(db)), **options) as url:
        host, port = url.removeprefix("http://").rsplit(":", 1)
        yield host, int(port)


def _url(addr: tuple[str, int], path: str) -> str:
    return f"http://{addr[0]}:{addr[1]}{path}"


def _closed_after(sock: socket.socket, limit: float) -> float | None:
    """Seconds until the server closes `sock` (None if it is still open after `limit`)."""
    start = time.monotonic()
    sock.settimeout(0.1)
    while time.monotonic() - start < limit:
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - start
        except TimeoutError:
            continue
        except ConnectionResetError:
            return time.monotonic() - start
    return None


# -- no request waits on another's work ------------------------------------------------------

def _stalled(method: Callable[..., Any], entered: threading.Event,
             release: threading.Event) -> Callable[..., Any]:
    def stalled(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        release.wait(15)
        return method(*args, **kwargs)

    return stalled


@pytest.mark.parametrize("path, owner, name", [
    ("/api/claims?q=Ukraine", Index, "claims"),
    ("/api/documents/deported.txt", Store, "document"),
    ("/search?q=Ukraine", Index, "search_claims"),
])
def test_a_request_in_the_database_does_not_hold_up_another(
        ledger: Path, monkeypatch: pytest.MonkeyPatch, path: str, owner: type,
        name: str) -> None:
    entered, release = threading.Event(), threading.Event()
    monkeypatch.setattr(owner, name, _stalled(getattr(owner, name), entered, release))
    with running(ledger) as addr, ThreadPoolExecutor(1) as pool:
        slow = pool.submit(httpx.get, _url(addr, path), timeout=30)
        try:
            assert entered.wait(10)
            start = time.monotonic()
            r = httpx.get(_url(addr, "/api/measures"), timeout=5)
            waited = time.monotonic() - start
        finally:
            release.set()
        assert r.status_code == 200 and waited < 2
        assert slow.result().status_code == 200


def _dependencies(dependant: Any) -> Iterator[Any]:
    for d in dependant.dependencies:
        yield d.call
        yield from _dependencies(d)


def test_no_route_handler_runs_on_the_event_loop(ledger: Path) -> None:
    """Plain functions: FastAPI and Starlette run them in their threadpool."""
    app = create_app(str(ledger))
    routes = [r for r in app.routes if isinstance(r, APIRoute)]
    assert len(routes) > 15
    for route in routes:
        for fn in (route.endpoint, *_dependencies(route.dependant)):
            assert not inspect.iscoroutinefunction(fn), (route.path, fn)
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    for kind in (HTTPException, RequestValidationError):
        assert not inspect.iscoroutinefunction(app.exception_handlers[kind])


def test_an_index_in_use_outlives_its_replacement(ledger: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A request still reading the old index when a run changed the database finishes."""
    from claimledger.present.web import app as web_app

    monkeypatch.setattr(web_app, "REFRESH_SECONDS", 0.0)
    held = create_app(str(ledger)).state.ledger
    old = held.current()
    monkeypatch.setattr(web_app, "signature", lambda store: ("changed",))
    assert held.current() is not old
    total, _ = old.claims(web_app.Filters())
    assert total == 3


# -- slow and many clients -------------------------------------------------------------------

@pytest.mark.parametrize("sent", [
    b"",  # connects, says nothing
    b"GET /api/mea",  # half a request line
    b"GET /api/measures HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # a head without its end
])
def test_a_client_that_stops_midway_is_disconnected(ledger: Path, sent: bytes) -> None:
    with running(ledger, request_timeout=1.0) as addr:
        with socket.create_connection(addr, timeout=5) as s:
            s.sendall(sent)
            waited = _closed_after(s, 5)
    assert waited is not None and 0.8 < waited < 2.5


def test_a_client_sending_a_byte_at_a_time_is_disconnected(ledger: Path) -> None:
    """Each byte would restart a keep-alive timer: the deadline is for the whole request."""
    request = b"GET /api/measures HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"  # 10 s at this pace
    with running(ledger, request_timeout=1.0) as addr:
        with socket.create_connection(addr, timeout=5) as s:
            start, closed = time.monotonic(), False
            for i in range(len(request)):
                try:
                    s.sendall(request[i:i + 1])
                except OSError:
                    closed = True
                    break
                if _closed_after(s, 0.2) is not None:
                    closed = True
                    break
            waited = time.monotonic() - start
    assert closed and waited < 2.5


def test_a_kept_alive_connection_has_a_new_deadline_for_each_request(ledger: Path) -> None:
    with running(ledger, request_timeout=1.0) as addr:
        conn = http.client.HTTPConnection(*addr, timeout=5)
        try:
            for _ in range(3):  # 1.8 s on one connection, each request well in time
                conn.request("GET", "/api/measures")
                assert conn.getresponse().read() and conn.sock is not None
                time.sleep(0.6)
        finally:
            conn.close()


def test_connections_beyond_the_limit_are_answered_503(ledger: Path) -> None:
    with running(ledger, max_connections=3) as addr:
        held = [socket.create_connection(addr, timeout=5) for _ in range(3)]
        try:
            time.sleep(0.2)  # the server has taken them
            assert httpx.get(_url(addr, "/api/measures"), timeout=5).status_code == 503
        finally:
            for s in held:
                s.close()
        deadline = time.monotonic() + 5
        while httpx.get(_url(addr, "/api/measures"), timeout=5).status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.05)


# -- host names (DNS rebinding) --------------------------------------------------------------

def _serve(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, dict[str, Any]]:
    """Run `serve` with uvicorn.run caught: (its output, uvicorn's keyword arguments)."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    result = CliRunner().invoke(main, ["serve", *args])
    return result, (calls[-1] if calls else {})


def _status(app: Any, host: str) -> int:
    with TestClient(app, base_url="http://127.0.0.1") as c:
        return c.get("/api/measures", headers={"host": host}).status_code


@pytest.mark.parametrize("bind", ["127.0.0.1", "0.0.0.0", "::", "192.0.2.7"])
def test_a_host_not_named_is_refused_whatever_the_address(
        ledger: Path, monkeypatch: pytest.MonkeyPatch, bind: str) -> None:
    result, run = _serve(["--db", str(ledger), "--host", bind], monkeypatch)
    assert result.exit_code == 0, result.output
    app = run["app"]
    assert _status(app, "evil.example") == 400
    assert _status(app, "evil.example:8000") == 400
    assert _status(app, "localhost:8000") == 200
    assert _status(app, "127.0.0.1:8000") == 200


def test_other_machines_use_the_names_given(ledger: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    result, run = _serve(["--db", str(ledger), "--host", "0.0.0.0",
                          "--allowed-host", "ledger.lan", "--allowed-host", "192.0.2.7"],
                         monkeypatch)
    assert result.exit_code == 0, result.output
    app = run["app"]
    assert _status(app, "ledger.lan:8000") == 200
    assert _status(app, "LEDGER.LAN") == 200
    assert _status(app, "192.0.2.7:8000") == 200
    assert _status(app, "evil.example") == 400
    assert _status(app, "ledger.lan.evil.example") == 400
    assert _status(app, "192.0.2.8") == 400


def test_a_wildcard_bind_without_names_says_who_can_connect(
        ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, _ = _serve(["--db", str(ledger), "--host", "0.0.0.0"], monkeypatch)
    assert result.exit_code == 0 and "--allowed-host" in result.output


@pytest.mark.parametrize("name", ["*", "ledger.lan:8000", "http://ledger.lan", "", "a b"])
def test_an_allowed_host_is_a_name_not_a_pattern(ledger: Path, monkeypatch: pytest.MonkeyPatch,
                                                 name: str) -> None:
    result, run = _serve(["--db", str(ledger), "--host", "0.0.0.0", "--allowed-host", name],
                         monkeypatch)
    assert result.exit_code == 2 and not run
    assert "--allowed-host" in result.output and "not a host name" in result.output


def test_one_host_header_only(ledger: Path) -> None:
    with TestClient(create_app(str(ledger)), base_url="http://127.0.0.1") as c:
        for hosts in (["evil.example", "localhost"], ["localhost", "evil.example"]):
            r = c.get("/api/measures", headers=[("host", h) for h in hosts])
            assert r.status_code == 400


def test_host_names_are_normalised() -> None:
    assert host_name(" Ledger.LAN ") == "ledger.lan"
    assert host_name("[2001:DB8::1]") == host_name("2001:db8::1") == "2001:db8::1"
    assert served_hosts("0.0.0.0") == ("127.0.0.1", "localhost", "::1")
    assert served_hosts("192.0.2.7", ["ledger.lan"])[-2:] == ("192.0.2.7", "ledger.lan")


def test_serve_passes_its_limits_to_uvicorn(ledger: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    result, run = _serve(["--db", str(ledger)], monkeypatch)
    assert result.exit_code == 0, result.output
    assert run["limit_concurrency"] == 100 and run["timeout_keep_alive"] == 5
    assert run["http"].request_timeout == 10.0
    result, run = _serve(["--db", str(ledger), "--max-connections", "7",
                          "--request-timeout", "2.5", "--keep-alive", "3"], monkeypatch)
    assert result.exit_code == 0, result.output
    assert run["limit_concurrency"] == 7 and run["timeout_keep_alive"] == 3
    assert run["http"].request_timeout == 2.5
