"""RedisTokenStore against the real Redis: the refresh lock (bounded waits, leases,
compare-and-delete release) for blocking code and asyncio, the TTL, corrupt values, and the
URL's password kept out of reprs and errors."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

from contio import AsyncOAuthClient, AuthTokens, ContioError, OAuthClient, TokenStoreError
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.fleet.conftest import ACCESS_TOKEN_LIFETIME, count
from tests.fleet.processes import free_port

Stores = Callable[..., RedisTokenStore]


def some_tokens(name: str = "one") -> AuthTokens:
    return AuthTokens(
        access_token=f"cto_at_v1_{name}",
        refresh_token=f"cto_rt_v1_{name}",
        id_token="eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
        expires_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        scope=("openid", "profile"),
    )


def lock_value(raw: redis.Redis, store: RedisTokenStore) -> bytes | None:
    value = raw.get(store.lock_key)
    assert value is None or isinstance(value, bytes)
    return value


# -- the lock, blocking ---------------------------------------------------------------------


def test_a_waiter_gives_up_after_lock_timeout(stores: Stores, raw_redis: redis.Redis) -> None:
    holder = stores(lock_lease=5)
    waiter = stores(lock_lease=5, lock_timeout=0.5)
    with holder.lock():
        held = lock_value(raw_redis, holder)
        assert held is not None
        with pytest.raises(TokenStoreError, match=r"timed out after 0\.5 s") as info, waiter.lock():
            pytest.fail("the waiter got a lock that is held")
        assert isinstance(info.value, ContioError)
        assert repr(waiter.key) in str(info.value)
        assert lock_value(raw_redis, holder) == held  # the holder keeps it
    assert raw_redis.exists(holder.lock_key) == 0  # released on exit


def test_the_lock_has_a_lease(stores: Stores, raw_redis: redis.Redis) -> None:
    store = stores(lock_lease=5)
    with store.lock():
        assert 0 < raw_redis.pttl(store.lock_key) <= 5000


def test_a_dead_holders_lock_goes_to_the_next_waiter_when_its_lease_runs_out(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    waiter = stores(lock_lease=5, lock_timeout=10)
    # What a holder that died leaves behind: its value, with the rest of its lease.
    raw_redis.set(waiter.lock_key, b"a-holder-that-died", px=300)
    with waiter.lock():
        taken = lock_value(raw_redis, waiter)
        assert taken is not None
        assert taken != b"a-holder-that-died"


def test_a_live_holder_keeps_its_lock_past_the_lease(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    """The lease is renewed while the holder works: a refresh slower than the lease must not
    let a second worker in to refresh with the same token."""
    holder = stores(lock_lease=0.3)
    waiter = stores(lock_lease=5, lock_timeout=0.5)
    with holder.lock():
        held = lock_value(raw_redis, holder)
        time.sleep(1.0)  # more than three leases
        with pytest.raises(TokenStoreError, match="timed out"), waiter.lock():
            pytest.fail("the waiter got a lock that is held")
        assert lock_value(raw_redis, holder) == held
    assert raw_redis.exists(holder.lock_key) == 0


def test_a_release_after_the_lease_never_deletes_the_next_holders_lock(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    first = stores(lock_lease=5)
    second = stores(lock_lease=5, lock_timeout=5)
    with contextlib.ExitStack() as first_holds:
        first_holds.enter_context(first.lock())
        raw_redis.delete(first.lock_key)  # its lease lapsed (Redis was away, say)
        with second.lock():
            mine = lock_value(raw_redis, second)
            assert mine is not None
            time.sleep(2.0)  # the first holder's renewal finds someone else's value
            first_holds.close()  # the first holder, late, releases "its" lock
            assert lock_value(raw_redis, second) == mine  # still the second holder's
        assert raw_redis.exists(second.lock_key) == 0


def test_locks_of_two_keys_are_independent(stores: Stores, redis_url: str, redis_key: str) -> None:
    other = RedisTokenStore(redis_key + "-other", url=redis_url, lock_timeout=0.5)
    try:
        with stores(lock_timeout=0.5).lock(), other.lock():
            pass
    finally:
        other.close()


# -- the lock, asyncio ----------------------------------------------------------------------


async def test_async_a_waiter_gives_up_after_lock_timeout(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    holder = stores(lock_lease=5)
    waiter = stores(lock_lease=5, lock_timeout=0.5)
    try:
        async with holder.alock():
            held = lock_value(raw_redis, holder)
            assert held is not None
            with pytest.raises(TokenStoreError, match=r"timed out after 0\.5 s") as info:
                async with waiter.alock():
                    pytest.fail("the waiter got a lock that is held")
            assert repr(waiter.key) in str(info.value)
            assert lock_value(raw_redis, holder) == held
        assert raw_redis.exists(holder.lock_key) == 0
    finally:
        await holder.aclose()
        await waiter.aclose()


async def test_async_a_dead_holders_lock_goes_to_the_next_waiter(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    waiter = stores(lock_lease=5, lock_timeout=10)
    raw_redis.set(waiter.lock_key, b"a-holder-that-died", px=300)
    try:
        async with waiter.alock():
            taken = lock_value(raw_redis, waiter)
            assert taken is not None
            assert taken != b"a-holder-that-died"
    finally:
        await waiter.aclose()


async def test_async_a_live_holder_keeps_its_lock_past_the_lease(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    holder = stores(lock_lease=0.3)
    waiter = stores(lock_lease=5, lock_timeout=0.5)
    try:
        async with holder.alock():
            held = lock_value(raw_redis, holder)
            await asyncio.sleep(1.0)  # more than three leases
            with pytest.raises(TokenStoreError, match="timed out"):
                async with waiter.alock():
                    pytest.fail("the waiter got a lock that is held")
            assert lock_value(raw_redis, holder) == held
        assert raw_redis.exists(holder.lock_key) == 0
    finally:
        await holder.aclose()
        await waiter.aclose()


async def test_async_a_release_after_the_lease_never_deletes_the_next_holders_lock(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    first = stores(lock_lease=5)
    second = stores(lock_lease=5, lock_timeout=5)
    try:
        async with contextlib.AsyncExitStack() as first_holds:
            await first_holds.enter_async_context(first.alock())
            raw_redis.delete(first.lock_key)  # its lease lapsed
            async with second.alock():
                mine = lock_value(raw_redis, second)
                assert mine is not None
                await first_holds.aclose()
                assert lock_value(raw_redis, second) == mine
            assert raw_redis.exists(second.lock_key) == 0
    finally:
        await first.aclose()
        await second.aclose()


# -- clients on a held lock -----------------------------------------------------------------


async def test_a_client_that_cannot_get_the_lock_raises_and_sends_no_refresh(
    contio_mock: ContioMock, stores: Stores
) -> None:
    """Another process holds the refresh lock longer than lock_timeout: the clients give up
    with TokenStoreError rather than refresh without it."""
    store = stores(lock_timeout=0.5)
    with OAuthClient(**contio_mock.client_kwargs(token_store=store)) as oauth:
        contio_mock.sign_in(oauth)
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        before = count(contio_mock)
        async with AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store)) as aoauth:
            with stores(lock_lease=10).lock():
                with pytest.raises(TokenStoreError, match="timed out"):
                    oauth.get_valid_access_token()
                with pytest.raises(TokenStoreError, match="timed out"):
                    await aoauth.refresh_access_token()
            assert count(contio_mock) == before
            # Once the lock is free, the refresh happens (once).
            token = await aoauth.get_valid_access_token()
            assert oauth.get_valid_access_token() == token
            assert count(contio_mock) == before + 1
    await store.aclose()


# -- what is saved ----------------------------------------------------------------------------


async def test_a_ttl_expires_the_saved_tokens(stores: Stores, raw_redis: redis.Redis) -> None:
    store = stores(ttl=timedelta(seconds=2))
    store.save(some_tokens())
    assert 0 < raw_redis.pttl(store.key) <= 2000
    await store.asave(some_tokens("two"))
    assert 0 < raw_redis.pttl(store.key) <= 2000
    assert await store.aload() == some_tokens("two")
    seconds = stores(ttl=1.5)
    seconds.save(some_tokens())
    assert 0 < raw_redis.pttl(seconds.key) <= 1500
    forever = stores()
    forever.save(some_tokens())
    assert raw_redis.pttl(forever.key) == -1  # no TTL unless asked for
    await store.aclose()


async def test_save_load_clear_round_trip(stores: Stores, raw_redis: redis.Redis) -> None:
    store = stores()
    assert store.load() is None
    store.save(some_tokens())
    document = json.loads(raw_redis.get(store.key) or b"null")
    assert document["format"] == "contio-tokens"
    assert store.load() == some_tokens()
    await store.asave(some_tokens("two"))
    assert store.load() == some_tokens("two")
    await store.aclear()
    assert await store.aload() is None
    store.save(some_tokens())
    store.clear()
    assert raw_redis.exists(store.key) == 0
    await store.aclose()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"access_token": "cto_at_v1_x"}', "not a contio token file"),
        (b'{"format": "contio-tokens", "version": 99, "tokens": null}', "unsupported version"),
        (b'{"format": "contio-tokens", "version": 1, "tokens": {"x": 1}}', "invalid tokens"),
    ],
)
async def test_a_corrupt_value_is_a_store_error_naming_the_key(
    stores: Stores, raw_redis: redis.Redis, raw: bytes, reason: str
) -> None:
    store = stores()
    raw_redis.set(store.key, raw)
    with pytest.raises(TokenStoreError, match=reason) as info:
        store.load()
    assert repr(store.key) in str(info.value)
    with pytest.raises(TokenStoreError, match=reason) as ainfo:
        await store.aload()
    assert repr(store.key) in str(ainfo.value)
    await store.aclose()


# -- the password -------------------------------------------------------------------------------

SECRET = "s3cret-Pa55word"


def with_password(url: str, form: str) -> str:
    """`url` with SECRET as the password: in the userinfo with a user or without, or as the
    `password=` query argument that redis-py also reads."""
    parts = urlsplit(url)
    where = f"{parts.hostname}:{parts.port}"
    if form == "query":
        return urlunsplit((parts.scheme, where, parts.path, f"db=0&password={SECRET}", ""))
    user = "fleet" if form == "user" else ""
    return urlunsplit((parts.scheme, f"{user}:{SECRET}@{where}", parts.path, "", ""))


def chain(error: BaseException) -> str:
    """Everything an error shows: its text and repr, and those of its causes."""
    texts = []
    current: BaseException | None = error
    while current is not None:
        texts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return "\n".join(texts)


@pytest.mark.parametrize(
    ("where", "form"),
    [
        ("redis", "user"),
        ("closed port", "user"),
        ("closed port", "no user"),
        ("closed port", "query"),
    ],
)
async def test_the_url_password_never_shows(
    redis_url: str, redis_key: str, where: str, form: str
) -> None:
    """A user and password the real Redis refuses (WRONGPASS), or nobody listening: the
    errors and the repr name the store without the password."""
    base = redis_url if where == "redis" else f"redis://127.0.0.1:{free_port()}/0"
    url = with_password(base, form)
    store = RedisTokenStore(redis_key, url=url, lock_timeout=0.5, socket_timeout=1.0)
    assert SECRET not in repr(store)
    assert "***" in repr(store)
    errors: list[BaseException] = []
    for call in (store.load, lambda: store.save(some_tokens()), store.clear):
        with pytest.raises(TokenStoreError) as info:
            call()
        errors.append(info.value)
    with pytest.raises(TokenStoreError) as info, store.lock():
        pytest.fail("locked without a server")
    errors.append(info.value)
    with pytest.raises(TokenStoreError) as ainfo:
        await store.aload()
    errors.append(ainfo.value)
    with pytest.raises(TokenStoreError) as ainfo:
        async with store.alock():
            pytest.fail("locked without a server")
    errors.append(ainfo.value)
    for error in errors:
        assert SECRET not in chain(error)
        assert repr(store.key) in str(error)
        assert "127.0.0.1" in str(error)
    await store.aclose()
