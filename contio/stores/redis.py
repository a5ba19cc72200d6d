"""Tokens in Redis, shared by every worker of a fleet, with a refresh lock across machines.

Refresh tokens rotate: when two workers refresh the same token at once, the second gets
`invalid_grant` and the user is signed out. `RedisTokenStore.lock()` (`SET NX PX` with a
random value, released by a compare-and-delete script) makes the refresh single-flight
across processes: the client takes it, re-reads the tokens, and refreshes only if nobody
else already did. The holder's save is fenced: it lands only while the lock still holds this
holder's value, so a holder paused past its lease (a long GC pause, a stopped process) never
writes its late result over the tokens of the holder after it. Install with
`pip install 'contio[redis]'`.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from contio._extras import extra

with extra("redis", "contio.stores.redis (RedisTokenStore)"):
    import redis
    import redis.asyncio as aioredis
    from redis.asyncio.cluster import RedisCluster as AsyncRedisCluster
    from redis.cluster import RedisCluster

from contio._checks import check_number, to_timedelta
from contio.errors import LeaseLostError, TokenStoreError
from contio.stores._common import caller, decode_document, encode_document
from contio.stores._redis_lock import RedisLock
from contio.stores._redis_lua import (
    FENCED_CLEAR,
    FENCED_SAVE,
    Holding,
    hash_tag,
    safe_url,
    store_key,
)
from contio.tokens import AuthTokens

if TYPE_CHECKING:
    from contio.stores.sealing import TokenSealer

__all__ = ["RedisTokenStore"]


class RedisTokenStore(RedisLock):
    """The tokens of one key (say one user) in one Redis string, as JSON, at
    `<prefix>{<key>}`, and its refresh lock at `<prefix>{<key>}:lock`: the braces make both
    one Redis Cluster slot, so that one script can check the lock and write the tokens. A key
    that begins with `}` (which would leave an empty hash tag) lives at
    `<prefix>{<escaped key>}:escaped` instead, `%` and `}` percent-encoded: every non-empty
    key works, and no two keys share a name.

    Give a `url` (the store makes its own blocking and asyncio clients, with
    `socket_timeout`), or your own `client` and/or `async_client`. `ttl` expires the saved
    tokens that long after the last save: set it to the refresh token's lifetime (Contio:
    30 days) so abandoned sessions clean themselves up. The refresh lock expires after
    `lock_lease` seconds, so a holder that dies lets go; a waiter gives up with
    TokenStoreError after `lock_timeout` seconds. A save or clear by the holder of the lock
    (the thread of its `lock()`, the task of its `alock()`) lands only while the lock is still
    its own, else LeaseLostError and nothing is written; anyone else's is a plain write. Redis
    being unreachable is a TokenStoreError naming the store, never a silent fallback.
    """

    def __init__(
        self,
        key: str,
        *,
        url: str | None = None,
        client: redis.Redis | RedisCluster | None = None,
        async_client: aioredis.Redis | AsyncRedisCluster | None = None,
        prefix: str = "contio:tokens:",
        ttl: timedelta | float | None = None,
        lock_lease: float = 30.0,
        lock_timeout: float = 60.0,
        socket_timeout: float = 5.0,
        sealer: TokenSealer | None = None,
    ) -> None:
        """A store of one user's tokens in Redis (nothing is sent yet).

        Args:
            key: The user's key (the web integrations' user key, your user id...).
            url: A Redis URL, when no client is given (`redis://host:6379/0`).
            client: A `redis.Redis` (or `RedisCluster`) for the blocking client's calls.
            async_client: A `redis.asyncio.Redis` (or cluster) for an `AsyncOAuthClient`.
            prefix: What the keys begin with (`contio:tokens:`).
            ttl: How long the tokens stay after their last save (None: for ever).
            lock_lease: Seconds the refresh lock is held unless renewed (its holder renews it).
            lock_timeout: Seconds a waiter waits for the lock before TokenStoreError.
            socket_timeout: Seconds for each Redis call of a client made from `url`.
            sealer: Seals the tokens at rest (contio.stores.sealing), bound to `key`:
                recommended, so that a Redis backup shows no token.

        Raises:
            ValueError: An empty key, no url or client, a bad number, or a key and prefix that
                leave no Redis Cluster hash tag.
        """
        if not isinstance(key, str) or not key:
            raise ValueError("key must be a non-empty string")
        if url is None and client is None and async_client is None:
            raise ValueError("give url, or client and/or async_client")
        lock_lease = check_number(lock_lease, "lock_lease", minimum=0.01, maximum=86400)
        lock_timeout = check_number(lock_timeout, "lock_timeout", minimum=0.01, maximum=86400)
        socket_timeout = check_number(socket_timeout, "socket_timeout", minimum=0.01, maximum=3600)
        if ttl is not None:  # at most ten years, in whole milliseconds
            ttl = to_timedelta(ttl, "ttl", maximum=timedelta(days=3650))
        self.key = store_key(prefix, key)
        self.sealer = sealer
        self._context = key
        if hash_tag(self.key) is None:
            raise ValueError(
                f"key {key!r} with prefix {prefix!r} leaves no Redis Cluster hash tag in "
                f"{self.key!r}: an empty '{{}}' comes first"
            )
        # A client reads the tokens through this store at its first call, so that an
        # AsyncOAuthClient never makes a blocking round trip to Redis on its event loop.
        self.loads_lazily = True
        self.lock_key = self.key + ":lock"
        self.lock_lease = lock_lease
        self.lock_timeout = lock_timeout
        self._ttl_ms = (int(ttl.total_seconds() * 1000) or None) if ttl is not None else None
        # Who holds this store's lock through lock()/alock() (a thread or a task), with the
        # lock's value and what it read under it: their saves and clears are fenced by them.
        self._holders: dict[object, Holding] = {}
        if url is not None:
            try:  # a wrong URL is a ValueError here, not at the first call
                redis.connection.parse_url(url)  # type: ignore[no-untyped-call]
            except ValueError:
                # Neither the URL nor redis-py's complaint: either may show the password
                # (a '#', '?' or '/' in it, unencoded, breaks the parse).
                raise ValueError(
                    "url is not a Redis URL (redis://[[user]:password@]host[:port][/db]; "
                    "percent-encode the password); it is not shown, it may hold a password"
                ) from None
        self._url = url
        self._socket_timeout = socket_timeout
        self._client = client
        self._async_client = async_client
        self._async_loop: asyncio.AbstractEventLoop | None = None
        where = safe_url(url) if url else "a given client"
        self._name = f"Redis token store {self.key!r} at {where}"

    def __repr__(self) -> str:
        return f"RedisTokenStore(key={self.key!r}, url={safe_url(self._url or '') or None!r})"

    # -- clients -------------------------------------------------------------------------------

    def _options(self) -> dict[str, Any]:
        return {
            "socket_timeout": self._socket_timeout,
            "socket_connect_timeout": self._socket_timeout,
        }

    def _sync(self) -> redis.Redis | RedisCluster:
        if self._client is None:
            if self._url is None:
                raise TokenStoreError(f"{self._name} has no blocking client; give url or client")
            self._client = redis.Redis.from_url(self._url, **self._options())
        return self._client

    def _async(self) -> aioredis.Redis | AsyncRedisCluster:
        if self._url is None:
            if self._async_client is None:
                raise TokenStoreError(f"{self._name} has no asyncio client; give async_client")
            return self._async_client
        # Connections belong to the event loop that opened them: one client per loop.
        loop = asyncio.get_running_loop()
        if self._async_client is None or self._async_loop is not loop:
            self._async_client = aioredis.Redis.from_url(self._url, **self._options())
            self._async_loop = loop
        return self._async_client

    def _failed(self, what: str, exc: Exception) -> TokenStoreError:
        return TokenStoreError(f"{self._name}: cannot {what}: {type(exc).__name__}: {exc}")

    # -- the tokens ----------------------------------------------------------------------------

    def _decode(self, raw: bytes | str | None) -> AuthTokens | None:
        return None if raw is None else decode_document(raw, self._name, self.sealer, self._context)

    def _encode(self, tokens: AuthTokens) -> str:
        return encode_document(tokens, self.sealer, self._context)

    def _fence(self) -> Holding | None:
        """What fences the caller's writes if it holds this store's lock, else None."""
        return self._holders.get(caller())

    def _read(self, raw: bytes | str | None) -> AuthTokens | None:
        holding = self._fence()
        if holding is not None:
            holding.read = "absent" if raw is None else "read"
            holding.raw = raw.encode() if isinstance(raw, str) else (raw or b"")
        return self._decode(raw)

    def _save_args(self, holding: Holding, tokens: AuthTokens) -> tuple[Any, ...]:
        ttl = str(self._ttl_ms) if self._ttl_ms else ""
        document = self._encode(tokens)
        return (
            FENCED_SAVE,
            2,
            self.key,
            self.lock_key,
            holding.value,
            document,
            ttl,
            *holding.argv,
        )

    def _clear_args(self, holding: Holding) -> tuple[Any, ...]:
        return (FENCED_CLEAR, 2, self.key, self.lock_key, holding.value, "", "", *holding.argv)

    def _lease_lost(self, what: str) -> LeaseLostError:
        return LeaseLostError(
            f"{self._name}: the refresh lock is no longer this holder's (its {self.lock_lease:g} s "
            f"lease lapsed; another worker may have saved newer tokens): nothing was {what}"
        )

    def load(self) -> AuthTokens | None:
        """The tokens of this key.

        Returns:
            The tokens, or None.

        Raises:
            TokenStoreError: Redis is unreachable, or the value is not a token set.
        """
        try:
            raw = self._sync().get(self.key)
        except redis.RedisError as exc:
            raise self._failed("load tokens", exc) from exc
        return self._read(raw)

    def save(self, tokens: AuthTokens) -> None:
        """Replace the tokens (fenced when this thread holds the refresh lock).

        Args:
            tokens: The tokens to keep.

        Raises:
            LeaseLostError: The lock this holder took is no longer its own; nothing written.
            TokenStoreError: Redis is unreachable.
        """
        holding = self._fence()
        try:
            if holding is None:
                self._sync().set(self.key, self._encode(tokens), px=self._ttl_ms)
                return
            written = self._sync().eval(*self._save_args(holding, tokens))
        except redis.RedisError as exc:
            raise self._failed("save tokens", exc) from exc
        if not written:
            raise self._lease_lost("saved")

    def clear(self) -> None:
        """Forget the tokens (fenced as `save`).

        Raises:
            LeaseLostError: The lock this holder took is no longer its own; nothing written.
            TokenStoreError: Redis is unreachable.
        """
        holding = self._fence()
        try:
            if holding is None:
                self._sync().delete(self.key)
                return
            cleared = self._sync().eval(*self._clear_args(holding))
        except redis.RedisError as exc:
            raise self._failed("clear tokens", exc) from exc
        if not cleared:
            raise self._lease_lost("cleared")

    async def aload(self) -> AuthTokens | None:
        """`load`, through the asyncio client.

        Returns:
            The tokens, or None.

        Raises:
            TokenStoreError: As `load`.
        """
        try:
            raw = await self._async().get(self.key)
        except redis.RedisError as exc:
            raise self._failed("load tokens", exc) from exc
        return self._read(raw)

    async def asave(self, tokens: AuthTokens) -> None:
        """`save`, through the asyncio client (fenced when this task holds the lock).

        Args:
            tokens: The tokens to keep.

        Raises:
            LeaseLostError: As `save`.
            TokenStoreError: As `save`.
        """
        holding = self._fence()
        try:
            if holding is None:
                await self._async().set(self.key, self._encode(tokens), px=self._ttl_ms)
                return
            written = await self._async().eval(*self._save_args(holding, tokens))
        except redis.RedisError as exc:
            raise self._failed("save tokens", exc) from exc
        if not written:
            raise self._lease_lost("saved")

    async def aclear(self) -> None:
        """`clear`, through the asyncio client.

        Raises:
            LeaseLostError: As `clear`.
            TokenStoreError: As `clear`.
        """
        holding = self._fence()
        try:
            if holding is None:
                await self._async().delete(self.key)
                return
            cleared = await self._async().eval(*self._clear_args(holding))
        except redis.RedisError as exc:
            raise self._failed("clear tokens", exc) from exc
        if not cleared:
            raise self._lease_lost("cleared")

    def close(self) -> None:
        """Close the blocking client if this store made it."""
        if self._url is not None and self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close the clients this store made."""
        if self._url is not None:
            if self._async_client is not None:
                await self._async_client.aclose()
            self.close()
