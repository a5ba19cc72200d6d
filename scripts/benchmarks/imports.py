"""(b) The import time of `contio` against `httpx`, in fresh interpreters (issue 5's target)."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass

from .base import subprocess_env, verdict
from .report import Bench

IMPORT_TARGET = 1.5  # import contio / import httpx (issue 5)
IMPORT_PROBE = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def python_probe(*arguments: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter run with `arguments`, measuring this work tree's contio."""
    command = [sys.executable, *arguments]
    return subprocess.run(command, capture_output=True, text=True, env=subprocess_env(), check=True)


def import_seconds(module: str) -> float:
    return float(python_probe("-c", IMPORT_PROBE.format(module)).stdout.strip())


def import_self_times(module: str) -> dict[str, int]:
    """Self time in microseconds of every module `import module` loads (-X importtime)."""
    times: dict[str, int] = {}
    for line in python_probe("-X", "importtime", "-c", f"import {module}").stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if found:
            times[found.group(2)] = int(found.group(1))
    return times


@dataclass
class ImportResult:
    httpx_ms: float
    contio_ms: float
    extra: list[tuple[str, float]]  # packages contio loads beyond httpx's, ms of self time

    @property
    def ratio(self) -> float:
        return self.contio_ms / self.httpx_ms


def measure_imports(runs: int) -> ImportResult:
    import_seconds("httpx")  # warm the page cache and the bytecode caches
    import_seconds("contio")
    samples: dict[str, list[float]] = {"httpx": [], "contio": []}
    for _ in range(runs):
        for module in samples:
            samples[module].append(import_seconds(module))
    base = import_self_times("httpx")
    runs_extra: list[Counter[str]] = []
    for _ in range(3):
        extra_run: Counter[str] = Counter()
        for name, micros in import_self_times("contio").items():
            if name not in base:
                extra_run[name.split(".")[0]] += micros
        runs_extra.append(extra_run)
    extra = Counter(
        {
            package: int(statistics.median(run[package] for run in runs_extra))
            for package in set().union(*runs_extra)
        }
    )
    return ImportResult(
        httpx_ms=statistics.median(samples["httpx"]) * 1000,
        contio_ms=statistics.median(samples["contio"]) * 1000,
        extra=[(name, micros / 1000) for name, micros in extra.most_common(6)],
    )


def run(bench: Bench) -> None:
    runs = bench.options.import_runs
    imports = measure_imports(runs)
    print(f"\n(b) import time, median of {runs} fresh interpreters")
    print(f"  import httpx   {imports.httpx_ms:7.1f} ms")
    print(f"  import contio  {imports.contio_ms:7.1f} ms  (includes httpx)")
    ok = imports.ratio <= IMPORT_TARGET
    print(f"  ratio          {imports.ratio:7.2f}    target <= {IMPORT_TARGET}  {verdict(ok)}")
    beyond = ", ".join(f"{name} {ms:.1f}" for name, ms in imports.extra)
    print(f"  loaded beyond httpx (ms of own time, -X importtime, median of 3): {beyond}")
    bench.report.target("import contio / httpx", f"{imports.ratio:.2f}", f"<= {IMPORT_TARGET}", ok)
