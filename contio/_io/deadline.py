"""The deadline at the socket, for the blocking client's own httpx2 client.

When contio makes the `httpx2.Client` itself, its connections come from a pool whose network
streams bound every connect, read and write by the time the calling thread has left: a
server that drips a byte a second meets the deadline at its next byte. So the call is sent
from the caller's own thread, with no hand-over to a worker (a tenth of a call's CPU). An
app's client, whose transport is the app's, is driven from a worker thread instead (see
`workers`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpx2

__all__ = ["DeadlineTransport", "deadline"]

_LOCAL = threading.local()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Bound this thread's reads and writes on a DeadlineTransport to `seconds` from now."""
    previous = getattr(_LOCAL, "until", None)
    _LOCAL.until = time.monotonic() + seconds
    try:
        yield
    finally:
        _LOCAL.until = previous


def _bounded(timeout: float | None, phase: str) -> float | None:
    until: float | None = getattr(_LOCAL, "until", None)
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        import httpcore2  # loaded by the pool already; here only for its error classes

        expired: type[Exception] = getattr(httpcore2, f"{phase}Timeout")
        raise expired("the call's deadline passed")
    return left if timeout is None else min(timeout, left)


# The stream and backend follow httpcore2's network interfaces by shape: httpcore2 (some 80 ms
# to import) is loaded with the first pool, not with `import contio`.


class _Stream:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = self._inner.read(max_bytes, _bounded(timeout, "Read"))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, "Write"))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> _Stream:
        bounded = _bounded(timeout, "Connect")
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend:
    def __init__(self) -> None:
        import httpcore2

        self._inner = httpcore2.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> _Stream:
        bounded = _bounded(timeout, "Connect")
        return _Stream(self._inner.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> _Stream:  # pragma: no cover - contio never asks for one
        bounded = _bounded(timeout, "Connect")
        return _Stream(self._inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - retries=0
        self._inner.sleep(seconds)


class DeadlineTransport(httpx2.HTTPTransport):
    """httpx2's transport with its defaults (TLS verified, the same limits), its
    connections' streams bounded by the calling thread's deadline."""

    def __init__(self) -> None:
        # Not HTTPTransport.__init__: it would build a pool (and an SSL context, a few ms)
        # only to have it replaced. The transport uses nothing but its `_pool`.
        import httpcore2

        limits = httpx2.Limits(max_connections=100, max_keepalive_connections=20)
        self._pool = httpcore2.ConnectionPool(
            ssl_context=httpx2.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_Backend(),  # type: ignore[arg-type]  # the interface, by shape
        )
