"""The `contio` command: demo, login over a loopback redirect, whoami and token (issue 5)."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import httpx2

from contio import AuthTokens
from contio.mock import RunningMock
from contio.stores import FileTokenStore
from tests.cli.conftest import CONTIO

DEMO_STEPS = [
    "partner info",
    "scopes",
    "passwordless initiate",
    "verify",
    "check consent",
    "consent with PKCE",
    "code exchange",
    "user info",
    "introspect",
    "call through oauth.auth",
    "clock advanced past expiry",
    "automatic refresh",
    "client credentials",
    "revoke",
    "introspect after revoke",
]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CONTIO, *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def test_demo_walks_every_step() -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(DEMO_STEPS) + 1
    for number, (line, name) in enumerate(zip(lines, DEMO_STEPS, strict=False), start=1):
        assert line.startswith(f"{number:2d}. {name}"), line
    assert lines[-1] == f"all {len(DEMO_STEPS)} steps passed"
    assert "cto_at_v1_" in result.stdout  # masked tokens are shown...
    assert not any(len(word) > 24 and word.startswith("cto_") for word in result.stdout.split())


def test_demo_json() -> None:
    result = run("demo", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert [step["name"] for step in report["steps"]] == DEMO_STEPS
    by_name = {step["name"]: step["details"] for step in report["steps"]}
    assert by_name["automatic refresh"]["refreshes"] == 1
    assert by_name["introspect"]["active"] is True
    assert by_name["introspect after revoke"]["active"] is False
    assert by_name["client credentials"]["refresh_token"] == "-"
    assert by_name["check consent"]["requires_consent"] is True


def login(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `contio login --no-browser` and play the browser: follow the printed URL."""
    process = subprocess.Popen(
        [*CONTIO, "login", "--no-browser", "--timeout", "60"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("Open this URL")
    url = process.stdout.readline().strip()
    browser = httpx2.get(url, follow_redirects=True, timeout=30)
    assert browser.status_code == 200
    assert "Signed in" in browser.text
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_login_saves_tokens_and_whoami_reads_them(
    cli_env: dict[str, str], approving_mock: RunningMock
) -> None:
    result = login(cli_env)
    assert result.returncode == 0, result.stderr
    assert "Signed in as ada@example.com" in result.stdout

    token_file = Path(cli_env["CONTIO_TOKEN_FILE"])
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    tokens = FileTokenStore(token_file).load()
    assert tokens is not None
    assert tokens.access_token.startswith("cto_at_v1_")
    assert tokens.refresh_token is not None
    assert tokens.access_token not in result.stdout

    whoami = run("whoami", env=cli_env)
    assert whoami.returncode == 0, whoami.stderr
    assert whoami.stdout.startswith("ada@example.com (sub=")  # no name granted: the email

    shown = run("token", "show", env=cli_env)
    assert shown.returncode == 0
    assert tokens.access_token not in shown.stdout
    assert tokens.access_token in run("token", "show", "--reveal", env=cli_env).stdout

    introspected = json.loads(run("token", "introspect", env=cli_env).stdout)
    assert introspected["active"] is True
    assert introspected["username"] == "ada@example.com"

    refreshed = run("token", "refresh", env=cli_env)
    assert refreshed.returncode == 0, refreshed.stderr
    new_tokens = FileTokenStore(token_file).load()
    assert new_tokens is not None
    assert new_tokens.refresh_token != tokens.refresh_token

    revoked = run("token", "revoke", env=cli_env)
    assert revoked.returncode == 0, revoked.stderr
    assert FileTokenStore(token_file).load() is None
    after = run("whoami", env=cli_env)
    assert after.returncode == 1
    assert after.stderr.strip() == "contio: not signed in: run `contio login` first"


def test_errors_are_one_line_without_traceback(cli_env: dict[str, str]) -> None:
    env = dict(cli_env, CONTIO_CLIENT_SECRET="s3cr3t-Wr0ng-XYZ")
    FileTokenStore(cli_env["CONTIO_TOKEN_FILE"]).save(
        AuthTokens(access_token="cto_at_v1_x", refresh_token="cto_rt_v1_y")
    )
    result = run("token", "refresh", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "invalid_client" in result.stderr
    assert "s3cr3t-Wr0ng-XYZ" not in result.stderr

    missing = dict(cli_env)
    del missing["CONTIO_CLIENT_ID"]
    result = run("whoami", env=missing)
    assert result.returncode == 1
    assert "CONTIO_CLIENT_ID" in result.stderr


def test_without_the_cli_extra_the_command_says_what_to_install() -> None:
    # As in an install without click: the console script explains instead of a traceback.
    code = "import sys; sys.modules['click'] = None; from contio.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    expected = "contio: the command line needs click: pip install 'contio[cli]'"
    assert result.stderr.strip() == expected
