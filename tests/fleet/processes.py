"""Ending a server process the tests started (Redis, PostgreSQL)."""

from __future__ import annotations

import signal
import subprocess


def end(process: subprocess.Popen[bytes] | None, first: signal.Signals, wait: float) -> None:
    """Send `first` (after SIGCONT: a paused server cannot act on it), wait up to `wait`
    seconds, then SIGKILL; nothing for a process that already ended."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGCONT)
    process.send_signal(first)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
