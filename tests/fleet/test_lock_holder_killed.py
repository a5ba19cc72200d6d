"""A lock holder killed (SIGKILL) in the middle of a refresh (issue 7).

Worker A takes the refresh lock and sends its refresh; the mock holds that request for 10 s
and then answers 503, so it rotates nothing. A is killed while it waits. Another process must
then complete the refresh: with Redis once A's lease runs out, with the file store and SQLite
at once (the kernel drops a dead process's locks), with PostgreSQL once the server sees A's
connection gone (its transaction, and the row lock, end with it). No saved token may be lost
or corrupted: the store still loads, and the user can go on refreshing.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from contio import FileTokenStore, OAuthClient, TokenStore
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.fleet.conftest import (
    ACCESS_TOKEN_LIFETIME,
    Workers,
    alive,
    clear_faults,
    count,
    file_lock_held,
    is_active,
    lock_key,
    pending_faults,
    redis_spec,
    wait_until,
    worker_config,
)
from tests.fleet.databases import DATABASES, open_database

#: The Redis lock's lease in every process of these tests, in seconds.
LEASE = 2.0


class Shared:
    """The store every process of one test uses, by kind: how to make it, describe it to a
    worker, and see whether its refresh lock is held."""

    def __init__(
        self,
        make: Callable[[], TokenStore],
        spec: dict[str, Any],
        lock_held: Callable[[], bool],
    ) -> None:
        self.make = make
        self.spec = spec
        self.lock_held = lock_held


@pytest.fixture(params=["redis", "file", *DATABASES])
def shared(
    request: pytest.FixtureRequest,
    redis_url: str,
    redis_key: str,
    raw_redis: redis.Redis,
    tmp_path: Path,
) -> Iterator[Shared]:
    if request.param == "redis":
        made: list[RedisTokenStore] = []

        def make_redis() -> TokenStore:
            store = RedisTokenStore(redis_key, url=redis_url, lock_lease=LEASE, lock_timeout=20)
            made.append(store)
            return store

        spec = redis_spec(redis_url, redis_key, LEASE)
        redis_lock = lock_key(redis_key)
        yield Shared(make_redis, spec, lambda: raw_redis.exists(redis_lock) == 1)
        for store in made:
            store.close()
    elif request.param in DATABASES:
        db = open_database(request.param, request, tmp_path)
        yield Shared(
            lambda: db.store(lock_lease=LEASE, lock_timeout=20), db.spec(LEASE, 20), db.lock_held
        )
        db.close()
    else:
        path = tmp_path / "tokens.json"
        lock_path = path.with_name("tokens.json.lock")
        yield Shared(
            lambda: FileTokenStore(path, lock_timeout=20),
            {"kind": "file", "path": str(path), "lock_timeout": 20},
            lambda: file_lock_held(lock_path),
        )


def test_a_lock_holder_killed_mid_refresh_lets_another_process_refresh(
    contio_mock: ContioMock, workers: Workers, shared: Shared
) -> None:
    store = shared.make()
    with OAuthClient(**contio_mock.client_kwargs(token_store=store)) as oauth:
        contio_mock.sign_in(oauth)
    signed = store.load()
    assert signed is not None
    contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    before = count(contio_mock)
    # The first refresh to reach the mock hangs for 10 s, then fails without rotating.
    contio_mock.fault("exchangeOauthToken", status=503, count=1, delay_ms=10_000)
    try:
        holder = workers.start(worker_config(contio_mock, shared.spec))

        wait_until(alive(holder, shared.lock_held), "worker A to take the lock")
        # The fault is spent: A's refresh request is at the mock, under A's lock.
        wait_until(alive(holder, lambda: not pending_faults(contio_mock)), "A's refresh to hang")
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        assert holder.returncode == -signal.SIGKILL
        assert count(contio_mock) == before  # A's refresh never got to rotate anything
        assert store.load() == signed  # what A was killed over is intact
        if shared.spec["kind"] == "file":
            assert not shared.lock_held()  # the kernel let go of A's flock at once

        # Worker B needs a refresh too: it gets the lock (after A's lease, for Redis) and
        # refreshes with the refresh token A never managed to use.
        report = Workers.report(workers.start(worker_config(contio_mock, shared.spec, tasks=5)))
        assert report["errors"] == []
        assert report["got"] == 5
        assert count(contio_mock) == before + 1  # exactly one successful refresh
        saved = store.load()  # loads: not corrupted
        assert saved is not None
        assert report["tokens"] == [saved.access_token]
        assert saved.access_token != signed.access_token
        assert saved.refresh_token is not None
        assert saved.refresh_token != signed.refresh_token
        assert is_active(contio_mock, saved.access_token)
        assert not shared.lock_held()  # B released it

        # Nothing lost: the user can refresh again, from yet another client.
        with OAuthClient(**contio_mock.client_kwargs(token_store=shared.make())) as later:
            again = later.refresh_access_token()
        assert count(contio_mock) == before + 2
        assert again.refresh_token not in (None, saved.refresh_token)
        assert store.load() == again
        assert is_active(contio_mock, again.access_token)
    finally:
        clear_faults(contio_mock)  # ends A's request at the mock, which nobody awaits
