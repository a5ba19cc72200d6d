"""The async driver: steps carried out with awaited I/O, cancelled at the deadline, over an
app's httpx2 client (any transport) or contio's own sender (see `aiohttp_session`)."""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import httpx2

from contio._core.failures import DeadlineExceeded
from contio._core.steps import FLUSH, LOAD, LOCK, Call, Exclusive, Flow, Received, Send, Sleep
from contio._io.aiohttp_session import AiohttpSession
from contio._io.common import (
    Body,
    Core,
    HeldLocks,
    listener_failed,
    resume,
    retrieve_exception,
    store_error,
    tell,
    write_all,
)
from contio.errors import ContioError

if TYPE_CHECKING:
    import asyncio

    from contio._core.state import TokenState
    from contio.stores import TokenStore

__all__ = ["AsyncDriver"]

T = TypeVar("T")


async def _async_sleep(seconds: float) -> None:
    """The async driver's pause before a retry (a seam for tests)."""
    import asyncio  # here, not at the top: `import contio` stays cheap for sync apps

    await asyncio.sleep(seconds)


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


async def _aexchange(http: httpx2.AsyncClient, step: Send) -> Received:
    response = await http.send(step.request, stream=True, auth=None, follow_redirects=False)
    try:
        body = Body(response, step.max_bytes)
        async for chunk in response.aiter_bytes():
            body.add(chunk)
    finally:
        await response.aclose()  # unread: drops the connection rather than reading the rest
    return body.received()


class HandedOff:
    """Whether a write was handed to the background and not yet done."""

    __slots__ = ("pending",)

    def __init__(self) -> None:
        self.pending = False


class AsyncDriver:
    """Runs jobs with awaited I/O; safe to share between the tasks of one event loop."""

    def __init__(
        self,
        core: Core,
        http: httpx2.AsyncClient | AiohttpSession,
        check_open: Callable[[], None],
    ) -> None:
        import asyncio

        self.core = core
        self.http = http
        self.check_open = check_open
        self.refresh_lock = asyncio.Lock()
        self.write_lock = asyncio.Lock()
        # Named locks per event loop: an asyncio.Lock belongs to the loop that used it.
        self._named: dict[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = {}
        self._flushes: set[asyncio.Task[None]] = set()
        #: Whether a plain set_tokens/clear_tokens left a write nobody awaits (its failure
        #: would reach nobody): said at the client's end if the store never took it.
        self.handed_off = HandedOff()

    async def run(self, flow: Flow[T], *, single_flight: bool = False) -> T:
        if not single_flight:
            try:
                async with contextlib.AsyncExitStack() as held:
                    return await self._drive(flow, held)
            finally:
                await self.tell()
        # The refresh runs as a task of its own that holds the lock: a caller cancelled
        # while waiting (a client hanging up, a wait_for) must not abandon a refresh the
        # server may already have done, nor free the lock for a second one.
        import asyncio

        task = asyncio.ensure_future(self._single_flight(flow))
        task.add_done_callback(retrieve_exception)
        return await asyncio.shield(task)

    async def _single_flight(self, flow: Flow[T]) -> T:
        try:
            async with self.refresh_lock, contextlib.AsyncExitStack() as held:
                self.check_open()  # closed while this caller waited for the lock
                return await self._drive(flow, held)
        finally:
            await self.tell()

    async def tell(self) -> None:
        """Tell the app's `on_tokens` of a change the store took, awaiting an async one."""
        pending = tell(self.core)
        if pending is not None:
            try:
                await pending
            except Exception as exc:
                listener_failed(exc)

    async def _drive(self, flow: Flow[T], held: contextlib.AsyncExitStack) -> T:
        store = self.core.state.store
        locked = False
        owned: HeldLocks[asyncio.Lock] = HeldLocks()
        try:
            step = next(flow)
            while True:
                if isinstance(step, Send):
                    try:
                        received = await self._send(step)
                    except Exception as exc:
                        step = resume(flow, exc)
                    else:
                        step = flow.send(received)
                    continue
                if isinstance(step, Call):  # the flow hears whatever it raises
                    try:
                        called = await getattr(step.target, "a" + step.method)(*step.args)
                    except Exception as exc:
                        step = flow.throw(exc)
                    else:
                        step = flow.send(called)
                    continue
                try:
                    if isinstance(step, Exclusive):
                        await self._exclusive(step, owned)
                        outcome: Any = None
                    elif step is LOAD:
                        outcome = await self._load(store)
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
                        assert isinstance(step, Sleep)  # a task is cancelled as any other
                        await _async_sleep(step.seconds)
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

    async def _exclusive(self, step: Exclusive, owned: HeldLocks[asyncio.Lock]) -> None:
        import asyncio

        if owned.to_take(step):
            loop = asyncio.get_running_loop()
            locks = self._named.get(loop)
            if locks is None:
                for dead in [other for other in self._named if other.is_closed()]:
                    del self._named[dead]
                locks = self._named[loop] = {}
            lock = locks.setdefault(step.name, asyncio.Lock())
            await lock.acquire()
            owned.took(step.name, lock)

    async def _send(self, step: Send) -> Received:
        self.check_open()  # closed between attempts: say so, not httpx2's RuntimeError
        try:
            async with _deadline(step.deadline):
                if isinstance(self.http, AiohttpSession):
                    return await self.http.exchange(step)
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
            raise store_error(store, "load tokens", exc) from None

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
                    error = store_error(store, "save tokens", exc)
                    state.write_failed(epoch, error)
                    raise error from None
                state.written(epoch, tokens)
            self.handed_off.pending = False

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
        self.handed_off.pending = True
        aio = sys.modules.get("asyncio")
        try:
            loop = aio.get_running_loop() if aio is not None else None
        except RuntimeError:
            loop = None
        if not any(hasattr(store, name) for name in ("asave", "aclear", "alock")):
            write_all(self.core)  # nothing in it awaits: no other task runs meanwhile
            if loop is not None:
                self._background(loop, self.tell())
            else:
                self._tell_without_loop()
            return
        if loop is None:
            return  # written at the next call (or warned of, if the client goes first)
        self._background(loop, self._write_in_background())

    def _background(self, loop: asyncio.AbstractEventLoop, work: Coroutine[Any, Any, None]) -> None:
        task = loop.create_task(work)
        self._flushes.add(task)  # a reference, so the task is not collected mid-way
        task.add_done_callback(self._flushed)

    async def _write_in_background(self) -> None:
        """`set_tokens`' write; a loop that ends first is warned of, never silent."""
        import asyncio

        try:
            await self.flush()
        except asyncio.CancelledError:
            if self.core.state.dirty:
                warnings.warn(
                    "contio: the event loop ended before the token store took a change "
                    "made with set_tokens/clear_tokens; it is lost: await aset_tokens(), "
                    "aclear_tokens() or aclose() before the loop ends",
                    RuntimeWarning,
                    stacklevel=1,
                )
            raise
        await self.tell()

    def _tell_without_loop(self) -> None:
        pending = tell(self.core)
        if pending is not None:  # an async listener, and no loop to await it in
            close = getattr(pending, "close", None)
            if close is not None:
                close()
            listener_failed(RuntimeError("no running event loop to await on_tokens in"))

    async def settle(self) -> None:
        """Before the client closes: wait for the writes handed to tasks, then write what
        is still pending (TokenStoreError if the store will not take it)."""
        for task in list(self._flushes):
            with contextlib.suppress(Exception):
                await task
        if self.core.state.pending_write() is not None:
            await self.flush()

    @staticmethod
    def warn_if_unwritten(state: TokenState, handed_off: HandedOff) -> None:
        """At the client's end (collected, or the interpreter exiting): a change handed to
        the background that the store never took is said, not lost silently."""
        if handed_off.pending and state.dirty:
            warnings.warn(
                "contio: an AsyncOAuthClient went away before its token store took a change "
                "made with set_tokens/clear_tokens; the store does not have it: await "
                "aset_tokens(), aclear_tokens() or aclose()",
                RuntimeWarning,
                stacklevel=1,
            )

    def _flushed(self, task: asyncio.Task[None]) -> None:
        self._flushes.discard(task)
        retrieve_exception(task)  # the change stays pending: the next call writes it
