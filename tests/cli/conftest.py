"""Fixtures of the command's tests: a mock that approves every sign-in, the command's
environment pointing at it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contio.mock import MockConfig, RunningMock, serve_in_thread

CONTIO = [sys.executable, "-m", "contio"]


@pytest.fixture
def approving_mock() -> Iterator[RunningMock]:
    """A mock that approves every authorization request as one user, as after sign-in."""
    with serve_in_thread(MockConfig(auto_approve_email="ada@example.com")) as mock:
        yield mock


@pytest.fixture
def cli_env(approving_mock: RunningMock, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CONTIO_CLIENT_ID="demo-client",
        CONTIO_CLIENT_SECRET="demo-secret",
        CONTIO_BASE_URL=approving_mock.base_url,
        CONTIO_TOKEN_FILE=str(tmp_path / "config" / "tokens.json"),
    )
    return env
