"""Carrying out a flow's steps: with blocking I/O (`SyncDriver`) or awaited (`AsyncDriver`).

This is the only code written twice, because one blocks and the other awaits. Each driver
sends a request and reads its whole answer within the attempt's deadline and under the read
cap, never following a redirect, and applies the store steps under its locks:
`LOCK` takes the store's refresh lock for the rest of the job; `FLUSH` writes what the token
state holds under the store's lock (unless the job holds it) and the client's write lock.

The blocking driver sends from a worker thread and waits for it at most the deadline: httpx
bounds each read, not the whole answer, so a server that drips a byte a second would
otherwise hold a call for as long as it likes. The async driver cancels at the deadline.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import contextvars
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from contio._core import Core
from contio._core.failures import DeadlineExceeded, as_transport_error
from contio._core.steps import FLUSH, LOAD, LOCK, BodyTooLarge, Flow, Received, Send, Sleep
from contio.errors import ContioError, TokenStoreError

if TYPE_CHECKING:
    import asyncio

    from contio.stores import TokenStore

__all__ = ["AsyncDriver", "SyncDriver"]

T = TypeVar("T")


def _sleep(seconds: float) -> None:
    """The sync driver's pause before a retry (a seam for tests)."""
    time.sleep(seconds)


async def _async_sleep(seconds: float) -> None:
    """The async driver's pause before a retry (a seam for tests)."""
    import asyncio  # here, not at the top: `import contio` stays cheap for sync apps

    await asyncio.sleep(seconds)


def _declared_too_large(response: httpx.Response, limit: int) -> bool:
    length = response.headers.get("content-length", "")
    return length.isdigit() and int(length) > limit


def _store_error(store: TokenStore, action: str, exc: Exception) -> TokenStoreError:
    """A store's failure as the TokenStoreError the protocol promises (its text is the
    store's own, which names no token; anything else is named by its type only)."""
    if isinstance(exc, TokenStoreError):
        return exc
    error = TokenStoreError(f"{type(store).__name__} could not {action}: {type(exc).__name__}")
    error.__cause__ = exc
    return error


def _resume(flow: Flow[T], exc: Exception) -> Any:
    """Resume a flow after carrying out its Send raised: with the response an app's event
    hook raised for (raise_for_status), or with the failure thrown in (the flow decides on
    a retry). Anything else is not ours to judge: it propagates as it is."""
    if isinstance(exc, httpx.HTTPStatusError):
        try:  # read by the hook before it raised, or else closed unread by httpx
            body = exc.response.content
        except httpx.StreamError:
            body = b""
        return flow.send(Received(exc.response, body))
    if isinstance(exc, BodyTooLarge):
        return flow.throw(exc)
    failure = as_transport_error(exc)
    if failure is None:
        raise exc
    return flow.throw(failure)


def _write_all(core: Core) -> None:
    """Write, with the store's blocking methods, until it has the newest change."""
    state = core.state
    store = state.store
    while (pending := state.pending_write()) is not None:
        epoch, tokens = pending
        try:
            store.save(tokens) if tokens is not None else store.clear()
        except Exception as exc:
            error = _store_error(store, "save tokens", exc)
            state.write_failed(epoch, error)
            raise error from None
        state.written(epoch)


# -- the blocking driver -------------------------------------------------------------------

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


def _exchange(http: httpx.Client, step: Send, gave_up: threading.Event) -> Received:
    """In a worker thread: send, and read the answer unless the caller gave up meanwhile."""
    if gave_up.is_set():  # waited for a worker past the deadline
        raise DeadlineExceeded("gave up before sending")
    # auth=None: an app's http_client may carry oauth.auth for its own calls.
    response = http.send(step.request, stream=True, auth=None, follow_redirects=False)
    try:
        if _declared_too_large(response, step.max_bytes):
            raise BodyTooLarge(response, step.max_bytes)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            if gave_up.is_set():
                raise DeadlineExceeded("gave up while reading")
            size += len(chunk)
            if size > step.max_bytes:
                raise BodyTooLarge(response, step.max_bytes)
            chunks.append(chunk)
    finally:
        response.close()  # unread: drops the connection rather than reading the rest
    return Received(response, b"".join(chunks))


class SyncDriver:
    """Runs jobs with blocking I/O; safe to share between threads."""

    def __init__(self, core: Core, http: httpx.Client, check_open: Callable[[], None]) -> None:
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
                        step = _resume(flow, exc)
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
            raise _store_error(store, "load tokens", exc) from None

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
            _write_all(self.core)


# -- the async driver ----------------------------------------------------------------------


def _deadline(seconds: float) -> Any:
    """An async context that cancels what it holds after `seconds` (TimeoutError)."""
    import asyncio

    timeout: Callable[[float], Any] | None = getattr(asyncio, "timeout", None)  # 3.11+
    if timeout is not None:
        return timeout(seconds)
    return _Deadline310(seconds)  # pragma: no cover - Python 3.10


class _Deadline310:  # pragma: no cover - Python 3.10 has no asyncio.timeout
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False

    async def __aenter__(self) -> None:
        import asyncio

        task = asyncio.current_task()
        assert task is not None

        def expire() -> None:
            self.expired = True
            task.cancel()

        self.handle = asyncio.get_running_loop().call_later(self.seconds, expire)

    async def __aexit__(self, kind: Any, exc: Any, tb: Any) -> None:
        import asyncio

        self.handle.cancel()
        if self.expired and isinstance(exc, asyncio.CancelledError):
            raise TimeoutError from exc


async def _aexchange(http: httpx.AsyncClient, step: Send) -> Received:
    response = await http.send(step.request, stream=True, auth=None, follow_redirects=False)
    try:
        if _declared_too_large(response, step.max_bytes):
            raise BodyTooLarge(response, step.max_bytes)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > step.max_bytes:
                raise BodyTooLarge(response, step.max_bytes)
            chunks.append(chunk)
    finally:
        await response.aclose()
    return Received(response, b"".join(chunks))


class AsyncDriver:
    """Runs jobs with awaited I/O; safe to share between the tasks of one event loop."""

    def __init__(self, core: Core, http: httpx.AsyncClient, check_open: Callable[[], None]) -> None:
        import asyncio

        self.core = core
        self.http = http
        self.check_open = check_open
        self.refresh_lock = asyncio.Lock()
        self.write_lock = asyncio.Lock()
        self._flushes: set[asyncio.Task[None]] = set()

    async def run(self, flow: Flow[T], *, single_flight: bool = False) -> T:
        if not single_flight:
            async with contextlib.AsyncExitStack() as held:
                return await self._drive(flow, held)
        # The refresh runs as a task of its own that holds the lock: a caller cancelled
        # while waiting (a client hanging up, a wait_for) must not abandon a refresh the
        # server may already have done, nor free the lock for a second one.
        import asyncio

        task = asyncio.ensure_future(self._single_flight(flow))
        task.add_done_callback(_retrieve_exception)
        return await asyncio.shield(task)

    async def _single_flight(self, flow: Flow[T]) -> T:
        async with self.refresh_lock, contextlib.AsyncExitStack() as held:
            self.check_open()  # closed while this caller waited for the lock
            return await self._drive(flow, held)

    async def _drive(self, flow: Flow[T], held: contextlib.AsyncExitStack) -> T:
        store = self.core.state.store
        locked = False
        try:
            step = next(flow)
            while True:
                if isinstance(step, Send):
                    try:
                        received = await self._send(step)
                    except Exception as exc:
                        step = _resume(flow, exc)
                    else:
                        step = flow.send(received)
                    continue
                try:
                    if step is LOAD:
                        outcome: Any = await self._load(store)
                    elif step is FLUSH:
                        await self.flush(holding_store_lock=locked)
                        outcome = None
                    elif step is LOCK:
                        if not locked:
                            alock = getattr(store, "alock", None)
                            if alock is not None:
                                await held.enter_async_context(alock())
                            locked = True
                        outcome = None
                    else:
                        assert isinstance(step, Sleep)
                        await _async_sleep(step.seconds)
                        outcome = None
                except ContioError as exc:
                    step = flow.throw(exc)
                else:
                    step = flow.send(outcome)
        except StopIteration as stop:
            result: T = stop.value
            return result

    async def _send(self, step: Send) -> Received:
        try:
            async with _deadline(step.deadline):
                return await _aexchange(self.http, step)
        except TimeoutError:
            raise DeadlineExceeded(
                f"no whole answer within the timeout ({step.deadline:g} s)"
            ) from None

    @staticmethod
    async def _load(store: TokenStore) -> Any:
        aload = getattr(store, "aload", None)
        try:
            return await aload() if aload is not None else store.load()
        except Exception as exc:
            raise _store_error(store, "load tokens", exc) from None

    async def flush(self, *, holding_store_lock: bool = False) -> None:
        """Write what the token state holds, until the store has the newest change."""
        state = self.core.state
        store = state.store
        if state.pending_write() is None:
            return
        alock = getattr(store, "alock", None)
        async with contextlib.AsyncExitStack() as held:
            if alock is not None and not holding_store_lock:
                await held.enter_async_context(alock())
            await held.enter_async_context(self.write_lock)
            while (pending := state.pending_write()) is not None:
                epoch, tokens = pending
                try:
                    await self._write(store, tokens)
                except Exception as exc:
                    error = _store_error(store, "save tokens", exc)
                    state.write_failed(epoch, error)
                    raise error from None
                state.written(epoch)

    @staticmethod
    async def _write(store: TokenStore, tokens: Any) -> None:
        if tokens is not None:
            asave = getattr(store, "asave", None)
            await asave(tokens) if asave is not None else store.save(tokens)
        else:
            aclear = getattr(store, "aclear", None)
            await aclear() if aclear is not None else store.clear()

    def flush_soon(self) -> None:
        """From a plain method: write now if the store is blocking-only (nothing to await),
        else in a task of the running loop; with no loop running, at the next call."""
        state = self.core.state
        store = state.store
        if not any(hasattr(store, name) for name in ("asave", "aclear", "alock")):
            _write_all(self.core)  # nothing in it awaits: no other task runs meanwhile
            return
        aio = sys.modules.get("asyncio")
        try:
            loop = aio.get_running_loop() if aio is not None else None
        except RuntimeError:
            loop = None
        if loop is None:
            return
        task = loop.create_task(self.flush())
        self._flushes.add(task)  # a reference, so the task is not collected mid-way
        task.add_done_callback(self._flushed)

    def _flushed(self, task: asyncio.Task[None]) -> None:
        self._flushes.discard(task)
        _retrieve_exception(task)  # the change stays pending: the next call writes it


def _retrieve_exception(task: asyncio.Future[Any]) -> None:
    """Mark a task's failure as seen when whoever awaited it is gone."""
    if not task.cancelled():
        task.exception()
