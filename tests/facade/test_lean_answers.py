"""Answers as lean as Contio's published description allows (issue 13): it requires no response
field, and the spec now requires only what an RFC does. The facade copes with a missing field
where the RFC gives the absence a meaning (`expires_in`: the expiry is unknown), and names the
field in an InvalidResponseError where it cannot go on without it. A real loopback server each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from contio import AsyncOAuthClient, InvalidResponseError, MemoryTokenStore, OAuthClient
from tests.hostile import Exchange, hostile

SECRET = "lean-test-secret-Qw3"
LEAN_TOKENS = {"access_token": "cto_at_v1_lean", "token_type": "Bearer"}


def answering(document: Any) -> Callable[[Exchange], None]:
    def handler(exchange: Exchange) -> None:
        exchange.json(200, document)

    return handler


def client(base_url: str) -> OAuthClient:
    return OAuthClient(
        "lean-client",
        SECRET,
        "https://app.example.com/callback",
        base_url=base_url,
        max_retries=0,
        token_store=MemoryTokenStore(),
    )


def test_a_token_response_without_expires_in_has_an_unknown_expiry() -> None:
    with hostile(answering(LEAN_TOKENS)) as server, client(server.base_url) as oauth:
        tokens = oauth.get_client_credentials_token(["meetings:read"])
        assert tokens.access_token == "cto_at_v1_lean"
        assert tokens.expires_at is None
        assert tokens.refresh_token is None
        assert tokens.scope == ("meetings:read",)  # RFC 6749 §5.1: omitted, as requested
        # Unknown is usable: the server's 401 says when it is not, no refresh is tried now.
        assert oauth.get_valid_access_token() == "cto_at_v1_lean"
        assert len(server.requests) == 1
        form = server.requests[0].partition(b"\r\n\r\n")[2].decode()
        assert "grant_type=client_credentials" in form


async def test_async_a_token_response_without_expires_in_has_an_unknown_expiry() -> None:
    with hostile(answering(LEAN_TOKENS)) as server:
        async with AsyncOAuthClient(
            "lean-client", SECRET, "https://app.example.com/callback", base_url=server.base_url
        ) as oauth:
            tokens = await oauth.get_client_credentials_token(["meetings:read"])
            assert tokens.expires_at is None
            assert await oauth.get_valid_access_token() == "cto_at_v1_lean"


NEEDED: list[tuple[str, Callable[[OAuthClient], Any], str]] = [
    ("consent", lambda oauth: oauth.check_consent("ada@example.com"), "has_consent"),
    ("partner info", lambda oauth: oauth.get_partner_info(), "client_id"),
    ("sign-in start", lambda oauth: oauth.initiate_partner_auth("ada@example.com"), "session"),
    ("scopes", lambda oauth: oauth.get_available_scopes(), "scopes"),
    ("tokens", lambda oauth: oauth.get_client_credentials_token(), "access_token"),
]


@pytest.mark.parametrize(
    ("call", "field"), [(call, field) for _, call, field in NEEDED], ids=[n for n, *_ in NEEDED]
)
def test_a_missing_field_the_facade_needs_is_named(
    call: Callable[[OAuthClient], Any], field: str
) -> None:
    with (
        hostile(answering({})) as server,
        client(server.base_url) as oauth,
        pytest.raises(InvalidResponseError) as raised,
    ):
        call(oauth)
    assert f"field {field!r} is missing" in str(raised.value)
    assert SECRET not in str(raised.value)
