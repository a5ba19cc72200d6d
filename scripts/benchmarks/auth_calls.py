"""(e) What users feel on every API call: `oauth.auth` on a cheap Bearer endpoint.

GET /oauth2/userInfo of the mock with a live user access token (a sign-in on the mock, so no
refresh is due), the same calls from three clients of the same httpx2 client class:
  fixed header  `httpx2.Client(headers={"Authorization": "Bearer …"})`: no token logic at all;
  oauth.auth    `httpx2.Client(auth=oauth.auth)`: contio checks the expiry, sets the header;
  Authlib       `OAuth2Client(token=…)`, Authlib's peer (its httpx integration, which runs on
                httpx2 when httpx2 is installed: the row's note says which library it used).
Sync one at a time; async 16 in flight, over httpx2's own transport and over httpx-aiohttp's.
One long-lived process, best of several interleaved runs after a warm-up; process CPU time.
Target (issue 11): oauth.auth / fixed header <= 1.05, sync and async.
"""

from __future__ import annotations

import asyncio
import functools
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
from .warmed_async import warmup_calls

AUTH_TARGET = 1.05  # oauth.auth per call / a fixed Authorization header (issue 11)
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


def measure_sync(rows: list[Row], calls: int, repeats: int) -> list[Measure]:
    results = [Measure(row.name, calls, note=row.note) for row in rows]
    runs = [sync_call(row.client) for row in rows]
    for call in runs:
        repeat(call, calls // 5, NOT_OK)
    for turn in range(repeats):
        order = list(range(len(rows)))[:: -1 if turn % 2 else 1]
        for index in order:
            results[index].samples.append(
                cpu_of(functools.partial(repeat, runs[index], calls, NOT_OK))
            )
    return results


async def measure_async(rows: list[Row], calls: int, inflight: int, repeats: int) -> list[Measure]:
    results = [Measure(row.name, calls, note=row.note) for row in rows]
    runs = [async_call(row.client) for row in rows]
    for call in runs:
        await burst(call, warmup_calls(calls, inflight), inflight, NOT_OK)
    for turn in range(repeats):
        order = list(range(len(rows)))[:: -1 if turn % 2 else 1]
        for index in order:

            async def run(call: Call = runs[index]) -> None:
                await burst(call, calls, inflight, NOT_OK)

            results[index].samples.append(await async_cpu_of(run))
    return results


async def async_section(
    base_url: str, tokens: AuthTokens, calls: int, inflight: int, repeats: int
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
                tables.append((label, await measure_async(rows, calls, inflight, repeats)))
            finally:
                for row in rows:
                    await row.client.aclose()
        if oauth.get_access_token() != tokens.access_token:
            raise BenchError("oauth.auth refreshed during the measure: the token was not live")
    return tables


def sync_section(base_url: str, tokens: AuthTokens, calls: int, repeats: int) -> list[Measure]:
    with OAuthClient(*CLIENT, USER_SCOPES, base_url=base_url) as oauth:
        oauth.set_tokens(tokens)
        rows = sync_rows(base_url, oauth, tokens)
        try:
            measures = measure_sync(rows, calls, repeats)
        finally:
            for row in rows:
                row.client.close()
        if oauth.get_access_token() != tokens.access_token:
            raise BenchError("oauth.auth refreshed during the measure: the token was not live")
    return measures


def report_table(bench: Bench, title: str, kind: str, measures: list[Measure]) -> None:
    by_name = {m.name: m for m in measures}
    print_cpu_table(title, measures, by_name[FIXED])
    ratio = by_name[AUTH].per_call_ms / by_name[FIXED].per_call_ms
    ok = ratio <= AUTH_TARGET
    print(f"  oauth.auth / fixed header: {ratio:.2f}   target <= {AUTH_TARGET}  {verdict(ok)}")
    if AUTHLIB in by_name:
        peer = by_name[AUTHLIB].per_call_ms / by_name[FIXED].per_call_ms
        print(f"  Authlib / fixed header: {peer:.2f}   (the peer; no target)")
    bench.report.cpu("userInfo, warmed", kind, measures)
    label = f"[warmed] oauth.auth / fixed header, {kind}"
    bench.report.target(label, f"{ratio:.2f}", f"<= {AUTH_TARGET}", ok)


def run(bench: Bench) -> None:
    options = bench.options
    tokens = asyncio.run(user_tokens(bench.base_url))
    sync = sync_section(bench.base_url, tokens, options.sync_calls, options.auth_repeats)
    tables = asyncio.run(
        async_section(
            bench.base_url, tokens, options.async_calls, options.inflight, options.auth_repeats
        )
    )
    legacy = "httpx" in sys.modules
    print(
        f"\n(e) every API call: GET {USERINFO} with a live user token, oauth.auth against a fixed "
        "Authorization header on the same httpx2 client class, Authlib's OAuth2Client the peer; "
        f"warmed (one long-lived process), best of {options.auth_repeats} runs. httpx in this "
        "process: "
        + ("yes (the reference rows), so oauth.auth is an httpx.Auth too" if legacy else "no")
    )
    report_table(
        bench,
        f"  sync: one at a time, one kept-alive connection, {options.sync_calls} calls a run",
        "sync",
        sync,
    )
    for label, measures in tables:
        report_table(
            bench,
            f"  async, {label}: {options.inflight} in flight, {options.async_calls} calls a run",
            f"async {label}",
            measures,
        )
