"""(d) The mock's token-endpoint throughput (client_credentials, keep-alive connections).

The load generator is deliberately light: keep-alive HTTP/1.1 over raw asyncio streams, in
a process of its own, so that the client is not what is measured. scripts/bench_mock drives
the same load with more processes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from .base import BASIC, verdict
from .report import Bench

THROUGHPUT_GOAL = 1000.0  # token requests per second from the mock


def token_request(host: str, port: int) -> bytes:
    body = "grant_type=client_credentials&scope=meetings%3Aread"
    return (
        f"POST /oauth2/token HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: {BASIC}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


async def load_connection(host: str, port: int, deadline: float) -> tuple[int, int]:
    """Requests back to back on one connection until `deadline`: (ok, failed)."""
    request = token_request(host, port)
    reader, writer = await asyncio.open_connection(host, port)
    ok = failed = 0
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
            await reader.readexactly(int(length.group(1)) if length else 0)
            if head.startswith(b"HTTP/1.1 200"):
                ok += 1
            else:
                failed += 1
    finally:
        writer.close()
    return ok, failed


async def load(host: str, port: int, connections: int, seconds: float) -> tuple[int, int]:
    """`connections` connections in parallel for `seconds`: (ok, failed) in all."""
    deadline = time.monotonic() + seconds
    results = await asyncio.gather(
        *(load_connection(host, port, deadline) for _ in range(connections))
    )
    return sum(r[0] for r in results), sum(r[1] for r in results)


def host_port(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    return parts.hostname or "127.0.0.1", parts.port or 80


def load_worker(args: tuple[str, int, int, float]) -> tuple[int, int, float]:
    """A client process's load, after a warm-up: (ok, failed, seconds)."""
    host, port, connections, seconds = args
    asyncio.run(load(host, port, connections, min(1.0, seconds)))  # warm up
    started = time.monotonic()
    ok, failed = asyncio.run(load(host, port, connections, seconds))
    return ok, failed, time.monotonic() - started


@dataclass
class Throughput:
    ok: int
    failed: int
    seconds: float
    connections: int

    @property
    def rate(self) -> float:
        return self.ok / self.seconds


def measure_throughput(base_url: str, connections: int, seconds: float) -> Throughput:
    host, port = host_port(base_url)
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        ok, failed, elapsed = pool.apply(load_worker, ((host, port, connections, seconds),))
    return Throughput(ok, failed, elapsed, connections)


def run(bench: Bench) -> None:
    options = bench.options
    throughput = measure_throughput(bench.base_url, options.connections, options.throughput_seconds)
    ok = throughput.rate >= THROUGHPUT_GOAL and throughput.failed == 0
    print(
        f"\n(d) mock token endpoint (client_credentials), {throughput.connections} "
        f"keep-alive connections from another process, {throughput.seconds:.1f} s"
    )
    print(
        f"  {throughput.ok} tokens ({throughput.failed} non-200): "
        f"{throughput.rate:,.0f} requests/second   goal >= {THROUGHPUT_GOAL:,.0f}  "
        f"{verdict(ok)}"
    )
    bench.report.target(
        "mock token requests/second", f"{throughput.rate:,.0f}", f">= {THROUGHPUT_GOAL:,.0f}", ok
    )
