"""(e) What users feel on every API call: `oauth.auth` on a cheap Bearer endpoint.

GET /oauth2/userInfo of the mock with a live user access token (a sign-in on the mock, so no
refresh is due), the same calls from three clients of the same httpx2 client class:
  fixed header  `httpx2.Client(headers={"Authorization": "Bearer …"})`: no token logic at all;
  oauth.auth    `httpx2.Client(auth=oauth.auth)`: contio checks the expiry, sets the header;
  Authlib       `OAuth2Client(token=…)`, Authlib's peer (its httpx integration, which runs on
                httpx2 when httpx2 is installed: the row's note says which library it used).
Sync one at a time; async 16 in flight, over httpx2's own transport and over httpx-aiohttp's.
One long-lived process, process CPU time. A 5 % target is finer than this machine's drift
between runs of a few seconds, so the rows take turns in short chunks (100 calls sync, 10
per task async), many rounds, their order reversed every other round, and the ratio is the
median of the rounds' paired ratios. The table sums the chunks into six runs.
Target (issue 11): oauth.auth / fixed header <= 1.05, sync and async.
"""

from __future__ import annotations

import asyncio
import functools
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx2

from contio import AsyncOAuthClient, AuthTokens, OAuthClient

from .base import CLIENT, BenchError, optional_module, verdict
from .calls import Call, SyncCall, burst, repeat
from .cpu import Measure, async_cpu_of, cpu_of
from .report import Bench, print_cpu_table
from .users import USER_SCOPES, new_email, sign_in

AUTH_TARGET = 1.05  # oauth.auth per call / a fixed Authorization header (issue 11)
SYNC_CHUNK = 100  # calls of a row in a round, one at a time
ASYNC_CHUNK_PER_TASK = 10  # calls of a row in a round, per task in flight
FIXED, AUTH, AUTHLIB = "fixed header", "oauth.auth", "Authlib OAuth2Client"
NOT_OK = "GET /oauth2/userInfo did not answer 200"
USERINFO = "/oauth2/userInfo"


@dataclass
class Row:
    name: str
    client: Any  # an httpx2 client (Authlib's subclasses it)
    note: str = ""


def authlib_note() -> str:
    """Which library Authlib's httpx integration runs on here (httpx2 when installed)."""
    compat = optional_module("authlib.integrations.httpx_client._compat")
    library = getattr(getattr(compat, "httpx2", None), "__name__", "unknown")
    version = getattr(optional_module("authlib"), "__version__", "?")
    return f"Authlib {version}, authlib.integrations.httpx_client on {library}"


def authlib_token(tokens: AuthTokens) -> dict[str, Any]:
    expires_at = tokens.expires_at.timestamp() if tokens.expires_at else None
    return {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "token_type": "Bearer",
        "expires_at": expires_at,
    }


async def user_tokens(base_url: str) -> AuthTokens:
    async with (
        httpx2.AsyncClient(base_url=base_url) as control,
        AsyncOAuthClient(*CLIENT, USER_SCOPES, base_url=base_url) as oauth,
    ):
        return await sign_in(oauth, control, new_email())


def sync_rows(base_url: str, oauth: OAuthClient, tokens: AuthTokens) -> list[Row]:
    bearer = {"Authorization": f"Bearer {tokens.access_token}"}
    rows = [
        Row(FIXED, httpx2.Client(base_url=base_url, headers=bearer)),
        Row(AUTH, httpx2.Client(base_url=base_url, auth=oauth.auth)),
    ]
    integration = optional_module("authlib.integrations.httpx_client")
    if integration is not None:
        client = integration.OAuth2Client(
            CLIENT[0], CLIENT[1], token=authlib_token(tokens), base_url=base_url
        )
        rows.append(Row(AUTHLIB, client, authlib_note()))
    return rows


def async_rows(
    base_url: str, oauth: AsyncOAuthClient, tokens: AuthTokens, transport: Callable[[], Any]
) -> list[Row]:
    bearer = {"Authorization": f"Bearer {tokens.access_token}"}
    rows = [
        Row(FIXED, httpx2.AsyncClient(base_url=base_url, headers=bearer, transport=transport())),
        Row(AUTH, httpx2.AsyncClient(base_url=base_url, auth=oauth.auth, transport=transport())),
    ]
    integration = optional_module("authlib.integrations.httpx_client")
    if integration is not None:
        token = authlib_token(tokens)
        client = integration.AsyncOAuth2Client(
            CLIENT[0], CLIENT[1], token=token, base_url=base_url, transport=transport()
        )
        rows.append(Row(AUTHLIB, client, authlib_note()))
    return rows


def sync_call(client: Any) -> SyncCall:
    def call() -> bool:
        return bool(client.get(USERINFO).status_code == 200)

    return call


def async_call(client: Any) -> Call:
    async def call() -> bool:
        return bool((await client.get(USERINFO)).status_code == 200)

    return call


def order(turn: int, rows: int) -> list[int]:
    """The rows' order in a round, reversed every other round against order effects."""
    return list(range(rows))[:: -1 if turn % 2 else 1]


def measure_sync(rows: list[Row], chunk: int, rounds: int) -> list[Measure]:
    """Per row, the CPU seconds of each round's chunk of `chunk` calls."""
    results = [Measure(row.name, chunk, note=row.note, statistic="median") for row in rows]
    runs = [sync_call(row.client) for row in rows]
    for call in runs:
        repeat(call, chunk * 2, NOT_OK)
    for turn in range(rounds):
        for index in order(turn, len(rows)):
            run = functools.partial(repeat, runs[index], chunk, NOT_OK)
            results[index].samples.append(cpu_of(run))
    return results


async def measure_async(rows: list[Row], chunk: int, inflight: int, rounds: int) -> list[Measure]:
    results = [Measure(row.name, chunk, note=row.note, statistic="median") for row in rows]
    runs = [async_call(row.client) for row in rows]
    for call in runs:
        await burst(call, chunk * 2, inflight, NOT_OK)
    for turn in range(rounds):
        for index in order(turn, len(rows)):

            async def run(call: Call = runs[index]) -> None:
                await burst(call, chunk, inflight, NOT_OK)

            results[index].samples.append(await async_cpu_of(run))
    return results


def paired_ratio(top: Measure, bottom: Measure) -> float:
    """The median of the rounds' ratios: load that drifts over seconds weighs on both."""
    return statistics.median(a / b for a, b in zip(top.samples, bottom.samples, strict=True))


def grouped(measure: Measure, groups: int = 6) -> Measure:
    """For the table: the chunks summed into `groups` runs (median of them kept)."""
    groups = max(1, min(groups, len(measure.samples)))
    size = len(measure.samples) // groups
    sums = [sum(measure.samples[i : i + size]) for i in range(0, size * groups, size)]
    return Measure(measure.name, measure.calls * size, sums, measure.note, "median")


async def async_section(
    base_url: str, tokens: AuthTokens, chunk: int, inflight: int, rounds: int
) -> list[tuple[str, list[Measure]]]:
    transports: list[tuple[str, Callable[[], Any]]] = [("httpx2's transport", lambda: None)]
    aiohttp_transport = optional_module("httpx_aiohttp.httpx2")
    if aiohttp_transport is not None:
        transports.append(("over aiohttp", aiohttp_transport.AiohttpTransport))
    tables = []
    async with AsyncOAuthClient(*CLIENT, USER_SCOPES, base_url=base_url) as oauth:
        await oauth.aset_tokens(tokens)
        for label, transport in transports:
            rows = async_rows(base_url, oauth, tokens, transport)
            try:
                tables.append((label, await measure_async(rows, chunk, inflight, rounds)))
            finally:
                for row in rows:
                    await row.client.aclose()
        if oauth.get_access_token() != tokens.access_token:
            raise BenchError("oauth.auth refreshed during the measure: the token was not live")
    return tables


def sync_section(base_url: str, tokens: AuthTokens, chunk: int, rounds: int) -> list[Measure]:
    with OAuthClient(*CLIENT, USER_SCOPES, base_url=base_url) as oauth:
        oauth.set_tokens(tokens)
        rows = sync_rows(base_url, oauth, tokens)
        try:
            measures = measure_sync(rows, chunk, rounds)
        finally:
            for row in rows:
                row.client.close()
        if oauth.get_access_token() != tokens.access_token:
            raise BenchError("oauth.auth refreshed during the measure: the token was not live")
    return measures


def report_table(bench: Bench, title: str, kind: str, measures: list[Measure]) -> None:
    by_name = {m.name: m for m in measures}
    shown = [grouped(m) for m in measures]
    print_cpu_table(title, shown, shown[0])
    ratio = paired_ratio(by_name[AUTH], by_name[FIXED])
    ok = ratio <= AUTH_TARGET
    print(
        f"  oauth.auth / fixed header, median of {len(by_name[AUTH].samples)} paired rounds: "
        f"{ratio:.3f}   target <= {AUTH_TARGET}  {verdict(ok)}"
    )
    if AUTHLIB in by_name:
        peer = paired_ratio(by_name[AUTHLIB], by_name[FIXED])
        print(f"  Authlib / fixed header, likewise: {peer:.3f}   (the peer; no target)")
    bench.report.cpu("userInfo, warmed", kind, shown)
    label = f"[warmed] oauth.auth / fixed header, {kind}"
    bench.report.target(label, f"{ratio:.3f}", f"<= {AUTH_TARGET}", ok)


def run(bench: Bench) -> None:
    options = bench.options
    tokens = asyncio.run(user_tokens(bench.base_url))
    rounds, inflight = options.auth_rounds, options.inflight
    sync = sync_section(bench.base_url, tokens, SYNC_CHUNK, rounds)
    async_chunk = ASYNC_CHUNK_PER_TASK * inflight
    tables = asyncio.run(async_section(bench.base_url, tokens, async_chunk, inflight, rounds))
    legacy = "httpx" in sys.modules
    print(
        f"\n(e) every API call: GET {USERINFO} with a live user token, oauth.auth against a fixed "
        "Authorization header on the same httpx2 client class, Authlib's OAuth2Client the peer; "
        f"warmed (one long-lived process), {rounds} rounds of interleaved chunks. httpx in this "
        "process: "
        + ("yes (the reference rows), so oauth.auth is an httpx.Auth too" if legacy else "no")
    )
    report_table(
        bench,
        f"  sync: one at a time, one kept-alive connection, chunks of {SYNC_CHUNK} calls",
        "sync",
        sync,
    )
    for label, measures in tables:
        report_table(
            bench,
            f"  async, {label}: {inflight} in flight, chunks of {async_chunk} calls",
            f"async {label}",
            measures,
        )
