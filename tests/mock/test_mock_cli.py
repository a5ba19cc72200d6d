"""`contio mock` as a user runs it: a separate process that prints its URL and serves."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner

from contio.cli.main import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_server() -> Iterator[tuple[str, list[str]]]:
    """`python -m contio.cli mock --port 0 ...`; yields its base URL and banner lines."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "contio.cli", "mock", "--port", "0"]
    command += ["--client-id", "cli-app", "--client-secret", "cli-secret", "--no-access-log"]
    command += ["--rate-limit", "50", "--auto-approve", "bot@example.com"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline() for _ in range(6)]
        found = re.search(r"http://127\.0\.0\.1:\d+", lines[0])
        assert found is not None, (lines, process.poll())
        yield found.group(0), lines
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()


def test_contio_mock_serves(cli_server: tuple[str, list[str]]) -> None:
    base_url, lines = cli_server
    banner = "".join(lines)
    assert "client_id:     cli-app" in banner
    assert "client_secret: cli-secret" in banner
    health = httpx2.get(f"{base_url}/oauth2/health")
    assert health.status_code == 200
    assert health.json()["status"] == "healthy"
    token = httpx2.post(
        f"{base_url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("cli-app", "cli-secret"),
    )
    assert token.status_code == 200
    authorize = httpx2.get(
        f"{base_url}/oauth2/authorize",
        params={
            "response_type": "code",
            "client_id": "cli-app",
            "redirect_uri": "http://localhost:5000/callback",
        },
    )
    assert authorize.status_code == 302
    assert authorize.headers["location"].startswith("http://localhost:5000/callback?code=")


def test_help_lists_the_mock_options() -> None:
    result = CliRunner().invoke(main, ["mock", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--client-id", "--client-secret", "--auto-approve"):
        assert option in result.output


def test_bad_options_are_usage_errors() -> None:
    result = CliRunner().invoke(main, ["mock", "--client-id", "other-client", "--port", "0"])
    assert result.exit_code == 2
    assert "reserved" in result.output
