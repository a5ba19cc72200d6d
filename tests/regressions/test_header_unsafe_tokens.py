"""Issue 10, item 6: a header-unsafe or non-ASCII token is a ValueError before any request,
on both clients. `check_token` guards what is passed to a call, but not the tokens the
client *holds*: `set_tokens` (and `AuthTokens`) take any string, and so does the token
endpoint's answer. Such a token then goes into `Authorization: Bearer …`, where the sync
client retries h11's refusal as a connection failure, aiohttp raises a bare ValueError, and
`oauth.auth` hands the app httpx's LocalProtocolError with the whole token in its text.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from contio import AsyncOAuthClient, InvalidResponseError, MemoryTokenStore, OAuthClient
from contio.testing import ContioMock
from tests.facade.conftest import count, resolve
from tests.hostile import Exchange, hostile
from tests.regressions.helpers import hostile_client, use_transport

SECRET_PART = "HeldTokenSecretPart0123456789"
BAD_TOKENS = {
    "crlf": f"cto_at_v1_{SECRET_PART}\r\nX-Injected: 1",
    "lf": f"cto_at_v1_{SECRET_PART}\n",
    "nul": f"cto_at_v1_{SECRET_PART}\x00",
    "non-ascii": f"cto_at_v1_{SECRET_PART}é",
}


def held(access_token: str) -> dict[str, Any]:
    return {
        "access_token": access_token,
        "refresh_token": "cto_rt_v1_SomeRefreshToken0123456789",
        "expires_at": "2099-01-01T00:00:00+00:00",
    }


@pytest.mark.parametrize("bad", sorted(BAD_TOKENS))
@pytest.mark.parametrize("kind", ["sync", "async-aiohttp", "async-httpx"])
async def test_a_held_token_that_cannot_be_sent_is_a_value_error_before_any_request(
    contio_mock: ContioMock, monkeypatch: pytest.MonkeyPatch, kind: str, bad: str
) -> None:
    mock = contio_mock
    use_transport(monkeypatch, kind.partition("-")[2])
    cls = OAuthClient if kind == "sync" else AsyncOAuthClient
    client: Any = cls(**mock.client_kwargs(max_retries=2))
    try:
        refused: BaseException | None = None
        try:
            client.set_tokens(held(BAD_TOKENS[bad]))  # refused at the door: the best outcome
            await resolve(client.get_user_info())  # or else refused before sending
        except Exception as exc:
            refused = exc
        assert isinstance(refused, ValueError), repr(refused)
        assert "access_token" in str(refused), str(refused)  # names what is wrong, by name
        assert SECRET_PART not in str(refused)
    finally:
        if isinstance(client, AsyncOAuthClient):
            await client.aclose()
        else:
            client.close()
    assert count(mock, "getOauthUserInfo") == 0


@pytest.mark.parametrize("bad", sorted(BAD_TOKENS))
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_token_from_the_server_that_cannot_be_sent_is_an_invalid_response(
    kind: str, bad: str
) -> None:
    answer = json.dumps(
        {"access_token": BAD_TOKENS[bad], "token_type": "Bearer", "expires_in": 3600}
    ).encode()

    def token_endpoint(ex: Exchange) -> None:
        ex.answer(200, answer, {"Content-Type": "application/json"})

    with hostile(token_endpoint) as server:
        store = MemoryTokenStore()
        client = hostile_client(kind, server, token_store=store)
        try:
            with pytest.raises(InvalidResponseError) as refused:
                await resolve(client.exchange_code_for_token("code-123"))
        finally:
            if isinstance(client, AsyncOAuthClient):
                await client.aclose()
            else:
                client.close()
    assert SECRET_PART not in str(refused.value)
    assert store.load() is None  # nothing the client could never send is kept


def test_oauth_auth_never_shows_the_held_token_in_an_error(contio_mock: ContioMock) -> None:
    mock = contio_mock
    raised: BaseException | None = None
    with (
        hostile(lambda ex: ex.json(200, {})) as api,
        OAuthClient(**mock.client_kwargs()) as oauth,
        httpx.Client(base_url=api.base_url, auth=oauth.auth) as http,
    ):
        try:
            oauth.set_tokens(held(BAD_TOKENS["crlf"]))  # refused here, or by the flow
            http.get("/v1/meetings")
        except Exception as exc:
            raised = exc
    assert raised is not None
    assert SECRET_PART not in str(raised), str(raised)
    assert not api.requests
