"""(a) Warmed, async: contio's AsyncOAuthClient against raw clients, 16 calls in flight.

One long-lived process per language: raw httpx and contio over httpx's own transport and,
where installed, over httpx-aiohttp's transport, plain aiohttp, and the official TypeScript
SDK on Node. Best of several interleaved runs after a warm-up (issue 5's target here).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from contio import AsyncOAuthClient

from . import sdk_peer
from .base import CLIENT, optional_module, verdict
from .calls import (
    Call,
    burst,
    facade_async,
    facade_close,
    plain_aiohttp,
    raw_async,
    transport_name,
)
from .cpu import HEADERS, Measure, async_cpu_of
from .report import WARMED, Bench, print_cpu_table

RATIO_TARGET = 1.2  # facade / raw httpx CPU per call, httpx's transport (issue 5)


@dataclass
class AsyncSubject:
    """One way of making the call, set up inside the event loop."""

    name: str
    call: Call
    close: Callable[[], Awaitable[None]]
    note: str = ""


def new_facade(base_url: str, http_client: httpx.AsyncClient | None = None) -> AsyncOAuthClient:
    return AsyncOAuthClient(*CLIENT, base_url=base_url, http_client=http_client)


def default_transport(base_url: str) -> str:
    """The transport AsyncOAuthClient() picks when the app gives it no http_client."""

    async def probe() -> str:
        client = new_facade(base_url)
        try:
            return transport_name(client)
        finally:
            await client.aclose()

    return asyncio.run(probe())


async def async_subjects(base_url: str, token: str) -> tuple[list[AsyncSubject], list[str]]:
    subjects: list[AsyncSubject] = []
    notes: list[str] = []

    def httpx_raw(name: str, client: httpx.AsyncClient) -> AsyncSubject:
        return AsyncSubject(name, raw_async(client, base_url, token, HEADERS), client.aclose)

    def facade(
        name: str,
        client: AsyncOAuthClient,
        http_client: httpx.AsyncClient | None = None,
        note: str = "",
    ) -> AsyncSubject:
        call, close = facade_async(client, token), facade_close(client, http_client)
        return AsyncSubject(name, call, close, note)

    # Each contio row uses AsyncOAuthClient() as an app gets it where that is the transport
    # measured, and the same transport given as http_client= otherwise.
    made = new_facade(base_url)
    default_name = transport_name(made)
    default: AsyncOAuthClient | None = made
    notes.append(f"AsyncOAuthClient() picks {default_name} by default")

    def contio_row(name: str, transport: str, make: Callable[[], httpx.AsyncClient]) -> None:
        nonlocal default
        if default is not None and default_name == transport:
            subjects.append(facade(name, default, note="AsyncOAuthClient(), its default"))
            default = None
        else:
            own = make()
            subjects.append(facade(name, new_facade(base_url, own), own, "given as http_client="))

    subjects.append(httpx_raw("raw httpx AsyncClient", httpx.AsyncClient()))
    contio_row("contio AsyncOAuthClient", "AsyncHTTPTransport", httpx.AsyncClient)

    httpx_aiohttp = optional_module("httpx_aiohttp")
    aiohttp = optional_module("aiohttp")
    if httpx_aiohttp is None:
        notes.append("httpx-aiohttp is not installed: its transport is not measured")
    else:
        transport = httpx_aiohttp.AiohttpTransport
        subjects.append(
            httpx_raw("raw httpx over aiohttp", httpx.AsyncClient(transport=transport()))
        )
        contio_row(
            "contio over aiohttp",
            "AiohttpTransport",
            lambda: httpx.AsyncClient(transport=transport()),
        )
    if default is not None:  # its transport is none of those measured
        await default.aclose()
    if aiohttp is None:
        notes.append("aiohttp is not installed: plain aiohttp is not measured")
    else:
        session = aiohttp.ClientSession()
        call = plain_aiohttp(session, base_url, token, HEADERS)
        subjects.append(AsyncSubject("plain aiohttp", call, session.close))
    return subjects, notes


def warmup_calls(calls: int, inflight: int) -> int:
    """Calls each client makes before the warmed async runs: connections, caches, imports."""
    return max(inflight * 10, calls // 10)


async def measure_async(
    base_url: str, token: str, calls: int, inflight: int, repeats: int
) -> tuple[list[Measure], list[str]]:
    subjects, notes = await async_subjects(base_url, token)
    results = [Measure(s.name, calls, note=s.note) for s in subjects]
    try:
        for subject in subjects:
            await burst(subject.call, warmup_calls(calls, inflight), inflight)
        for turn in range(repeats):
            order = list(range(len(subjects)))
            if turn % 2:
                order.reverse()
            for index in order:
                call = subjects[index].call

                async def run(call: Call = call) -> None:
                    await burst(call, calls, inflight)

                results[index].samples.append(await async_cpu_of(run))
    finally:
        for subject in subjects:
            await subject.close()
    return results, notes


def run(bench: Bench) -> None:
    options = bench.options
    calls, inflight, repeats = options.async_calls, options.inflight, options.async_repeats
    measures, notes = asyncio.run(
        measure_async(bench.base_url, bench.token, calls, inflight, repeats)
    )
    sdk, sdk_note = sdk_peer.installed(bench)
    peer: Measure | None = None
    if sdk is not None:
        peer, sdk_note = sdk_peer.measure_warmed(
            sdk, bench.base_url, bench.token, calls, inflight, repeats
        )
    by_name = {m.name: m for m in measures}
    raw = by_name["raw httpx AsyncClient"]
    print_cpu_table(
        f"(a) warmed, async: introspect_token(), {inflight} in flight; one long-lived process "
        f"per language, {calls} calls a run, best of {repeats}; warm-up: Python "
        f"{warmup_calls(calls, inflight)} calls per client, Node 2 runs",
        [*measures, *([peer] if peer else [])],
        raw,
    )
    for note in notes:
        print(f"  note: {note}")
    if peer is None:
        print(f"  {sdk_peer.SDK_NAME}: {sdk_note}")
    ratio = by_name["contio AsyncOAuthClient"].per_call_ms / raw.per_call_ms
    ok = ratio <= RATIO_TARGET
    print(f"  contio / raw httpx: {ratio:.2f}   target <= {RATIO_TARGET}  {verdict(ok)}")
    bench.report.target(
        "[warmed] async contio / raw httpx (httpx transport)",
        f"{ratio:.2f}",
        f"<= {RATIO_TARGET}",
        ok,
    )
    bench.report.cpu(WARMED, "async", [*measures, *([peer] if peer else [])])
