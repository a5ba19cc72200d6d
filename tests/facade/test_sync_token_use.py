"""OAuthClient against the live mock over real HTTP, the tokens it holds: revoke_token,
get_access_token, set_tokens and is_token_expired, get_valid_access_token, oauth.auth with
httpx2.Client, and the client's own lifecycle.

`test_async_token_use.py` mirrors this file for AsyncOAuthClient.
"""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from contio import AuthTokens, MemoryTokenStore, MissingTokenError, OAuthClient
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    count,
    revoke_out_of_band,
    sign_in,
)
from tests.facade.flows_support import ADA, refresh_token_of, tokens_of

# -- revoke_token ---------------------------------------------------------------------------


def test_revoking_the_access_token_keeps_the_refresh_token(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    tokens = tokens_of(oauth)
    oauth.revoke_token(tokens.access_token)
    assert not oauth.introspect_token(tokens.access_token).active
    assert oauth.introspect_token(refresh_token_of(oauth)).active
    assert oauth.is_token_expired()  # spent: the next use refreshes
    assert tokens_of(oauth).refresh_token == tokens.refresh_token
    fresh = oauth.get_valid_access_token()
    assert fresh != tokens.access_token
    assert count(mock, REFRESHES) == 1
    assert oauth.get_user_info().email == ADA


def test_revoking_the_refresh_token_revokes_the_grant_and_forgets_the_tokens(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    tokens = tokens_of(oauth)
    oauth.revoke_token(refresh_token_of(oauth), "refresh_token")
    assert not oauth.introspect_token(refresh_token_of(tokens)).active
    assert not oauth.introspect_token(tokens.access_token).active
    assert oauth.tokens is None
    assert oauth.token_store.load() is None


def test_revoking_an_unknown_token_succeeds(oauth: OAuthClient, mock: ContioMock) -> None:
    oauth.revoke_token("cto_at_v1_not-a-token-the-mock-knows")  # RFC 7009 §2.2
    assert count(mock, "revokeOauthToken") == 1


# -- get_access_token, set_tokens, is_token_expired -----------------------------------------


def test_set_tokens_saves_them_and_a_new_client_on_the_store_starts_with_them(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    tokens = tokens_of(oauth)
    store = MemoryTokenStore()
    with OAuthClient(**mock.client_kwargs(token_store=store)) as restored:
        assert restored.get_access_token() is None
        restored.set_tokens(tokens.to_dict())  # what an app keeps between runs
        assert restored.tokens == tokens
        assert store.load() == tokens
    with OAuthClient(**mock.client_kwargs(token_store=store)) as later:
        assert later.tokens == tokens
        assert later.get_access_token() == tokens.access_token
        assert later.get_user_info().email == ADA  # the restored tokens are the real ones


def test_is_token_expired_follows_the_clock(oauth: OAuthClient, mock: ContioMock) -> None:
    assert oauth.is_token_expired()  # no tokens
    oauth.set_tokens(AuthTokens(access_token="cto_at_v1_no-expiry"))
    assert oauth.is_token_expired()  # unknown expiry
    sign_in(oauth, mock)
    assert not oauth.is_token_expired()
    mock.advance(ACCESS_TOKEN_LIFETIME - 60)  # inside the refresh margin: not yet expired
    assert not oauth.is_token_expired()
    mock.advance(60)
    assert oauth.is_token_expired()
    assert count(mock, REFRESHES) == 0  # a pure method


# -- get_valid_access_token -----------------------------------------------------------------


def test_valid_access_token_is_the_stored_one_while_fresh(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    assert oauth.get_valid_access_token() == oauth.get_access_token()
    mock.advance(ACCESS_TOKEN_LIFETIME - 90)  # outside the 60 s margin
    assert oauth.get_valid_access_token() == oauth.get_access_token()
    assert count(mock, REFRESHES) == 0


def test_valid_access_token_refreshes_within_the_margin(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = tokens_of(oauth)
    mock.advance(ACCESS_TOKEN_LIFETIME - 30)  # still valid at the server, inside the margin
    token = oauth.get_valid_access_token()
    assert token != old.access_token
    assert token == oauth.get_access_token()
    assert count(mock, REFRESHES) == 1
    assert oauth.get_valid_access_token() == token  # good for a day again: no second refresh
    assert count(mock, REFRESHES) == 1
    assert oauth.get_user_info(token).email == ADA


def test_missing_tokens_fail_before_any_request(oauth: OAuthClient, mock: ContioMock) -> None:
    with pytest.raises(MissingTokenError):
        oauth.refresh_access_token()
    with pytest.raises(MissingTokenError):
        oauth.get_user_info()
    with pytest.raises(MissingTokenError):
        oauth.get_valid_access_token()
    assert mock.stats() == {}


# -- oauth.auth with httpx2.Client -----------------------------------------------------------


def test_auth_adds_the_bearer_token_and_refreshes_before_expiry(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.get_access_token()
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        response = api.get("/oauth2/userInfo")
        assert response.status_code == 200
        assert response.json()["email"] == ADA
        assert response.request.headers["Authorization"] == f"Bearer {old}"
        assert count(mock, REFRESHES) == 0

        mock.advance(ACCESS_TOKEN_LIFETIME - 30)
        response = api.get("/oauth2/userInfo")
    assert response.status_code == 200
    new = oauth.get_access_token()
    assert new != old
    assert response.request.headers["Authorization"] == f"Bearer {new}"
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2  # refreshed before, not after a 401


def test_auth_refreshes_once_after_a_401_and_repeats_the_request(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.get_access_token()
    assert old is not None
    revoke_out_of_band(mock, old)  # the client still thinks it is good for a day
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        response = api.get("/oauth2/userInfo")
    assert response.status_code == 200
    assert response.json()["email"] == ADA
    new = oauth.get_access_token()
    assert new != old
    assert response.request.headers["Authorization"] == f"Bearer {new}"
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


def test_auth_does_not_loop_when_the_repeated_request_is_refused(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    mock.fault("getOauthUserInfo", status=401, count=5)
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        response = api.get("/oauth2/userInfo")
    assert response.status_code == 401  # handed to the app after one refresh and one repeat
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


def test_sync_auth_refuses_an_async_httpx_client(oauth: OAuthClient, mock: ContioMock) -> None:
    async def call() -> None:
        async with httpx2.AsyncClient(base_url=mock.base_url, auth=oauth.auth) as api:
            await api.get("/oauth2/userInfo")

    with pytest.raises(TypeError, match=r"httpx2\.Client"):
        asyncio.run(call())


# -- the client's own lifecycle -------------------------------------------------------------


def test_context_manager_closes_only_the_http_client_it_owns(mock: ContioMock) -> None:
    with OAuthClient(**mock.client_kwargs()) as owned:
        owned.get_available_scopes()
    assert owned._http.is_closed

    with httpx2.Client() as http:
        with OAuthClient(**mock.client_kwargs(http_client=http)) as borrowing:
            assert borrowing.get_partner_info().client_id == mock.client_id
        assert not http.is_closed  # the app's client is the app's to close
