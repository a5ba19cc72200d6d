"""The official TypeScript SDK on Node: the peer contio's async client is compared with.

It is installed with npm into a temporary folder, once a bench, the first time a section
asks for it (where node and npm are on PATH and --no-sdk is not given); `sdk_peer.js` beside
this file makes the same introspection calls in either protocol.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .base import BenchError
from .cpu import Measure
from .report import Bench

SDK_PACKAGE = "@contio/partner-sdk"
SDK_NAME = "official TypeScript SDK"
NODE_SCRIPT = Path(__file__).with_name("sdk_peer.js")


@dataclass
class Sdk:
    """The official SDK installed into a temporary folder, with the node that runs it."""

    node: str
    folder: Path
    label: str  # "@contio/partner-sdk 1.9.0, node v20.20.2"


def installed(bench: Bench) -> tuple[Sdk | None, str]:
    """The SDK and "", or None and why it is not measured; installed on the first call."""
    return bench.once(_install)


def _install(bench: Bench) -> AbstractContextManager[tuple[Sdk | None, str]]:
    return installed_sdk(not bench.options.no_sdk, bench.options.sdk_install_timeout)


@contextmanager
def installed_sdk(enabled: bool, install_timeout: float) -> Iterator[tuple[Sdk | None, str]]:
    """The SDK and "", or None and why it is not measured; the folder goes on exit."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not enabled:
        yield None, "skipped: --no-sdk"
        return
    if node is None or npm is None:
        yield None, "skipped: node and npm are not both on PATH"
        return
    with tempfile.TemporaryDirectory(prefix="contio-bench-sdk-") as folder:
        workdir = Path(folder)
        (workdir / "package.json").write_text('{"private": true}\n')
        shutil.copyfile(NODE_SCRIPT, workdir / "bench.js")
        install = [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", SDK_PACKAGE]
        try:
            done = subprocess.run(
                install, cwd=workdir, capture_output=True, text=True, timeout=install_timeout
            )
        except subprocess.TimeoutExpired:
            yield None, f"skipped: npm install {SDK_PACKAGE} took over {install_timeout:.0f} s"
            return
        if done.returncode != 0:
            reason = npm_reason(done.stderr)
            yield None, f"skipped: npm install {SDK_PACKAGE} exited {done.returncode}: {reason}"
            return
        manifest = workdir / "node_modules" / SDK_PACKAGE / "package.json"
        version = json.loads(manifest.read_text())["version"]
        node_version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        yield Sdk(node, workdir, f"{SDK_PACKAGE} {version}, node {node_version}"), ""


def npm_reason(stderr: str) -> str:
    """npm's first lines say what failed ("code E404", "404 Not Found - GET ..."); the rest
    is a stack trace and a pointer to its log."""
    lines = (line.removeprefix("npm error").strip() for line in stderr.splitlines())
    kept = [line for line in lines if line and not line.startswith(("syscall", "errno"))]
    return (" / ".join(kept[:2]) or "no message")[:300]


def run_node(sdk: Sdk, arguments: list[str], timeout: float) -> tuple[dict[str, Any] | None, str]:
    """The Node script's JSON report, or None and why it failed."""
    command = [sdk.node, "bench.js", *arguments]
    try:
        ran = subprocess.run(
            command, cwd=sdk.folder, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None, f"the Node script took over {timeout:.0f} s"
    if ran.returncode != 0:
        reason = (ran.stderr.strip().splitlines() or ["no message"])[-1]
        return None, f"the Node script failed: {reason[:160]}"
    report: dict[str, Any] = json.loads(ran.stdout.strip().splitlines()[-1])
    return report, ""


def measure_warmed(
    sdk: Sdk, base_url: str, token: str, calls: int, inflight: int, repeats: int
) -> tuple[Measure | None, str]:
    """The official SDK making the same calls in one long-lived process, best of `repeats`."""
    arguments = ["warmed", base_url, token, str(calls), str(inflight), str(repeats)]
    report, reason = run_node(sdk, arguments, timeout=90)
    if report is None:
        return None, f"skipped: {reason}"
    note = f"{sdk.label}; after 2 warm-up runs of {calls}"
    return Measure(SDK_NAME, calls, [float(s) for s in report["samples"]], note), ""


def run_fresh(sdk: Sdk, base_url: str, token: str, calls: int, inflight: int) -> dict[str, Any]:
    """One fresh Node process's only run (the issue 6 protocol); BenchError if it failed."""
    arguments = ["fresh", base_url, token, str(calls), str(inflight), "1"]
    report, reason = run_node(sdk, arguments, timeout=60)
    if report is None:
        raise BenchError(reason)
    report["loaded"] = [f"{report['loaded']} JS modules"] if report["loaded"] else []
    return report
