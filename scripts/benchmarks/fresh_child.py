"""One run of the issue 6 protocol: the only run of a fresh process (started by fresh.py).

    python -m benchmarks.fresh_child SUBJECT BASE_URL TOKEN CALLS INFLIGHT HEADERS_JSON MODE

Not timed: the interpreter's startup and the imports, including the modules contio defers to
its first call and those the HTTP libraries load on first use (imported here beforehand, as
Node's require() has loaded the SDK's, and contio's cost reported). Timed, as process CPU
time: the client's construction, its connections and every call. Prints one JSON line: cpu,
deferred, the modules first loaded inside the timed run (there should be none), the
transport contio used, and whether httpx (0.28) is loaded at all.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import clients
from .base import CLIENT, BenchError
from .calls import (
    burst,
    facade_async,
    facade_close,
    facade_sync,
    plain_aiohttp,
    raw_async,
    raw_sync,
    repeat,
)

if TYPE_CHECKING:
    import httpx2

    from .calls import AsyncHttp, SyncHttp

# What each library loads on first use (its transport, its TLS context, URL parsing, the
# asyncio backend of anyio), imported before the timed run.
HTTPX2 = ["httpx2", "httpcore2", "h11", "truststore", "platform", "stringprep", "encodings.idna"]
HTTPX2_ASYNC = [*HTTPX2, "anyio._backends._asyncio", "anyio.lowlevel", "anyio.streams.stapled"]
HTTPX2_ASYNC += ["anyio.streams.memory", "anyio._core._testing", "queue"]
HTTPX = ["httpx", "httpcore", "h11", "anyio", "certifi", "importlib.resources"]
HTTPX += ["stringprep", "encodings.idna"]
AIOHTTP = ["aiohttp"]
HTTPX2_AIOHTTP = [*HTTPX2, "anyio.streams.tls", "anyio.to_thread", "httpx_aiohttp.httpx2"]
PRELOAD = {
    "contio-sync": [*HTTPX2, "concurrent.futures.thread"],  # its driver sends from a thread
    "httpx2-sync": HTTPX2,
    "httpx-sync": HTTPX,
    "contio-httpx2": HTTPX2_ASYNC,
    "httpx2-async": HTTPX2_ASYNC,
    "contio-aiohttp": [*HTTPX2_AIOHTTP, *AIOHTTP],
    # AsyncOAuthClient()'s own aiohttp sender (which reads ~/.netrc in a worker thread)
    "contio-native": [*HTTPX2, *AIOHTTP, "concurrent.futures.thread"],
    "httpx2-aiohttp": [*HTTPX2_AIOHTTP, *AIOHTTP],
    "httpx-aiohttp": [*HTTPX, "httpx_aiohttp", *AIOHTTP],
    "aiohttp": AIOHTTP,
}
RAW_SYNC: dict[str, Callable[[], SyncHttp]] = {
    "httpx2-sync": clients.httpx2_sync,
    "httpx-sync": clients.httpx_sync,
}
RAW_ASYNC: dict[str, Callable[[], AsyncHttp]] = {
    "httpx2-async": clients.httpx2_async,
    "httpx2-aiohttp": clients.httpx2_over_aiohttp,
    "httpx-aiohttp": clients.httpx_over_aiohttp,
}
CONTIO_ASYNC: dict[str, Callable[[], httpx2.AsyncClient]] = {
    "contio-httpx2": clients.httpx2_async,
    "contio-aiohttp": clients.httpx2_over_aiohttp,
}
# `import contio` leaves the generated client (and AsyncOAuthClient() its transport) to first use.
CONTIO_DEFERRED = ["contio_oauth_api.api.oauth.introspect_oauth_token", "contio_oauth_api.models"]


@dataclass
class Run:
    subject: str
    base_url: str
    token: str
    calls: int
    inflight: int
    headers: dict[str, str]
    mode: str  # contio async: "default" (AsyncOAuthClient()) or "given" (http_client=)


def preload(subject: str) -> float:
    """Import what `subject` uses; CPU seconds of contio's deferred imports (else 0)."""
    deferred = 0.0
    if subject.startswith("contio"):
        importlib.import_module("contio")
        started = time.process_time()
        for name in CONTIO_DEFERRED:
            importlib.import_module(name)
        deferred = time.process_time() - started
    for name in PRELOAD[subject]:
        importlib.import_module(name)
    return deferred


def run_sync(run: Run) -> tuple[float, str]:
    # The imports inside the timed part only bind names: preload() has loaded the modules.
    started = time.process_time()
    close: Callable[[], None]
    if run.subject == "contio-sync":
        import contio

        oauth = contio.OAuthClient(*CLIENT, base_url=run.base_url)
        call, close = facade_sync(oauth, run.token), oauth.close
    else:
        client = RAW_SYNC[run.subject]()
        call, close = raw_sync(client, run.base_url, run.token, run.headers), client.close
    repeat(call, run.calls)
    cpu = time.process_time() - started
    close()
    return cpu, ""


async def run_async(run: Run) -> tuple[float, str]:
    started = time.process_time()
    close: Callable[[], Awaitable[None]]
    transport = ""
    if run.subject in CONTIO_ASYNC or run.subject == "contio-native":
        import contio

        own = CONTIO_ASYNC[run.subject]() if run.mode == "given" else None
        oauth = contio.AsyncOAuthClient(*CLIENT, base_url=run.base_url, http_client=own)
        call, close = facade_async(oauth, run.token), facade_close(oauth, own)
        transport = clients.transport_name(oauth)
    elif run.subject in RAW_ASYNC:
        client = RAW_ASYNC[run.subject]()
        call, close = raw_async(client, run.base_url, run.token, run.headers), client.aclose
    else:
        session: Any = clients.aiohttp_session()
        call, close = plain_aiohttp(session, run.base_url, run.token, run.headers), session.close
    await burst(call, run.calls, run.inflight)
    cpu = time.process_time() - started
    await close()
    return cpu, transport


def main(argv: list[str]) -> None:
    if len(argv) != 7 or argv[0] not in PRELOAD:
        raise SystemExit(f"usage: {__doc__.splitlines()[2].strip() if __doc__ else ''}")
    subject, base_url, token, calls, inflight, headers, mode = argv
    run = Run(subject, base_url, token, int(calls), int(inflight), json.loads(headers), mode)
    deferred = preload(subject)
    gc.collect()
    before = set(sys.modules)
    if subject.endswith("-sync"):
        cpu, transport = run_sync(run)
    else:
        cpu, transport = asyncio.run(run_async(run))
    loaded = sorted(set(sys.modules) - before)
    report = {"cpu": cpu, "deferred": deferred, "loaded": loaded, "transport": transport}
    print(json.dumps({**report, "httpx": "httpx" in sys.modules}))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BenchError as error:
        raise SystemExit(f"fresh child: {error}") from error
