"""Where a resource server remembers introspection answers: in this process
(`MemoryIntrospectionCache`, the default) or in Redis (`RedisIntrospectionCache`), so that a
fleet introspects each distinct token once per TTL. Entries are named by the token's SHA-256,
never by the token."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

from contio.resource.core import Checked

__all__ = ["IntrospectionCache", "MemoryIntrospectionCache", "RedisIntrospectionCache"]


class IntrospectionCache(Protocol):
    """What a guard needs of a cache (an asyncio guard uses `aget`/`aset` where they exist)."""

    def get(self, key: str) -> Checked | None:
        """What is remembered of a token, or None."""
        ...

    def set(self, key: str, checked: Checked, seconds: float) -> None:
        """Remember `checked` for `seconds`."""
        ...


class MemoryIntrospectionCache:
    """Answers in this process's memory, at most `max_entries` (the oldest go first).

    Args:
        max_entries: The most tokens remembered.
        clock: Seconds now (monotonic by default).
    """

    def __init__(
        self, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._entries: OrderedDict[str, tuple[Checked, float]] = OrderedDict()
        self._max = max_entries
        self._clock = clock
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryIntrospectionCache({len(self._entries)} tokens)"

    def get(self, key: str) -> Checked | None:
        """`IntrospectionCache.get`."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[1] <= self._clock():
                del self._entries[key]
                return None
            return found[0]

    def set(self, key: str, checked: Checked, seconds: float) -> None:
        """`IntrospectionCache.set`."""
        with self._lock:
            self._entries.pop(key, None)
            while len(self._entries) >= self._max:
                self._entries.popitem(last=False)
            self._entries[key] = (checked, self._clock() + seconds)


class RedisIntrospectionCache:
    """Answers in Redis, shared by every process of a fleet (`pip install 'contio[redis]'`).

    Args:
        client: A `redis.Redis` for blocking guards.
        async_client: A `redis.asyncio.Redis` for asyncio guards.
        prefix: What the keys begin with.
    """

    def __init__(
        self,
        *,
        client: Any = None,
        async_client: Any = None,
        prefix: str = "contio:introspection:",
    ) -> None:
        if client is None and async_client is None:
            raise ValueError("give client and/or async_client")
        self._client, self._async_client, self.prefix = client, async_client, prefix

    def __repr__(self) -> str:
        return f"RedisIntrospectionCache(prefix={self.prefix!r})"

    @staticmethod
    def _decode(raw: Any) -> Checked | None:
        if raw is None:
            return None
        try:
            return Checked.from_dict(json.loads(raw))
        except ValueError:
            return None  # not ours: introspect again

    def get(self, key: str) -> Checked | None:
        """`IntrospectionCache.get`."""
        return self._decode(self._client.get(self.prefix + key))

    def set(self, key: str, checked: Checked, seconds: float) -> None:
        """`IntrospectionCache.set`."""
        self._client.set(self.prefix + key, json.dumps(checked.to_dict()), px=_ms(seconds))

    def claim(self, key: str, seconds: float) -> bool:
        """Whether this process introspects the token (for `seconds` at most): the first of
        the fleet to ask does, the others find its answer here."""
        return bool(self._client.set(self.prefix + key + ":filling", "1", nx=True, px=_ms(seconds)))

    async def aclaim(self, key: str, seconds: float) -> bool:
        """`claim`, through the asyncio client."""
        claimed = await self._async_client.set(
            self.prefix + key + ":filling", "1", nx=True, px=_ms(seconds)
        )
        return bool(claimed)

    async def aget(self, key: str) -> Checked | None:
        """`get`, through the asyncio client."""
        return self._decode(await self._async_client.get(self.prefix + key))

    async def aset(self, key: str, checked: Checked, seconds: float) -> None:
        """`set`, through the asyncio client."""
        document = json.dumps(checked.to_dict())
        await self._async_client.set(self.prefix + key, document, px=_ms(seconds))


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))
