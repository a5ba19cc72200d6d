"""Each program of examples/ started as a reader would start it, against a live mock.

The programs read their configuration from the environment, as their docstrings say; the
mock approves sign-ins at once (`--auto-approve`), so a plain HTTP client plays the browser.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
import pytest

from contio import OAuthClient
from contio.mock import MockConfig, RunningMock, serve_in_thread
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.fleet.processes import free_port

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
USER = "ada@example.com"


def environment(mock: RunningMock, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "CONTIO_CLIENT_ID": mock.config.client_id,
        "CONTIO_CLIENT_SECRET": mock.config.client_secret,
        "CONTIO_BASE_URL": mock.base_url,
        "PYTHONUNBUFFERED": "1",
        **more,
    }


@pytest.fixture
def mock() -> Iterator[RunningMock]:
    with serve_in_thread(MockConfig(auto_approve_email=USER)) as running:
        yield running


def start_signin_script(mock: RunningMock, tokens: Path) -> subprocess.Popen[str]:
    """examples/signin_script.py, printing its URL instead of opening a browser."""
    command = [sys.executable, str(EXAMPLES / "signin_script.py"), "--no-browser"]
    return subprocess.Popen(
        [*command, "--tokens", str(tokens)],
        env=environment(mock),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_signin_script_signs_a_user_in_and_keeps_the_tokens(
    mock: RunningMock, tmp_path: Path
) -> None:
    tokens = tmp_path / "tokens.json"
    script = start_signin_script(mock, tokens)
    try:
        assert script.stdout is not None
        first = script.stdout.readline()
        assert first.startswith("Sign in at: "), first
        url = first.removeprefix("Sign in at: ").strip()
        approved = httpx2.get(url)  # the browser: the mock approves and redirects
        assert approved.status_code == 302
        back = httpx2.get(approved.headers["location"])  # to the script's loopback
        assert back.status_code == 200
        out, err = script.communicate(timeout=60)
    finally:
        script.kill()
    assert script.returncode == 0, err
    assert f"Signed in as {USER}" in out
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
    assert "cto_" not in out + err  # no token printed


def test_the_signin_script_refuses_a_forged_redirect(mock: RunningMock, tmp_path: Path) -> None:
    script = start_signin_script(mock, tmp_path / "t.json")
    try:
        assert script.stdout is not None
        url = script.stdout.readline().removeprefix("Sign in at: ").strip()
        redirect = httpx2.URL(url).params["redirect_uri"]
        httpx2.get(f"{redirect}?code=stolen&state=forged")
        _, err = script.communicate(timeout=60)
    finally:
        script.kill()
    assert script.returncode != 0
    assert "state does not match" in err
    assert not (tmp_path / "t.json").exists()


def serve(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[str]:
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx2.get(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except httpx2.TransportError:
            if server.poll() is not None:
                raise AssertionError(server.communicate()[1]) from None
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the example app did not start")


@pytest.mark.parametrize("app", ["fastapi_app.py", "flask_app.py"])
def test_the_web_apps_sign_a_user_in_and_out(app: str, tmp_path: Path) -> None:
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    callback = f"{site}/auth/callback"
    config = MockConfig(auto_approve_email=USER, extra_redirect_uris=(callback,))
    with serve_in_thread(config) as running:
        env = environment(
            running,
            CONTIO_REDIRECT_URI=callback,
            SESSION_SECRET="example-session-secret-" + "y" * 20,
            LOCAL_HTTP="1",
            TOKENS_DIR=str(tmp_path / "tokens"),
        )
        server = serve([sys.executable, str(EXAMPLES / app), "--port", str(port)], env, port)
        try:
            with httpx2.Client(follow_redirects=True) as browser:
                # Through the sign-in (the mock approves at once) and back to the home page.
                home = browser.get(f"{site}/auth/login", params={"next": "/"})
                assert home.status_code == 200, home.text
                assert USER in home.text
                saved = list((tmp_path / "tokens").glob("*.json"))
                assert len(saved) == 1
                assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
                out = browser.post(
                    f"{site}/auth/logout", headers={"Origin": site}, follow_redirects=False
                )
                assert out.status_code == 303
                assert not saved[0].exists()  # the user's tokens are gone
                signed_out = browser.get(f"{site}/", follow_redirects=False)
                assert signed_out.status_code in (303, 401)  # Flask: to the sign-in
        finally:
            server.terminate()
            server.communicate(timeout=30)


def test_workers_share_one_refresh_per_user_through_redis(redis_url: str) -> None:
    with serve_in_thread() as running:
        sandbox = ContioMock(running)
        users = [f"user-{n}-{time.monotonic_ns()}" for n in range(3)]
        for n, key in enumerate(users):  # sign-in: the tokens land in Redis
            store = RedisTokenStore(key, url=redis_url)
            with OAuthClient(**sandbox.client_kwargs(token_store=store)) as oauth:
                sandbox.sign_in(oauth, f"worker-user-{n}@example.com")
                held = oauth.tokens
                assert held is not None
                assert held.refresh_token is not None
                if n == 2:  # this user's grant ends elsewhere (a sign-out on another device)
                    oauth.revoke_token(held.refresh_token, "refresh_token")
                # An hour later, as the workers' clock sees it: every access token expired.
                store.save(replace(held, expires_at=datetime.now(UTC) - timedelta(hours=1)))
        env = environment(running, REDIS_URL=redis_url)
        workers = [
            subprocess.Popen(
                [sys.executable, str(EXAMPLES / "worker.py"), *users],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        outputs = [worker.communicate(timeout=120) for worker in workers]
        for worker, (out, err) in zip(workers, outputs, strict=True):
            assert worker.returncode == 0, err
            assert f"{users[0]}: worker-user-0@example.com" in out
            assert f"{users[1]}: worker-user-1@example.com" in out
            assert f"{users[2]}: must sign in again" in out
        # Three workers at once: one refresh for each live user, whoever sent it (the others
        # found it done under the Redis lock). The dead refresh token is sent at most once per
        # worker process: each remembers a final refusal in its own memory.
        refreshes = sandbox.stats().get("exchangeOauthToken:refresh_token", 0)
        assert 2 + 1 <= refreshes <= 2 + len(workers)
        sandbox.close()


def test_the_plugin_example_passes_under_pytest() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(EXAMPLES / "test_with_plugin.py"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=EXAMPLES,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout


def test_the_rotation_script_publishes_and_rolls_back(tmp_path: Path) -> None:
    """examples/rotate_client_secret.py against the mock: the fleet's file gets the new
    secret (0600), the old one still works in the grace period, --rollback puts it back."""
    with serve_in_thread() as mock:
        secret_file = tmp_path / "client-secret"
        secret_file.write_text(mock.config.client_secret + "\n", encoding="utf-8")
        env = environment(mock, CONTIO_API_KEY=mock.config.api_key, CONTIO_API_URL=mock.base_url)
        command = [sys.executable, str(EXAMPLES / "rotate_client_secret.py"), str(secret_file)]
        rotated = subprocess.run(
            [*command, "--grace-hours", "1"], env=env, capture_output=True, text=True, timeout=60
        )
        assert rotated.returncode == 0, rotated.stderr
        new = secret_file.read_text(encoding="utf-8").strip()
        assert new.startswith("cs_live_")
        assert new not in rotated.stdout + rotated.stderr
        assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
        for secret in (mock.config.client_secret, new):
            with OAuthClient(mock.config.client_id, secret, base_url=mock.base_url) as oauth:
                assert oauth.get_client_credentials_token().access_token
        back = subprocess.run(
            [*command, "--rollback"], env=env, capture_output=True, text=True, timeout=60
        )
        assert back.returncode == 0, back.stderr
        assert secret_file.read_text(encoding="utf-8").strip() == mock.config.client_secret
        again = subprocess.run(
            [*command, "--rollback"], env=env, capture_output=True, text=True, timeout=60
        )
        assert again.returncode == 1
        assert "used already" in again.stderr
