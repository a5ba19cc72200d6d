"""Running the mock under uvicorn in a background thread, for tests, demos and notebooks."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

import uvicorn
from starlette.applications import Starlette

from contio.mock.app import create_app, get_state
from contio.mock.config import MockConfig
from contio.mock.connections import server_config
from contio.mock.models import OutboxMessage
from contio.mock.state import MockState

T = TypeVar("T")
STARTUP_TIMEOUT = 15.0


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the server starts so its port is known at once
    and connections made before uvicorn accepts simply wait in the backlog."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP,
    # and without it every response waits out a delayed ACK (about 40 ms).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def base_url_of(sock: socket.socket) -> str:
    """The `http://host:port` URL of a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class RunningMock:
    """A mock served on a loopback port by a background thread; a context manager.

    Helpers that touch the state (`reset`, `advance_clock`, `outbox`) run on the server's
    event loop, so they never interleave with a request being handled.
    """

    def __init__(self, config: MockConfig, host: str, port: int) -> None:
        """A mock ready to serve (`start` serves it; `serve_in_thread` does both).

        Args:
            config: The mock's configuration.
            host: The interface to listen on.
            port: The port (0: a free one).
        """
        self.config = config
        self.app: Starlette = create_app(config)
        self._socket = bind_socket(host, port)
        self.base_url = base_url_of(self._socket)
        self._server = uvicorn.Server(
            server_config(
                self.app,
                log_config=None,
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=1,
            )
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"contio-mock {self.base_url}")
        self._thread.daemon = True

    @property
    def state(self) -> MockState:
        """The mock's state (users, tokens, clock, stats)."""
        return get_state(self.app)

    def _run(self) -> None:
        async def serve() -> None:
            self._loop = asyncio.get_running_loop()
            await self._server.serve(sockets=[self._socket])

        try:
            asyncio.run(serve())
        except BaseException as exc:  # reported to the starting thread
            self._error = exc

    def start(self) -> RunningMock:
        """Start serving and wait until the server accepts connections."""
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive():
                self._socket.close()
                raise RuntimeError(f"the mock server did not start: {self._error!r}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the mock server did not start in time")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread; safe to call more than once."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()

    def call(self, func: Callable[[MockState], T]) -> T:
        """Run `func(state)` on the server's event loop and return its result.

        Args:
            func: What to run with the mock's state.

        Returns:
            What it returned.
        """
        loop = self._loop
        if loop is None or not self._thread.is_alive():
            return func(self.state)

        async def run() -> T:
            return func(self.state)

        return asyncio.run_coroutine_threadsafe(run(), loop).result(timeout=10)

    def reset(self) -> None:
        """Back to the initial state: users, tokens, clock, stats, faults, outbox."""
        self.call(MockState.reset)

    def advance_clock(self, seconds: float) -> float:
        """Move the mock's clock forward.

        Args:
            seconds: How far.

        Returns:
            The mock's new time, in seconds since the epoch.
        """
        return self.call(lambda state: state.clock.advance(seconds))

    def outbox(self, email: str | None = None) -> list[OutboxMessage]:
        """The one-time codes the mock "emailed".

        Args:
            email: Only those to this address (default: all).

        Returns:
            The messages, oldest first.
        """
        wanted = email.lower() if email is not None else None
        return self.call(
            lambda state: [m for m in state.outbox if wanted is None or m.email == wanted]
        )

    def __enter__(self) -> RunningMock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<RunningMock {self.base_url} client_id={self.config.client_id!r}>"


def serve_in_thread(
    config: MockConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> RunningMock:
    """Serve a fresh mock on `host:port` (port 0: a free one) and return once it accepts.

    Args:
        config: Its configuration (default: `MockConfig()`, the demo partner).
        host: The interface (loopback by default).
        port: The port (0: a free one).

    Returns:
        A `RunningMock`, a context manager that stops it.

    Example:
        >>> with serve_in_thread() as mock:
        ...     httpx2.get(f"{mock.base_url}/oauth2/health")
    """
    return RunningMock(config or MockConfig(), host, port).start()
