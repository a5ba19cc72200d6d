"""What both drivers share: how a failed send resumes a flow, how a store's failure is
reported, the named locks a job holds, and writing the token state with a store's blocking
methods."""

from __future__ import annotations

import contextvars
import inspect
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import httpx2

from contio._core.failures import as_transport_error
from contio._core.steps import BodyRefused, Exclusive, Flow, Received
from contio.errors import TokenStoreError

if TYPE_CHECKING:
    import asyncio

    from contio._core.state import TokenState
    from contio.stores import TokenStore
    from contio.types import TokensListener

T = TypeVar("T")


class Core(Protocol):
    """What a driver runs flows for: a client's token state and its `on_tokens` (the admin
    clients have a state that no flow of theirs touches, and no listener)."""

    @property
    def state(self) -> TokenState: ...

    @property
    def on_tokens(self) -> TokensListener | None: ...


class _Lock(Protocol):
    def release(self) -> None: ...


L = TypeVar("L", bound=_Lock)


class HeldLocks(Generic[L]):
    """The named locks (`Exclusive` steps) one job holds, for either driver: taking one it
    holds already and letting go of one it does not hold do nothing; `release_all` when the
    job ends, however it ends."""

    __slots__ = ("_held",)

    def __init__(self) -> None:
        self._held: dict[str, L] = {}

    def to_take(self, step: Exclusive) -> bool:
        """Whether the driver must take `step`'s lock (then `took` it); a step that lets go
        is carried out here."""
        if step.enter:
            return step.name not in self._held
        lock = self._held.pop(step.name, None)
        if lock is not None:
            lock.release()
        return False

    def took(self, name: str, lock: L) -> None:
        self._held[name] = lock

    def release_all(self) -> None:
        for lock in self._held.values():
            lock.release()
        self._held.clear()


class Body:
    """An answer's body as it is read, refused past the cap: the caller closes the stream
    unread, which drops the connection, and memory stays flat."""

    __slots__ = ("chunks", "limit", "response", "size")

    def __init__(self, response: httpx2.Response, limit: int) -> None:
        self.response, self.limit = response, limit
        self.chunks: list[bytes] = []
        self.size = 0
        headers = response.headers
        encoding = headers.get("content-encoding", "").strip().lower()
        if encoding not in ("", "identity"):
            # Asked for identity: a compressed answer would be inflated a whole chunk at a
            # time before any cap could count it (a few KB of gzip make gigabytes).
            raise BodyRefused(response, f"it is {encoding}-encoded, though identity was asked")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise BodyRefused(response, self._too_large)

    @property
    def _too_large(self) -> str:
        return f"it is larger than max_response_bytes ({self.limit} bytes)"

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise BodyRefused(self.response, self._too_large)
        self.chunks.append(chunk)

    def received(self) -> Received:
        return Received(self.response, b"".join(self.chunks))


def store_error(store: TokenStore, action: str, exc: Exception) -> TokenStoreError:
    """A store's failure as the TokenStoreError the protocol promises (its text is the
    store's own, which names no token; anything else is named by its type only)."""
    if isinstance(exc, TokenStoreError):
        return exc
    error = TokenStoreError(f"{type(store).__name__} could not {action}: {type(exc).__name__}")
    error.__cause__ = exc
    return error


def resume(flow: Flow[T], exc: Exception) -> Any:
    """Resume a flow after carrying out its Send raised: with the response an app's event
    hook raised for (raise_for_status), or with the failure thrown in (the flow decides on
    a retry). Anything else is not ours to judge: it propagates as it is."""
    if isinstance(exc, httpx2.HTTPStatusError):
        try:  # read by the hook before it raised, or else closed unread by httpx2
            body = exc.response.content
        except httpx2.StreamError:
            body = b""
        return flow.send(Received(exc.response, body))
    if isinstance(exc, BodyRefused):
        return flow.throw(exc)
    failure = as_transport_error(exc)
    if failure is None:
        raise exc
    return flow.throw(failure)


def write_all(core: Core) -> None:
    """Write, with the store's blocking methods, until it has the newest change."""
    state = core.state
    store = state.store
    while (pending := state.pending_write()) is not None:
        epoch, tokens = pending
        try:
            store.save(tokens) if tokens is not None else store.clear()
        except Exception as exc:
            error = store_error(store, "save tokens", exc)
            state.write_failed(epoch, error)
            raise error from None
        state.written(epoch, tokens)


log = logging.getLogger("contio")
#: Whether this thread (or task) is inside an `on_tokens` call: one that calls the client
#: back must not be told again from inside itself, without end.
_telling: contextvars.ContextVar[bool] = contextvars.ContextVar("contio_telling", default=False)


def tell(core: Core) -> Awaitable[object] | None:
    """Call the app's `on_tokens` with the tokens the store took last, unless it heard of
    them already; what an async listener returned, for the async driver to await. Called
    when a job ends, its locks let go: the listener may use the client. A listener's
    failure is logged and changes nothing: the tokens are stored all the same."""
    listener = core.on_tokens
    if listener is None or _telling.get():
        return None  # a listener that changes the tokens is told of that at the next call
    news = core.state.take_news()
    if news is None:
        return None
    token = _telling.set(True)
    try:
        result = listener(news[0])
    except Exception as exc:
        listener_failed(exc)
        return None
    finally:
        _telling.reset(token)
    return result if inspect.isawaitable(result) else None


def listener_failed(exc: BaseException) -> None:
    # The type only: the app's message may hold what it was given (a token).
    log.error("contio: on_tokens raised %s; the tokens are stored all the same", type(exc).__name__)
    log.debug("contio: on_tokens failure", exc_info=exc)


def retrieve_exception(task: asyncio.Future[Any]) -> None:
    """Mark a task's failure as seen when whoever awaited it is gone."""
    if not task.cancelled():
        task.exception()
