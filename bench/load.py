"""Load test: `claimledger serve` answering full-text claim searches under concurrency.

Run from the repo root:

    .venv/bin/python bench/load.py [--db FILE] [--clients 50] [--seconds 10]

1. The database: --db, or one built here from the sample corpus (corpus/sample/docs) with
   `claimledger run` into a temp dir (removed at the end).
2. The server: `claimledger serve` in a child process on a free port of 127.0.0.1 (one
   uvicorn worker, as a user runs it), waited for until it answers.
3. The load: --clients concurrent clients, each its own kept-alive connection (asyncio
   streams and a minimal HTTP/1.1 client, so the client side takes little CPU from the
   server), each sending `GET /api/claims?q=WORD` back to back for --seconds, WORD drawn in
   turn from claimant names, figures and quote words of the corpus.
   Only this machine's loopback is ever sent to; the run stops by itself.

Prints requests/s, the median and 99th-percentile latency and the error count, and as its
last line one JSON object with those figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample" / "docs"
WORDS = ["Denisova", "Lavrov", "402000", "children", "Mariupol", "million", "deported",
         "Blinken", "filtration", "Lubinets", "evacuated", "700,000", "Mizintsev", "camps",
         "Karasin", "refugees", "ICC", "19000", "Kyiv", "voluntary"]
CLI = [sys.executable, "-c", "from claimledger.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_db(folder: Path) -> Path:
    db = folder / "sample.db"
    subprocess.run([*CLI, "run", str(SAMPLE), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL)
    return db


def start_server(db: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read().decode()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/measures", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer within 60 s")


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str,
               target: str) -> tuple[int, bytes]:
    """One HTTP/1.1 request on a kept-alive connection: (status, body)."""
    writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json"
                 "\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(v) for k, _, v in (x.partition(":") for x in lines[1:])
                  if k.lower() == "content-length")
    return status, await reader.readexactly(length)


async def load(port: int, clients: int, seconds: float) -> tuple[list[float], int, float]:
    """`clients` connections, each sending its next request as soon as the last is answered.

    A minimal HTTP/1.1 client on asyncio streams, so that the client side costs little of
    the machine's CPU and the figures are the server's."""
    latencies: list[float] = []
    errors = 0
    host = f"127.0.0.1:{port}"
    start = time.perf_counter()
    deadline = start + seconds

    async def client(n: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = n
        try:
            while time.perf_counter() < deadline:
                target = "/api/claims?" + urlencode({"q": WORDS[i % len(WORDS)]})
                i += 1
                t = time.perf_counter()
                try:
                    status, body = await _get(reader, writer, host, target)
                    ok = status == 200 and b'"claims"' in body
                except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration):
                    ok = False
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                latencies.append(time.perf_counter() - t)
                errors += not ok
        finally:
            writer.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, errors, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="a claimledger database [default: the sample "
                    "corpus, built here]")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    if not 1 <= args.clients <= 500 or not 0 < args.seconds <= 120:
        ap.error("--clients 1..500, --seconds up to 120")
    tmp = Path(tempfile.mkdtemp(prefix="claimledger-load-"))
    proc = None
    try:
        db = args.db or build_db(tmp)
        port = free_port()
        proc = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        # one warm-up request per word: the index is built at start, pages are not cached
        for w in WORDS:
            httpx.get(f"{base}/api/claims", params={"q": w}, timeout=10)
        latencies, errors, elapsed = asyncio.run(load(port, args.clients, args.seconds))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    n = len(latencies)
    ms = sorted(x * 1000 for x in latencies)
    p50 = statistics.median(ms) if ms else 0.0
    p99 = ms[min(n - 1, int(0.99 * n))] if ms else 0.0
    rps = n / elapsed if elapsed else 0.0
    print(f"server     claimledger serve (1 uvicorn worker), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"load       {args.clients} clients x {args.seconds:g} s: GET /api/claims?q=WORD")
    print(f"requests   {n} in {elapsed:.1f} s, {errors} errors")
    print(f"throughput {rps:,.0f} requests/s")
    print(f"latency    median {p50:.1f} ms, p99 {p99:.1f} ms")
    print(json.dumps({"clients": args.clients, "seconds": round(elapsed, 2), "requests": n,
                      "errors": errors, "rps": round(rps, 1), "p50_ms": round(p50, 2),
                      "p99_ms": round(p99, 2)}))


if __name__ == "__main__":
    main()
