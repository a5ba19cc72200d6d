"""A fleet on one RedisBudget against the live mock with Contio's WAF rule (issue 21): eight
processes of fifty tasks each on a spent budget wait or fail clearly and send nothing into the
block; one 429 pauses every process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from contio import OAuthClient
from contio.budget import USER, RedisBudget
from contio.testing import ContioMock
from tests.budget.conftest import waf_mock
from tests.fleet.conftest import REPO, wait_until

PROCESSES = 8
TASKS = 50
LIMIT = 20
WINDOW = 2.0


@pytest.fixture
def waf() -> Iterator[ContioMock]:
    with waf_mock(LIMIT, WINDOW) as mock:
        yield mock


def run_fleet(
    mock: ContioMock,
    redis_url: str,
    tmp_path: Path,
    budget: dict[str, Any],
    tasks: int = TASKS,
    before_go: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """Start the workers, release them at once, and gather their reports."""
    go = tmp_path / "go"
    workers = []
    for index in range(PROCESSES):
        config = {
            "redis_url": redis_url,
            "budget": budget,
            "client_id": mock.client_id,
            "client_secret": mock.client_secret,
            "base_url": mock.base_url,
            "tasks": tasks,
            "ready": str(tmp_path / f"ready-{index}"),
            "go": str(go),
        }
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.budget.worker", json.dumps(config)],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
    try:
        wait_until(
            lambda: all((tmp_path / f"ready-{i}").exists() for i in range(PROCESSES)),
            "every worker to start",
            limit=60,
        )
        if before_go is not None:
            before_go()
        go.touch()
        reports = []
        for worker in workers:
            out, err = worker.communicate(timeout=60)
            assert worker.returncode == 0, err.decode()[-2000:]
            reports.append(json.loads(out.decode().strip().splitlines()[-1]))
        return reports
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()


def address(tmp_path: Path) -> str:
    return f"fleet-{tmp_path.name}"


def test_a_spent_budget_waits_or_fails_clearly_and_never_sends_into_the_block(
    waf: ContioMock, redis_url: str, tmp_path: Path
) -> None:
    settings: dict[str, Any] = {
        "address": address(tmp_path),
        "limit": LIMIT,
        "window": WINDOW,
        "wait": 1.0,
    }
    spender = RedisBudget(client=redis.Redis.from_url(redis_url), **settings)
    while spender.take(USER, "test").granted:  # the fleet starts on a spent budget
        pass
    started = time.monotonic()
    reports = run_fleet(waf, redis_url, tmp_path, settings)
    took = time.monotonic() - started
    served = sum(r["ok"] for r in reports)
    spent = sum(sum(r["spent"].values()) for r in reports)
    assert served + spent == PROCESSES * TASKS
    assert all(r["other"] == {} for r in reports), reports
    assert waf.stats().get("rate_limited", 0) == 0  # none sent into the block
    assert served == waf.stats()["listOauthScopes"]
    # What the windows of the run held at most, and every wait bounded by the budget's.
    assert 0 < served <= (LIMIT - 1) * (took / WINDOW + 1)
    assert max(r["slowest"] for r in reports) < 1.0 + 5.0  # the wait, and a slow machine


def test_one_429_pauses_every_process(waf: ContioMock, redis_url: str, tmp_path: Path) -> None:
    def spend_the_address() -> None:  # a process outside the budget, just before the fleet
        with OAuthClient(**waf.client_kwargs(budget=False, max_retries=0)) as careless:
            for _ in range(LIMIT):
                careless.get_available_scopes()

    settings = {"address": address(tmp_path), "limit": LIMIT, "window": WINDOW, "wait": 10.0}
    reports = run_fleet(  # two windows' worth
        waf, redis_url, tmp_path, settings, tasks=4, before_go=spend_the_address
    )
    assert all(r["other"] == {} and r["spent"] == {} for r in reports), reports
    assert sum(r["ok"] for r in reports) == PROCESSES * 4  # every task served
    # Only what was in flight when the first 429 came back met the block: nothing after
    # the pause (400 tasks retrying on their own would have met it hundreds of times).
    assert 1 <= waf.stats()["rate_limited"] <= LIMIT - 1
