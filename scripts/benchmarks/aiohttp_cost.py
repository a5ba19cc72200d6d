"""(f) Does aiohttp pay for itself on httpx2?

AsyncOAuthClient() sends its own calls over aiohttp directly when aiohttp is installed
(`contio[aiohttp]`); an app may also give it an httpx2 client over httpx-aiohttp's transport.
What each gains against httpx2's own async transport: contio's CPU per call on each, warmed and
in a fresh process (read from the rows the sections above measured). And what it costs: the
import time, CPU and memory (resident set) of what it loads beyond contio, in fresh
interpreters, step by step: asyncio (shown, not counted: an asyncio app has it), aiohttp (all
contio's own sender needs), httpx (httpx-aiohttp's package imports it from its `__init__`,
even for the httpx2 transport; and httpx its command line's deps where they are installed),
httpx_aiohttp.httpx2. No target: the numbers (and the calls it takes to win the imports back)
are for the maintainers' call.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from typing import Any

from . import clients
from .base import optional_module
from .imports import probe_env, python_probe
from .report import ISSUE6, WARMED, Bench

# asyncio first: an asyncio app has it loaded anyway, so it is shown and not counted.
STEPS = ["asyncio", "aiohttp", "httpx", "httpx_aiohttp.httpx2"]
PROBE = """
import json, resource, sys, time
def rss_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
names = sys.argv[1:]
if names[0] == "--no-cli":  # as where click and rich are not installed
    names = names[1:]
    sys.modules.update(dict.fromkeys(("click", "rich", "pygments")))
import contio
steps = []
for name in names:
    before, rss, cpu, wall = set(sys.modules), rss_kib(), time.process_time(), time.perf_counter()
    __import__(name)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    new = sorted({m.split(".")[0] for m in set(sys.modules) - before})
    steps.append({"name": name, "wall": wall, "cpu": cpu, "rss": rss_kib() - rss, "new": new})
print(json.dumps(steps))
"""
# httpx imports its command line (httpx._main) when click and rich are installed (contio[cli]
# brings them): part of the httpx step here, not in an app without them.
CLI = ("click", "rich", "pygments")


@dataclass
class Step:
    """One import beyond contio: medians of wall ms, CPU ms and resident KiB it added."""

    name: str
    wall_ms: float
    cpu_ms: float
    rss_kib: float
    new: list[str]  # the top-level packages it loaded


def import_steps(env: dict[str, str], runs: int, no_cli: bool = False) -> list[Step]:
    """Each of STEPS in turn after `import contio`, in `runs` fresh interpreters (one more
    first, unkept, to warm the caches); `no_cli`: with httpx's command line deps blocked."""
    arguments = ["--no-cli", *STEPS] if no_cli else STEPS
    probes = (python_probe(env, "-c", PROBE, *arguments) for _ in range(runs + 1))
    samples = [json.loads(probe.stdout) for probe in probes]
    kept: list[list[dict[str, Any]]] = samples[1:]
    steps = []
    for index, name in enumerate(STEPS):
        of = [sample[index] for sample in kept]
        steps.append(
            Step(
                name,
                statistics.median(float(r["wall"]) for r in of) * 1000,
                statistics.median(float(r["cpu"]) for r in of) * 1000,
                statistics.median(float(r["rss"]) for r in of),
                [str(package) for package in of[0]["new"]],
            )
        )
    return steps


def print_savings(bench: Bench) -> dict[tuple[str, str], float]:
    """contio's CPU per call on httpx2's transport and on each aiohttp route, by protocol:
    the saving per call, keyed by (protocol, route)."""
    routes = [("its own aiohttp", clients.CONTIO_NATIVE), ("httpx-aiohttp", clients.CONTIO_AIOHTTP)]
    savings: dict[tuple[str, str], float] = {}
    for protocol in (WARMED, ISSUE6):
        table = bench.report.measured.get(protocol, {})
        own = table.get(clients.CONTIO_HTTPX2)
        for route, row in routes:
            over = table.get(row)
            if own is None or over is None:
                print(f"  [{protocol}] {route}: not measured")
                continue
            saving = own.per_call_ms - over.per_call_ms
            savings[(protocol, route)] = saving
            print(
                f"  [{protocol}] contio CPU/call: httpx2 transport {own.per_call_ms:.3f} ms, "
                f"{route} {over.per_call_ms:.3f} ms (x{over.per_call_ms / own.per_call_ms:.2f}):"
                f" saves {saving:.3f} ms a call"
            )
    return savings


def run(bench: Bench) -> None:
    print("\n(f) aiohttp on httpx2: what it saves per call, what it costs to load")
    if optional_module("aiohttp") is None or optional_module("httpx_aiohttp.httpx2") is None:
        print("  aiohttp or httpx-aiohttp[httpx2] is not installed: not measured")
        return
    savings = print_savings(bench)
    runs = bench.options.import_runs
    steps = import_steps(probe_env(bench), runs)
    print(f"  imports beyond `import contio`, in order, median of {runs} fresh interpreters:")
    for step in steps:
        cli = [name for name in step.new if name in CLI]
        extra = f"; with httpx's command line deps: {', '.join(cli)}" if cli else ""
        print(
            f"    import {step.name:<20} {step.wall_ms:6.1f} ms wall {step.cpu_ms:6.1f} ms CPU "
            f"{step.rss_kib / 1024:5.1f} MiB resident  ({len(step.new)} packages{extra})"
        )
    counted = [step for step in steps if step.name != "asyncio"]
    cost = {
        "its own aiohttp": [step for step in counted if step.name == "aiohttp"],
        "httpx-aiohttp": counted,
    }
    for route, loaded in cost.items():
        cpu = sum(step.cpu_ms for step in loaded)
        mib = sum(step.rss_kib for step in loaded) / 1024
        names = ", ".join(step.name for step in loaded)
        print(f"  {route} loads {names}: {cpu:.0f} ms CPU, {mib:.1f} MiB")
    httpx = next(step for step in steps if step.name == "httpx")
    if any(name in CLI for name in httpx.new):
        bare = next(s for s in import_steps(probe_env(bench), runs, True) if s.name == "httpx")
        print(
            f"  httpx without its command line (click, rich, pygments blocked, as where they "
            f"are not installed): {bare.cpu_ms:.0f} ms CPU, {bare.rss_kib / 1024:.1f} MiB"
        )
    for (protocol, route), saving in savings.items():
        cpu = sum(step.cpu_ms for step in cost[route])
        if saving > 0:
            print(
                f"  [{protocol}] {route}: the imports' CPU is won back after "
                f"{cpu / saving:,.0f} calls in a process"
            )
        else:
            print(f"  [{protocol}] {route}: no saving per call, the imports are never won back")
