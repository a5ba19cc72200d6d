"""The blocking driver: steps carried out with blocking I/O, each send bounded by the
attempt's deadline: at the socket when contio made the httpx2 client (see `deadline`), else
from a worker thread that the caller waits for at most the deadline (see `workers`)."""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx2

from contio._core.failures import DeadlineExceeded
from contio._core.steps import FLUSH, LOAD, LOCK, Call, Exclusive, Flow, Received, Send, Sleep
from contio._io.common import (
    Body,
    Core,
    HeldLocks,
    listener_failed,
    resume,
    store_error,
    tell,
    write_all,
)
from contio._io.deadline import deadline
from contio._io.workers import Exchange, start
from contio.errors import ContioError

if TYPE_CHECKING:
    from contio.stores import TokenStore

__all__ = ["SyncDriver"]

T = TypeVar("T")


def _sleep(seconds: float) -> None:
    """The sync driver's pause before a retry (a seam for tests)."""
    time.sleep(seconds)


def _exchange(http: httpx2.Client, step: Send, exchange: Exchange | None = None) -> Received:
    """Send, and read the whole answer: in a worker thread unless the caller gave up
    meanwhile (`exchange`), or in the caller's own under a DeadlineTransport's deadline."""
    if exchange is not None:
        if exchange.gave_up.is_set():
            raise DeadlineExceeded("gave up before sending")
        step.request.extensions["trace"] = exchange.trace
    # auth=None: an app's http_client may carry oauth.auth for its own calls.
    response = http.send(step.request, stream=True, auth=None, follow_redirects=False)
    try:
        body = Body(response, step.max_bytes)
        for chunk in response.iter_bytes():
            if exchange is not None and exchange.gave_up.is_set():
                raise DeadlineExceeded("gave up while reading")
            body.add(chunk)
    finally:
        response.close()  # unread: drops the connection rather than reading the rest
    return body.received()


class SyncDriver:
    """Runs jobs with blocking I/O; safe to share between threads."""

    def __init__(
        self,
        core: Core,
        http: httpx2.Client,
        check_open: Callable[[], None],
        *,
        inline: bool = False,
    ) -> None:
        self.core = core
        self.http = http
        self.inline = inline  # http sends through a DeadlineTransport: no worker needed
        self.check_open = check_open
        self.refresh_lock = threading.Lock()
        self.write_lock = threading.Lock()
        self._named: dict[str, threading.Lock] = {}
        self._named_guard = threading.Lock()

    def run(self, flow: Flow[T], *, single_flight: bool = False) -> T:
        try:
            with contextlib.ExitStack() as held:
                if single_flight:
                    held.enter_context(self.refresh_lock)
                    self.check_open()  # closed while this caller waited for the lock
                return self._drive(flow, held)
        finally:
            self.tell()

    def tell(self) -> None:
        """Tell the app's `on_tokens` of a change the store took (a plain function)."""
        pending = tell(self.core)
        if pending is not None:  # an async listener given to a blocking client
            close = getattr(pending, "close", None)
            if close is not None:
                close()
            listener_failed(TypeError("on_tokens of an OAuthClient returned an awaitable"))

    def _drive(self, flow: Flow[T], held: contextlib.ExitStack) -> T:
        store = self.core.state.store
        locked = False  # whether this job holds the store's refresh lock
        owned: HeldLocks[threading.Lock] = HeldLocks()
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
                if isinstance(step, Call):  # the flow hears whatever it raises
                    try:
                        called = getattr(step.target, step.method)(*step.args)
                    except Exception as exc:
                        step = flow.throw(exc)
                    else:
                        step = flow.send(called)
                    continue
                try:
                    if isinstance(step, Exclusive):
                        self._exclusive(step, owned)
                        outcome: Any = None
                    elif step is LOAD:
                        outcome = self._load(store)
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
                        if step.cancel is not None:  # a wait the app may end early
                            step.cancel.wait(step.seconds)
                        else:
                            _sleep(step.seconds)
                        outcome = None
                except ContioError as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(outcome)
        except StopIteration as stop:
            result: T = stop.value
            return result
        finally:
            owned.release_all()

    def _exclusive(self, step: Exclusive, owned: HeldLocks[threading.Lock]) -> None:
        if owned.to_take(step):
            with self._named_guard:
                lock = self._named.setdefault(step.name, threading.Lock())
            lock.acquire()
            owned.took(step.name, lock)

    def _send(self, step: Send) -> Received:
        self.check_open()  # closed between attempts: say so, not httpx2's RuntimeError
        if self.inline:
            with deadline(step.deadline):
                return _exchange(self.http, step)
        context = contextvars.copy_context()  # the app's context vars (tracing) go along
        http = self.http
        exchange = Exchange(lambda ex: context.run(_exchange, http, step, ex))
        if not start(exchange):  # no thread to be had: send from here
            result: Received = _exchange(http, step, exchange)
            return result
        try:
            if not exchange.done.wait(step.deadline):
                raise DeadlineExceeded(f"no whole answer within the timeout ({step.deadline:g} s)")
        finally:
            if not exchange.done.is_set():
                exchange.give_up()  # its worker stops; the caller does not wait for it
        if exchange.error is not None:
            raise exchange.error
        received: Received = exchange.result
        return received

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
