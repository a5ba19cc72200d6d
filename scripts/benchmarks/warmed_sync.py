"""(a) Warmed, sync: contio's OAuthClient against raw httpx2 (and httpx 0.28, the reference),
one long-lived process.

All send the same introspection requests one at a time over one kept-alive connection; the
best of several interleaved runs after a warm-up is kept. Issue 11's sync target (contio /
raw httpx2) is evaluated in targets.py, on this protocol and on the fresh-process one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from contio import OAuthClient

from .base import CLIENT, optional_module
from .calls import SyncCall, facade_sync, raw_sync, repeat
from .clients import CONTIO_SYNC, HTTPX_SYNC, RAW2_SYNC, httpx2_sync, httpx_sync
from .cpu import HEADERS, Measure, cpu_of
from .report import WARMED, Bench, print_cpu_table


def measure_sync(base_url: str, token: str, calls: int, repeats: int) -> list[Measure]:
    raw = httpx2_sync()
    facade = OAuthClient(*CLIENT, base_url=base_url)
    runs: list[tuple[str, SyncCall]] = [
        (RAW2_SYNC, raw_sync(raw, base_url, token, HEADERS)),
        (CONTIO_SYNC, facade_sync(facade, token)),
    ]
    closers: list[Callable[[], None]] = [raw.close, facade.close]
    if optional_module("httpx") is not None:
        reference = httpx_sync()
        runs.append((HTTPX_SYNC, raw_sync(reference, base_url, token, HEADERS)))
        closers.append(reference.close)
    results = [Measure(name, calls) for name, _ in runs]
    try:
        for _, call in runs:
            repeat(call, calls // 5)  # warm up: connections, caches, lazy imports
        for turn in range(repeats):
            order = list(range(len(runs)))
            if turn % 2:
                order.reverse()  # interleave against drift
            for index in order:
                run = functools.partial(repeat, runs[index][1], calls)
                results[index].samples.append(cpu_of(run))
    finally:
        for close in closers:
            close()
    return results


def run(bench: Bench) -> None:
    options = bench.options
    sync = measure_sync(bench.base_url, bench.token, options.sync_calls, options.sync_repeats)
    print_cpu_table(
        f"(a) warmed, sync: introspect_token(), one at a time, one kept-alive connection; "
        f"one long-lived process, {options.sync_calls} calls a run, best of "
        f"{options.sync_repeats}",
        sync,
        sync[0],
    )
    if len(sync) < 3:
        print("  note: httpx is not installed: the httpx 0.28 reference row is not measured")
    bench.report.cpu(WARMED, "sync", sync)
