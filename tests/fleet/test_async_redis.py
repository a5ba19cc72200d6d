"""AsyncOAuthClient on a RedisTokenStore without blocking Redis calls in its constructor.

The client reads a network store (`loads_lazily`) at its first call, through the store's
async methods: a store with only an asyncio client works, and a Redis that is down is a
TokenStoreError at that first call, not in the constructor.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis

from contio import AsyncOAuthClient, OAuthClient, TokenStoreError
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.fleet.conftest import (
    ACCESS_TOKEN_LIFETIME,
    RedisServer,
    count,
    is_active,
)
from tests.fleet.processes import free_port

Stores = Callable[..., RedisTokenStore]
TASKS = 20


@pytest.fixture
async def async_redis(redis_url: str) -> AsyncIterator[Callable[[], aioredis.Redis]]:
    """Make asyncio Redis clients of the session's Redis (closed afterwards)."""
    made: list[aioredis.Redis] = []

    def make() -> aioredis.Redis:
        client = aioredis.Redis.from_url(redis_url, socket_timeout=5)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def async_only_store(redis_key: str, client: aioredis.Redis) -> RedisTokenStore:
    """A store with nothing but an asyncio client: no URL, no blocking client."""
    return RedisTokenStore(redis_key, async_client=client, lock_lease=5, lock_timeout=10)


async def test_an_async_only_store_is_read_at_the_first_await(
    contio_mock: ContioMock,
    stores: Stores,
    redis_key: str,
    async_redis: Callable[[], aioredis.Redis],
    raw_redis: redis.Redis,
) -> None:
    # Another client (a web worker, say) signs the user in and saves the tokens in Redis.
    with OAuthClient(**contio_mock.client_kwargs(token_store=stores())) as signer:
        contio_mock.sign_in(signer)
        signed = signer.tokens
    assert signed is not None

    # No blocking client to call: a constructor that read the store would raise here.
    store = async_only_store(redis_key, async_redis())
    async with AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store)) as aoauth:
        assert await aoauth.get_valid_access_token() == signed.access_token  # read from Redis
        assert aoauth.tokens == signed
        assert count(contio_mock) == 0

        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        refreshed = await aoauth.refresh_access_token(signed.refresh_token)
        assert count(contio_mock) == 1
        assert refreshed.refresh_token != signed.refresh_token
        assert await store.aload() == refreshed  # written to Redis
    assert raw_redis.get(store.key) is not None


async def test_an_async_only_store_takes_the_tokens_of_a_code_exchange(
    contio_mock: ContioMock,
    redis_key: str,
    async_redis: Callable[[], aioredis.Redis],
    stores: Stores,
) -> None:
    store = async_only_store(redis_key, async_redis())
    async with AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store)) as aoauth:
        email = "ada@example.com"
        challenge = await aoauth.initiate_partner_auth(email, "Ada Lovelace")
        code, _ = contio_mock.last_code(email)
        await aoauth.verify_partner_auth(email, code, challenge.session)
        tokens = await aoauth.exchange_code_for_token(contio_mock.consent(email))
        assert await store.aload() == tokens
    # What the fleet sees, through a store of its own.
    assert stores().load() == tokens


async def test_tasks_of_clients_on_async_only_stores_cause_one_refresh(
    contio_mock: ContioMock,
    stores: Stores,
    redis_key: str,
    async_redis: Callable[[], aioredis.Redis],
) -> None:
    with OAuthClient(**contio_mock.client_kwargs(token_store=stores())) as signer:
        contio_mock.sign_in(signer)
        signed = signer.tokens
    assert signed is not None
    contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)

    # Two clients, as two workers would have, each on its own asyncio Redis client: the
    # refresh lock they share lives in Redis, taken with the asyncio clients only.
    clients = [
        AsyncOAuthClient(
            **contio_mock.client_kwargs(token_store=async_only_store(redis_key, async_redis()))
        )
        for _ in range(2)
    ]
    try:
        results = await asyncio.gather(
            *(client.get_valid_access_token() for client in clients for _ in range(TASKS))
        )
    finally:
        for client in clients:
            await client.aclose()
    assert count(contio_mock) == 1
    new = stores().load()
    assert new is not None
    assert new.access_token != signed.access_token
    assert results == [new.access_token] * (2 * TASKS)
    assert is_active(contio_mock, new.access_token)


async def test_a_url_store_is_not_touched_by_the_constructor(contio_mock: ContioMock) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
    store = RedisTokenStore("nobody-home", url=url, socket_timeout=1, lock_timeout=1)
    try:
        aoauth = AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store))
        async with aoauth:
            with pytest.raises(TokenStoreError) as info:
                await aoauth.get_valid_access_token()
        message = str(info.value)
        assert repr(store.key) in message  # names the store: its key ...
        assert url in message  # ... and where it lives
        assert contio_mock.stats().get("exchangeOauthToken", 0) == 0
    finally:
        await store.aclose()


@pytest.mark.parametrize("explicit", [False, True], ids=["stored", "explicit"])
async def test_first_calls_on_an_unread_store_still_refresh_once(
    contio_mock: ContioMock,
    stores: Stores,
    redis_key: str,
    async_redis: Callable[[], aioredis.Redis],
    explicit: bool,
) -> None:
    """Before the store is read the client cannot tell whether a given refresh token is the
    stored one: concurrent first refreshes still share one request (no invalid_grant)."""
    with OAuthClient(**contio_mock.client_kwargs(token_store=stores())) as signer:
        contio_mock.sign_in(signer)
        signed = signer.tokens
    assert signed is not None
    assert signed.refresh_token is not None

    store = async_only_store(redis_key, async_redis())
    async with AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store)) as aoauth:
        assert "<not read yet>" in repr(aoauth)  # a repr must not read the store
        assert aoauth.get_access_token() is None  # nor the pure methods
        given = signed.refresh_token if explicit else None
        results = await asyncio.gather(
            *(aoauth.refresh_access_token(given) for _ in range(5)), return_exceptions=True
        )
        assert not [r for r in results if isinstance(r, BaseException)], results
        assert count(contio_mock) == 1
        assert len({r.access_token for r in results if not isinstance(r, BaseException)}) == 1
        assert await aoauth.load_tokens() == aoauth.tokens


class CountingStore(RedisTokenStore):
    """A RedisTokenStore that counts how often its refresh lock is asked for, and how often
    Redis is asked for anything through the asyncio methods."""

    lock_attempts = 0
    touches = 0

    def alock(self) -> Any:
        CountingStore.lock_attempts += 1
        CountingStore.touches += 1
        return super().alock()

    async def aload(self) -> Any:
        CountingStore.touches += 1
        return await super().aload()


@pytest.fixture
def counting() -> Iterator[type[CountingStore]]:
    CountingStore.lock_attempts = CountingStore.touches = 0
    yield CountingStore
    CountingStore.lock_attempts = CountingStore.touches = 0


async def test_a_client_per_request_on_fresh_tokens_takes_no_lock(
    contio_mock: ContioMock,
    stores: Stores,
    redis_key: str,
    async_redis: Callable[[], aioredis.Redis],
    counting: type[CountingStore],
) -> None:
    """The README's fleet pattern: a new client per request reads the store without any
    lock and takes the fleet-wide lock only to refresh."""
    with OAuthClient(**contio_mock.client_kwargs(token_store=stores())) as signer:
        contio_mock.sign_in(signer)
        signed = signer.tokens
    assert signed is not None
    shared = async_redis()

    async def one_request() -> str:
        store = counting(redis_key, async_client=shared)
        async with AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store)) as aoauth:
            return await aoauth.get_valid_access_token()

    tokens = await asyncio.gather(*(one_request() for _ in range(20)))

    assert set(tokens) == {signed.access_token}
    assert counting.lock_attempts == 0
    assert count(contio_mock) == 0

    contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    refreshed = await asyncio.gather(*(one_request() for _ in range(20)))
    assert len(set(refreshed)) == 1
    assert count(contio_mock) == 1  # one refresh for the fleet, under the lock


async def test_waiters_behind_a_failed_store_lock_fail_at_once(
    contio_mock: ContioMock, own_redis: RedisServer, counting: type[CountingStore]
) -> None:
    """Redis hung: the first caller spends the socket timeout, the callers queued behind
    it get the same TokenStoreError without each spending it again."""
    store = counting(
        f"fleet-{uuid.uuid4().hex}",
        url=own_redis.url,
        socket_timeout=0.5,
        lock_lease=1,  # a SET NX that timed out may land when Redis resumes: short lease
    )
    async with AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store)) as aoauth:
        with OAuthClient(**contio_mock.client_kwargs(token_store=store)) as signer:
            contio_mock.sign_in(signer)
        assert await aoauth.load_tokens() is not None
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        own_redis.pause()
        before = counting.touches
        try:
            results = await asyncio.gather(
                *(aoauth.get_valid_access_token() for _ in range(10)), return_exceptions=True
            )
        finally:
            own_redis.resume()
        assert all(isinstance(r, TokenStoreError) for r in results), results
        assert counting.touches - before == 1  # only the first caller waited on Redis
        assert count(contio_mock) == 0
        # Redis back: the next caller tries again, and refreshes.
        assert await aoauth.get_valid_access_token()
        assert count(contio_mock) == 1
    await store.aclose()


async def test_an_explicit_other_refresh_token_gets_its_own_refresh(
    contio_mock: ContioMock,
    stores: Stores,
    redis_key: str,
    async_redis: Callable[[], aioredis.Redis],
) -> None:
    """refresh_access_token(bob's token) beside refresh_access_token() on a client holding
    Ada's (store not read yet) refreshes Bob's grant, never answering with Ada's tokens."""
    with OAuthClient(**contio_mock.client_kwargs(token_store=stores())) as ada:
        contio_mock.sign_in(ada, "ada@example.com")
    with OAuthClient(**contio_mock.client_kwargs()) as bob:
        contio_mock.sign_in(bob, "bob@example.com")
        bob_tokens = bob.tokens
    assert bob_tokens is not None
    assert bob_tokens.refresh_token is not None

    store = async_only_store(redis_key, async_redis())
    async with AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store)) as aoauth:
        mine, bobs = await asyncio.gather(
            aoauth.refresh_access_token(), aoauth.refresh_access_token(bob_tokens.refresh_token)
        )
        whose = await aoauth.introspect_token(bobs.access_token)
        assert whose.username == "bob@example.com"
        assert (await aoauth.introspect_token(mine.access_token)).username == "ada@example.com"


def test_set_tokens_on_redis_then_the_loop_ends_is_warned_or_written(
    redis_url: str, redis_key: str
) -> None:
    """The plain `set_tokens` hands the write to a task; a loop that ends first says so (a
    RuntimeWarning), and `aset_tokens` is the way to be sure: never a silent loss."""
    import gc
    import warnings

    async def plain() -> None:
        store = RedisTokenStore(redis_key, url=redis_url)
        client = AsyncOAuthClient("id", "secret", token_store=store)
        client.set_tokens({"access_token": "cto_at_v1_plain"})

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(plain())
        gc.collect()
    written = RedisTokenStore(redis_key, url=redis_url).load()
    said = [
        w for w in caught if issubclass(w.category, RuntimeWarning) and "store" in f"{w.message}"
    ]
    assert written is not None or said, "the write was lost without a word"

    async def awaited() -> None:
        store = RedisTokenStore(redis_key, url=redis_url)
        async with AsyncOAuthClient("id", "secret", token_store=store) as client:
            await client.aset_tokens({"access_token": "cto_at_v1_awaited"})

    asyncio.run(awaited())
    loaded = RedisTokenStore(redis_key, url=redis_url).load()
    assert loaded is not None
    assert loaded.access_token == "cto_at_v1_awaited"
