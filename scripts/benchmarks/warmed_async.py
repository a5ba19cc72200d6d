"""(a) Warmed, async: contio's AsyncOAuthClient against raw clients, 16 calls in flight.

One long-lived process per language. Raw httpx2 and contio over httpx2's own transport and,
where installed, over httpx-aiohttp's httpx2 transport; httpx 0.28 (the library contio left)
over its own transport and over httpx-aiohttp's, as references; plain aiohttp; the official
TypeScript SDK on Node. Best of several interleaved runs after a warm-up. The contio row of
the transport AsyncOAuthClient() picks by default uses AsyncOAuthClient() as an app gets it;
the other is given its client as http_client=.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx2

from contio import AsyncOAuthClient

from . import clients, sdk_peer
from .base import CLIENT, optional_module
from .calls import Call, burst, facade_async, facade_close, plain_aiohttp, raw_async
from .cpu import HEADERS, Measure, async_cpu_of
from .report import WARMED, Bench, print_cpu_table

if TYPE_CHECKING:
    from .calls import AsyncHttp


@dataclass
class AsyncSubject:
    """One way of making the call, set up inside the event loop."""

    name: str
    call: Call
    close: Callable[[], Awaitable[None]]
    note: str = ""


def new_facade(base_url: str, http_client: httpx2.AsyncClient | None = None) -> AsyncOAuthClient:
    return AsyncOAuthClient(*CLIENT, base_url=base_url, http_client=http_client)


def default_transport(base_url: str) -> str:
    """The transport AsyncOAuthClient() picks when the app gives it no http_client."""

    async def probe() -> str:
        client = new_facade(base_url)
        try:
            return clients.transport_name(client)
        finally:
            await client.aclose()

    return asyncio.run(probe())


def has_aiohttp_transport() -> bool:
    return optional_module("httpx_aiohttp.httpx2") is not None


async def async_subjects(base_url: str, token: str) -> tuple[list[AsyncSubject], list[str]]:
    subjects: list[AsyncSubject] = []
    notes: list[str] = []

    def raw(name: str, make: Callable[[], AsyncHttp]) -> None:
        client = make()
        call = raw_async(client, base_url, token, HEADERS)
        subjects.append(AsyncSubject(name, call, client.aclose))

    made = new_facade(base_url)
    default_name = clients.transport_name(made)
    default: AsyncOAuthClient | None = made
    notes.append(f"AsyncOAuthClient() picks {default_name} by default")

    def contio(name: str, make: Callable[[], httpx2.AsyncClient]) -> None:
        nonlocal default
        if default is not None and clients.contio_row(default_name) == name:
            call, close = facade_async(default, token), facade_close(default, None)
            subjects.append(AsyncSubject(name, call, close, "AsyncOAuthClient(), its default"))
            default = None
        else:
            own = make()
            facade = new_facade(base_url, own)
            call, close = facade_async(facade, token), facade_close(facade, own)
            subjects.append(AsyncSubject(name, call, close, "given as http_client="))

    raw(clients.RAW2_ASYNC, clients.httpx2_async)
    contio(clients.CONTIO_HTTPX2, clients.httpx2_async)
    if default is not None and clients.contio_row(default_name) == clients.CONTIO_NATIVE:
        call, close = facade_async(default, token), facade_close(default, None)
        subjects.append(
            AsyncSubject(clients.CONTIO_NATIVE, call, close, "AsyncOAuthClient(), its default")
        )
        default = None
    if has_aiohttp_transport():
        raw(clients.RAW2_AIOHTTP, clients.httpx2_over_aiohttp)
        contio(clients.CONTIO_AIOHTTP, clients.httpx2_over_aiohttp)
    else:
        notes.append("httpx-aiohttp[httpx2] is not installed: its transport is not measured")
    if default is not None:  # its transport is none of those measured
        await default.aclose()
    if optional_module("httpx") is not None:
        raw(clients.HTTPX_ASYNC, clients.httpx_async)
        if optional_module("httpx_aiohttp") is not None:
            raw(clients.HTTPX_AIOHTTP, clients.httpx_over_aiohttp)
    else:
        notes.append("httpx is not installed: the httpx 0.28 reference rows are not measured")
    if optional_module("aiohttp") is not None:
        session = clients.aiohttp_session()
        call = plain_aiohttp(session, base_url, token, HEADERS)
        subjects.append(AsyncSubject(clients.PLAIN_AIOHTTP, call, session.close))
    else:
        notes.append("aiohttp is not installed: plain aiohttp is not measured")
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
    rows = [*measures, *([peer] if peer else [])]
    print_cpu_table(
        f"(a) warmed, async: introspect_token(), {inflight} in flight; one long-lived process "
        f"per language, {calls} calls a run, best of {repeats}; warm-up: Python "
        f"{warmup_calls(calls, inflight)} calls per client, Node 2 runs",
        rows,
        measures[0],
    )
    for note in notes:
        print(f"  note: {note}")
    if peer is None:
        print(f"  {sdk_peer.SDK_NAME}: {sdk_note}")
    bench.report.cpu(WARMED, "async", rows)
