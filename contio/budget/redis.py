"""The budget of a fleet: every process behind one egress address draws from one window in
Redis (`pip install 'contio[redis]'`).

The window is a sorted set of the requests sent, scored by Redis's own clock (the processes'
clocks never need to agree); a 429's pause and a refused credential are keys that expire.
Every call is one script: a draw reads, decides and records in one step, so two processes never
both take the last request. The keys of one address share a hash tag (one Redis Cluster slot).
"""

from __future__ import annotations

import secrets
import time
from typing import Any, Unpack

from contio._extras import extra

with extra("redis", "contio.budget.redis (RedisBudget)"):
    import redis

from contio.budget._base import (
    GRANTED,
    PAUSED,
    REFUSED,
    SPENT,
    Answer,
    Limits,
    LimitSettings,
    Priority,
)
from contio.errors import BudgetUnavailableError

__all__ = ["RedisBudget"]

# KEYS: the window, the pause, the credential's refusal. ARGV: window ms, cap, member.
# Answers {1, 0} granted, else {0 spent | 2 paused | 3 refused, ms until it may be}.
_TAKE = """
local refused = redis.call("pttl", KEYS[3])
if refused > 0 then return {3, refused} end
local paused = redis.call("pttl", KEYS[2])
if paused > 0 then return {2, paused} end
local t = redis.call("time")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
redis.call("zremrangebyscore", KEYS[1], "-inf", now - window)
local n = redis.call("zcard", KEYS[1])
if n < cap then
    redis.call("zadd", KEYS[1], now, ARGV[3])
    redis.call("pexpire", KEYS[1], window)
    return {1, 0}
end
local first = redis.call("zrange", KEYS[1], n - cap, n - cap, "withscores")
return {0, tonumber(first[2]) + window - now}
"""

# Pause (KEYS[1]) for ARGV[1] ms unless a longer pause is on already.
_PAUSE = """
if redis.call("pttl", KEYS[1]) < tonumber(ARGV[1]) then
    redis.call("set", KEYS[1], "1", "px", ARGV[1])
end
return 1
"""

# Refuse the credentials whose key is KEYS[1] for ARGV[1] ms.
_REFUSE = """
redis.call("set", KEYS[1], "1", "px", ARGV[1])
return 1
"""

_REASONS = {0: SPENT, 2: PAUSED, 3: REFUSED}


class RedisBudget:
    """One OAuth request budget for every process (sync and asyncio, any store) of a fleet
    behind one egress address, in Redis. Give it the same `address` (a name for the egress
    address: `"nat-eu-1"`) in every process behind that address; a fleet behind several
    addresses gives each its own. Redis being unreachable is `BudgetUnavailableError`:
    nothing is sent that the fleet's budget has not counted."""

    def __init__(
        self,
        *,
        client: redis.Redis | None = None,
        async_client: Any = None,
        address: str = "default",
        prefix: str = "contio:budget:",
        **settings: Unpack[LimitSettings],
    ) -> None:
        """A fleet's budget of `limit` requests per rolling `window` seconds, kept
        `headroom` under it; see `contio.budget` for each setting.

        Args:
            client: A `redis.Redis` (or cluster), for blocking clients.
            async_client: A `redis.asyncio.Redis` (or cluster), for asyncio clients.
            address: The egress address's name: the processes giving the same one share.
            prefix: What the keys begin with.
        """
        if client is None and async_client is None:
            raise ValueError("give client and/or async_client")
        if not isinstance(address, str) or not address or "}" in address:
            raise ValueError("address must be a non-empty string without '}'")
        self.limits = Limits(**settings)
        self.address = address
        self._client = client
        self._async_client = async_client
        base = f"{prefix}{{{address}}}"
        self._window_key, self._pause_key, self._refused = base, base + ":pause", base + ":refused:"
        self._window_ms = max(1, round(self.limits.window * 1000))
        # Refusals this process heard of, kept here too: a worker looping on a wrong secret
        # costs no Redis call per loop.
        self._refused_here: dict[str, float] = {}

    def __repr__(self) -> str:
        return f"RedisBudget(address={self.address!r}, {self.limits!r})"

    def _take_args(self, priority: Priority, credential: str) -> tuple[Any, ...]:
        keys = (self._window_key, self._pause_key, self._refused + credential)
        member = secrets.token_hex(8)
        return (_TAKE, 3, *keys, self._window_ms, self.limits.cap(priority), member)

    def _held_here(self, credential: str) -> Answer | None:
        until = self._refused_here.get(credential)
        if until is None:
            return None
        left = until - time.monotonic()
        if left > 0:
            return Answer(False, left, REFUSED)
        self._refused_here.pop(credential, None)  # threads may race here: either wins
        return None

    def _answer(self, found: Any, credential: str) -> Answer:
        status, ms = int(found[0]), int(found[1])
        if status == 1:
            return GRANTED
        if status == 3:
            self._hold_here(credential, ms / 1000)
        return Answer(False, ms / 1000, _REASONS[status])

    def _hold_here(self, credential: str, seconds: float) -> None:
        if len(self._refused_here) >= 1_000:
            self._refused_here.clear()
        self._refused_here[credential] = time.monotonic() + seconds

    def _failed(self, exc: Exception) -> BudgetUnavailableError:
        return BudgetUnavailableError(
            f"the OAuth budget of {self.address!r} in Redis cannot be reached "
            f"({type(exc).__name__}); no request was sent"
        )

    def _sync(self) -> Any:
        if self._client is None:
            raise ValueError("this RedisBudget has no blocking client; give client=")
        return self._client

    def _async(self) -> Any:
        if self._async_client is None:
            raise ValueError("this RedisBudget has no asyncio client; give async_client=")
        return self._async_client

    def _eval(self, call: tuple[Any, ...]) -> Any:
        try:
            return self._sync().eval(*call)
        except redis.RedisError as exc:
            raise self._failed(exc) from None

    async def _aeval(self, call: tuple[Any, ...]) -> Any:
        try:
            return await self._async().eval(*call)
        except redis.RedisError as exc:
            raise self._failed(exc) from None

    def _pause_args(self, seconds: float) -> tuple[Any, ...]:
        return (_PAUSE, 1, self._pause_key, _ms(seconds))

    def _refuse_args(self, credential: str, seconds: float) -> tuple[Any, ...]:
        self._hold_here(credential, seconds)
        return (_REFUSE, 1, self._refused + credential, _ms(seconds))

    def take(self, priority: Priority, credential: str) -> Answer:
        """Draw one request now, or say how long until one could be drawn and why not."""
        held = self._held_here(credential)
        if held is not None:
            return held
        return self._answer(self._eval(self._take_args(priority, credential)), credential)

    def pause(self, seconds: float) -> None:
        """Stop every process's draws for `seconds` (a 429's Retry-After)."""
        self._eval(self._pause_args(seconds))

    def refuse(self, credential: str, seconds: float) -> None:
        """Refuse the draws of `credential` for `seconds`, fleet-wide."""
        self._eval(self._refuse_args(credential, seconds))

    async def atake(self, priority: Priority, credential: str) -> Answer:
        """`take`, through the asyncio client."""
        held = self._held_here(credential)
        if held is not None:
            return held
        return self._answer(await self._aeval(self._take_args(priority, credential)), credential)

    async def apause(self, seconds: float) -> None:
        """`pause`, through the asyncio client."""
        await self._aeval(self._pause_args(seconds))

    async def arefuse(self, credential: str, seconds: float) -> None:
        """`refuse`, through the asyncio client."""
        await self._aeval(self._refuse_args(credential, seconds))


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))
