"""An app's own http_client: one whose response hook raises for the status has the error judged
as the response it carries (a 400 is a BadRequestError, not a connection failure, not retried);
one that carries oauth.auth and is also the client's own sends Basic on token calls, and a
proactive refresh through it does not recurse or deadlock.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import pytest

from contio import (
    AsyncOAuthClient,
    AuthenticationError,
    BadRequestError,
    ContioConnectionError,
    OAuthClient,
)
from contio.testing import ContioMock
from tests.facade.conftest import ACCESS_TOKEN_LIFETIME, REFRESHES, async_sign_in, count, sign_in
from tests.facade.robustness_support import JOIN, run_in_thread

# -- 4. an app's raise_for_status response hook ----------------------------------------------


def raise_for_status(response: httpx2.Response) -> None:
    response.raise_for_status()


def read_then_raise_for_status(response: httpx2.Response) -> None:
    response.read()
    response.raise_for_status()


async def async_raise_for_status(response: httpx2.Response) -> None:
    response.raise_for_status()


async def async_read_then_raise_for_status(response: httpx2.Response) -> None:
    await response.aread()
    response.raise_for_status()


SYNC_HOOKS = {"raise_for_status": raise_for_status, "read_first": read_then_raise_for_status}
ASYNC_HOOKS = {
    "raise_for_status": async_raise_for_status,
    "read_first": async_read_then_raise_for_status,
}


@pytest.mark.parametrize("hook", sorted(SYNC_HOOKS))
def test_a_raise_for_status_hook_error_is_judged_as_its_response(
    mock: ContioMock, hook: str
) -> None:
    http = httpx2.Client(event_hooks={"response": [SYNC_HOOKS[hook]]})
    with http, OAuthClient(**mock.client_kwargs(http_client=http)) as oauth:
        with pytest.raises(BadRequestError) as bad:
            oauth.refresh_access_token("cto_rt_v1_NeverIssuedRefreshTokenValue0123456789")
        # A hook that raises before reading leaves no body (httpx closes the response): the
        # error is judged by its status and keeps its request id; one that reads first
        # keeps the code too.
        assert bad.value.code == ("invalid_grant" if hook == "read_first" else None)
        assert bad.value.request_id is not None
        assert bad.value.status_code == 400
        assert not isinstance(bad.value, ContioConnectionError)
        assert count(mock, REFRESHES) == 1

        # An idempotent call, which a connection failure would have retried.
        with pytest.raises(AuthenticationError) as unauthorized:
            oauth.get_user_info("cto_at_v1_NeverIssuedAccessTokenValue0123456789")
        assert unauthorized.value.status_code == 401
        assert count(mock, "getOauthUserInfo") == 1

        assert oauth.get_partner_info().name  # a normal call still succeeds
        sign_in(oauth, mock)
        assert oauth.get_user_info().email == "ada@example.com"


def async_http_client(transport: str, **options: Any) -> httpx2.AsyncClient:
    """An app's async HTTP client on the transport of this test run."""
    if transport == "aiohttp":
        from httpx_aiohttp.httpx2 import Httpx2AiohttpClient

        return Httpx2AiohttpClient(**options)
    return httpx2.AsyncClient(**options)


@pytest.mark.parametrize("hook", sorted(ASYNC_HOOKS))
async def test_async_a_raise_for_status_hook_error_is_judged_as_its_response(
    mock: ContioMock, async_transport: str, hook: str
) -> None:
    http = async_http_client(async_transport, event_hooks={"response": [ASYNC_HOOKS[hook]]})
    async with http, AsyncOAuthClient(**mock.client_kwargs(http_client=http)) as aoauth:
        with pytest.raises(BadRequestError) as bad:
            await aoauth.refresh_access_token("cto_rt_v1_NeverIssuedRefreshTokenValue0123456789")
        assert bad.value.code == ("invalid_grant" if hook == "read_first" else None)
        assert bad.value.request_id is not None
        assert bad.value.status_code == 400
        assert count(mock, REFRESHES) == 1

        with pytest.raises(AuthenticationError):
            await aoauth.get_user_info("cto_at_v1_NeverIssuedAccessTokenValue0123456789")
        assert count(mock, "getOauthUserInfo") == 1

        assert (await aoauth.get_partner_info()).name
        await async_sign_in(aoauth, mock)
        assert (await aoauth.get_user_info()).email == "ada@example.com"


# -- 5. an http_client carrying oauth.auth, shared with the client ----------------------------


def test_an_http_client_carrying_oauth_auth_can_be_the_clients_own(mock: ContioMock) -> None:
    sent: list[tuple[str, str, str]] = []

    def record(request: httpx2.Request) -> None:
        sent.append((request.method, request.url.path, request.headers.get("authorization", "")))

    http = httpx2.Client(event_hooks={"request": [record]})
    with http, OAuthClient(**mock.client_kwargs(http_client=http)) as oauth:
        http.auth = oauth.auth
        run_in_thread(lambda: sign_in(oauth, mock), "sign-in through the shared client")
        old = oauth.tokens
        assert old is not None
        token_calls = [auth for method, path, auth in sent if path == "/oauth2/token"]
        assert len(token_calls) == 1
        assert all(auth.startswith("Basic ") for auth in token_calls)

        mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        sent.clear()
        url = f"{mock.base_url}/oauth2/userInfo"
        response = run_in_thread(lambda: http.get(url), "a proactive refresh through oauth.auth")
        assert response.status_code == 200
        assert response.json()["email"] == "ada@example.com"
        assert count(mock, REFRESHES) == 1
        new = oauth.tokens
        assert new is not None
        assert new.access_token != old.access_token
        # The refresh went out with the client's Basic credentials, the call with the new token.
        assert [(method, path) for method, path, _ in sent] == [
            ("POST", "/oauth2/token"),
            ("GET", "/oauth2/userInfo"),
        ]
        assert sent[0][2].startswith("Basic ")
        assert sent[1][2] == f"Bearer {new.access_token}"


async def test_async_an_http_client_carrying_oauth_auth_can_be_the_clients_own(
    mock: ContioMock, async_transport: str
) -> None:
    sent: list[tuple[str, str]] = []

    async def record(request: httpx2.Request) -> None:
        sent.append((request.url.path, request.headers.get("authorization", "")))

    http = async_http_client(async_transport, event_hooks={"request": [record]})
    async with http, AsyncOAuthClient(**mock.client_kwargs(http_client=http)) as aoauth:
        http.auth = aoauth.auth
        await asyncio.wait_for(async_sign_in(aoauth, mock), JOIN)
        assert next(auth for path, auth in sent if path == "/oauth2/token").startswith("Basic ")
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        sent.clear()
        response = await asyncio.wait_for(http.get(f"{mock.base_url}/oauth2/userInfo"), JOIN)
        assert response.status_code == 200
        assert count(mock, REFRESHES) == 1
        new = aoauth.tokens
        assert new is not None
        assert [path for path, _ in sent] == ["/oauth2/token", "/oauth2/userInfo"]
        assert sent[0][1].startswith("Basic ")
        assert sent[1][1] == f"Bearer {new.access_token}"
