"""Shared pieces of the facade's unit tests (the modules split from the former `test_units.py`):
the client's settings, the canned answers of an `httpx2.MockTransport`, the handlers that record
or script it, the clients built on it, a full token set, and a clock the tests set by hand.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx2

from contio import AsyncOAuthClient, AuthTokens, OAuthClient

CLIENT_ID = "partner-app"
CLIENT_SECRET = "s3cr3t:with/odd+chars="
#: RFC 6749 §2.3.1: the id and the secret each form-encoded (Appendix B), then HTTP Basic.
BASIC = "Basic " + base64.b64encode(b"partner-app:s3cr3t%3Awith%2Fodd%2Bchars%3D").decode("ascii")
#: The official TypeScript SDK's form (client_auth="client_secret_basic_raw"): as they are.
BASIC_RAW = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode("ascii")
REDIRECT_URI = "https://app.example.com/callback"
SCOPE = ["openid", "profile", "meetings:read"]
AUTH_HOST = "https://login.example.com"
TOKEN_HOST = "https://tokens.example.net"
AUTHORIZATION_URL = f"{AUTH_HOST}/oauth2/authorize"
TOKEN_URL = f"{TOKEN_HOST}/custom/token"
WORKSPACE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
VERIFIER = "v" * 43
EMAIL = "ada@example.com"

# A valid answer for each endpoint, keyed by the last segment of its path.
CANNED: dict[str, Any] = {
    "token": {
        "access_token": "cto_at_v1_canned-access",
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": "cto_rt_v1_canned-refresh",
        "scope": "openid profile",
    },
    "revoke": {},
    "introspect": {"active": True, "client_id": CLIENT_ID, "scope": "openid", "exp": 1_900_000_000},
    "userInfo": {"sub": "user-1", "email": EMAIL},
    "scopes": {"scopes": ["openid", "profile"]},
    "check-consent": {"has_consent": True, "requires_consent": False},
    "initiate": {"session": "sess-1", "challenge_name": "EMAIL_OTP", "user_provisioned": False},
    "verify": {"success": True, "message": "ok", "redirect": f"{REDIRECT_URI}?code=abc"},
    "public": {"client_id": CLIENT_ID, "name": "Partner"},
}


class Recorder:
    """A MockTransport handler that records requests and answers each endpoint with CANNED."""

    def __init__(self) -> None:
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        return httpx2.Response(200, json=CANNED[request.url.path.rsplit("/", 1)[-1]])


class Script:
    """A MockTransport handler that plays answers (or raises transport errors) in order."""

    def __init__(self, *steps: httpx2.Response | httpx2.TransportError) -> None:
        self.steps = list(steps)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


Handler = Callable[[httpx2.Request], httpx2.Response]


def sync_client(handler: Handler, **overrides: Any) -> OAuthClient:
    kwargs: dict[str, Any] = {
        "authorization_url": AUTHORIZATION_URL,
        "token_url": TOKEN_URL,
        "http_client": httpx2.Client(transport=httpx2.MockTransport(handler)),
    }
    kwargs.update(overrides)
    return OAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SCOPE, **kwargs)


def async_client(handler: Handler, **overrides: Any) -> AsyncOAuthClient:
    kwargs: dict[str, Any] = {
        "authorization_url": AUTHORIZATION_URL,
        "token_url": TOKEN_URL,
        "http_client": httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
    }
    kwargs.update(overrides)
    return AsyncOAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SCOPE, **kwargs)


def json_response(status: int, body: Any = None, **headers: str) -> httpx2.Response:
    return httpx2.Response(status, json=body if body is not None else {}, headers=headers)


ACCESS = "cto_at_v1_AAAAaaaaBBBBbbbbCCCCccccDDDDdddd0001"
REFRESH = "cto_rt_v1_RRRRrrrrSSSSssssTTTTttttUUUUuuuu0002"
ID_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


def full_tokens(expires_at: datetime | None = None) -> AuthTokens:
    return AuthTokens(
        access_token=ACCESS,
        refresh_token=REFRESH,
        id_token=ID_TOKEN,
        expires_at=expires_at or datetime(2030, 5, 17, 12, 30, 15, 123456, tzinfo=UTC),
        scope=("openid", "meetings:read"),
    )


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


EXPIRY = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
