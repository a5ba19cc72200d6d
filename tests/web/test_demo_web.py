"""`contio demo --web`'s app through Starlette's test client (the browser test drives the real
process), and the command's options."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from contio.cli.demo_sites.starlette import build_app
from contio.mock import MockConfig, serve_in_thread
from contio.testing.sandbox import ContioMock
from tests.web.apps import StarletteBrowser
from tests.web.conftest import ADA, sign_in

APP_URL = "http://127.0.0.1:8400"


@pytest.fixture
def demo_browser() -> Iterator[StarletteBrowser]:
    config = MockConfig(extra_redirect_uris=(f"{APP_URL}/auth/callback",))
    with serve_in_thread(config) as running:
        mock = ContioMock(running, redirect_uri=f"{APP_URL}/auth/callback")
        with TestClient(build_app(mock, APP_URL), base_url=APP_URL) as client:
            yield StarletteBrowser(client)
        mock.close()


def test_the_home_page_signs_in_greets_and_signs_out(demo_browser: StarletteBrowser) -> None:
    browser = demo_browser
    home = browser.get("/")
    assert "Sign in with Contio" in home.text
    assert "href='/auth/login'" in home.text
    assert sign_in(browser, ADA, "/auth/login").location == "/"
    home = browser.get("/")
    assert "Signed in as <strong>ada</strong>" in home.text
    assert f"({ADA})" in home.text
    assert "action='/auth/logout'" in home.text
    assert "Sign out" in home.text
    assert browser.post("/auth/logout").location == "/"
    assert "Sign in with Contio" in browser.get("/").text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "8001"], "--port goes with --web"),
        (["--framework", "flask"], "--framework goes with --web"),
        (["--web", "--json"], "do not go together"),
        (["--web", "--framework", "bottle"], "'bottle' is not one of"),
    ],
)
def test_demo_options_that_do_not_go_together_are_a_usage_error(
    args: list[str], message: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "contio", "demo", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_demo_web_on_a_port_in_use_says_so_in_one_line() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "contio", "demo", "--web", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.startswith(f"contio: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in result.stderr
