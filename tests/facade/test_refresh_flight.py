"""The single-flight refresh holds: the async refresh survives the cancellation of the caller
that started it, an explicit refresh_access_token(stored refresh token) joins the single flight,
a refresh beside a revoke returns usable tokens, and a client closed while callers wait for its
lock says so.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx2
import pytest

from contio import AsyncOAuthClient, AuthTokens, ContioError, OAuthClient
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    async_sign_in,
    count,
    is_active,
    sign_in,
)
from tests.facade.robustness_support import ID_CLIENT, all_at_once

# -- 2. a cancelled caller does not abandon the refresh ---------------------------------------


async def test_a_caller_cancelled_mid_refresh_does_not_abandon_it(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.tokens
    assert old is not None
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    mock.fault("exchangeOauthToken", status=None, delay_ms=500)
    token_requests = count(mock, "exchangeOauthToken")

    task_a = asyncio.ensure_future(aoauth.get_valid_access_token())
    await asyncio.sleep(0.1)  # A's refresh is at the mock, held by the delay
    assert not task_a.done()
    task_a.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task_a

    # B waits for the refresh A started, rather than sending one of its own. (The mock
    # drops a request whose client hung up, so A's request abandoned mid-flight would be
    # counted at the operation but never as a refresh grant: count both.)
    token_b = await aoauth.get_valid_access_token()
    assert count(mock, "exchangeOauthToken") == token_requests + 1  # one request, A's
    assert count(mock, REFRESHES) == 1  # and it went through
    new = aoauth.tokens
    assert new is not None
    assert token_b == new.access_token != old.access_token
    assert new.refresh_token not in (None, old.refresh_token)
    assert is_active(mock, token_b)


class RotatingServer:
    """A token endpoint that rotates the refresh token as soon as a refresh arrives and
    answers half a second later: a caller that hangs up meanwhile loses the only good
    refresh token unless the refresh goes on without it."""

    def __init__(self) -> None:
        self.current = "rt-0"
        self.requests = 0

    async def __call__(self, request: httpx2.Request) -> httpx2.Response:
        form = dict(parse_qsl(request.content.decode()))
        self.requests += 1
        if form.get("refresh_token") != self.current:
            error = {"error": "invalid_grant", "error_description": "refresh token reused"}
            return httpx2.Response(400, json=error)
        number = self.requests
        self.current = f"rt-{number}"  # done at the server: only the answer is slow
        await asyncio.sleep(0.5)
        body = {
            "access_token": f"at-{number}",
            "refresh_token": f"rt-{number}",
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        return httpx2.Response(200, json=body)


async def test_a_cancelled_caller_does_not_lose_a_refresh_the_server_has_done() -> None:
    server = RotatingServer()
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
    async with (
        http,
        AsyncOAuthClient(*ID_CLIENT, base_url="https://contio.test", http_client=http) as aoauth,
    ):
        expired = datetime.now(UTC) - timedelta(minutes=1)
        aoauth.set_tokens(AuthTokens(access_token="at-0", refresh_token="rt-0", expires_at=expired))

        task_a = asyncio.ensure_future(aoauth.get_valid_access_token())
        await asyncio.sleep(0.1)  # the server has rotated; its answer is on the way
        assert server.current == "rt-1"
        task_a.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task_a

        assert await aoauth.get_valid_access_token() == "at-1"
        assert server.requests == 1
        tokens = aoauth.tokens
        assert tokens is not None
        assert (tokens.access_token, tokens.refresh_token) == ("at-1", "rt-1")


# -- 3. an explicit refresh with the stored token joins the single flight ---------------------


def expire_behind_a_slow_refresh(mock: ContioMock, old: AuthTokens | None, delay_ms: int) -> str:
    """Move the mock past the access token's expiry and hold its next refresh `delay_ms`, so
    that every caller asks while it is in flight; the stored refresh token."""
    assert old is not None
    assert old.refresh_token is not None
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    mock.fault("exchangeOauthToken", status=None, delay_ms=delay_ms)
    return old.refresh_token


def one_refresh_made(mock: ContioMock, held: AuthTokens | None, old: AuthTokens) -> AuthTokens:
    """The mock saw exactly one refresh, whose new tokens the client holds."""
    assert count(mock, REFRESHES) == 1
    assert held is not None
    assert held.access_token != old.access_token
    return held


def test_explicit_refreshes_with_the_stored_token_join_automatic_ones(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.tokens
    stored_refresh = expire_behind_a_slow_refresh(mock, old, delay_ms=500)

    explicit: list[Callable[[], Any]] = [
        lambda: oauth.refresh_access_token(stored_refresh) for _ in range(20)
    ]
    automatic: list[Callable[[], Any]] = [oauth.get_valid_access_token for _ in range(20)]
    results = all_at_once(explicit + automatic)

    assert old is not None
    new = one_refresh_made(mock, oauth.tokens, old)
    assert results[:20] == [new] * 20
    assert results[20:] == [new.access_token] * 20
    assert is_active(mock, new.access_token)


async def test_async_explicit_refreshes_with_the_stored_token_join_automatic_ones(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.tokens
    stored_refresh = expire_behind_a_slow_refresh(mock, old, delay_ms=300)

    explicit = [aoauth.refresh_access_token(stored_refresh) for _ in range(20)]
    automatic = [aoauth.get_valid_access_token() for _ in range(20)]
    tokens = await asyncio.gather(*explicit)
    access = await asyncio.gather(*automatic)

    assert old is not None
    new = one_refresh_made(mock, aoauth.tokens, old)
    assert tokens == [new] * 20
    assert access == [new.access_token] * 20
    assert is_active(mock, new.access_token)


async def test_async_explicit_and_automatic_refreshes_interleaved(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.tokens
    stored_refresh = expire_behind_a_slow_refresh(mock, old, delay_ms=300)

    calls: list[Awaitable[Any]] = []
    for _ in range(20):
        calls.append(aoauth.get_valid_access_token())
        calls.append(aoauth.refresh_access_token(stored_refresh))
    results = await asyncio.gather(*calls)

    assert count(mock, REFRESHES) == 1
    new = aoauth.tokens
    assert new is not None
    assert results == [new.access_token, new] * 20


async def test_a_refresh_beside_a_revoke_returns_usable_tokens(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    """A revoke marks the stored access token spent: a refresh queued behind it must not
    take that as 'someone refreshed already' and answer with the revoked token."""
    await async_sign_in(aoauth, mock)
    tokens = aoauth.tokens
    assert tokens is not None
    _, refreshed = await asyncio.gather(
        aoauth.revoke_token(tokens.access_token), aoauth.refresh_access_token()
    )
    assert refreshed.access_token != tokens.access_token
    assert (await aoauth.introspect_token(refreshed.access_token)).active


async def test_a_client_closed_while_callers_wait_for_its_lock_says_so(
    mock: ContioMock,
) -> None:
    client = AsyncOAuthClient(**mock.client_kwargs())
    await async_sign_in(client, mock)
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    mock.fault("exchangeOauthToken", status=None, delay_ms=300, count=1)
    first = asyncio.ensure_future(client.get_valid_access_token())
    queued = asyncio.ensure_future(client.get_valid_access_token())
    await asyncio.sleep(0.1)  # the first holds the lock, the second waits for it
    await client.aclose()
    results = await asyncio.gather(first, queued, return_exceptions=True)
    assert all(isinstance(r, (str, ContioError)) for r in results), results
