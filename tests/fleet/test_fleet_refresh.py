"""A fleet needing a refresh at the same moment refreshes once (issue 7).

8 worker processes x 50 asyncio tasks share one user's tokens in one store (a key in the real
Redis, or one file on this machine). The access token has expired for all of them; they are
released together. Refresh tokens rotate, so a second refresh with the same refresh token
would get `invalid_grant` and sign the user out: exactly one refresh request may reach the
mock (`/_mock/stats`), and every task of every process must end with the same new token.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import redis

from contio import AuthTokens, FileTokenStore, OAuthClient, TokenStore
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.fleet.conftest import (
    ACCESS_TOKEN_LIFETIME,
    Workers,
    count,
    is_active,
    lock_key,
    token_key,
    wait_until,
    worker_config,
)

PROCESSES = 8
TASKS = 50


def release_fleet(
    mock: ContioMock, workers: Workers, store: dict[str, Any], tmp_path: Path
) -> list[dict[str, Any]]:
    """Start PROCESSES workers of TASKS tasks each on `store`, wait until every one is ready,
    release them together; their reports."""
    go = tmp_path / "go"
    ready = [tmp_path / f"ready.{index}" for index in range(PROCESSES)]
    processes = [
        workers.start(worker_config(mock, store, tasks=TASKS, ready=str(path), go=str(go)))
        for path in ready
    ]

    def all_ready() -> bool:
        for process in processes:
            if process.poll() is not None:
                _, err = process.communicate()
                pytest.fail(f"a worker exited with {process.returncode} while starting:\n{err}")
        return all(path.exists() for path in ready)

    wait_until(all_ready, f"{PROCESSES} workers to start")
    go.touch()
    return [Workers.report(process) for process in processes]


def sign_in_and_expire(mock: ContioMock, store: TokenStore) -> AuthTokens:
    """Sign the user in once (a sync client on `store`), then move the mock's clock past
    the access token's lifetime; the tokens signed in with."""
    with OAuthClient(**mock.client_kwargs(token_store=store)) as oauth:
        mock.sign_in(oauth)
    signed = store.load()
    assert signed is not None
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    return signed


def assert_one_refresh_for_all(
    mock: ContioMock,
    reports: list[dict[str, Any]],
    signed: AuthTokens,
    saved: AuthTokens | None,
    refreshes_before: int,
) -> None:
    assert count(mock) - refreshes_before == 1  # one refresh request for the whole fleet
    errors = [error for report in reports for error in report["errors"]]
    assert errors == []  # no invalid_grant, no lock timeout, nothing
    assert [report["got"] for report in reports] == [TASKS] * PROCESSES
    assert saved is not None
    assert saved.refresh_token is not None
    assert saved.refresh_token != signed.refresh_token  # rotated once
    assert saved.access_token != signed.access_token
    # Every task of every process got the one new token, and it is what the store holds.
    assert [report["tokens"] for report in reports] == [[saved.access_token]] * PROCESSES
    assert is_active(mock, saved.access_token)  # no second refresh revoked the grant


def test_8_processes_x_50_tasks_on_redis_cause_one_refresh(
    contio_mock: ContioMock,
    workers: Workers,
    redis_url: str,
    redis_key: str,
    raw_redis: redis.Redis,
    tmp_path: Path,
) -> None:
    store = RedisTokenStore(redis_key, url=redis_url)
    try:
        signed = sign_in_and_expire(contio_mock, store)
        before = count(contio_mock)
        spec = {"kind": "redis", "key": redis_key, "url": redis_url, "lock_timeout": 30}
        reports = release_fleet(contio_mock, workers, spec, tmp_path)
        assert_one_refresh_for_all(contio_mock, reports, signed, store.load(), before)
        assert raw_redis.exists(lock_key(redis_key)) == 0  # released, not left to expire
        document = json.loads(raw_redis.get(token_key(redis_key)) or b"null")
        assert document["format"] == "contio-tokens"
    finally:
        store.close()


def test_8_processes_x_50_tasks_on_one_file_cause_one_refresh(
    contio_mock: ContioMock, workers: Workers, tmp_path: Path
) -> None:
    path = tmp_path / "state" / "tokens.json"
    store = FileTokenStore(path)
    signed = sign_in_and_expire(contio_mock, store)
    before = count(contio_mock)
    spec = {"kind": "file", "path": str(path), "lock_timeout": 30}
    reports = release_fleet(contio_mock, workers, spec, tmp_path)
    assert_one_refresh_for_all(contio_mock, reports, signed, store.load(), before)
    # Atomic replacement left no temporary file behind.
    assert {p.name for p in path.parent.iterdir()} == {"tokens.json", "tokens.json.lock"}
