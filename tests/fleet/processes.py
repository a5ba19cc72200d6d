"""The servers the fleet tests start (Redis, PostgreSQL): a port for one, and ending it."""

from __future__ import annotations

import signal
import socket
import subprocess


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


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
