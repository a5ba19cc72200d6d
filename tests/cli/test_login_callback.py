"""`contio login`'s loopback redirect under attack (issue 18): the state is checked before
anything of a request is shown; nothing from the network reaches the terminal with control
characters; idle or forged requests neither end nor block the login, which waits for the
right redirect until `--timeout`.

Each test runs the real command in a subprocess against a live mock that approves every
authorization request, and plays the browser (and the attacker) over real HTTP.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest

from contio.cli.loopback import LoopbackRedirect
from tests.cli.conftest import CONTIO

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\u202egnp.exe\x9b"


class Login:
    """A running `contio login --no-browser`; its authorization URL and redirect URI."""

    def __init__(self, env: dict[str, str], timeout: float = 60) -> None:
        self.process = subprocess.Popen(
            [*CONTIO, "login", "--no-browser", "--timeout", str(timeout)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().startswith("Open this URL")
        self.url = httpx2.URL(self.process.stdout.readline().strip())
        self.redirect_uri = self.url.params["redirect_uri"]
        self.state = self.url.params["state"]

    def redirect(self, **params: str) -> httpx2.Response:
        return httpx2.get(self.redirect_uri, params=params, timeout=10)

    def browser(self) -> httpx2.Response:
        """The real sign-in: the mock approves and redirects to the loopback with a code."""
        return httpx2.get(str(self.url), follow_redirects=True, timeout=30)

    def finish(self) -> subprocess.CompletedProcess[str]:
        out, err = self.process.communicate(timeout=60)
        return subprocess.CompletedProcess(self.process.args, self.process.returncode, out, err)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


Start = Callable[..., Login]


@pytest.fixture
def start(cli_env: dict[str, str]) -> Iterator[Start]:
    """Start `contio login` (keyword: `timeout`); killed at the end of the test if need be."""
    started: list[Login] = []

    def make(timeout: float = 60) -> Login:
        started.append(Login(cli_env, timeout))
        return started[-1]

    yield make
    for login in started:
        login.kill()


def no_escapes(text: str) -> None:
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\u202e" not in text
    assert "\x9b" not in text


def test_a_forged_redirect_is_refused_unshown_and_the_login_goes_on(
    start: Start, cli_env: dict[str, str]
) -> None:
    login = start()
    forged = login.redirect(code="stolen", state="forged", error="x", error_description=ESCAPES)
    assert forged.status_code == 400
    assert login.redirect(code="stolen").status_code == 400  # no state at all
    assert login.process.poll() is None  # still waiting for the right one
    assert login.browser().status_code == 200
    result = login.finish()
    assert result.returncode == 0, result.stderr
    assert "Signed in as ada@example.com" in result.stdout
    no_escapes(result.stdout + result.stderr)
    assert "pwned" not in result.stdout + result.stderr
    assert Path(cli_env["CONTIO_TOKEN_FILE"]).exists()


def test_an_error_with_the_right_state_is_shown_without_control_characters(
    start: Start, cli_env: dict[str, str]
) -> None:
    login = start()
    answer = login.redirect(state=login.state, error="access_denied", error_description=ESCAPES)
    assert answer.status_code == 200
    assert "<script" not in answer.text
    result = login.finish()
    assert result.returncode == 1
    assert "access_denied" in result.stderr
    assert "\\x1b]0;pwned" in result.stderr  # shown, escaped
    no_escapes(result.stdout + result.stderr)
    assert not Path(cli_env["CONTIO_TOKEN_FILE"]).exists()


def test_an_idle_connection_does_not_block_the_redirect(start: Start) -> None:
    login = start()
    port = httpx2.URL(login.redirect_uri).port
    assert port is not None
    # A browser's preconnect: a socket opened and left silent, and one that sends half a head.
    with (
        socket.create_connection(("127.0.0.1", port)),
        socket.create_connection(("127.0.0.1", port)) as half,
    ):
        half.sendall(b"GET /callback?state=")
        assert login.browser().status_code == 200
        result = login.finish()
    assert result.returncode == 0, result.stderr
    assert "Signed in as" in result.stdout


def test_repeated_parameters_are_refused(start: Start) -> None:
    login = start()
    twice = httpx2.get(
        login.redirect_uri, params=[("state", login.state), ("code", "a"), ("code", "b")]
    )
    assert twice.status_code == 400
    assert login.process.poll() is None
    assert login.browser().status_code == 200
    assert login.finish().returncode == 0


def test_the_right_redirect_a_second_time_is_already_done() -> None:
    """A reload of the redirect page: one code kept, a clear 409, never a second one."""
    server = LoopbackRedirect("127.0.0.1", 0, "/callback", "the-state").start()
    try:
        url = f"http://127.0.0.1:{server.port}/callback"
        first = httpx2.get(url, params={"state": "the-state", "code": "one"}, timeout=10)
        again = httpx2.get(url, params={"state": "the-state", "code": "two"}, timeout=10)
        elsewhere = httpx2.get(f"http://127.0.0.1:{server.port}/other", timeout=10)
    finally:
        server.close()
    assert (first.status_code, again.status_code, elsewhere.status_code) == (200, 409, 404)
    assert server.wait(0) == {"state": "the-state", "code": "one"}


def test_without_the_right_redirect_the_login_ends_at_its_timeout(
    start: Start,
) -> None:
    login = start(timeout=2)
    assert login.redirect(code="stolen", state="forged").status_code == 400
    result = login.finish()
    assert result.returncode == 1
    assert "no sign-in within 2 seconds" in result.stderr
