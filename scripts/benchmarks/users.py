"""A user signed in on the mock, as Contio's pages would drive it: for the measures that need
a user's tokens (a refresh token, or an access token for a Bearer endpoint)."""

from __future__ import annotations

import time

import httpx2

from contio import AsyncOAuthClient, AuthTokens

from .base import CLIENT_ID, REDIRECT_URI, BenchError

USER_SCOPES = ["openid", "profile", "email", "meetings:read"]


def new_email() -> str:
    return f"bench.{time.time_ns()}@example.com"


async def sign_in(oauth: AsyncOAuthClient, control: httpx2.AsyncClient, email: str) -> AuthTokens:
    """Passwordless sign-in (the code from the mock's outbox), consent, code exchange: the
    tokens `oauth` now holds, with a refresh token."""
    challenge = await oauth.initiate_partner_auth(email, "Bench User")
    outbox = await control.get("/_mock/outbox", params={"email": email})
    outbox.raise_for_status()
    code = outbox.json()["messages"][-1]["code"]
    await oauth.verify_partner_auth(email, code, challenge.session)
    consent = await control.post(
        "/oauth2/authorize",
        json={
            "client_id": CLIENT_ID,
            "email": email,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "consent": True,
            "scope": " ".join(oauth.scope),
        },
    )
    consent.raise_for_status()
    tokens = await oauth.exchange_code_for_token(consent.json()["code"])
    if not tokens.refresh_token:
        raise BenchError("the sign-in gave no refresh token")
    return tokens
