"""Bad input fails fast: an empty or malformed argument raises ValueError before any request is
sent (the `httpx2.MockTransport` records that nothing went out), on both clients; and so does a
bad configuration.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx2
import pytest

from contio import AsyncOAuthClient, OAuthClient
from tests.facade.units_support import (
    CLIENT_ID,
    CLIENT_SECRET,
    EMAIL,
    REDIRECT_URI,
    TOKEN_URL,
    Recorder,
    async_client,
    sync_client,
)

# -- bad input fails fast --------------------------------------------------------------------

BAD_INPUT: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("empty code", "code", lambda c: c.exchange_code_for_token("")),
    ("blank code", "code", lambda c: c.exchange_code_for_token("   ")),
    ("empty verifier", "code_verifier", lambda c: c.exchange_code_for_token("c", code_verifier="")),
    ("empty email", "email", lambda c: c.initiate_partner_auth("")),
    ("invalid email", "email", lambda c: c.initiate_partner_auth("not-an-email")),
    ("email with space", "email", lambda c: c.check_consent("ada lovelace@example.com")),
    ("empty consent email", "email", lambda c: c.check_consent("")),
    ("verify empty email", "email", lambda c: c.verify_partner_auth("", "123456", "s")),
    ("verify empty code", "code", lambda c: c.verify_partner_auth(EMAIL, "", "s")),
    ("verify empty session", "session", lambda c: c.verify_partner_auth(EMAIL, "123456", "")),
    (
        "non-UUID workspace",
        "workspace_id",
        lambda c: c.initiate_partner_auth(EMAIL, workspace_id="ws-1"),
    ),
    ("unknown token_type", "token_type", lambda c: c.revoke_token("t", "id_token")),
    ("empty revoke token", "token", lambda c: c.revoke_token("")),
    ("empty introspect token", "token", lambda c: c.introspect_token("")),
    (
        "scope with space",
        "scope",
        lambda c: c.get_client_credentials_token(["meetings:read openid"]),
    ),
    ("empty scope item", "scope", lambda c: c.get_client_credentials_token([""])),
]
BAD_IDS = [name for name, _, _ in BAD_INPUT]


@pytest.mark.parametrize(("label", "names", "call"), BAD_INPUT, ids=BAD_IDS)
def test_bad_input_raises_value_error_and_sends_nothing(
    label: str, names: str, call: Callable[[OAuthClient], object]
) -> None:
    recorder = Recorder()
    with sync_client(recorder) as oauth, pytest.raises(ValueError, match=names):
        call(oauth)
    assert recorder.requests == [], label


@pytest.mark.parametrize(("label", "names", "call"), BAD_INPUT, ids=BAD_IDS)
async def test_async_bad_input_raises_value_error_and_sends_nothing(
    label: str, names: str, call: Callable[[AsyncOAuthClient], Awaitable[object]]
) -> None:
    recorder = Recorder()
    async with async_client(recorder) as oauth:
        with pytest.raises(ValueError, match=names):
            await call(oauth)
    assert recorder.requests == [], label


def test_bad_configuration_raises_value_error() -> None:
    http = httpx2.Client(transport=httpx2.MockTransport(Recorder()))
    with pytest.raises(ValueError, match="base_url"):
        OAuthClient(
            CLIENT_ID,
            CLIENT_SECRET,
            REDIRECT_URI,
            base_url="https://api.contio.ai",
            token_url=TOKEN_URL,
            http_client=http,
        )
    with pytest.raises(ValueError, match="scope"):
        OAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, ["meetings read"], http_client=http)
    with pytest.raises(ValueError, match="client_secret"):
        OAuthClient(CLIENT_ID, "", REDIRECT_URI, http_client=http)
    with pytest.raises(ValueError, match="token_url"):
        OAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, token_url="ftp://x/y", http_client=http)
    with sync_client(Recorder()) as oauth, pytest.raises(ValueError, match="code_challenge_method"):
        oauth.get_authorization_url(code_challenge="abc", code_challenge_method="S512")  # type: ignore[arg-type]
