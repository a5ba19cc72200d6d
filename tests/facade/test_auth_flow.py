"""`oauth.auth` with a body that cannot be sent twice: sent once, and after a 401 the app
gets the 401 response (never httpx2.StreamConsumed); a body that can be is repeated once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx2

from contio import AsyncOAuthClient, AuthTokens, MemoryTokenStore, OAuthClient
from tests.hostile import Exchange, hostile

TOKENS = AuthTokens.from_dict(
    {
        "access_token": "cto_at_v1_rejected-by-this-api",
        "refresh_token": "cto_rt_v1_never-used-here",
        "expires_at": "2099-01-01T00:00:00+00:00",
    }
)


def unauthorized(ex: Exchange) -> None:
    ex.json(401, {"error": "invalid_token"}, {"WWW-Authenticate": 'Bearer error="invalid_token"'})


def chunks() -> Iterator[bytes]:
    yield b'{"meeting": '
    yield b'"streamed"}'


async def achunks() -> AsyncIterator[bytes]:
    yield b'{"meeting": '
    yield b'"streamed"}'


def test_a_streamed_body_is_sent_once_and_the_401_returned() -> None:
    with hostile(unauthorized) as api:
        oauth = OAuthClient(
            "client", "secret", "https://app.example.com/cb",
            base_url=api.base_url, token_store=MemoryTokenStore(TOKENS),
        )  # fmt: skip
        with httpx2.Client(base_url=api.base_url, auth=oauth.auth) as http:
            response = http.post("/v1/meetings", content=chunks())
        assert response.status_code == 401
        assert len(api.requests) == 1  # not repeated, and no refresh was tried for it
        assert b'{"meeting": "streamed"}' in api.requests[0]
        assert b"Bearer cto_at_v1_rejected-by-this-api" in api.requests[0]


async def test_an_async_streamed_body_is_sent_once_and_the_401_returned() -> None:
    with hostile(unauthorized) as api:
        oauth = AsyncOAuthClient(
            "client", "secret", "https://app.example.com/cb",
            base_url=api.base_url, token_store=MemoryTokenStore(TOKENS),
        )  # fmt: skip
        async with httpx2.AsyncClient(base_url=api.base_url, auth=oauth.auth) as http:
            response = await http.post("/v1/meetings", content=achunks())
        await oauth.aclose()
        assert response.status_code == 401
        assert len(api.requests) == 1
        assert b'{"meeting": "streamed"}' in api.requests[0]


def test_a_body_in_memory_is_repeated_once_after_a_refresh() -> None:
    def api_or_token(ex: Exchange) -> None:
        if ex.target == "/oauth2/token":
            answer = {"access_token": "cto_at_v1_fresh", "token_type": "Bearer", "expires_in": 60}
            ex.json(200, answer)
        elif b"cto_at_v1_fresh" in ex.head:
            ex.json(200, {"ok": True})
        else:
            unauthorized(ex)

    with hostile(api_or_token) as api:
        oauth = OAuthClient(
            "client", "secret", "https://app.example.com/cb",
            base_url=api.base_url, token_store=MemoryTokenStore(TOKENS),
        )  # fmt: skip
        with httpx2.Client(base_url=api.base_url, auth=oauth.auth) as http:
            response = http.post("/v1/meetings", json={"meeting": "in memory"})
        assert response.status_code == 200
        bodies = [r for r in api.requests if r.startswith(b"POST /v1/meetings")]
        assert len(bodies) == 2
        assert all(b'"in memory"' in body for body in bodies)
