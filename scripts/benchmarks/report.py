"""What the sections share while the bench runs, and how the results are printed.

`Bench` is handed to every section: the options, the mock's address and a token, resources
set up once on first use, and the `Report` each section adds its rows to. The summary table
at the end is printed from the report, in the order the sections ran.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from types import TracebackType
from typing import TypeVar, cast

from .base import verdict
from .cpu import Measure

T = TypeVar("T")
WARMED = "warmed"
ISSUE6 = "issue 6 protocol"


@dataclass
class Report:
    """The rows of the summary, and every CPU measure by protocol and name (for targets)."""

    per_call: list[tuple[str, Measure]] = field(default_factory=list)
    targets: list[tuple[str, str, str, str]] = field(default_factory=list)
    measured: dict[str, dict[str, Measure]] = field(default_factory=dict)

    def cpu(self, protocol: str, kind: str, measures: Iterable[Measure]) -> None:
        """Add CPU measures (kind "sync" or "async") to the summary and to the lookup."""
        for measure in measures:
            self.per_call.append((f"[{protocol}] {kind} CPU/call {measure.name}", measure))
            self.measured.setdefault(protocol, {})[measure.name] = measure

    def target(self, name: str, value: str, target: str, ok: bool) -> None:
        self.targets.append((name, value, target, verdict(ok)))

    def print_summary(self, seconds: float) -> None:
        print(f"\nsummary (the bench took {seconds:.0f} s)")
        names = [row[0] for row in self.targets] + [name for name, _ in self.per_call]
        width = max(map(len, names), default=0)
        for name, measure in self.per_call:
            print(f"  {name:<{width}}  {measure.per_call_ms:.3f} ms")
        for name, value, target, result in self.targets:
            print(f"  {name:<{width}}  {value:>6}  {target:<8} {result}")


class Laps:
    """Wall time of each section, so that a slow run shows where the time went."""

    def __init__(self) -> None:
        self.began = self.last = time.monotonic()

    def lap(self) -> str:
        now = time.monotonic()
        elapsed, self.last = now - self.last, now
        return f"  [section: {elapsed:.0f} s]"

    def total(self) -> float:
        return time.monotonic() - self.began


class Bench:
    """The context of one bench run; a context manager that tears its resources down."""

    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.report = Report()
        self.laps = Laps()
        self.base_url = ""  # the mock's, once it runs
        self.token = ""  # a client_credentials access token the mock issued
        self._resources = ExitStack()
        self._once: dict[object, object] = {}

    def once(self, make: Callable[[Bench], AbstractContextManager[T]]) -> T:
        """What `make(bench)` sets up, entered on first use and left when the bench ends."""
        if make not in self._once:
            self._once[make] = self._resources.enter_context(make(self))
        return cast(T, self._once[make])

    def __enter__(self) -> Bench:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._resources.close()


def print_cpu_table(title: str, measures: list[Measure], reference: Measure | None) -> None:
    print(f"\n{title}")
    width = max([22, *(5 * len(m.samples) - 1 for m in measures)])
    names = max([28, *(len(m.name) for m in measures)])
    print(f"  {'client':<{names}} {'CPU/call':>10} {'per 1,000':>10} {'runs (s)':>{width}}")
    for m in measures:
        runs = " ".join(f"{s:.2f}" for s in m.samples)
        extra = ""
        if reference is not None and m is not reference and reference.per_call_ms > 0:
            extra = f"  x{m.per_call_ms / reference.per_call_ms:.2f} of {reference.name}"
        line = f"  {m.name:<{names}} {m.per_call_ms:>8.3f}ms {m.per_call_ms * 1000:>8.0f}ms "
        print(f"{line}{runs:>{width}}{extra}")
        if m.note:
            print(f"  {'':<{names}} ({m.note})")
