"""CPU per call: the request the raw clients send, the record of runs, how a run is timed."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx2

import contio

from .base import BASIC

# What the facade sends on every call (its User-Agent rebuilt from public versions), so that
# the raw clients send the same request.
USER_AGENT = f"contio-python/{contio.__version__} httpx2/{httpx2.__version__}"
HEADERS = {"Authorization": BASIC, "User-Agent": USER_AGENT, "Accept": "application/json"}


@dataclass
class Measure:
    """CPU seconds of several runs of `calls` calls each.

    `best` (warmed protocol): the least of the runs, since noise only adds; `median` (issue 6
    protocol): each run is a fresh process's only run, and its cold start is what is measured.
    """

    name: str
    calls: int
    samples: list[float] = field(default_factory=list)
    note: str = ""
    statistic: str = "best"

    @property
    def per_call_ms(self) -> float:
        pick = min if self.statistic == "best" else statistics.median
        return pick(self.samples) / self.calls * 1000


def cpu_of(run: Callable[[], None]) -> float:
    """Process CPU seconds of `run` (never wall time: the mock's process is not counted)."""
    gc.collect()
    started = time.process_time()
    run()
    return time.process_time() - started


async def async_cpu_of(run: Callable[[], Awaitable[None]]) -> float:
    gc.collect()
    started = time.process_time()
    await run()
    return time.process_time() - started
