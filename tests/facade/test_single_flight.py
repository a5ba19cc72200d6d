"""Single-flight refresh: callers that need a refresh at the same moment cause one refresh.

With rotating refresh tokens a second refresh with the same refresh token would be taken for
theft and revoke the whole grant, so this is correctness, not speed. The mock counts refresh
requests under `exchangeOauthToken:refresh_token` in `/_mock/stats`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import httpx2
import pytest

from contio import AsyncOAuthClient, ContioAPIError, OAuthClient
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    async_sign_in,
    count,
    is_active,
    revoke_out_of_band,
    sign_in,
)

T = TypeVar("T")
THREADS = 50
TASKS = 200


def all_at_once(work: Callable[[], T], n: int) -> list[T]:
    """Run `work` in `n` threads released together by a barrier; every result, in order.

    An exception in any thread is re-raised here."""
    barrier = threading.Barrier(n)

    def run() -> T:
        barrier.wait(timeout=30)
        return work()

    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(run) for _ in range(n)]
        return [future.result(timeout=60) for future in futures]


def test_50_threads_needing_a_refresh_cause_one_refresh(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.get_access_token()
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)  # expired at the mock and for the client
    tokens = all_at_once(oauth.get_valid_access_token, THREADS)
    assert count(mock, REFRESHES) == 1
    new = oauth.get_access_token()
    assert new is not None
    assert new != old
    assert tokens == [new] * THREADS
    assert is_active(mock, new)  # not revoked by a second refresh with a rotated token


async def test_200_tasks_needing_a_refresh_cause_one_refresh(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.get_access_token()
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    tokens = await asyncio.gather(*(aoauth.get_valid_access_token() for _ in range(TASKS)))
    assert count(mock, REFRESHES) == 1
    new = aoauth.get_access_token()
    assert new is not None
    assert new != old
    assert tokens == [new] * TASKS
    assert is_active(mock, new)


def test_concurrent_refresh_access_token_calls_cause_one_refresh(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.tokens
    # Hold the refresh at the mock a little, so that every caller asks while it is in flight
    # (a call made after a refresh finished is a new refresh, as it should be).
    mock.fault("exchangeOauthToken", status=None, delay_ms=500)
    results = all_at_once(oauth.refresh_access_token, 20)
    assert count(mock, REFRESHES) == 1
    assert oauth.tokens is not None
    assert oauth.tokens != old
    assert results == [oauth.tokens] * 20


async def test_concurrent_async_refresh_access_token_calls_cause_one_refresh(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.tokens
    results = await asyncio.gather(*(aoauth.refresh_access_token() for _ in range(TASKS)))
    assert count(mock, REFRESHES) == 1
    assert aoauth.tokens is not None
    assert aoauth.tokens != old
    assert results == [aoauth.tokens] * TASKS


def test_threads_rejected_with_401_through_auth_cause_one_refresh(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.get_access_token()
    assert old is not None
    revoke_out_of_band(mock, old)
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        responses = all_at_once(lambda: api.get("/oauth2/userInfo"), 20)
    assert [response.status_code for response in responses] == [200] * 20
    assert count(mock, REFRESHES) == 1
    new = oauth.get_access_token()
    assert {response.request.headers["Authorization"] for response in responses} == {
        f"Bearer {new}"
    }


async def test_tasks_rejected_with_401_through_auth_cause_one_refresh(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.get_access_token()
    assert old is not None
    revoke_out_of_band(mock, old)
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        responses = await asyncio.gather(*(api.get("/oauth2/userInfo") for _ in range(50)))
    assert [response.status_code for response in responses] == [200] * 50
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 100  # each request once, then once again


def test_a_refused_refresh_is_shared_not_repeated(oauth: OAuthClient, mock: ContioMock) -> None:
    """Waiters get the first caller's invalid_grant: one request, not one per thread."""
    sign_in(oauth, mock)
    tokens = oauth.tokens
    assert tokens is not None
    assert tokens.refresh_token is not None
    revoke_out_of_band(mock, tokens.refresh_token, "refresh_token")
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)

    def attempt() -> str:
        try:
            oauth.get_valid_access_token()
        except ContioAPIError as exc:
            return exc.code or ""
        return "refreshed"

    codes = all_at_once(attempt, THREADS)

    assert codes == ["invalid_grant"] * THREADS
    assert count(mock, REFRESHES) == 1


async def test_a_refused_refresh_is_shared_between_tasks(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    tokens = aoauth.tokens
    assert tokens is not None
    assert tokens.refresh_token is not None
    revoke_out_of_band(mock, tokens.refresh_token, "refresh_token")
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)

    results = await asyncio.gather(
        *(aoauth.get_valid_access_token() for _ in range(TASKS)), return_exceptions=True
    )

    assert all(isinstance(r, ContioAPIError) and r.code == "invalid_grant" for r in results)
    assert count(mock, REFRESHES) == 1


def test_a_transient_refresh_failure_is_not_remembered(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.get_access_token()
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    mock.fault("exchangeOauthToken", status=503, count=1)
    before = count(mock, "exchangeOauthToken")

    with pytest.raises(ContioAPIError) as failure:
        oauth.get_valid_access_token()
    assert failure.value.status_code == 503

    new = oauth.get_valid_access_token()  # tried again: a 503 says nothing of the token
    assert new != old
    assert count(mock, "exchangeOauthToken") == before + 2
