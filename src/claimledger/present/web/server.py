"""How `claimledger serve` runs uvicorn: bounded against clients that hold connections.

uvicorn (h11) has a keep-alive timeout but no deadline for reading a request: a client that
opens a connection and sends nothing, or half a request line, or one byte every few
seconds (each byte restarts the keep-alive timer), holds the connection for as long as it
likes, and enough of them hold every slot. So:

- every request must arrive in full (head and any body) within `request_timeout` seconds of
  the connection opening or of the previous answer on it, or the connection is closed;
- an idle kept-alive connection is closed after `keep_alive` seconds;
- beyond `max_connections` open connections, requests are answered 503 (uvicorn's
  `limit_concurrency`, which counts connections and requests in flight);
- a request head is at most MAX_HEAD bytes (h11's bound; beyond it, 400).
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_HEAD = 16 * 1024


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on reading each request.

    The clock runs while the client owes a request (h11's client state IDLE: nothing or
    part of a head; SEND_BODY: a head without all of its body) and stops once it is read;
    it is not restarted by data arriving, only by the next request being due."""

    request_timeout: float = 10.0
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # may start the next cycle, and read a pipelined one
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop()
        super().connection_lost(exc)

    def _follow(self) -> None:
        owed = self.conn.their_state in (h11.IDLE, h11.SEND_BODY)
        if not owed:
            self._stop()
        elif self._deadline is None and not self.transport.is_closing():
            self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _stop(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def timed_h11(request_timeout: float) -> type[TimedH11Protocol]:
    """The protocol class with this deadline (uvicorn takes a class, not an instance)."""
    return type("TimedH11Protocol", (TimedH11Protocol,), {"request_timeout": request_timeout})


def server_options(host: str, port: int, *, max_connections: int, request_timeout: float,
                   keep_alive: int) -> dict[str, Any]:
    """uvicorn.run's / uvicorn.Config's keyword arguments for `serve`."""
    return {
        "host": host, "port": port,
        "http": timed_h11(request_timeout), "ws": "none",
        "limit_concurrency": max_connections, "timeout_keep_alive": keep_alive,
        "h11_max_incomplete_event_size": MAX_HEAD,
        "server_header": False, "proxy_headers": False,
        "log_level": "warning", "access_log": False,
    }
