"""The mock under a flood of connections (issue 18): a thousand-odd idle sockets, or a slowloris
that never finishes its request head, must not stop it from answering everyone else.

The flood runs against `contio mock` in its own process with the common default of 1,024
file descriptors, as a developer's mock runs: before the bounds, the idle sockets used them
all and the next client was never accepted.
"""

from __future__ import annotations

import contextlib
import resource
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx2
import pytest
import uvicorn

from contio.mock import serve_in_thread
from contio.mock.connections import BoundedH11Protocol, server_config

#: More idle connections than the mock's process has file descriptors.
IDLE = 1100


def _small_descriptor_table() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


@pytest.fixture
def mock_process() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "contio", "mock", "--port", "0", "--no-access-log"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=_small_descriptor_table,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Contio mock OAuth server at "), first
        yield first.rsplit(" ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def many_descriptors() -> Iterator[None]:
    """Room in this process for the flood's own sockets."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * IDLE))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_more_idle_connections_than_descriptors_do_not_silence_the_mock(
    mock_process: str, many_descriptors: None
) -> None:
    url = httpx2.URL(mock_process)
    assert url.host is not None
    assert url.port is not None
    with contextlib.ExitStack() as stack:
        for _ in range(IDLE):
            stack.enter_context(socket.create_connection((url.host, url.port), timeout=10))
        # Everyone else is still answered, while the flood's sockets stay open.
        for _ in range(3):
            answer = httpx2.get(f"{mock_process}/oauth2/health", timeout=30)
            assert answer.status_code == 200


def test_a_request_head_that_never_ends_is_let_go(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BoundedH11Protocol, "head_timeout", 0.5)
    with serve_in_thread() as mock:
        url = httpx2.URL(mock.base_url)
        assert url.host is not None
        assert url.port is not None
        with (
            socket.create_connection((url.host, url.port)) as slow,
            socket.create_connection((url.host, url.port)) as silent,
        ):
            slow.sendall(b"GET /oauth2/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for sock in (slow, silent):
                sock.settimeout(30)
                assert sock.recv(1024) == b""  # closed by the mock, not by this test
            assert httpx2.get(f"{mock.base_url}/oauth2/health").status_code == 200


def test_the_servers_bounds_are_set() -> None:
    config = server_config(object())
    assert config.http is BoundedH11Protocol
    assert config.timeout_keep_alive == 5
    assert config.limit_concurrency is not None
    assert config.limit_concurrency > BoundedH11Protocol.max_connections
    assert isinstance(config, uvicorn.Config)
