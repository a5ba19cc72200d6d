"""How the mock's server holds up when flooded: a bounded number of connections, no
connection kept that sends no request, and idle keep-alives let go soon.

uvicorn holds every connection it accepts until the peer closes it, and waits for a request
head for ever: a thousand idle sockets (or a slowloris sending a byte now and then) use up
the process's file descriptors and nobody is answered again. Here each connection must send a
whole request head within `HEAD_TIMEOUT` seconds of opening or of its last answer, an idle
keep-alive is closed after `KEEP_ALIVE` seconds, and past `MAX_CONNECTIONS` the oldest
connection between requests is closed to make room for the new one.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["MAX_CONNECTIONS", "BoundedH11Protocol", "server_config"]

MAX_CONNECTIONS = 256
HEAD_TIMEOUT = 10.0
KEEP_ALIVE = 5
#: Requests handled at once (uvicorn answers 503 beyond; it counts connections too, which
#: `MAX_CONNECTIONS` keeps below this).
MAX_CONCURRENCY = 320


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a head timeout and a connection cap (see the module)."""

    max_connections = MAX_CONNECTIONS
    head_timeout = HEAD_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._opened = self.loop.time()
        self._head_timer: asyncio.TimerHandle | None = None
        self._watch_head()
        if len(self.connections) > self.max_connections:
            self._make_room()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _watch_head(self) -> None:
        """Between requests, the next head must come whole within `head_timeout`."""
        if self._head_timer is None and self.between_requests() and not self.transport.is_closing():
            self._head_timer = self.loop.call_later(
                self.head_timeout, self._head_expired, self.cycle
            )

    def _head_expired(self, cycle: Any) -> None:
        self._head_timer = None
        if self.cycle is cycle and self.between_requests():  # no new request since
            self.transport.close()
        else:
            self._watch_head()

    def _make_room(self) -> None:
        """Close the oldest connection that is between requests, else this new one."""
        idle = [
            other
            for other in self.connections
            if other is not self
            and isinstance(other, BoundedH11Protocol)
            and other.between_requests()
            and not other.transport.is_closing()
        ]
        victim = min(idle, key=lambda other: other._opened) if idle else self
        victim.transport.close()


def server_config(app: Any, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for the mock, with the bounds above (`options` as uvicorn's)."""
    options.setdefault("http", BoundedH11Protocol)
    options.setdefault("timeout_keep_alive", KEEP_ALIVE)
    options.setdefault("limit_concurrency", MAX_CONCURRENCY)
    options.setdefault("lifespan", "off")
    # The client's address is the connection's, unless the mock was told which header to
    # trust (MockConfig.rate_limit_address_header): uvicorn would otherwise take
    # X-Forwarded-For from any loopback peer, and every test would be its own egress address.
    options.setdefault("proxy_headers", False)
    return uvicorn.Config(app, **options)
