"""A lock holder stopped past its lease while another worker refreshes (issues 10 and 20):
with Redis (the lock's key expires) and PostgreSQL (the server ends a transaction idle past
the lease, and the row lock with it). SQLite's write lock has no lease: there a stopped holder
keeps it, and waiters time out (tests/fleet/test_database_stores.py).

Worker A takes the refresh lock and sends its refresh; the mock holds that request until the
test lets it through. A is stopped (SIGSTOP, as a long GC pause or a frozen VM would): it
renews nothing, and its lease runs out. Meanwhile the user signed in again elsewhere, and
worker B, needing a refresh, takes the lock and refreshes that sign-in's tokens. Then A's
refresh goes through at the mock and A resumes (SIGCONT) with its result: its save comes too
late and must not land. The newer tokens survive, A's call raises TokenStoreError, and A's
next call reads the store again and uses the newer tokens.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from contio import OAuthClient, TokenStore
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.fleet.conftest import (
    ACCESS_TOKEN_LIFETIME,
    Workers,
    alive,
    clear_faults,
    is_active,
    lock_key,
    pending_faults,
    redis_spec,
    wait_until,
    worker_config,
)
from tests.fleet.databases import open_database

Stores = Callable[..., RedisTokenStore]


class Leased:
    """A store with a leased lock, by kind: a store of the test's key, a worker's description
    of one, whether its lock is held, and a probe that changes once A's lease ran out."""

    def __init__(
        self,
        make: Callable[[], TokenStore],
        spec: dict[str, Any],
        lock_held: Callable[[], bool],
        lease_lapsed: Callable[[], Callable[[], bool]],
    ) -> None:
        self.make, self.spec, self.lock_held, self.lease_lapsed = (
            make,
            spec,
            lock_held,
            lease_lapsed,
        )


@pytest.fixture(params=["redis", "postgresql", "django-postgresql"])
def leased(
    request: pytest.FixtureRequest,
    stores: Stores,
    raw_redis: redis.Redis,
    redis_url: str,
    redis_key: str,
    tmp_path: Path,
) -> Iterator[Leased]:
    if request.param == "redis":
        lock = lock_key(redis_key)

        def redis_lapsed() -> Callable[[], bool]:
            held = raw_redis.get(lock)
            return lambda: raw_redis.get(lock) != held

        yield Leased(
            stores,
            redis_spec(redis_url, redis_key, LEASE),
            lambda: raw_redis.exists(lock) == 1,
            redis_lapsed,
        )
        return
    db = open_database(request.param, request, tmp_path)
    yield Leased(db.store, db.spec(LEASE), db.lock_held, lambda: lambda: not db.lock_held())
    db.close()


#: A's lease, in seconds: short, so that it lapses soon after A stops.
LEASE = 1.0


def test_a_holder_stopped_past_its_lease_never_saves_over_newer_tokens(
    contio_mock: ContioMock, workers: Workers, leased: Leased, tmp_path: Path
) -> None:
    store = leased.make()
    with OAuthClient(**contio_mock.client_kwargs(token_store=store)) as oauth:
        contio_mock.sign_in(oauth)
    first = store.load()
    assert first is not None
    # The same user signs in on another device: a second grant, saved later.
    with OAuthClient(**contio_mock.client_kwargs()) as elsewhere:
        contio_mock.sign_in(elsewhere)
        second = elsewhere.tokens
    assert second is not None
    contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)  # both access tokens have expired

    spec = leased.spec
    first_call, go = tmp_path / "first-call.json", tmp_path / "go"
    # A's refresh waits at the mock until the test ends the delay (clear_faults).
    contio_mock.fault("exchangeOauthToken", status=None, count=1, delay_ms=120_000)
    try:
        a = workers.start(
            worker_config(
                contio_mock,
                spec,
                timeout=120,
                follow_up={"ready": str(first_call), "go": str(go)},
            )
        )
        wait_until(alive(a, leased.lock_held), "worker A to take the lock")
        wait_until(alive(a, lambda: not pending_faults(contio_mock)), "A's refresh to be sent")
        lapsed = leased.lease_lapsed()
        a.send_signal(signal.SIGSTOP)
        wait_until(lapsed, "A's lease to run out")

        store.save(second)  # the sign-in elsewhere lands in the store
        b = Workers.report(workers.start(worker_config(contio_mock, spec, tasks=5)))
        assert b["errors"] == []
        newer = store.load()
        assert newer is not None
        assert newer.access_token not in (first.access_token, second.access_token)
        assert b["tokens"] == [newer.access_token]  # B refreshed, under the lock, and saved

        clear_faults(contio_mock)  # the mock now answers A's refresh (a good one)
        a.send_signal(signal.SIGCONT)
        wait_until(alive(a, first_call.exists), "A's first call to end")
        report = json.loads(first_call.read_text())
        assert report["got"] == 0
        assert report["store_errors"] == 1, report["errors"]  # A's call: TokenStoreError
        assert store.load() == newer  # A's late save did not land
        assert not leased.lock_held()  # B released; A's release found nothing of its own

        go.touch()  # A serves its next request
        final = Workers.report(a)
        # A reads the store again and uses the newer tokens: it neither answers with the
        # tokens it could not save nor writes them over the newer ones.
        assert final["follow_up"] == {"token": newer.access_token}
        assert store.load() == newer
        assert is_active(contio_mock, newer.access_token)
    finally:
        clear_faults(contio_mock)
