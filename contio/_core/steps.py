"""The steps a flow yields, and the job a client runs.

An operation is a generator (a *flow*) that yields what it needs done and receives the
outcome: a `Send` (an HTTP exchange, answered with a `Received`), a `Sleep` before a retry,
a `Call` of the OAuth budget or a secret source, or a `StoreOp` (read the store, or write to
it what the token state holds). The sync and async clients carry the steps out with blocking
or awaited I/O; nothing else differs.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, Generic, TypeVar

import httpx2

__all__ = [
    "FLUSH",
    "LOAD",
    "LOCK",
    "NEEDS_LOCK",
    "BodyRefused",
    "Call",
    "Exclusive",
    "Flow",
    "Job",
    "Received",
    "Send",
    "Sleep",
    "Step",
    "StoreOp",
    "done",
]

T = TypeVar("T")

# Plain classes with __slots__, not attrs classes: attrs compiles methods for each class at
# import, and `import contio` is measured.


class Send:
    """Send `request` and read its whole answer within `deadline` seconds, at most
    `max_bytes` of body, never following a redirect."""

    __slots__ = ("deadline", "max_bytes", "request")

    def __init__(self, request: httpx2.Request, deadline: float, max_bytes: int) -> None:
        self.request = request
        self.deadline = deadline
        self.max_bytes = max_bytes


class Received:
    """What a `Send` got: the response (its body already read, as `body`)."""

    __slots__ = ("body", "response")

    def __init__(self, response: httpx2.Response, body: bytes) -> None:
        self.response = response
        self.body = body

    @property
    def status_code(self) -> int:
        return self.response.status_code

    def full_response(self) -> httpx2.Response:
        """A response whose `.content` is the body read, for an app to inspect (the one
        sent was streamed, and its content cannot be read again)."""
        original = self.response
        return httpx2.Response(
            original.status_code,
            headers=original.headers,
            content=self.body,
            request=original.request,
        )


class BodyRefused(Exception):
    """Thrown into a flow when an answer's body is not read: past the read cap, or encoded
    so that reading it would inflate it past any cap (the connection has been dropped)."""

    def __init__(self, response: httpx2.Response, reason: str) -> None:
        super().__init__(reason)
        # Without its stream: the one sent was closed unread.
        self.response = httpx2.Response(
            response.status_code, headers=response.headers, request=response.request
        )
        self.reason = reason


class Sleep:
    """Wait this many seconds (before a retry, between polls); less when `cancel` (a
    threading.Event) is set meanwhile (the blocking driver waits on it)."""

    __slots__ = ("cancel", "seconds")

    def __init__(self, seconds: float, cancel: Any = None) -> None:
        self.seconds = seconds
        self.cancel = cancel


class StoreOp:
    """Read the store (`LOAD`, answered with its tokens or None), bring it up to date with
    the token state (`FLUSH`), or take the store's cross-process refresh lock for the rest
    of the job (`LOCK`, where the store has one). Yielded rather than called so that the
    async client awaits a store's async methods instead of blocking its event loop."""

    __slots__ = ("action",)

    def __init__(self, action: str) -> None:
        self.action = action

    def __repr__(self) -> str:
        return f"StoreOp({self.action!r})"


#: The two store steps; compare with `is`.
LOAD = StoreOp("load")
FLUSH = StoreOp("flush")
LOCK = StoreOp("lock")


class Exclusive:
    """Take (`enter`) or let go of the client's lock called `name`, so that one job at a
    time does what follows (fetch discovery or the key set) while the others wait and then
    find it done. Every lock a job took is let go when the job ends, however it ends."""

    __slots__ = ("enter", "name")

    def __init__(self, name: str, enter: bool = True) -> None:
        self.name = name
        self.enter = enter


class Call:
    """Call `target`'s `method` with its blocking method or (`a` + name) its asyncio one,
    answered with what it returns: the OAuth budget's `take`, `pause` or `refuse`
    (`contio.budget`), a secret source's `read` or `publish` (`contio.secrets`)."""

    __slots__ = ("args", "method", "target")

    def __init__(self, target: Any, method: str, *args: Any) -> None:
        self.target = target
        self.method = method
        self.args = args


Step = Send | Sleep | StoreOp | Exclusive | Call
Flow = Generator[Step, Any, T]


class Job(Generic[T]):
    """A flow, and whether it runs under the client's refresh lock (single flight).

    `prelude` runs first, without any lock: its result is the answer unless it is
    NEEDS_LOCK (a store not read yet most likely holds good tokens: no lock to read them).
    """

    __slots__ = ("flow", "prelude", "single_flight")

    def __init__(
        self, flow: Flow[T], single_flight: bool = False, prelude: Flow[Any] | None = None
    ) -> None:
        self.flow = flow
        self.single_flight = single_flight
        self.prelude = prelude


#: What a prelude returns when the job must run under the locks after all.
NEEDS_LOCK: Any = object()


def done(value: T) -> Flow[T]:
    """A flow that needs no I/O."""
    return value
    yield  # pragma: no cover - makes this a generator
