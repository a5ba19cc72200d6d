"""Every text a server provides goes through the same redaction: messages, codes, request ids
(from the body or X-Request-Id), the Basic credential with or without its prefix; and a
started sign-in's `session` is masked in reprs like tokens are."""

from __future__ import annotations

import base64
import pickle
from typing import Any

import pytest

from contio import (
    AsyncOAuthClient,
    AuthTokens,
    ContioAPIError,
    InvalidResponseError,
    MemoryTokenStore,
    OAuthClient,
    PartnerAuthChallenge,
)
from tests.facade.conftest import AnyClient, close_client, resolve
from tests.hostile import Exchange, HostileServer, hostile

CLIENT_ID = "redaction-client"
SECRET = "Redaction-Secret-9f8e7d"
CREDENTIAL = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
REFRESH = "opaque-refresh-Token-Value-4242"  # no cto_ prefix: only the held-secret list hides it
TOKENS = AuthTokens.from_dict(
    {
        "access_token": "opaque-access-1",
        "refresh_token": REFRESH,
        "expires_at": "2000-01-01T00:00:00Z",
    }
)


def echo(body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    def handle(ex: Exchange) -> None:
        ex.json(400, body, headers)

    return handle


def made(kind: str, server: HostileServer) -> AnyClient:
    cls = OAuthClient if kind == "sync" else AsyncOAuthClient
    return cls(
        CLIENT_ID,
        SECRET,
        "https://app.example.com/cb",
        base_url=server.base_url,
        max_retries=0,
        token_store=MemoryTokenStore(TOKENS),
    )


def shown(error: BaseException) -> str:
    """Everything an app could print or log of an error."""
    parts = [str(error), repr(error), str(getattr(error, "request_id", ""))]
    parts.append(str(getattr(error, "code", "")))
    parts.append(str(getattr(error, "message", "")))
    parts.append(str(getattr(error, "workspace_id", "")))
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own error, just made
    parts += [str(again), repr(again)]
    return "\n".join(parts)


ECHOES: dict[str, tuple[dict[str, Any], dict[str, str] | None]] = {
    "request_id in the body": ({"error": "invalid_grant", "request_id": f"req-{SECRET}"}, None),
    "request id header": ({"error": "invalid_grant"}, {"X-Request-Id": f"r-{REFRESH}-x"}),
    "bare Basic credential": ({"error": "invalid_client", "error_description": CREDENTIAL}, None),
    "Basic credential": (
        {"error": "invalid_client", "error_description": f"got Basic {CREDENTIAL}"},
        None,
    ),
    "code": ({"code": f"bad_{SECRET}", "message": "m"}, None),
    "workspace_id": ({"code": "workspace_conflict", "workspace_id": REFRESH}, None),
}


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    param: str = request.param
    return param


@pytest.mark.parametrize("case", sorted(ECHOES))
async def test_server_text_never_shows_a_secret(kind: str, case: str) -> None:
    body, headers = ECHOES[case]
    with hostile(echo(body, headers)) as server:
        client = made(kind, server)
        try:
            with pytest.raises(ContioAPIError) as raised:
                await resolve(client.refresh_access_token())
        finally:
            await close_client(client)
    text = shown(raised.value)
    assert SECRET not in text
    assert CREDENTIAL not in text
    assert REFRESH not in text
    assert "[redacted]" in text


async def test_a_request_id_on_an_unusable_success_is_redacted(kind: str) -> None:
    def handle(ex: Exchange) -> None:
        ex.json(200, {"nonsense": True}, {"X-Request-Id": f"id-{CREDENTIAL}"})

    with hostile(handle) as server:
        client = made(kind, server)
        try:
            with pytest.raises(InvalidResponseError) as raised:
                await resolve(client.introspect_token("some-token"))
        finally:
            await close_client(client)
    assert raised.value.request_id is not None
    assert CREDENTIAL not in shown(raised.value)


def test_a_challenge_repr_masks_its_session() -> None:
    session = "AYABeQZ9cN5uS3ssionValueThatStandsForTheSignIn"
    challenge = PartnerAuthChallenge(
        session=session, challenge_name="EMAIL_OTP", challenge_params={"email": "a@b.c"}
    )
    for text in (repr(challenge), str(challenge), f"{challenge}", repr([challenge])):
        assert session not in text
        assert "EMAIL_OTP" in text
    assert challenge.session == session  # still there for verify_partner_auth
