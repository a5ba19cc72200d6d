"""Races between a refresh on the wire and the app changing the tokens, and refresh failures
that must not outlive their attempt. Against the live mock, whose faults slow or fail the
token endpoint.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from contio import (
    AsyncOAuthClient,
    AuthTokens,
    BadRequestError,
    FileTokenStore,
    MemoryTokenStore,
    OAuthClient,
    TokensChangedError,
)
from contio.stores import TokenStore
from contio.testing import ContioMock
from tests.facade.conftest import ACCESS_TOKEN_LIFETIME, REFRESHES, count, resolve

SLOW_MS = 800
OTHER = AuthTokens.from_dict(
    {
        "access_token": "cto_at_v1_OtherUsersAccessToken0123456789",
        "refresh_token": "cto_rt_v1_OtherUsersRefreshToken0123456789",
        "expires_at": "2099-01-01T00:00:00+00:00",
    }
)


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> TokenStore:
    if request.param == "memory":
        return MemoryTokenStore()
    return FileTokenStore(tmp_path / "tokens.json")


def expire(mock: ContioMock) -> None:
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)


# -- sign-out and sign-in while a refresh is on the wire -------------------------------------


@pytest.mark.parametrize("change", ["clear", "set"])
def test_a_sync_refresh_never_writes_over_a_sign_out_or_sign_in(
    mock: ContioMock, store: TokenStore, change: str
) -> None:
    with OAuthClient(**mock.client_kwargs(token_store=store)) as oauth:
        mock.sign_in(oauth)
        expire(mock)
        mock.fault("exchangeOauthToken", status=None, delay_ms=SLOW_MS)
        outcome: list[BaseException | str] = []

        def refresh() -> None:
            try:
                outcome.append(oauth.get_valid_access_token())
            except Exception as exc:
                outcome.append(exc)

        worker = threading.Thread(target=refresh)
        worker.start()
        assert wait_for_refresh(mock)
        if change == "clear":
            oauth.clear_tokens()  # the user signs out
        else:
            oauth.set_tokens(OTHER)  # another user signs in
        worker.join(timeout=30)
        expected = None if change == "clear" else OTHER
        assert oauth.tokens == expected
        assert store.load() == expected
        assert count(mock, REFRESHES) == 1
        # The caller of the refresh gets a clear answer, not the old user's token.
        assert isinstance(outcome[0], TokensChangedError)
        if change == "set":
            assert oauth.get_valid_access_token() == OTHER.access_token


@pytest.mark.parametrize("change", ["clear", "set", "aclear", "aset"])
async def test_an_async_refresh_never_writes_over_a_sign_out_or_sign_in(
    mock: ContioMock, store: TokenStore, change: str
) -> None:
    async with AsyncOAuthClient(**mock.client_kwargs(token_store=store)) as oauth:
        await mock.async_sign_in(oauth)
        expire(mock)
        mock.fault("exchangeOauthToken", status=None, delay_ms=SLOW_MS)
        refresh = asyncio.ensure_future(oauth.get_valid_access_token())
        assert await asyncio.to_thread(wait_for_refresh, mock)
        if change == "clear":
            oauth.clear_tokens()  # plain, as the TypeScript SDK's; never raises for a file
        elif change == "set":
            oauth.set_tokens(OTHER)
        elif change == "aclear":
            await oauth.aclear_tokens()
        else:
            await oauth.aset_tokens(OTHER)
        with pytest.raises(TokensChangedError):
            await refresh
        expected = None if change.endswith("clear") else OTHER
        await oauth.load_tokens()  # waits for the store's write behind a plain method
        assert oauth.tokens == expected
        assert store.load() == expected
        assert count(mock, REFRESHES) == 1


def wait_for_refresh(mock: ContioMock, limit: float = 10.0) -> bool:
    """Until the mock has the refresh request in hand: it counts the operation on arrival,
    then sleeps on it (the fault's delay); the sign-in's code exchange was the first."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if count(mock, "exchangeOauthToken") >= 2:
            return True
        time.sleep(0.01)
    return False


# -- refresh failures ---------------------------------------------------------------------------


async def test_a_refresh_refused_once_with_a_400_that_is_not_invalid_grant_is_tried_again(
    make_client: Any, mock: ContioMock
) -> None:
    client = make_client()
    if isinstance(client, AsyncOAuthClient):
        await mock.async_sign_in(client)
    else:
        mock.sign_in(client)
    expire(mock)
    mock.fault("exchangeOauthToken", status=400)  # a proxy's page, a transient refusal
    with pytest.raises(BadRequestError) as refused:
        await resolve(client.get_valid_access_token())
    assert refused.value.code != "invalid_grant"
    token = await resolve(client.get_valid_access_token())  # the next call tries again
    assert token == client.get_access_token()
    # The sign-in's exchange, the refused refresh (answered by the fault before the mock
    # read its grant), and the refresh that worked.
    assert count(mock, "exchangeOauthToken") == 3
    assert count(mock, REFRESHES) == 1


async def test_invalid_grant_marks_the_refresh_token_dead(
    make_client: Any, mock: ContioMock
) -> None:
    client = make_client()
    if isinstance(client, AsyncOAuthClient):
        await mock.async_sign_in(client)
    else:
        mock.sign_in(client)
    tokens = client.tokens
    assert tokens is not None
    assert tokens.refresh_token is not None
    mock.http.post(  # the grant ends at the server (revoked elsewhere)
        "/oauth2/revoke",
        data={"token": tokens.refresh_token, "token_type_hint": "refresh_token"},
        auth=(mock.client_id, mock.client_secret),
    ).raise_for_status()
    expire(mock)
    for _ in range(3):
        with pytest.raises(BadRequestError) as refused:
            await resolve(client.get_valid_access_token())
        assert refused.value.code == "invalid_grant"
    assert count(mock, REFRESHES) == 1  # refused for good: never sent again


def test_threads_waiting_on_a_failed_refresh_share_its_error_once(mock: ContioMock) -> None:
    with OAuthClient(**mock.client_kwargs()) as oauth:
        mock.sign_in(oauth)
        expire(mock)
        mock.fault("exchangeOauthToken", status=400, delay_ms=300)
        barrier = threading.Barrier(5)
        errors: list[BaseException] = []

        def caller() -> None:
            barrier.wait(timeout=10)
            try:
                oauth.get_valid_access_token()
            except BadRequestError as exc:
                errors.append(exc)

        threads = [threading.Thread(target=caller) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(errors) == 5
        assert count(mock, "exchangeOauthToken") == 2  # one attempt answered all five
        assert oauth.get_valid_access_token()  # and the next call refreshes
        assert count(mock, "exchangeOauthToken") == 3
        assert count(mock, REFRESHES) == 1
