"""Token sets with a part missing: tokens of unknown expiry are used as they are (a 401 still
refreshes once), and a refresh answer without an ID token keeps the grant's.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx2

from contio import AsyncOAuthClient, AuthTokens, OAuthClient
from contio.testing import ContioMock
from tests.facade.conftest import REFRESHES, count, revoke_out_of_band, sign_in
from tests.facade.robustness_support import ID_CLIENT

# -- 8. tokens of unknown expiry --------------------------------------------------------------


def test_tokens_of_unknown_expiry_are_used_as_they_are(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    oauth.set_tokens(AuthTokens(access_token="opaque-at-unknown", refresh_token="opaque-rt"))
    assert oauth.is_token_expired()  # nothing says they are good...
    assert oauth.get_valid_access_token() == "opaque-at-unknown"  # ...nor that they are not
    assert count(mock, REFRESHES) == 0
    assert mock.stats().get("exchangeOauthToken", 0) == 0


def test_unknown_expiry_a_401_through_auth_refreshes_once(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    signed = oauth.tokens
    assert signed is not None
    oauth.set_tokens(dataclasses.replace(signed, expires_at=None))
    assert oauth.is_token_expired()
    assert oauth.get_valid_access_token() == signed.access_token
    assert count(mock, REFRESHES) == 0

    revoke_out_of_band(mock, signed.access_token)
    with httpx2.Client(auth=oauth.auth) as api:
        response = api.get(f"{mock.base_url}/oauth2/userInfo")
    assert response.status_code == 200
    assert count(mock, REFRESHES) == 1
    new = oauth.tokens
    assert new is not None
    assert new.access_token != signed.access_token
    assert response.request.headers["authorization"] == f"Bearer {new.access_token}"
    assert new.expires_at is not None  # the refresh said when these expire


async def test_async_tokens_of_unknown_expiry_are_used_as_they_are(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    aoauth.set_tokens(AuthTokens(access_token="opaque-at-unknown", refresh_token="opaque-rt"))
    assert aoauth.is_token_expired()
    assert await aoauth.get_valid_access_token() == "opaque-at-unknown"
    assert count(mock, REFRESHES) == 0


# -- 9. a refresh without an ID token keeps the grant's ---------------------------------------


class TokenServer:
    """A token endpoint that answers refreshes from a script of ID tokens (None: none)."""

    def __init__(self, id_tokens: list[str | None]) -> None:
        self.id_tokens = id_tokens
        self.refreshes = 0

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        assert request.url.path == "/oauth2/token"
        form = dict(parse_qsl(request.content.decode()))
        assert form["grant_type"] == "refresh_token"
        self.refreshes += 1
        body: dict[str, Any] = {
            "access_token": f"at-{self.refreshes}",
            "refresh_token": f"rt-{self.refreshes}",
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        id_token = self.id_tokens[self.refreshes - 1]
        if id_token is not None:
            body["id_token"] = id_token
        return httpx2.Response(200, content=json.dumps(body).encode())


ORIGINAL_ID = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcmlnaW5hbCJ9.c2lnLW9yaWdpbmFs"
NEW_ID = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJuZXcifQ.c2lnLW5ldw"


def signed_in_tokens() -> AuthTokens:
    return AuthTokens(
        access_token="at-0",
        refresh_token="rt-0",
        id_token=ORIGINAL_ID,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
        scope=("openid", "profile"),
    )


def test_a_refresh_without_an_id_token_keeps_the_grants() -> None:
    server = TokenServer([None, None, NEW_ID, None])
    http = httpx2.Client(transport=httpx2.MockTransport(server))
    with OAuthClient(*ID_CLIENT, base_url="https://contio.test", http_client=http) as oauth:
        oauth.set_tokens(signed_in_tokens())
        first = oauth.refresh_access_token()
        assert (first.access_token, first.id_token) == ("at-1", ORIGINAL_ID)
        # The stored refresh token given back explicitly: the same grant, the same ID token.
        second = oauth.refresh_access_token("rt-1")
        assert (second.access_token, second.id_token) == ("at-2", ORIGINAL_ID)
        third = oauth.refresh_access_token()
        assert (third.access_token, third.id_token) == ("at-3", NEW_ID)  # replaced
        fourth = oauth.refresh_access_token()
        assert (fourth.access_token, fourth.id_token) == ("at-4", NEW_ID)
        assert oauth.tokens == fourth
        assert server.refreshes == 4


async def test_async_a_refresh_without_an_id_token_keeps_the_grants() -> None:
    server = TokenServer([None, NEW_ID])
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
    async with AsyncOAuthClient(
        *ID_CLIENT, base_url="https://contio.test", http_client=http
    ) as aoauth:
        aoauth.set_tokens(signed_in_tokens())
        first = await aoauth.refresh_access_token()
        assert (first.access_token, first.id_token) == ("at-1", ORIGINAL_ID)
        second = await aoauth.refresh_access_token()
        assert (second.access_token, second.id_token) == ("at-2", NEW_ID)
    await http.aclose()
