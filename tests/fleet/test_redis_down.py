"""Redis stopped or hung mid-run (issue 7): every call that needs the store fails with
TokenStoreError (a ContioError) naming the store, never a silent fallback that would refresh
without the lock or forget tokens; once Redis is back, saving, loading and refreshing work.

Each test runs its own redis-server, which it stops, pauses or restarts on the same port.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from contio import AsyncOAuthClient, AuthTokens, ContioError, OAuthClient, TokenStoreError
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.fleet.conftest import ACCESS_TOKEN_LIFETIME, RedisServer, count

SOCKET_TIMEOUT = 1.0


def assert_store_error(error: BaseException, store: RedisTokenStore, server: RedisServer) -> None:
    assert isinstance(error, TokenStoreError)
    assert isinstance(error, ContioError)
    message = str(error)
    assert repr(store.key) in message  # names the store: its key ...
    assert server.url in message  # ... and where it lives


def fails_sync(call: Callable[[], Any], store: RedisTokenStore, server: RedisServer) -> None:
    with pytest.raises(TokenStoreError) as info:
        call()
    assert_store_error(info.value, store, server)


async def fails_async(
    call: Callable[[], Awaitable[Any]], store: RedisTokenStore, server: RedisServer
) -> None:
    with pytest.raises(TokenStoreError) as info:
        await call()
    assert_store_error(info.value, store, server)


async def test_redis_stopped_then_restarted(
    contio_mock: ContioMock, own_redis: RedisServer
) -> None:
    store = RedisTokenStore(
        f"fleet-{uuid.uuid4().hex}",
        url=own_redis.url,
        socket_timeout=SOCKET_TIMEOUT,
        lock_lease=5,
        lock_timeout=5,
    )
    oauth = OAuthClient(**contio_mock.client_kwargs(token_store=store))
    aoauth = AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store))
    try:
        contio_mock.sign_in(oauth)
        signed = oauth.tokens
        assert signed is not None
        assert await aoauth.get_valid_access_token() == signed.access_token  # from the store
        before = count(contio_mock)

        own_redis.stop()
        # A call that needs no store still works: the token in memory is good.
        assert oauth.get_valid_access_token() == signed.access_token
        # Every call that touches the store fails with the store's error.
        fails_sync(oauth.refresh_access_token, store, own_redis)
        fails_sync(lambda: oauth.set_tokens(signed), store, own_redis)
        fails_sync(oauth.clear_tokens, store, own_redis)
        fails_sync(store.load, store, own_redis)
        await fails_async(aoauth.refresh_access_token, store, own_redis)
        await fails_async(lambda: store.asave(signed), store, own_redis)
        await fails_async(store.aload, store, own_redis)
        # A new client reads its tokens at its first call (never blocking an event loop
        # in its constructor), and that first call fails with the store's error.
        with OAuthClient(**contio_mock.client_kwargs(token_store=store)) as newcomer:
            fails_sync(newcomer.get_valid_access_token, store, own_redis)
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        fails_sync(oauth.get_valid_access_token, store, own_redis)
        await fails_async(aoauth.get_valid_access_token, store, own_redis)
        # No refresh went out without the lock. The client holds the app's last change
        # (the sign-out), which the store has not taken yet: it is written at the next call.
        assert count(contio_mock) == before
        assert oauth.tokens is None

        own_redis.start()  # same port, but empty: this server keeps nothing on disk
        store.save(signed)  # as if it had kept what it held before it stopped
        assert oauth.load_tokens() is None  # the sign-out reaches the store first
        assert store.load() is None
        oauth.set_tokens(signed)  # saving works again
        assert store.load() == signed
        refreshed = oauth.refresh_access_token()
        assert count(contio_mock) == before + 1
        assert refreshed.access_token != signed.access_token
        assert store.load() == refreshed
        # The async client finds the refresh in the store (no second refresh).
        assert await aoauth.get_valid_access_token() == refreshed.access_token
        assert await store.aload() == refreshed
        assert count(contio_mock) == before + 1
    finally:
        oauth.close()
        await aoauth.aclose()
        await store.aclose()


async def test_redis_hung_calls_time_out_with_the_store_error_then_recover(
    contio_mock: ContioMock, own_redis: RedisServer
) -> None:
    """A Redis that accepts connections but never answers (SIGSTOP): calls end after the
    socket timeout with TokenStoreError, not a hang; after SIGCONT everything works again."""
    store = RedisTokenStore(
        f"fleet-{uuid.uuid4().hex}",
        url=own_redis.url,
        socket_timeout=SOCKET_TIMEOUT,
        lock_lease=2,  # a SET NX that timed out may still land once Redis resumes
        lock_timeout=10,
    )
    oauth = OAuthClient(**contio_mock.client_kwargs(token_store=store))
    aoauth = AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store))
    try:
        contio_mock.sign_in(oauth)
        signed = oauth.tokens
        assert signed is not None
        await store.aload()  # the asyncio client has a connection open too
        before = count(contio_mock)
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)

        own_redis.pause()
        try:
            fails_sync(oauth.get_valid_access_token, store, own_redis)
            fails_sync(store.load, store, own_redis)
            await fails_async(aoauth.get_valid_access_token, store, own_redis)
            await fails_async(store.aload, store, own_redis)
        finally:
            own_redis.resume()
        assert count(contio_mock) == before

        token = oauth.get_valid_access_token()
        assert count(contio_mock) == before + 1
        assert token != signed.access_token
        saved = store.load()
        assert isinstance(saved, AuthTokens)
        assert saved.access_token == token
        assert await aoauth.get_valid_access_token() == token
        assert count(contio_mock) == before + 1
    finally:
        oauth.close()
        await aoauth.aclose()
        await store.aclose()
