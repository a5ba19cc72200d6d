"""A fleet rotates its client secret without one failed request (issue 22).

Eight processes ask for tokens without pause, their secret read from one shared file. The
secret is rotated with `publish_to=` that file; every process moves to the new secret; then
the grace period ends (the mock's clock moves past it) and the old secret dies. None of the
processes' requests fails. The same with a rollback: back to the old secret, then the
rotated-to one dies.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from contio.admin import PartnerAdmin
from contio.secrets import FileSecret
from contio.testing import ContioMock
from tests.admin.rotation_worker import fingerprint

PROCESSES = 8
ROOT = Path(__file__).resolve().parents[2]


class Fleet:
    def __init__(self, mock: ContioMock, folder: Path) -> None:
        self.folder = folder
        self.secret_file = folder / "client-secret"
        self.secret_file.write_text(mock.client_secret + "\n", encoding="utf-8")
        self.stop = folder / "stop"
        self.workers: list[subprocess.Popen[bytes]] = []
        for number in range(PROCESSES):
            config = {
                "client_id": mock.client_id,
                "base_url": mock.base_url,
                "secret_file": str(self.secret_file),
                "max_age": 0.5,
                "status": str(folder / f"status-{number}"),
                "stop": str(self.stop),
            }
            self.workers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "tests.admin.rotation_worker", json.dumps(config)],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            )

    def statuses(self) -> list[dict[str, Any]]:
        found = []
        for number in range(PROCESSES):
            path = self.folder / f"status-{number}"
            try:
                found.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                found.append({})
        return found

    def wait_until(self, check: Callable[[list[dict[str, Any]]], bool], what: str) -> None:
        deadline = time.monotonic() + 60
        while not check(self.statuses()):
            for worker in self.workers:
                if worker.poll() is not None:
                    raise AssertionError(f"a worker died: {worker.communicate()[1][-2000:]!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"not {what} within 60 s: {self.statuses()}")
            time.sleep(0.05)

    def all_on(self, secret: str) -> None:
        wanted = fingerprint(secret)
        self.wait_until(
            lambda seen: all(s.get("holds") == wanted for s in seen), "all on the secret"
        )

    def served_more_since(self, before: list[dict[str, Any]]) -> None:
        def grew(seen: list[dict[str, Any]]) -> bool:
            return all(
                s.get("ok", 0) > b.get("ok", 0) + 20 for s, b in zip(seen, before, strict=True)
            )

        self.wait_until(grew, "every worker served after the change")

    def finish(self) -> list[dict[str, Any]]:
        self.stop.touch()
        reports = []
        for worker in self.workers:
            out, err = worker.communicate(timeout=60)
            assert worker.returncode == 0, err.decode()[-2000:]
            reports.append(json.loads(out.decode().strip().splitlines()[-1]))
        return reports

    def kill(self) -> None:
        self.stop.touch()
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()


@pytest.fixture
def fleet(contio_mock: ContioMock, tmp_path: Path) -> Iterator[Fleet]:
    running = Fleet(contio_mock, tmp_path)
    try:
        running.wait_until(lambda seen: all(s.get("ok", 0) > 10 for s in seen), "serving")
        yield running
    finally:
        running.kill()


def assert_none_failed(reports: list[dict[str, Any]]) -> None:
    assert [r["failed"] for r in reports] == [{}] * PROCESSES
    assert all(r["ok"] > 50 for r in reports), reports


def test_rotation_without_a_failed_request(fleet: Fleet, contio_mock: ContioMock) -> None:
    with PartnerAdmin(**contio_mock.admin_kwargs()) as admin:
        rotation = admin.rotate_client_secret(
            "rotate the fleet", grace_period_hours=1, publish_to=FileSecret(fleet.secret_file)
        )
    # Every process moved to the new secret while the old one still worked.
    fleet.all_on(rotation.new_credential)
    before = fleet.statuses()
    contio_mock.advance(3601)  # the grace period ends: the old secret dies
    fleet.served_more_since(before)
    assert_none_failed(fleet.finish())


def test_rollback_without_a_failed_request(fleet: Fleet, contio_mock: ContioMock) -> None:
    source = FileSecret(fleet.secret_file)
    with PartnerAdmin(**contio_mock.admin_kwargs()) as admin:
        rotation = admin.rotate_client_secret("rotate", grace_period_hours=1, publish_to=source)
        fleet.all_on(rotation.new_credential)
        assert rotation.rollback_token is not None
        admin.rollback_client_secret(rotation.rollback_token, publish_to=source)
    fleet.all_on(contio_mock.client_secret)
    before = fleet.statuses()
    contio_mock.advance(3601)  # the rotated-to secret dies with the grace period
    fleet.served_more_since(before)
    assert_none_failed(fleet.finish())


def test_a_process_that_missed_the_publication_recovers_on_refusal(
    contio_mock: ContioMock, tmp_path: Path
) -> None:
    """A process whose source is read rarely (max_age an hour) still holds the old secret
    when it dies: its next token request is refused, it reads the source once, and the
    request is sent again with the new one. One refusal, no failure."""
    from contio import OAuthClient

    secret_file = tmp_path / "secret"
    secret_file.write_text("demo-secret", encoding="utf-8")
    source = FileSecret(secret_file, max_age=3600)
    with OAuthClient(**contio_mock.client_kwargs(client_secret=source)) as oauth:
        oauth.get_client_credentials_token()
        with PartnerAdmin(**contio_mock.admin_kwargs()) as admin:
            admin.rotate_client_secret("rotate", grace_period_hours=0, publish_to=source)
        before = contio_mock.stats().get("exchangeOauthToken:client_credentials", 0)
        oauth.get_client_credentials_token()
        after = contio_mock.stats().get("exchangeOauthToken:client_credentials", 0)
    assert after - before == 2  # refused once, then served
