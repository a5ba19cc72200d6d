"""--profile: where the facade's own CPU goes, sync then async (cProfile, top 20 by own time).

A diagnostic, not a measure: the profiler's overhead distorts the totals, so no target here.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats

from contio import AsyncOAuthClient, OAuthClient

from .base import CLIENT
from .calls import burst, facade_async, facade_sync, repeat
from .report import Bench


def profile_facade(base_url: str, token: str, calls: int, inflight: int) -> str:
    """Top functions by own time for facade calls, sync then async."""
    out = io.StringIO()
    with OAuthClient(*CLIENT, base_url=base_url) as oauth:
        call = facade_sync(oauth, token)
        call()
        profiler = cProfile.Profile()
        profiler.enable()
        repeat(call, calls)
        profiler.disable()
    out.write(f"\n-- cProfile: {calls} sync facade calls, top 20 by own time --\n")
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)

    async def run_async() -> cProfile.Profile:
        async with AsyncOAuthClient(*CLIENT, base_url=base_url) as aoauth:
            async_call = facade_async(aoauth, token)
            await burst(async_call, inflight * 4, inflight)
            profiler = cProfile.Profile()
            profiler.enable()
            await burst(async_call, calls, inflight)
            profiler.disable()
            return profiler

    async_profiler = asyncio.run(run_async())
    out.write(f"\n-- cProfile: {calls} async facade calls, top 20 by own time --\n")
    pstats.Stats(async_profiler, stream=out).sort_stats("tottime").print_stats(20)
    return out.getvalue()


def run(bench: Bench) -> None:
    options = bench.options
    print(profile_facade(bench.base_url, bench.token, options.sync_calls, options.inflight))
