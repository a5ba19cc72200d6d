"""Fixtures of the mock's integration tests: one live uvicorn per session, reset per test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, RunningMock, serve_in_thread


@pytest.fixture(scope="session")
def mock_server() -> Iterator[RunningMock]:
    """A live mock on a free loopback port, shared by the session (tests reset it)."""
    with serve_in_thread() as running:
        yield running


@pytest.fixture
def mock(mock_server: RunningMock) -> RunningMock:
    """The shared mock, back in its initial state."""
    mock_server.reset()
    return mock_server


@pytest.fixture
def client(mock: RunningMock) -> Iterator[httpx2.Client]:
    """A partner app's client: HTTP Basic on every request, as the TypeScript SDK does."""
    with httpx2.Client(base_url=mock.base_url, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)) as c:
        yield c


@pytest.fixture
def anon(mock: RunningMock) -> Iterator[httpx2.Client]:
    """A client that sends no credentials (a browser, or a public endpoint's caller)."""
    with httpx2.Client(base_url=mock.base_url) as c:
        yield c
