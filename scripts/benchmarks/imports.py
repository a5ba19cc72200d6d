"""(b) The import time of `contio` against `httpx2`, in fresh interpreters (issue 11's target),
and whether `import contio` loads httpx (it must not: the library is built on httpx2 alone)."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .base import subprocess_env, verdict
from .report import Bench

IMPORT_TARGET = 1.3  # import contio / import httpx2 (issue 11)
IMPORT_PROBE = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"
HTTPX_PROBE = "import sys, contio; print('httpx' in sys.modules)"


@contextmanager
def bytecode_cache(bench: Bench) -> Iterator[str]:
    """A folder for the probes' bytecode, for the bench's duration (see probe_env)."""
    with tempfile.TemporaryDirectory(prefix="contio-bench-pyc-") as folder:
        yield folder


def probe_env(bench: Bench) -> dict[str, str]:
    """The probes' environment. An installed package is loaded from the bytecode pip wrote;
    this work tree's contio from source, compiled at every import where the environment sets
    PYTHONDONTWRITEBYTECODE (as some do): the probes write and read the bytecode of every
    module alike in a temporary folder, and the first probe of each import is not kept."""
    env = subprocess_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = bench.once(bytecode_cache)
    return env


def python_probe(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter run with `arguments`, measuring this work tree's contio."""
    command = [sys.executable, *arguments]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=True)


def import_seconds(env: dict[str, str], module: str) -> float:
    return float(python_probe(env, "-c", IMPORT_PROBE.format(module)).stdout.strip())


def import_self_times(env: dict[str, str], module: str) -> dict[str, int]:
    """Self time in microseconds of every module `import module` loads (-X importtime)."""
    times: dict[str, int] = {}
    probe = python_probe(env, "-X", "importtime", "-c", f"import {module}")
    for line in probe.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if found:
            times[found.group(2)] = int(found.group(1))
    return times


@dataclass
class ImportResult:
    httpx2_ms: float
    contio_ms: float
    extra: list[tuple[str, float]]  # packages contio loads beyond httpx2's, ms of self time
    loads_httpx: bool

    @property
    def ratio(self) -> float:
        return self.contio_ms / self.httpx2_ms


def measure_imports(env: dict[str, str], runs: int) -> ImportResult:
    import_seconds(env, "httpx2")  # warm the page cache and write the bytecode
    import_seconds(env, "contio")
    samples: dict[str, list[float]] = {"httpx2": [], "contio": []}
    for _ in range(runs):
        for module in samples:
            samples[module].append(import_seconds(env, module))
    base = import_self_times(env, "httpx2")
    runs_extra: list[Counter[str]] = []
    for _ in range(3):
        extra_run: Counter[str] = Counter()
        for name, micros in import_self_times(env, "contio").items():
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
        httpx2_ms=statistics.median(samples["httpx2"]) * 1000,
        contio_ms=statistics.median(samples["contio"]) * 1000,
        extra=[(name, micros / 1000) for name, micros in extra.most_common(6)],
        loads_httpx=python_probe(env, "-c", HTTPX_PROBE).stdout.strip() == "True",
    )


def run(bench: Bench) -> None:
    runs = bench.options.import_runs
    imports = measure_imports(probe_env(bench), runs)
    print(f"\n(b) import time, median of {runs} fresh interpreters, bytecode cached for all")
    print(f"  import httpx2  {imports.httpx2_ms:7.1f} ms")
    print(f"  import contio  {imports.contio_ms:7.1f} ms  (includes httpx2)")
    ok = imports.ratio <= IMPORT_TARGET
    print(f"  ratio          {imports.ratio:7.2f}    target <= {IMPORT_TARGET}  {verdict(ok)}")
    beyond = ", ".join(f"{name} {ms:.1f}" for name, ms in imports.extra)
    print(f"  loaded beyond httpx2 (ms of own time, -X importtime, median of 3): {beyond}")
    print(f"  httpx (0.28) loaded by import contio: {'yes' if imports.loads_httpx else 'no'}")
    bench.report.target("import contio / httpx2", f"{imports.ratio:.2f}", f"<= {IMPORT_TARGET}", ok)
