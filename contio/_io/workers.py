"""The threads the blocking driver sends from, so that its caller waits at most the deadline.

httpx2 bounds each read, not the whole answer: a server that drips a byte a second would
hold a blocking call for as long as it likes. So each exchange runs in a worker thread, and
the caller stops waiting at the deadline. A worker starts whenever none is idle (one stuck on
a hostile server never holds up another client's call), an idle one ends after a minute, and
all are daemons (a script whose call timed out still exits). When the caller gives up, the
socket of a connection the exchange opened is shut down, which ends the worker's read at
once; on a connection it reused, the worker stops at its next chunk.
"""

from __future__ import annotations

import contextlib
import os
import queue
import socket
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Exchange", "start"]

IDLE_SECONDS = 60.0


class Exchange:
    """One send run by a worker: its outcome, and what the caller needs to give up on it."""

    __slots__ = ("_socket", "done", "error", "gave_up", "result", "work")

    def __init__(self, work: Callable[[Exchange], Any]) -> None:
        self.work = work
        self.done = threading.Event()
        self.gave_up = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self._socket: socket.socket | None = None

    def run(self) -> None:
        try:
            self.result = self.work(self)
        except BaseException as exc:  # handed to the caller, who raises it
            self.error = exc
        finally:
            self.done.set()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's `trace` extension: note the socket of a connection this opens."""
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                self._socket = sock
                if self.gave_up.is_set():
                    self.give_up()

    def give_up(self) -> None:
        self.gave_up.set()
        sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Workers:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle = 0
        self._jobs: queue.SimpleQueue[Exchange] = queue.SimpleQueue()

    def start(self, exchange: Exchange) -> bool:
        """Run `exchange` in a worker; False when no thread can be started (at interpreter
        shutdown, say): the caller then sends itself."""
        with self._lock:
            if self._idle:
                self._idle -= 1
                self._jobs.put(exchange)
                return True
        try:
            threading.Thread(
                target=self._serve, args=(exchange,), name="contio-http", daemon=True
            ).start()
        except RuntimeError:
            return False
        return True

    def _serve(self, exchange: Exchange) -> None:
        while True:
            exchange.run()
            with self._lock:
                self._idle += 1
            try:
                exchange = self._jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._jobs.empty():  # nobody counted on this thread: it ends
                        self._idle -= 1
                        return
                exchange = self._jobs.get()


_WORKERS = _Workers()


def start(exchange: Exchange) -> bool:
    return _WORKERS.start(exchange)


def _after_fork() -> None:  # a forked child has none of the parent's threads
    global _WORKERS
    _WORKERS = _Workers()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)
