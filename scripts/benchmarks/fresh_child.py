"""One run of the issue 6 protocol: the only run of a fresh process (started by fresh.py).

    python -m benchmarks.fresh_child SUBJECT BASE_URL TOKEN CALLS INFLIGHT HEADERS_JSON MODE

Not timed: the interpreter's startup and the imports, including the modules contio defers to
its first call (imported here beforehand, as Node's require() has loaded the SDK's, and their
cost reported). Timed, as process CPU time: the client's construction, its connections and
every call. Prints one JSON line: cpu, deferred, the top-level modules first loaded inside
the timed run (there should be none), and the transport contio used.
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
from typing import Any

from .base import CLIENT, BenchError, optional_module
from .calls import (
    burst,
    facade_async,
    facade_close,
    facade_sync,
    plain_aiohttp,
    raw_async,
    raw_sync,
    repeat,
    transport_name,
)

# What each subject imports before the timed run (httpx.Client() imports its transport's
# modules on first use; certifi and encodings.idna are loaded on first use by the TLS context
# and the URL parsing).
PRELOAD = {
    "contio-sync": ["httpx", "httpcore"],
    "httpx-sync": ["httpx", "httpcore"],
    "contio-aiohttp": ["httpx", "httpx_aiohttp"],
    "httpx-aiohttp": ["httpx", "httpx_aiohttp"],
    "aiohttp": ["aiohttp"],
}
EVERYONE = ["certifi", "encodings.idna"]
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
    mode: str  # contio-aiohttp: "default" (AsyncOAuthClient()) or "given" (http_client=)


def preload(subject: str) -> float:
    """Import what `subject` uses; CPU seconds of contio's deferred imports (else 0)."""
    deferred = 0.0
    if subject.startswith("contio"):
        importlib.import_module("contio")
        started = time.process_time()
        for name in CONTIO_DEFERRED:
            importlib.import_module(name)
        deferred = time.process_time() - started
    for name in [*PRELOAD[subject], *EVERYONE]:
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
        import httpx

        client = httpx.Client()
        call, close = raw_sync(client, run.base_url, run.token, run.headers), client.close
    repeat(call, run.calls)
    cpu = time.process_time() - started
    close()
    return cpu, ""


async def run_async(run: Run) -> tuple[float, str]:
    started = time.process_time()
    close: Callable[[], Awaitable[None]]
    transport = ""
    if run.subject == "contio-aiohttp":
        import httpx

        import contio

        own = None
        if run.mode == "given":
            own = httpx.AsyncClient(transport=optional_module("httpx_aiohttp").AiohttpTransport())
        oauth = contio.AsyncOAuthClient(*CLIENT, base_url=run.base_url, http_client=own)
        call, close = facade_async(oauth, run.token), facade_close(oauth, own)
        transport = transport_name(oauth)
    elif run.subject == "httpx-aiohttp":
        import httpx

        client = httpx.AsyncClient(transport=optional_module("httpx_aiohttp").AiohttpTransport())
        call, close = raw_async(client, run.base_url, run.token, run.headers), client.aclose
    else:
        session: Any = optional_module("aiohttp").ClientSession()
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
    loaded = sorted({name.split(".")[0] for name in set(sys.modules) - before})
    print(json.dumps({"cpu": cpu, "deferred": deferred, "loaded": loaded, "transport": transport}))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except BenchError as error:
        raise SystemExit(f"fresh child: {error}") from error
