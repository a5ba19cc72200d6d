"""One process of a fleet sharing a RedisBudget: `python -m tests.budget.worker CONFIG_JSON`.

It starts, creates `ready`, waits for the test's `go`, then runs `tasks` asyncio tasks that
each make one OAuth call (listOauthScopes) through one AsyncOAuthClient whose budget is the
fleet's, and prints one JSON line: how many were served, how many failed with
BudgetSpentError (by reason), the other errors by type, and how long the slowest took.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import redis.asyncio as aioredis

from contio import AsyncOAuthClient
from contio.budget import RedisBudget
from contio.errors import BudgetSpentError
from tests.fleet.worker import ready_then_wait


async def main(config: dict[str, Any]) -> dict[str, Any]:
    redis_client = aioredis.Redis.from_url(config["redis_url"])
    budget = RedisBudget(async_client=redis_client, **config["budget"])
    report: dict[str, Any] = {"ok": 0, "spent": {}, "other": {}, "slowest": 0.0}
    async with AsyncOAuthClient(
        config["client_id"],
        config["client_secret"],
        base_url=config["base_url"],
        budget=budget,
        max_retries=config.get("max_retries", 2),
    ) as client:
        await asyncio.to_thread(ready_then_wait, config)

        async def one() -> None:
            started = time.monotonic()
            try:
                await client.get_available_scopes()
                report["ok"] += 1
            except BudgetSpentError as exc:
                report["spent"][exc.reason] = report["spent"].get(exc.reason, 0) + 1
            except Exception as exc:
                name = type(exc).__name__
                report["other"][name] = report["other"].get(name, 0) + 1
            report["slowest"] = max(report["slowest"], time.monotonic() - started)

        await asyncio.gather(*(one() for _ in range(config["tasks"])))
    await redis_client.aclose()
    return report


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))), flush=True)
