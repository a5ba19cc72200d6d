"""The guards that carry out `contio.resource.core.check`: `BearerGuard` with an `OAuthClient`
(blocking I/O), `AsyncBearerGuard` with an `AsyncOAuthClient`. Each introspects a token once
per process at a time (the others asking for it wait for that answer) and, with a shared cache
that can claim a token (Redis), once per TTL across the fleet; the introspection is drawn from
the client's OAuth budget like any OAuth call. Contio unreachable or rate limited (or the
budget spent) is a 503 verdict, never a 500."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable, Collection, Iterator
from typing import Any, Generic, TypeVar, cast

from contio.client import AsyncOAuthClient, OAuthClient
from contio.errors import ContioError
from contio.resource.cache import IntrospectionCache, MemoryIntrospectionCache
from contio.resource.core import Claim, Introspect, Lookup, Pause, Remember, Verdict, check

__all__ = ["AsyncBearerGuard", "BearerGuard"]

C = TypeVar("C")
L = TypeVar("L")


def _unavailable(exc: ContioError) -> Verdict:
    """Contio could not be asked (down, a 429, the budget spent): when to ask again."""
    wait = getattr(exc, "retry_after", None)
    return Verdict(False, 503, None, error="introspection_unavailable", retry_after=wait)


def _advance(flow: Any, outcome: Any) -> Any:
    """The flow's next step, or its verdict once it ends."""
    try:
        return flow.send(outcome)
    except StopIteration as stop:
        return stop.value


class _Settings:
    def __init__(
        self,
        cache: IntrospectionCache | None,
        ttl: float,
        negative_ttl: float,
        realm: str,
        clock: Callable[[], float],
    ) -> None:
        if ttl <= 0 or negative_ttl < 0:
            raise ValueError("ttl must be positive and negative_ttl at least 0")
        if '"' in realm or "\\" in realm:
            raise ValueError("realm must not hold quotes or backslashes")
        self.cache: Any = cache if cache is not None else MemoryIntrospectionCache()
        self.ttl, self.negative_ttl, self.realm, self.clock = ttl, negative_ttl, realm, clock

    def flow(self, authorization: str | None, required: Collection[str]) -> Any:
        return check(
            authorization,
            tuple(required),
            realm=self.realm,
            ttl=self.ttl,
            negative_ttl=self.negative_ttl,
            now=self.clock(),
        )


class _Guard(Generic[C]):
    """What both guards keep: the client, the settings, and who is filling which token."""

    def __init__(
        self,
        oauth: C,
        *,
        cache: IntrospectionCache | None = None,
        ttl: float = 60.0,
        negative_ttl: float = 5.0,
        realm: str = "contio",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.oauth = oauth
        self.settings = _Settings(cache, ttl, negative_ttl, realm, clock)
        self._mutex = threading.Lock()
        self._fills: dict[str, tuple[Any, int]] = {}

    def _claim(self, key: str, make: Callable[[], L]) -> L:
        """The lock of whoever fills `key` in this process (made by `make` for the first)."""
        with self._mutex:
            lock, users = self._fills.get(key, (None, 0))
            lock = make() if lock is None else lock
            self._fills[key] = (lock, users + 1)
            return cast(L, lock)

    def _unclaim(self, key: str) -> None:
        with self._mutex:
            lock, users = self._fills[key]
            if users == 1:
                del self._fills[key]
            else:
                self._fills[key] = (lock, users - 1)


class BearerGuard(_Guard[OAuthClient]):
    """Checks Bearer tokens for blocking apps (Flask, Django's sync views).

    Args:
        oauth: A client of the partner app (it authenticates the introspection calls).
        cache: Where answers are remembered (default: this process's memory).
        ttl: Seconds an active token's answer is remembered (never past its `exp`): how late a
            revoked token may still pass.
        negative_ttl: Seconds an inactive token's answer is remembered.
        realm: The `realm` of the `WWW-Authenticate` challenges.
        clock: Unix time now (for `exp`).
    """

    @contextlib.contextmanager
    def _filling(self, key: str) -> Iterator[None]:
        """One filler of `key` at a time in this process."""
        lock = self._claim(key, threading.Lock)
        try:
            with lock:
                yield
        finally:
            self._unclaim(key)

    def check(self, authorization: str | None, required: Collection[str] = ()) -> Verdict:
        """The verdict on one request's `Authorization` header.

        Args:
            authorization: The header's value (None when absent).
            required: The scopes the route needs (all of them).

        Returns:
            The verdict: allowed with the token's facts, or the status and challenge.
        """
        flow = self.settings.flow(authorization, required)
        cache = self.settings.cache
        with contextlib.ExitStack() as filling:
            outcome: Any = None
            while not isinstance(effect := _advance(flow, outcome), Verdict):
                if isinstance(effect, Lookup):
                    outcome = cache.get(effect.key)
                    if outcome is None and effect.first:  # wait for whoever fills it here
                        filling.enter_context(self._filling(effect.key))
                        outcome = cache.get(effect.key)
                elif isinstance(effect, Claim):
                    claim = getattr(cache, "claim", None)
                    outcome = claim(effect.key, effect.seconds) if claim is not None else True
                elif isinstance(effect, Pause):
                    time.sleep(effect.seconds)
                    outcome = None
                elif isinstance(effect, Introspect):
                    try:
                        outcome = self.oauth.introspect_token(effect.token)
                    except ContioError as exc:
                        return _unavailable(exc)
                elif isinstance(effect, Remember):
                    cache.set(effect.key, effect.checked, effect.seconds)
                    outcome = None
            verdict: Verdict = effect
            return verdict


class AsyncBearerGuard(_Guard[AsyncOAuthClient]):
    """`BearerGuard` for asyncio apps (FastAPI, Starlette, Django's async views), with an
    `AsyncOAuthClient`; the same arguments."""

    @contextlib.asynccontextmanager
    async def _filling(self, key: str) -> AsyncIterator[None]:
        lock = self._claim(key, asyncio.Lock)
        try:
            async with lock:
                yield
        finally:
            self._unclaim(key)

    async def _get(self, key: str) -> Any:
        cache = self.settings.cache
        aget = getattr(cache, "aget", None)
        return await aget(key) if aget is not None else cache.get(key)

    async def check(self, authorization: str | None, required: Collection[str] = ()) -> Verdict:
        """`BearerGuard.check`, awaited."""
        flow = self.settings.flow(authorization, required)
        cache = self.settings.cache
        async with contextlib.AsyncExitStack() as filling:
            outcome: Any = None
            while not isinstance(effect := _advance(flow, outcome), Verdict):
                if isinstance(effect, Lookup):
                    outcome = await self._get(effect.key)
                    if outcome is None and effect.first:
                        await filling.enter_async_context(self._filling(effect.key))
                        outcome = await self._get(effect.key)
                elif isinstance(effect, Claim):
                    aclaim = getattr(cache, "aclaim", None)
                    outcome = await aclaim(effect.key, effect.seconds) if aclaim else True
                elif isinstance(effect, Pause):
                    await asyncio.sleep(effect.seconds)
                    outcome = None
                elif isinstance(effect, Introspect):
                    try:
                        outcome = await self.oauth.introspect_token(effect.token)
                    except ContioError as exc:
                        return _unavailable(exc)
                elif isinstance(effect, Remember):
                    aset = getattr(cache, "aset", None)
                    if aset is not None:
                        await aset(effect.key, effect.checked, effect.seconds)
                    else:
                        cache.set(effect.key, effect.checked, effect.seconds)
                    outcome = None
            averdict: Verdict = effect
            return averdict
