"""Running the suite's Node programs: the certified server (provider.mjs) on a loopback
port, and the certified relying party (rp.mjs) against the mock."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

HERE = Path(__file__).parent
#: The secret of both of the provider's clients: reserved characters, a percent, a space.
SECRET = "a+b/c%d=e f%2B=="
REDIRECT_URI = "http://127.0.0.1/cb"


def node() -> str:
    found = shutil.which("node")
    if found is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("the interop suite needs Node.js and `npm ci` in tests/interop (run.sh)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class Provider:
    """oidc-provider on `port`, under `prefix`; `restart()` starts it again with new keys
    (a key rotation), on the same port and issuer."""

    def __init__(self, port: int, prefix: str) -> None:
        self.port = port
        self.prefix = prefix
        self.issuer = f"http://127.0.0.1:{port}{prefix}"
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> Provider:
        self._process = subprocess.Popen(
            [node(), str(HERE / "provider.mjs"), str(self.port), self.prefix],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # its warnings (runtime, in-memory adapter)
            text=True,
        )
        assert self._process.stdout is not None
        for line in self._process.stdout:
            if line.startswith("{"):
                assert json.loads(line)["issuer"] == self.issuer
                return self
        pytest.fail("oidc-provider did not start")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)
            self._process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> Provider:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def relying_party(base_url: str, client_id: str, secret: str, method: str) -> list[dict[str, Any]]:
    """Run rp.mjs against the mock at `base_url`; its steps, each a dict."""
    done = subprocess.run(
        [node(), str(HERE / "rp.mjs"), base_url, client_id, secret, REDIRECT_URI, method],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    steps = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0, steps[-1:] or done.stderr[-2000:]
    return steps
