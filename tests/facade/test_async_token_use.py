"""AsyncOAuthClient against the live mock over real HTTP, the tokens it holds: the mirror of
`test_sync_token_use.py` (revoke_token, get_access_token, set_tokens, is_token_expired,
get_valid_access_token, aoauth.auth with httpx2.AsyncClient, the client's own lifecycle).

Each test here is its sync twin with `await`; get_access_token, set_tokens and
is_token_expired are plain methods on the async client too.
"""

from __future__ import annotations

import httpx2
import pytest

from contio import AsyncOAuthClient, MemoryTokenStore, MissingTokenError
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    async_sign_in,
    count,
    revoke_out_of_band,
)
from tests.facade.flows_support import ADA, refresh_token_of, tokens_of

# -- revoke_token ---------------------------------------------------------------------------


async def test_revoking_the_access_token_keeps_the_refresh_token(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    tokens = tokens_of(aoauth)
    await aoauth.revoke_token(tokens.access_token)
    assert not (await aoauth.introspect_token(tokens.access_token)).active
    assert (await aoauth.introspect_token(refresh_token_of(aoauth))).active
    assert aoauth.is_token_expired()
    assert tokens_of(aoauth).refresh_token == tokens.refresh_token
    fresh = await aoauth.get_valid_access_token()
    assert fresh != tokens.access_token
    assert count(mock, REFRESHES) == 1
    assert (await aoauth.get_user_info()).email == ADA


async def test_revoking_the_refresh_token_revokes_the_grant_and_forgets_the_tokens(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    tokens = tokens_of(aoauth)
    await aoauth.revoke_token(refresh_token_of(aoauth), "refresh_token")
    assert not (await aoauth.introspect_token(refresh_token_of(tokens))).active
    assert not (await aoauth.introspect_token(tokens.access_token)).active
    assert aoauth.tokens is None
    assert aoauth.token_store.load() is None


async def test_revoking_an_unknown_token_succeeds(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await aoauth.revoke_token("cto_at_v1_not-a-token-the-mock-knows")
    assert count(mock, "revokeOauthToken") == 1


# -- get_access_token, set_tokens, is_token_expired -----------------------------------------


async def test_set_tokens_saves_them_and_a_new_client_on_the_store_starts_with_them(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    tokens = tokens_of(aoauth)
    store = MemoryTokenStore()
    async with AsyncOAuthClient(**mock.client_kwargs(token_store=store)) as restored:
        assert restored.get_access_token() is None
        restored.set_tokens(tokens)
        assert restored.tokens == tokens
        assert store.load() == tokens
    async with AsyncOAuthClient(**mock.client_kwargs(token_store=store)) as later:
        assert later.tokens == tokens
        assert later.get_access_token() == tokens.access_token
        assert (await later.get_user_info()).email == ADA


async def test_is_token_expired_follows_the_clock(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    assert aoauth.is_token_expired()
    aoauth.set_tokens({"access_token": "cto_at_v1_no-expiry"})
    assert aoauth.is_token_expired()
    await async_sign_in(aoauth, mock)
    assert not aoauth.is_token_expired()
    mock.advance(ACCESS_TOKEN_LIFETIME - 60)
    assert not aoauth.is_token_expired()
    mock.advance(60)
    assert aoauth.is_token_expired()
    assert count(mock, REFRESHES) == 0


# -- get_valid_access_token -----------------------------------------------------------------


async def test_valid_access_token_is_the_stored_one_while_fresh(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    assert await aoauth.get_valid_access_token() == aoauth.get_access_token()
    mock.advance(ACCESS_TOKEN_LIFETIME - 90)  # outside the 60 s margin
    assert await aoauth.get_valid_access_token() == aoauth.get_access_token()
    assert count(mock, REFRESHES) == 0


async def test_valid_access_token_refreshes_within_the_margin(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = tokens_of(aoauth)
    mock.advance(ACCESS_TOKEN_LIFETIME - 30)
    token = await aoauth.get_valid_access_token()
    assert token != old.access_token
    assert token == aoauth.get_access_token()
    assert count(mock, REFRESHES) == 1
    assert await aoauth.get_valid_access_token() == token
    assert count(mock, REFRESHES) == 1
    assert (await aoauth.get_user_info(token)).email == ADA


async def test_missing_tokens_fail_before_any_request(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    with pytest.raises(MissingTokenError):
        await aoauth.refresh_access_token()
    with pytest.raises(MissingTokenError):
        await aoauth.get_user_info()
    with pytest.raises(MissingTokenError):
        await aoauth.get_valid_access_token()
    assert mock.stats() == {}


# -- aoauth.auth with httpx2.AsyncClient -----------------------------------------------------


async def test_auth_adds_the_bearer_token_and_refreshes_before_expiry(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.get_access_token()
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        response = await api.get("/oauth2/userInfo")
        assert response.status_code == 200
        assert response.json()["email"] == ADA
        assert response.request.headers["Authorization"] == f"Bearer {old}"
        assert count(mock, REFRESHES) == 0

        mock.advance(ACCESS_TOKEN_LIFETIME - 30)
        response = await api.get("/oauth2/userInfo")
    assert response.status_code == 200
    new = aoauth.get_access_token()
    assert new != old
    assert response.request.headers["Authorization"] == f"Bearer {new}"
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


async def test_auth_refreshes_once_after_a_401_and_repeats_the_request(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.get_access_token()
    assert old is not None
    revoke_out_of_band(mock, old)
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        response = await api.get("/oauth2/userInfo")
    assert response.status_code == 200
    assert response.json()["email"] == ADA
    new = aoauth.get_access_token()
    assert new != old
    assert response.request.headers["Authorization"] == f"Bearer {new}"
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


async def test_auth_does_not_loop_when_the_repeated_request_is_refused(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    mock.fault("getOauthUserInfo", status=401, count=5)
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        response = await api.get("/oauth2/userInfo")
    assert response.status_code == 401
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


def test_async_auth_refuses_a_sync_httpx_client(aoauth: AsyncOAuthClient, mock: ContioMock) -> None:
    with (
        httpx2.Client(base_url=mock.base_url, auth=aoauth.auth) as api,
        pytest.raises(TypeError, match=r"httpx2\.AsyncClient"),
    ):
        api.get("/oauth2/userInfo")


# -- the client's own lifecycle -------------------------------------------------------------


async def test_context_manager_closes_only_the_http_client_it_owns(mock: ContioMock) -> None:
    async with AsyncOAuthClient(**mock.client_kwargs()) as owned:
        await owned.get_available_scopes()
    assert owned._http.is_closed

    async with httpx2.AsyncClient() as http:
        async with AsyncOAuthClient(**mock.client_kwargs(http_client=http)) as borrowing:
            assert (await borrowing.get_partner_info()).client_id == mock.client_id
        assert not http.is_closed
