"""What the tests that talk to a real server share: Debian's Chromium and how it is started
here, and an app served by uvicorn in a thread on a port the OS picks."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def served(app: Any, **options: Any) -> Iterator[str]:
    """`app` under uvicorn in a thread on 127.0.0.1 (a port the OS picks, unless `options`,
    uvicorn.Config's, say otherwise); its base URL while the block runs."""
    import uvicorn

    config = {"host": "127.0.0.1", "port": 0, "log_level": "warning", "access_log": False,
              **options}
    srv = uvicorn.Server(uvicorn.Config(app, **config))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    port = srv.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{config['host']}:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
