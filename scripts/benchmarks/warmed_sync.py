"""(a) Warmed, sync: contio's OAuthClient against raw httpx, one long-lived process.

Both send the same introspection requests one at a time over one kept-alive connection; the
best of several interleaved runs after a warm-up is kept (issue 5's and issue 6's target).
"""

from __future__ import annotations

import functools

import httpx

from contio import OAuthClient

from .base import CLIENT, verdict
from .calls import SyncCall, facade_sync, raw_sync, repeat
from .cpu import HEADERS, Measure, cpu_of
from .report import WARMED, Bench, print_cpu_table

RATIO_TARGET = 1.2  # facade / raw httpx CPU per call (issues 5 and 6)


def measure_sync(base_url: str, token: str, calls: int, repeats: int) -> list[Measure]:
    raw = httpx.Client()
    facade = OAuthClient(*CLIENT, base_url=base_url)
    runs: list[SyncCall] = [raw_sync(raw, base_url, token, HEADERS), facade_sync(facade, token)]
    results = [Measure("raw httpx Client", calls), Measure("contio OAuthClient", calls)]
    try:
        for call in runs:
            repeat(call, calls // 5)  # warm up: connections, caches, lazy imports
        for turn in range(repeats):
            order = [0, 1] if turn % 2 == 0 else [1, 0]  # interleave against drift
            for index in order:
                results[index].samples.append(cpu_of(functools.partial(repeat, runs[index], calls)))
    finally:
        raw.close()
        facade.close()
    return results


def run(bench: Bench) -> None:
    options = bench.options
    sync = measure_sync(bench.base_url, bench.token, options.sync_calls, options.sync_repeats)
    raw_sync_measure, facade_sync_measure = sync
    print_cpu_table(
        f"(a) warmed, sync: introspect_token(), one at a time, one kept-alive connection; "
        f"one long-lived process, {options.sync_calls} calls a run, best of "
        f"{options.sync_repeats}",
        sync,
        raw_sync_measure,
    )
    ratio = facade_sync_measure.per_call_ms / raw_sync_measure.per_call_ms
    ok = ratio <= RATIO_TARGET
    print(f"  contio / raw httpx: {ratio:.2f}   target <= {RATIO_TARGET}  {verdict(ok)}")
    bench.report.cpu(WARMED, "sync", sync)
