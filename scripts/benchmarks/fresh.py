"""(a) The issue 6 protocol: each run is a fresh process's one run of 1,600 calls.

How issue 6's facts table was measured: its startup and imports untimed (fresh_child.py says
exactly what), the client's construction, connections and calls timed as process CPU time,
the median of several processes per client, the order rotated against drift. The Python
clients run in `python -m benchmarks.fresh_child`, the official SDK in a fresh Node.
"""

from __future__ import annotations

import functools
import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import REPO, SCRIPTS, clients, sdk_peer, targets
from .base import BenchError, optional_module, subprocess_env
from .cpu import HEADERS, Measure
from .imports import probe_env
from .report import ISSUE6, Bench, print_cpu_table
from .sdk_peer import SDK_NAME, Sdk
from .warmed_async import default_transport


@dataclass
class FreshSubject:
    """One client measured the issue 6 way; `run` starts one fresh process and reports."""

    measure: Measure
    run: Callable[[], dict[str, Any]]
    sync: bool = False
    how: str = ""  # how the client was made, for the note
    loaded: set[str] = field(default_factory=set)  # modules first loaded inside the timed run
    deferred: list[float] = field(default_factory=list)  # untimed deferred imports, CPU s
    transports: set[str] = field(default_factory=set)
    httpx: set[bool] = field(default_factory=set)  # whether httpx 0.28 was in the process
    failed: str = ""


def run_python_fresh(
    env: dict[str, str],
    subject: str,
    base_url: str,
    token: str,
    calls: int,
    inflight: int,
    mode: str,
) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.fresh_child", subject, base_url, token]
    command += [str(calls), str(inflight), json.dumps(HEADERS), mode]
    try:
        done = subprocess.run(
            command,
            cwd=REPO,
            env={**env, "PYTHONPATH": subprocess_env(SCRIPTS)["PYTHONPATH"]},
            capture_output=True,
            text=True,
            timeout=90,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"the fresh process ({subject}) took over 90 s") from error
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BenchError(f"the fresh process ({subject}) failed: {reason[:200]}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def fresh_note(subject: FreshSubject, calls: int) -> str:
    how = subject.how
    if subject.transports:
        transport = f"transport {', '.join(sorted(subject.transports))}"
        how = f"{how}, {transport}" if how else transport
    parts = [how] if how else []
    if any(subject.deferred):
        deferred_ms = statistics.median(subject.deferred) * 1000
        parts.append(
            f"deferred import of the generated client, untimed: {deferred_ms:.0f} ms CPU "
            f"(would be {deferred_ms / calls:.3f} ms/call over {calls})"
        )
    if subject.httpx:
        parts.append("httpx in the process: " + ("yes" if any(subject.httpx) else "no"))
    loaded = sorted(subject.loaded)
    shown = ", ".join(loaded[:6]) + (f" and {len(loaded) - 6} more" if len(loaded) > 6 else "")
    parts.append("loaded inside the timed run: " + (shown or "nothing"))
    return "; ".join(parts)


def measure_fresh(
    base_url: str,
    token: str,
    calls: int,
    inflight: int,
    runs: int,
    sdk: Sdk | None,
    contio_default: str,
    env: dict[str, str],
) -> tuple[list[Measure], list[Measure], list[str]]:
    """(async measures, sync measures, notes), each the median of `runs` fresh processes."""
    notes: list[str] = []
    subjects: list[FreshSubject] = []

    def python(name: str, subject: str, sync: bool = False, mode: str = "", how: str = "") -> None:
        run = functools.partial(
            run_python_fresh, env, subject, base_url, token, calls, inflight, mode
        )
        measure = Measure(name, calls, statistic="median")
        subjects.append(FreshSubject(measure, run, sync, how))

    def contio(name: str, subject: str) -> None:
        if clients.contio_row(contio_default) == name:
            python(name, subject, mode="default", how="AsyncOAuthClient(), its default")
        else:
            python(name, subject, mode="given", how="given as http_client=")

    python(clients.RAW2_ASYNC, "httpx2-async")
    contio(clients.CONTIO_HTTPX2, "contio-httpx2")
    if clients.contio_row(contio_default) == clients.CONTIO_NATIVE:  # no http_client= form
        python(clients.CONTIO_NATIVE, "contio-native", mode="default", how="AsyncOAuthClient()")
    if optional_module("httpx_aiohttp.httpx2") is not None:
        python(clients.RAW2_AIOHTTP, "httpx2-aiohttp")
        contio(clients.CONTIO_AIOHTTP, "contio-aiohttp")
    else:
        notes.append("httpx-aiohttp[httpx2] is not installed: its transport is not measured")
    if optional_module("httpx") is not None and optional_module("httpx_aiohttp") is not None:
        python(clients.HTTPX_AIOHTTP, "httpx-aiohttp")
    if optional_module("aiohttp") is not None:
        python(clients.PLAIN_AIOHTTP, "aiohttp")
    else:
        notes.append("aiohttp is not installed: plain aiohttp is not measured")
    if sdk is not None:
        node_run = functools.partial(sdk_peer.run_fresh, sdk, base_url, token, calls, inflight)
        measure = Measure(SDK_NAME, calls, statistic="median")
        subjects.append(FreshSubject(measure, node_run, how=sdk.label))
    python(clients.RAW2_SYNC, "httpx2-sync", sync=True)
    python(clients.CONTIO_SYNC, "contio-sync", sync=True)
    if optional_module("httpx") is not None:
        python(clients.HTTPX_SYNC, "httpx-sync", sync=True)

    for index in range(runs):
        shift = index % len(subjects)  # rotate the order against drift
        for subject in subjects[shift:] + subjects[:shift]:
            if subject.failed:
                continue
            try:
                report = subject.run()
            except BenchError as error:
                if subject.measure.name != SDK_NAME:
                    raise
                subject.failed = str(error)  # Node's problem, not the bench's: report it
                notes.append(f"{SDK_NAME}: {error}")
                continue
            subject.measure.samples.append(float(report["cpu"]))
            subject.deferred.append(float(report.get("deferred", 0.0)))
            subject.loaded.update(report.get("loaded", []))
            if report.get("transport"):
                subject.transports.add(str(report["transport"]))
            if "httpx" in report:
                subject.httpx.add(bool(report["httpx"]))
    done = [s for s in subjects if not s.failed]
    for subject in done:
        subject.measure.note = fresh_note(subject, calls)
    return (
        [s.measure for s in done if not s.sync],
        [s.measure for s in done if s.sync],
        notes,
    )


def run(bench: Bench) -> None:
    options = bench.options
    sdk, _why = sdk_peer.installed(bench)
    fresh_async, fresh_sync, notes = measure_fresh(
        bench.base_url,
        bench.token,
        options.fresh_calls,
        options.inflight,
        options.fresh_runs,
        sdk,
        default_transport(bench.base_url),
        probe_env(bench),  # the untimed imports from bytecode, as an installed package's
    )
    print(
        f"\n(a) issue 6 protocol: each run is a fresh process making {options.fresh_calls} "
        f"calls, its only run; median of {options.fresh_runs} processes. Timed (process CPU "
        "time): the client's construction, its connections, every call. Not timed: "
        "interpreter / Node startup, imports (including those made on first use, done "
        "beforehand). httpx 0.28's own async transport (a reference) is measured warmed only."
    )
    print_cpu_table(
        f"  async: introspect_token(), {options.inflight} in flight",
        fresh_async,
        {m.name: m for m in fresh_async}.get(SDK_NAME),
    )
    print_cpu_table(
        "  sync: introspect_token(), one at a time, one kept-alive connection",
        fresh_sync,
        fresh_sync[0],
    )
    for note in notes:
        print(f"  note: {note}")
    if sdk is None:
        print(f"  {SDK_NAME}: not measured (why: in the warmed table above)")
    bench.report.cpu(ISSUE6, "sync", fresh_sync)
    bench.report.cpu(ISSUE6, "async", fresh_async)
    targets.run(bench)  # the CPU targets read this section's rows and the warmed ones
