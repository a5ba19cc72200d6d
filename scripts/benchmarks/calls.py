"""The call every CPU measure times, one per client, and the two ways of repeating it.

Written once and used by the warmed measures and by the fresh-process child alike, so that
both protocols time the same code. The clients are only named for the type checker here:
importing this module loads none of them (the fresh child relies on it).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .base import BenchError

if TYPE_CHECKING:
    import httpx
    import httpx2

    from contio import AsyncOAuthClient, OAuthClient

    # The raw rows: httpx2, and httpx 0.28 as the reference; both send alike.
    SyncHttp = httpx2.Client | httpx.Client
    AsyncHttp = httpx2.AsyncClient | httpx.AsyncClient

SyncCall = Callable[[], bool]
Call = Callable[[], Awaitable[bool]]
INACTIVE = "introspection did not answer active"


def introspect_url(base_url: str) -> str:
    return f"{base_url}/oauth2/introspect"


def raw_sync(client: SyncHttp, base_url: str, token: str, headers: dict[str, str]) -> SyncCall:
    """Raw httpx2 (or httpx) sending what the facade sends, and reading the answer as it does."""
    url = introspect_url(base_url)

    def call() -> bool:
        response = client.post(url, data={"token": token}, headers=headers)
        return response.status_code == 200 and bool(json.loads(response.content)["active"])

    return call


def facade_sync(client: OAuthClient, token: str) -> SyncCall:
    def call() -> bool:
        return client.introspect_token(token).active

    return call


def raw_async(client: AsyncHttp, base_url: str, token: str, headers: dict[str, str]) -> Call:
    url = introspect_url(base_url)

    async def call() -> bool:
        response = await client.post(url, data={"token": token}, headers=headers)
        return response.status_code == 200 and bool(json.loads(response.content)["active"])

    return call


def facade_async(client: AsyncOAuthClient, token: str) -> Call:
    async def call() -> bool:
        return (await client.introspect_token(token)).active

    return call


def facade_close(
    client: AsyncOAuthClient, http_client: httpx2.AsyncClient | None
) -> Callable[[], Awaitable[None]]:
    """Close the facade, then the app's own client if it was given one (the facade leaves an
    app's client open)."""

    async def close() -> None:
        await client.aclose()
        if http_client is not None:
            await http_client.aclose()

    return close


def plain_aiohttp(session: Any, base_url: str, token: str, headers: dict[str, str]) -> Call:
    """aiohttp alone (`session` an aiohttp.ClientSession; Any: it may be absent)."""
    url = introspect_url(base_url)

    async def call() -> bool:
        async with session.post(url, data={"token": token}, headers=headers) as response:
            body = await response.read()
            return response.status == 200 and bool(json.loads(body)["active"])

    return call


def repeat(call: SyncCall, total: int, failure: str = INACTIVE) -> None:
    """`total` calls one at a time; BenchError(`failure`) when one answers False."""
    for _ in range(total):
        if not call():
            raise BenchError(failure)


async def burst(call: Call, total: int, inflight: int, failure: str = INACTIVE) -> None:
    """`total` calls with `inflight` of them in flight at any moment."""
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            if not await call():
                raise BenchError(failure)

    await asyncio.gather(*(worker() for _ in range(inflight)))
