"""The mock in a process of its own, so that its CPU is never counted as the client's."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import httpx2

from . import REPO
from .base import BASIC, BenchError, subprocess_env

DESCRIPTION = "uvicorn contio.mock:create_app (1 worker, own process)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def mock_server() -> Iterator[str]:
    """uvicorn serving `contio.mock:create_app` (one worker); yields its base URL."""
    for _attempt in range(3):
        port = free_port()
        command = [sys.executable, "-m", "uvicorn", "--factory", "contio.mock:create_app"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
        command += ["--no-access-log", "--log-level", "warning"]
        # uvicorn drops a connection idle for 5 s; a client's idles longer while the other
        # rows run, and a drop racing its next request fails the bench (RemoteProtocolError).
        command += ["--timeout-keep-alive", "600"]
        process = subprocess.Popen(command, cwd=REPO, env=subprocess_env())
        base_url = f"http://127.0.0.1:{port}"
        try:
            if wait_healthy(process, base_url):
                yield base_url
                return
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    raise BenchError("the mock did not start (uvicorn contio.mock:create_app)")


def wait_healthy(process: subprocess.Popen[bytes], base_url: str) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False  # exited: most likely the port was taken meanwhile
        with suppress(httpx2.HTTPError):
            if httpx2.get(f"{base_url}/oauth2/health", timeout=1).status_code == 200:
                return True
        time.sleep(0.05)
    raise BenchError(f"the mock at {base_url} did not answer /oauth2/health within 20 s")


def client_credentials_token(base_url: str) -> str:
    """An access token for the introspection calls, straight from the token endpoint."""
    response = httpx2.post(
        f"{base_url}/oauth2/token",
        data={"grant_type": "client_credentials", "scope": "meetings:read"},
        headers={"Authorization": BASIC},
    )
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token
