"""A pytest plugin for apps that integrate Contio: a live mock and a client configured for it.

Installed with `contio[mock]`, it registers itself (entry point `pytest11`) and offers:

- `contio_mock`: a `ContioMock` handle on a live mock server (one per test session, reset
  before every test): base URL, client credentials, and helpers for the outbox, the clock,
  the request stats, fault injection and consent.
- `contio_oauth`: an `OAuthClient` for that mock, whose clock follows the mock's clock.
- `contio_async_oauth`: the same as an `AsyncOAuthClient`.

Every test also starts with the OAuth budget of a fresh process (`contio.budget`: the one
clients of Contio's hosts share by default), so that tests faking Contio's servers never
find it spent by the tests before them.

The mock is imported only when a fixture is used, so the plugin costs nothing to apps that
do not use it (or did not install the `mock` extra).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

from contio.client import AsyncOAuthClient, OAuthClient
from contio.testing.sandbox import DEFAULT_REDIRECT_URI, ContioMock

if TYPE_CHECKING:
    from contio.mock import RunningMock

__all__ = ["DEFAULT_REDIRECT_URI", "ContioMock"]


@pytest.fixture(autouse=True)
def contio_fresh_budget() -> None:
    """This test starts with the OAuth budget of a fresh process."""
    from contio.budget._choice import forget

    forget()


@pytest.fixture(scope="session")
def contio_mock_server() -> Iterator[RunningMock]:
    """One live mock on a free loopback port for the whole test session."""
    from contio.mock import serve_in_thread

    with serve_in_thread() as running:
        yield running


@pytest.fixture
def contio_mock(contio_mock_server: RunningMock) -> Iterator[ContioMock]:
    """The session's mock, reset to its initial state for this test."""
    contio_mock_server.reset()
    handle = ContioMock(contio_mock_server)
    yield handle
    handle.close()


@pytest.fixture
def contio_oauth(contio_mock: ContioMock) -> Iterator[OAuthClient]:
    """An OAuthClient for the mock (client demo-client, clock following the mock's)."""
    with OAuthClient(**contio_mock.client_kwargs()) as client:
        yield client


try:  # an async fixture needs pytest-asyncio's decorator in its strict mode
    import pytest_asyncio
except ImportError:  # pragma: no cover - apps without pytest-asyncio get the sync fixtures
    pass
else:

    @pytest_asyncio.fixture
    async def contio_async_oauth(contio_mock: ContioMock) -> AsyncIterator[AsyncOAuthClient]:
        """An AsyncOAuthClient for the mock (needs pytest-asyncio)."""
        async with AsyncOAuthClient(**contio_mock.client_kwargs()) as client:
            yield client
