"""Steps of the OAuth flow that many tests repeat, over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2

from contio.mock import DEMO_CLIENT_ID

REDIRECT_URI = "http://127.0.0.1:8400/callback"
DEFAULT_SCOPE = "openid profile meetings:read meetings:write"


def query_of(url: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


def pkce_pair() -> tuple[str, str]:
    """(verifier, S256 challenge) as RFC 7636 §4.1-4.2 define them."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def latest_code(client: httpx2.Client, email: str) -> str:
    messages = client.get("/_mock/outbox", params={"email": email}).json()["messages"]
    return str(messages[-1]["code"])


def initiate(client: httpx2.Client, email: str, **extra: Any) -> httpx2.Response:
    return client.post(
        "/auth/initiate", json={"client_id": DEMO_CLIENT_ID, "email": email, **extra}
    )


def verify(client: httpx2.Client, email: str, code: str, session: str) -> httpx2.Response:
    body = {"client_id": DEMO_CLIENT_ID, "email": email, "code": code, "session": session}
    return client.post("/auth/verify", json=body)


def sign_in(client: httpx2.Client, email: str, **extra: Any) -> dict[str, Any]:
    """Passwordless sign-in: initiate, read the emailed code, verify. Returns verify's body."""
    started = initiate(client, email, **extra)
    assert started.status_code == 200, started.text
    verified = verify(client, email, latest_code(client, email), started.json()["session"])
    assert verified.status_code == 200, verified.text
    body: dict[str, Any] = verified.json()
    return body


def consent(
    client: httpx2.Client,
    email: str,
    *,
    scope: str = DEFAULT_SCOPE,
    redirect_uri: str = REDIRECT_URI,
    state: str | None = "st-1",
    **extra: Any,
) -> httpx2.Response:
    """The consent page's POST /oauth2/authorize for a signed-in user who says yes."""
    body: dict[str, Any] = {
        "client_id": DEMO_CLIENT_ID,
        "email": email,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "consent": True,
        "scope": scope,
        **extra,
    }
    if state is not None:
        body["state"] = state
    return client.post("/oauth2/authorize", json=body)


def authorization_code(client: httpx2.Client, email: str, **kwargs: Any) -> str:
    """Sign in and consent; the authorization code."""
    sign_in(client, email)
    answer = consent(client, email, **kwargs)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["code"])


def exchange(
    client: httpx2.Client, code: str, redirect_uri: str = REDIRECT_URI, **extra: str
) -> httpx2.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    return client.post("/oauth2/token", data={**form, **extra})


def refresh(client: httpx2.Client, refresh_token: str, **extra: str) -> httpx2.Response:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return client.post("/oauth2/token", data={**form, **extra})


def user_tokens(client: httpx2.Client, email: str, **kwargs: Any) -> dict[str, Any]:
    """The token response of a full authorization code flow for `email`."""
    answer = exchange(client, authorization_code(client, email, **kwargs))
    assert answer.status_code == 200, answer.text
    tokens: dict[str, Any] = answer.json()
    return tokens


def introspect(client: httpx2.Client, token: str) -> dict[str, Any]:
    answer = client.post("/oauth2/introspect", data={"token": token})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def is_active(client: httpx2.Client, token: str) -> bool:
    return bool(introspect(client, token)["active"])


def userinfo(client: httpx2.Client, access_token: str) -> httpx2.Response:
    return client.get(
        "/oauth2/userInfo", headers={"Authorization": f"Bearer {access_token}"}, auth=None
    )
