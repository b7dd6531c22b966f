"""The server's outer layer (pure ASGI, outside everything else): what every request and
every response goes through, errors included.

- GET and HEAD only: any other method is 405, on every path, before routing.
- Bounds: a query string over 4 KB or a path over 4 KB is 414; a declared or streamed body
  over 64 KB is 413.
- Host: only the names the server was started for, whatever address it listens on (DNS
  rebinding cannot point another site's name at this server and read it through the
  visitor's browser). A request with no Host, or with two, is refused too.
- Headers on every response: a Content-Security-Policy that allows only this origin's own
  scripts, styles, images and fetches (no inline script, no plugin, no framing), nosniff,
  no referrer, no framing.
- An unexpected error is a plain 500 that says nothing of the server's insides (the
  traceback goes to the log), with the same headers.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
_SECURITY_NAMES = {k for k, _ in SECURITY_HEADERS}
ALLOWED_METHODS = ("GET", "HEAD")
MAX_BODY = 64 * 1024
MAX_QUERY = 4 * 1024
MAX_PATH = 4 * 1024
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$")

log = logging.getLogger("claimledger.web")


def host_name(value: str) -> str:
    """A name a server may be reached by, as the Host header carries it (lower case, an
    IPv6 address without brackets); ValueError for anything else: a pattern ('*'), a port,
    a URL."""
    name = value.strip().lower()
    bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        pass
    if not _NAME.match(name):
        raise ValueError(f"{value!r} is not a host name (give a name or an address, "
                         "without scheme, port or pattern, e.g. ledger.lan or 192.168.1.5)")
    return name


def served_hosts(bind: str, names: Iterable[str] = ()) -> tuple[str, ...]:
    """The Host names a server listening on `bind` answers: this machine's loopback names
    (a page elsewhere cannot make a browser send them), the address it listens on when that
    is one address rather than every interface, and the `names` the user gave. Any other
    name is refused, so that binding to 0.0.0.0 never means "any Host"."""
    hosts = [*LOCAL_HOSTS]
    if bind not in WILDCARD_BINDS:
        hosts.append(host_name(bind))
    hosts += [host_name(n) for n in names]
    return tuple(dict.fromkeys(hosts))


class _BodyTooLarge(Exception):
    pass


class Guard:
    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None = LOCAL_HOSTS,
                 max_body: int = MAX_BODY, max_query: int = MAX_QUERY,
                 max_path: int = MAX_PATH, methods: Iterable[str] = ALLOWED_METHODS) -> None:
        """`methods`: GET and HEAD, the read-only server; review mode adds POST."""
        self.app = app
        self.methods = tuple(methods)
        hosts = None if allowed_hosts is None else {h.lower().strip("[]")
                                                     for h in allowed_hosts}
        self.hosts = None if hosts is None or "*" in hosts else hosts
        self.max_body, self.max_query, self.max_path = max_body, max_query, max_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in _SECURITY_NAMES]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        refusal = self._refuse(scope)
        if refusal is not None:
            await _plain(send_secured, *refusal)
            return
        out = send_secured
        if scope["method"] == "HEAD":  # answered as GET, without the body
            scope = {**scope, "method": "GET"}
            out = _without_body(send_secured)
        received = 0

        async def receive_bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, receive_bounded, out)
        except _BodyTooLarge:
            if not started:
                await _plain(send_secured, 413, "Request body too large")
        except Exception:
            log.exception("error serving %s", scope.get("path"))
            if started:
                raise
            await _plain(send_secured, 500, "Internal server error")

    def _refuse(self, scope: Scope) -> tuple[int, str, list] | None:
        if len(scope.get("query_string", b"")) > self.max_query:
            return 414, "Query string too long", []
        if len(scope.get("raw_path") or scope["path"].encode()) > self.max_path:
            return 414, "URI too long", []
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        hosts = [v for k, v in scope.get("headers", []) if k.lower() == b"host"]
        length = headers.get(b"content-length")
        if length is not None:
            try:
                if int(length) > self.max_body:
                    return 413, "Request body too large", []
            except ValueError:
                return 400, "Bad Content-Length", []
        if scope["method"] not in self.methods:
            return 405, "Method not allowed: this server only reads", [
                (b"allow", ", ".join(self.methods).encode())]
        if self.hosts is not None:
            if len(hosts) != 1:  # a proxy and this server could read different ones
                return 400, "One Host header expected", []
            host = hosts[0].decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.strip("[]") not in self.hosts:
                return 400, "Unknown host", []
        return None


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body", False):
                return
            message = {**message, "body": b""}
        await send(message)

    return send_head


async def _plain(send: Send, status: int, text: str, extra: list | None = None) -> None:
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()), *(extra or [])]})
    await send({"type": "http.response.body", "body": body})
