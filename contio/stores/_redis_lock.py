"""The refresh lock of RedisTokenStore: `SET NX PX` with a random value, its lease renewed
while the holder works, released by compare-and-delete; the holder recorded so that its
saves are fenced (contio.stores._redis_lua). One reason to change: how the lock is held."""

from __future__ import annotations

import abc
import asyncio
import contextlib
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import redis

from contio.errors import TokenStoreError
from contio.stores._common import caller, lock_waits
from contio.stores._redis_lua import EXTEND, RELEASE, Holding

__all__ = ["RedisLock"]


class RedisLock(abc.ABC):
    """`lock()` and `alock()` of RedisTokenStore (a base class of it: the attributes it reads
    are the store's)."""

    _name: str
    lock_key: str
    key: str
    lock_lease: float
    lock_timeout: float
    _holders: dict[object, Holding]

    @abc.abstractmethod
    def _sync(self) -> Any:
        """The store's blocking Redis client."""

    @abc.abstractmethod
    def _async(self) -> Any:
        """The store's asyncio Redis client (of the running loop)."""

    @abc.abstractmethod
    def _failed(self, what: str, exc: Exception) -> TokenStoreError:
        """The store's TokenStoreError for a Redis error."""

    # -- the refresh lock ----------------------------------------------------------------------

    def _timed_out(self) -> TokenStoreError:
        return TokenStoreError(
            f"{self._name}: timed out after {self.lock_timeout:g} s waiting for the refresh lock"
        )

    def _hold(self, value: str) -> object:
        """Record the caller as the holder of the lock with `value`: its saves are fenced."""
        holder = caller()
        self._holders[holder] = Holding(value)
        return holder

    def _let_go(self, holder: object, value: str) -> None:
        holding = self._holders.get(holder)
        if holding is not None and holding.value == value:
            del self._holders[holder]

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the fleet-wide refresh lock for this key."""
        client, value = self._sync(), secrets.token_hex(16)
        lease_ms = int(self.lock_lease * 1000)
        try:
            for delay in lock_waits(self.lock_timeout, self._timed_out):
                if client.set(self.lock_key, value, nx=True, px=lease_ms):
                    break
                time.sleep(delay)
        except redis.RedisError as exc:
            raise self._failed("take the refresh lock", exc) from exc
        # Keep the lease while the refresh runs, however long its retries take: a lease
        # that ran out mid-refresh would let a second worker refresh with the same token.
        # A holder that dies stops renewing, and the lease runs out.
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(self.lock_lease / 3):
                try:
                    if not client.eval(EXTEND, 1, self.lock_key, value, lease_ms):
                        # Lost it (the lease lapsed in a pause, Redis restarted): never take
                        # it back; the holder's fenced save will say so.
                        return
                except redis.RedisError:
                    continue  # try again; the lease may still hold

        renewer = threading.Thread(target=renew, name=f"contio lock {self.key}", daemon=True)
        renewer.start()
        holder = self._hold(value)
        try:
            yield
        finally:
            self._let_go(holder, value)
            stop.set()
            renewer.join()
            with contextlib.suppress(redis.RedisError):  # it expires by itself
                client.eval(RELEASE, 1, self.lock_key, value)

    @contextlib.asynccontextmanager
    async def alock(self) -> AsyncIterator[None]:
        """`lock()` for asyncio."""
        client, value = self._async(), secrets.token_hex(16)
        lease_ms = int(self.lock_lease * 1000)
        try:
            for delay in lock_waits(self.lock_timeout, self._timed_out):
                if await client.set(self.lock_key, value, nx=True, px=lease_ms):
                    break
                await asyncio.sleep(delay)
        except redis.RedisError as exc:
            raise self._failed("take the refresh lock", exc) from exc

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.lock_lease / 3)
                try:
                    if not await client.eval(EXTEND, 1, self.lock_key, value, lease_ms):
                        return
                except redis.RedisError:
                    continue

        renewer = asyncio.get_running_loop().create_task(renew(), name=f"contio lock {self.key}")
        holder = self._hold(value)
        try:
            yield
        finally:
            self._let_go(holder, value)
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError, redis.RedisError):
                await renewer
            with contextlib.suppress(redis.RedisError):
                await client.eval(RELEASE, 1, self.lock_key, value)
