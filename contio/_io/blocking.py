"""The blocking driver: steps carried out with blocking I/O.

It sends from a worker thread and waits for it at most the attempt's deadline: httpx2 bounds
each read, not the whole answer, so a server that drips a byte a second would otherwise hold
a call for as long as it likes. The worker stops at its next chunk once the caller gave up.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import contextvars
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx2

from contio._core import Core
from contio._core.failures import DeadlineExceeded
from contio._core.steps import FLUSH, LOAD, LOCK, Flow, Received, Send, Sleep
from contio._io.common import Body, resume, store_error, write_all
from contio.errors import ContioError

if TYPE_CHECKING:
    from contio.stores import TokenStore

__all__ = ["SyncDriver"]

T = TypeVar("T")


def _sleep(seconds: float) -> None:
    """The sync driver's pause before a retry (a seam for tests)."""
    time.sleep(seconds)


_POOL: concurrent.futures.ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> concurrent.futures.ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        with _POOL_LOCK:
            if _POOL is None:
                _POOL = concurrent.futures.ThreadPoolExecutor(64, thread_name_prefix="contio-http")
    return _POOL


def _forget_pool() -> None:  # a forked child has none of the parent's threads
    global _POOL
    _POOL = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _exchange(http: httpx2.Client, step: Send, gave_up: threading.Event) -> Received:
    """In a worker thread: send, and read the answer unless the caller gave up meanwhile."""
    if gave_up.is_set():  # waited for a worker past the deadline
        raise DeadlineExceeded("gave up before sending")
    # auth=None: an app's http_client may carry oauth.auth for its own calls.
    response = http.send(step.request, stream=True, auth=None, follow_redirects=False)
    try:
        body = Body(response, step.max_bytes)
        for chunk in response.iter_bytes():
            if gave_up.is_set():
                raise DeadlineExceeded("gave up while reading")
            body.add(chunk)
    finally:
        response.close()  # unread: drops the connection rather than reading the rest
    return body.received()


class SyncDriver:
    """Runs jobs with blocking I/O; safe to share between threads."""

    def __init__(self, core: Core, http: httpx2.Client, check_open: Callable[[], None]) -> None:
        self.core = core
        self.http = http
        self.check_open = check_open
        self.refresh_lock = threading.Lock()
        self.write_lock = threading.Lock()

    def run(self, flow: Flow[T], *, single_flight: bool = False) -> T:
        with contextlib.ExitStack() as held:
            if single_flight:
                held.enter_context(self.refresh_lock)
                self.check_open()  # closed while this caller waited for the lock
            return self._drive(flow, held)

    def _drive(self, flow: Flow[T], held: contextlib.ExitStack) -> T:
        store = self.core.state.store
        locked = False  # whether this job holds the store's refresh lock
        try:
            step = next(flow)
            while True:
                if isinstance(step, Send):
                    try:
                        received = self._send(step)
                    except Exception as exc:
                        step = resume(flow, exc)
                    else:
                        step = flow.send(received)
                    continue
                try:
                    if step is LOAD:
                        outcome: Any = self._load(store)
                    elif step is FLUSH:
                        self.flush(holding_store_lock=locked)
                        outcome = None
                    elif step is LOCK:
                        if not locked:
                            lock = getattr(store, "lock", None)
                            if lock is not None:
                                held.enter_context(lock())
                            locked = True
                        outcome = None
                    else:
                        assert isinstance(step, Sleep)
                        _sleep(step.seconds)
                        outcome = None
                except ContioError as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(outcome)
        except StopIteration as stop:
            result: T = stop.value
            return result

    def _send(self, step: Send) -> Received:
        gave_up = threading.Event()
        context = contextvars.copy_context()  # the app's context vars (tracing) go along
        future = _pool().submit(context.run, _exchange, self.http, step, gave_up)
        try:
            return future.result(timeout=step.deadline)
        except concurrent.futures.TimeoutError:
            raise DeadlineExceeded(
                f"no whole answer within the timeout ({step.deadline:g} s)"
            ) from None
        finally:
            gave_up.set()  # a worker still reading stops at its next chunk
            future.cancel()  # one not started yet never starts

    @staticmethod
    def _load(store: TokenStore) -> Any:
        try:
            return store.load()
        except Exception as exc:
            raise store_error(store, "load tokens", exc) from None

    def flush(self, *, holding_store_lock: bool = False) -> None:
        """Write what the token state holds, until the store has the newest change."""
        state = self.core.state
        store = state.store
        lock = getattr(store, "lock", None)
        with contextlib.ExitStack() as held:
            if state.pending_write() is None:
                return
            if lock is not None and not holding_store_lock:
                held.enter_context(lock())
            held.enter_context(self.write_lock)
            write_all(self.core)
