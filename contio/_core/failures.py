"""What a failure to get an answer means: was the request never sent (safe to repeat for
any call), or did it time out? The same for httpx2's own transports and httpx-aiohttp's.

httpx's transports raise `httpx2.TransportError`s; httpx-aiohttp maps most aiohttp errors to
them (every connection error, a dropped connection included, to `httpx2.ConnectTimeout`) and
lets the rest through: the aiohttp error it chains is what tells them apart.
"""

from __future__ import annotations

import sys

import httpx2

__all__ = ["DeadlineExceeded", "as_transport_error", "failure_kind", "from_aiohttp"]


class DeadlineExceeded(httpx2.TimeoutException):
    """The attempt's deadline passed before its answer was read whole."""


def timeout_types() -> tuple[type[BaseException], ...]:
    """TimeoutError, and asyncio's, which is another class before Python 3.11 (asyncio is
    not imported for this: no asyncio timeout can happen before something else imports it)."""
    aio = sys.modules.get("asyncio")
    return (TimeoutError, aio.TimeoutError) if aio is not None else (TimeoutError,)


def from_aiohttp(exc: BaseException | None) -> bool:
    return exc is not None and type(exc).__module__.partition(".")[0] == "aiohttp"


def as_transport_error(exc: Exception) -> httpx2.TransportError | None:
    """`exc` as the transport failure it is, or None when it is not one (an app's bug, say,
    which propagates as it is)."""
    if isinstance(exc, httpx2.TransportError):
        return exc
    if isinstance(exc, (httpx2.HTTPError, OSError, *timeout_types())) or from_aiohttp(exc):
        error = httpx2.TransportError(f"{type(exc).__name__}: {exc}")
        error.__cause__ = exc
        return error
    return None


def failure_kind(exc: httpx2.HTTPError) -> tuple[bool, bool]:
    """(never reached the server, timed out) for a transport failure."""
    if isinstance(exc, DeadlineExceeded):
        return False, True
    cause = exc.__cause__
    if from_aiohttp(cause) or isinstance(cause, (OSError, *timeout_types())):
        names = {klass.__name__ for klass in type(cause).__mro__}
        never_sent = bool(names & {"ClientConnectorError", "ConnectionTimeoutError"})
        return never_sent, isinstance(cause, timeout_types())
    never_sent = isinstance(exc, (httpx2.ConnectError, httpx2.ConnectTimeout))
    return never_sent, isinstance(exc, httpx2.TimeoutException)
