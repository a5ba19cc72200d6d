"""A background worker that acts for users whose tokens are shared through Redis.

The tokens got there at sign-in (a web app's `store_for` returning the same
`RedisTokenStore`); every worker process of every machine reads them there, and when they
expire exactly one refresh is sent for the whole fleet.

    export CONTIO_CLIENT_ID=... CONTIO_CLIENT_SECRET=... REDIS_URL=redis://localhost:6379/0
    export CONTIO_BASE_URL=http://127.0.0.1:8765        # the mock; unset: Contio itself
    python examples/worker.py USER_KEY [USER_KEY ...]
"""

from __future__ import annotations

import asyncio
import os
import sys

import httpx2
import redis.asyncio

from contio import AsyncOAuthClient, ContioError, SignInRequiredError
from contio.stores.redis import RedisTokenStore


async def sync_user(user_key: str, http: httpx2.AsyncClient, pool: redis.asyncio.Redis) -> str:
    oauth = AsyncOAuthClient(
        os.environ["CONTIO_CLIENT_ID"],
        os.environ["CONTIO_CLIENT_SECRET"],
        base_url=os.environ.get("CONTIO_BASE_URL", "https://auth.contio.ai"),
        token_store=RedisTokenStore(user_key, async_client=pool),
        http_client=http,
    )
    try:
        me = await oauth.get_user_info()  # refreshed first when expired, once per fleet
    except SignInRequiredError:
        return "must sign in again"
    except ContioError as exc:
        return f"failed: {type(exc).__name__}"
    return me.email or me.sub


async def main(user_keys: list[str]) -> None:
    pool = redis.asyncio.Redis.from_url(
        os.environ.get("REDIS_URL", "redis://localhost:6379/0"), socket_timeout=5
    )
    async with httpx2.AsyncClient() as http:
        done = await asyncio.gather(*(sync_user(key, http, pool) for key in user_keys))
    await pool.aclose()
    for key, outcome in zip(user_keys, done, strict=True):
        print(f"{key}: {outcome}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1:]))
