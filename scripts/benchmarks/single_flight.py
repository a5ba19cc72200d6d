"""(c) Single-flight refresh: how many refresh requests reach the mock when 200 tasks need a
fresh token at once (the target: exactly one, and every task gets the same new token)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx2

from contio import AsyncOAuthClient

from .base import CLIENT, BenchError, verdict
from .report import Bench
from .users import USER_SCOPES, new_email, sign_in

REFRESHES = "exchangeOauthToken:refresh_token"  # the mock's /_mock/stats key for them


@dataclass
class SingleFlight:
    tasks: int
    refreshes: int
    distinct_tokens: int
    rotated: bool


async def measure_single_flight(base_url: str, tasks: int) -> SingleFlight:
    offset = [0.0]

    def mock_clock() -> datetime:
        return datetime.now(UTC) + timedelta(seconds=offset[0])

    async with (
        httpx2.AsyncClient(base_url=base_url) as control,
        AsyncOAuthClient(*CLIENT, USER_SCOPES, base_url=base_url, clock=mock_clock) as oauth,
    ):
        offset[0] = float((await control.get("/_mock/clock")).json()["offset_seconds"])
        tokens = await sign_in(oauth, control, new_email())

        advanced = await control.post("/_mock/clock", json={"advance_seconds": 86_400})
        advanced.raise_for_status()
        offset[0] = float(advanced.json()["offset_seconds"])
        if not oauth.is_token_expired():
            raise BenchError("the access token did not expire after advancing the mock clock")

        before = (await control.get("/_mock/stats")).json()["requests"].get(REFRESHES, 0)
        results = await asyncio.gather(*(oauth.get_valid_access_token() for _ in range(tasks)))
        after = (await control.get("/_mock/stats")).json()["requests"].get(REFRESHES, 0)
    return SingleFlight(
        tasks=tasks,
        refreshes=after - before,
        distinct_tokens=len(set(results)),
        rotated=tokens.access_token not in results,
    )


def run(bench: Bench) -> None:
    flight = asyncio.run(measure_single_flight(bench.base_url, bench.options.tasks))
    ok = flight.refreshes == 1 and flight.distinct_tokens == 1 and flight.rotated
    print(
        f"\n(c) single-flight: {flight.tasks} tasks call get_valid_access_token() at once "
        "after the mock clock moved past expiry"
    )
    print(
        f"  refresh requests the mock saw: {flight.refreshes}; distinct tokens returned: "
        f"{flight.distinct_tokens}; new token: {'yes' if flight.rotated else 'no'}   "
        f"target exactly 1  {verdict(ok)}"
    )
    bench.report.target(f"refreshes for {flight.tasks} tasks", str(flight.refreshes), "== 1", ok)
