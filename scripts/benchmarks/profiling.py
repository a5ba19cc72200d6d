"""--profile: where the facade's own CPU goes per call, against raw httpx2 making the same
calls (cProfile, after a warm-up): own time by area (contio, the generated client, httpx2
and its transport, threads, asyncio, aiohttp), then the top functions, in µs per call.

A diagnostic, not a measure: the profiler's overhead inflates code that makes many small
calls, and its clock is wall time (a blocking recv counts), so no target here; read the
areas against the raw row, not as absolute times. cProfile sees the calling thread only:
the blocking driver sends from a worker thread, so the sync contio profile shows the
caller's side (the facade, the hand-off, the parsing) and not the send itself.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
from collections import Counter
from collections.abc import Awaitable, Callable

import httpx2

from contio import AsyncOAuthClient, OAuthClient

from . import clients
from .auth_calls import USERINFO, user_tokens
from .base import CLIENT
from .calls import burst, facade_async, facade_sync, raw_async, raw_sync, repeat
from .cpu import HEADERS
from .report import Bench
from .users import USER_SCOPES

TOP = 18
# (area, what a profiled function's file path contains), first match wins.
AREAS = [
    ("contio", "/contio/"),
    ("generated client", "contio_oauth_api"),
    ("httpx2", "/httpx2/"),
    ("httpcore2, h11, anyio", "/httpcore2/"),
    ("httpcore2, h11, anyio", "/h11/"),
    ("httpcore2, h11, anyio", "/anyio/"),
    ("httpx_aiohttp, aiohttp", "/httpx_aiohttp/"),
    ("httpx_aiohttp, aiohttp", "/aiohttp/"),
    ("httpx_aiohttp, aiohttp", "/yarl/"),
    ("httpx_aiohttp, aiohttp", "/multidict/"),
    ("threads, futures", "/concurrent/futures/"),
    ("threads, futures", "threading.py"),
    ("asyncio", "/asyncio/"),
]


def area(filename: str) -> str:
    return next((name for name, part in AREAS if part in filename), "other (stdlib, builtins)")


def describe(title: str, profiler: cProfile.Profile, calls: int) -> str:
    stats = pstats.Stats(profiler)
    table = stats.stats  # type: ignore[attr-defined]  # (file, line, name) -> (cc, nc, tt, ct, _)
    by_area: Counter[str] = Counter()
    rows = []
    for (filename, line, name), (_cc, ncalls, own, _cum, _callers) in table.items():
        by_area[area(filename)] += own
        rows.append((own, ncalls, f"{short(filename)}:{line}({name})"))
    total = sum(by_area.values())
    lines = [f"\n-- cProfile: {title}: {total / calls * 1e6:.0f} µs a call under the profiler --"]
    for name, own in by_area.most_common():
        lines.append(f"  {name:<26} {own / calls * 1e6:7.1f} µs/call  {own / total:5.1%}")
    lines.append(f"  top {TOP} functions by own time (µs a call, calls of it a call):")
    for own, ncalls, where in sorted(rows, reverse=True)[:TOP]:
        lines.append(f"    {own / calls * 1e6:7.1f} µs  x{ncalls / calls:<5.1f} {where}")
    return "\n".join(lines)


def short(filename: str) -> str:
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.split("/contio/", 1)[-1] if "/contio/" in filename else filename


def profile_sync(make: Callable[[], Callable[[], bool]], calls: int) -> cProfile.Profile:
    call = make()
    repeat(call, max(50, calls // 5))  # warm up: connections, lazy imports
    profiler = cProfile.Profile()
    profiler.enable()
    repeat(call, calls)
    profiler.disable()
    return profiler


async def profile_async(
    call: Callable[[], Awaitable[bool]], calls: int, inflight: int
) -> cProfile.Profile:
    await burst(call, inflight * 10, inflight)
    profiler = cProfile.Profile()
    profiler.enable()
    await burst(call, calls, inflight)
    profiler.disable()
    return profiler


def run(bench: Bench) -> None:
    base_url, token = bench.base_url, bench.token
    calls, inflight = bench.options.sync_calls, bench.options.inflight
    out = []
    with httpx2.Client() as raw, OAuthClient(*CLIENT, base_url=base_url) as oauth:
        profiled = profile_sync(lambda: facade_sync(oauth, token), calls)
        out.append(describe(f"{calls} sync calls, {clients.CONTIO_SYNC}", profiled, calls))
        profiled = profile_sync(lambda: raw_sync(raw, base_url, token, HEADERS), calls)
        out.append(describe(f"{calls} sync calls, {clients.RAW2_SYNC}", profiled, calls))
    tokens = asyncio.run(user_tokens(base_url))
    with OAuthClient(*CLIENT, USER_SCOPES, base_url=base_url) as oauth:
        oauth.set_tokens(tokens)
        with httpx2.Client(base_url=base_url, auth=oauth.auth) as api:
            profiled = profile_sync(lambda: lambda: api.get(USERINFO).status_code == 200, calls)
            out.append(describe(f"{calls} sync GET {USERINFO}, oauth.auth", profiled, calls))

    async def run_async() -> None:
        async with AsyncOAuthClient(*CLIENT, base_url=base_url) as default:
            profiled = await profile_async(facade_async(default, token), calls, inflight)
            name = f"AsyncOAuthClient() over {clients.transport_name(default)}"
            out.append(describe(f"{calls} async calls, {name}", profiled, calls))
        async with httpx2.AsyncClient() as http:
            own = AsyncOAuthClient(*CLIENT, base_url=base_url, http_client=http)
            profiled = await profile_async(facade_async(own, token), calls, inflight)
            out.append(describe(f"{calls} async calls, {clients.CONTIO_HTTPX2}", profiled, calls))
            raw_call = raw_async(http, base_url, token, HEADERS)
            profiled = await profile_async(raw_call, calls, inflight)
            out.append(describe(f"{calls} async calls, {clients.RAW2_ASYNC}", profiled, calls))

    asyncio.run(run_async())
    print("\n".join(out))
