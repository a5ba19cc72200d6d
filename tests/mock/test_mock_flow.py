"""The whole passwordless -> consent -> code -> token -> userInfo -> introspect -> refresh ->
revoke chain, over real HTTP, and the requests exactly as the TypeScript SDK sends them."""

from __future__ import annotations

import base64

import httpx2

from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, RunningMock
from tests.mock.flows import (
    DEFAULT_SCOPE,
    REDIRECT_URI,
    authorization_code,
    consent,
    exchange,
    initiate,
    introspect,
    is_active,
    latest_code,
    pkce_pair,
    query_of,
    refresh,
    user_tokens,
    userinfo,
    verify,
)

EMAIL = "ada@example.com"


def test_full_chain(mock: RunningMock, client: httpx2.Client, anon: httpx2.Client) -> None:
    started = initiate(client, EMAIL, name="Ada Lovelace")
    assert started.status_code == 200
    challenge = started.json()
    assert challenge["challenge_name"] == "CUSTOM_CHALLENGE"
    assert challenge["challenge_params"] == {"email": EMAIL, "delivery_medium": "EMAIL"}
    assert challenge["user_provisioned"] is True
    [message] = mock.outbox(EMAIL)
    assert message.session == challenge["session"]
    assert len(message.code) == 6
    assert message.code.isdigit()

    verified = verify(client, EMAIL, message.code, challenge["session"])
    assert verified.status_code == 200
    body = verified.json()
    assert body["success"] is True
    assert "access_token" not in body
    redirect = query_of(body["redirect"])
    assert body["redirect"].startswith(f"{mock.base_url}/oauth2/authorize?")
    assert redirect["client_id"] == DEMO_CLIENT_ID
    assert redirect["login_hint"] == EMAIL

    verifier, challenge_s256 = pkce_pair()
    # Signed in, but no consent yet: the browser goes to the mock's consent page.
    authorize_query = {
        "response_type": "code",
        "client_id": DEMO_CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": DEFAULT_SCOPE,
        "state": "s-42",
        "login_hint": EMAIL,
        "code_challenge": challenge_s256,
        "code_challenge_method": "S256",
    }
    first = anon.get("/oauth2/authorize", params=authorize_query)
    assert first.status_code == 302
    assert first.headers["location"].startswith(f"{mock.base_url}/_mock/login?")

    consented = consent(
        anon,
        EMAIL,
        state="s-42",
        code_challenge=challenge_s256,
        code_challenge_method="S256",
    )
    assert consented.status_code == 200
    code = consented.json()["code"]
    assert consented.json()["state"] == "s-42"
    assert query_of(consented.json()["redirect_url"]) == {"code": code, "state": "s-42"}

    exchanged = exchange(client, code, code_verifier=verifier)
    assert exchanged.status_code == 200, exchanged.text
    assert exchanged.headers["cache-control"] == "no-store"
    tokens = exchanged.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 86400
    assert tokens["access_token"].startswith("cto_at_v1_")
    assert tokens["refresh_token"].startswith("cto_rt_v1_")
    assert tokens["scope"] == DEFAULT_SCOPE

    info = userinfo(anon, tokens["access_token"])
    assert info.status_code == 200
    claims = info.json()
    assert claims["email"] == EMAIL
    assert claims["email_verified"] is True
    assert claims["name"] == "Ada Lovelace"
    assert claims["given_name"] == "Ada"
    assert claims["family_name"] == "Lovelace"

    details = introspect(client, tokens["access_token"])
    assert details["active"] is True
    assert details["client_id"] == DEMO_CLIENT_ID
    assert details["username"] == EMAIL
    assert details["sub"] == claims["sub"]
    assert details["aud"] == [DEMO_CLIENT_ID]
    assert details["token_type"] == "Bearer"
    assert details["scope"] == DEFAULT_SCOPE
    assert details["exp"] - details["iat"] == 86400
    assert details["nbf"] == details["iat"]
    assert details["ext"] == {}

    refreshed = refresh(client, tokens["refresh_token"])
    assert refreshed.status_code == 200
    new_tokens = refreshed.json()
    assert new_tokens["refresh_token"] != tokens["refresh_token"]
    assert is_active(client, new_tokens["access_token"])

    # Now that the user has consented, authorize goes straight back with a code.
    again = anon.get("/oauth2/authorize", params=authorize_query)
    assert again.status_code == 302
    assert again.headers["location"].startswith(f"{REDIRECT_URI}?code=")
    assert query_of(again.headers["location"])["state"] == "s-42"

    revoked = client.post(
        "/oauth2/revoke",
        data={"token": new_tokens["refresh_token"], "token_type_hint": "refresh_token"},
    )
    assert revoked.status_code == 200
    assert revoked.content == b""
    assert not is_active(client, new_tokens["refresh_token"])
    assert not is_active(client, new_tokens["access_token"])
    assert userinfo(anon, new_tokens["access_token"]).status_code == 401

    stats = client.get("/_mock/stats").json()["requests"]
    assert stats["exchangeOauthToken"] == 2
    assert stats["exchangeOauthToken:authorization_code"] == 1
    assert stats["exchangeOauthToken:refresh_token"] == 1
    assert stats["initiatePartnerAuth"] == 1
    assert stats["verifyPartnerAuth"] == 1
    assert stats["authorizeOauth"] == 2
    assert stats["revokeOauthToken"] == 1


def test_no_id_token_without_openid(client: httpx2.Client) -> None:
    tokens = user_tokens(client, "lin@example.com", scope="profile meetings:read")
    assert "id_token" not in tokens
    assert tokens["scope"] == "profile meetings:read"
    answer = userinfo(client, tokens["access_token"])
    assert answer.status_code == 403
    assert answer.json()["error"] == "insufficient_scope"
    assert 'error="insufficient_scope"' in answer.headers["www-authenticate"]


def test_userinfo_claims_follow_scopes(client: httpx2.Client) -> None:
    only_openid = user_tokens(client, "min@example.com", scope="openid")
    assert userinfo(client, only_openid["access_token"]).json().keys() == {"sub"}
    with_email = user_tokens(client, "min@example.com", scope="openid email")
    assert userinfo(client, with_email["access_token"]).json().keys() == {
        "sub",
        "email",
        "email_verified",
    }


def test_client_secret_post(anon: httpx2.Client, client: httpx2.Client) -> None:
    code = authorization_code(client, "post@example.com")
    credentials = {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET}
    answer = exchange(anon, code, **credentials)
    assert answer.status_code == 200, answer.text
    tokens = answer.json()
    details = anon.post("/oauth2/introspect", data={"token": tokens["access_token"], **credentials})
    assert details.json()["active"] is True
    revoked = anon.post("/oauth2/revoke", data={"token": tokens["refresh_token"], **credentials})
    assert revoked.status_code == 200
    assert not is_active(client, tokens["access_token"])


def basic(client_id: str = DEMO_CLIENT_ID, secret: str = DEMO_CLIENT_SECRET) -> str:
    """The header exactly as the TypeScript SDK builds it (no form-encoding inside)."""
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def test_typescript_sdk_requests(mock: RunningMock, anon: httpx2.Client) -> None:
    """Every client-authenticated call with Basic; check-consent with `scope`, not `scopes`."""
    headers = {"Authorization": basic()}
    email = "sdk@example.com"
    started = anon.post(
        "/auth/initiate",
        headers=headers,
        json={
            "client_id": DEMO_CLIENT_ID,
            "email": email,
            "name": "Sdk User",
            "workspace_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "is_admin": True,
        },
    )
    assert started.status_code == 200, started.text
    code = latest_code(anon, email)
    verified = anon.post(
        "/auth/verify",
        headers=headers,
        json={
            "client_id": DEMO_CLIENT_ID,
            "email": email,
            "code": code,
            "session": started.json()["session"],
        },
    )
    assert verified.status_code == 200
    check = anon.post(
        "/oauth2/check-consent",
        headers=headers,
        json={
            "client_id": DEMO_CLIENT_ID,
            "email": email,
            "scope": DEFAULT_SCOPE,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "state": "abc",
        },
    )
    assert check.status_code == 200
    assert check.json()["has_consent"] is False
    assert check.json()["requires_consent"] is True
    assert check.json()["session_valid"] is True
    # getAuthorizationUrl(state, {loginHint}): client_id, redirect_uri, response_type, scope, ...
    authorize = anon.get(
        "/oauth2/authorize",
        params={
            "client_id": DEMO_CLIENT_ID,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "scope": DEFAULT_SCOPE,
            "state": "abc",
            "login_hint": email,
        },
    )
    assert authorize.status_code == 302
    consented = consent(anon, email, state="abc")
    code = consented.json()["code"]
    token = anon.post(
        "/oauth2/token",
        headers=headers,
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI},
    )
    assert token.status_code == 200, token.text
    tokens = token.json()
    check = anon.post(
        "/oauth2/check-consent",
        headers=headers,
        json={"client_id": DEMO_CLIENT_ID, "email": email, "scope": DEFAULT_SCOPE},
    )
    assert check.json()["has_consent"] is True
    refreshed = anon.post(
        "/oauth2/token",
        headers=headers,
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
    )
    assert refreshed.status_code == 200
    cc = anon.post(
        "/oauth2/token",
        headers=headers,
        data={"grant_type": "client_credentials", "scope": DEFAULT_SCOPE},
    )
    assert cc.status_code == 200
    assert cc.json()["scope"] == "meetings:read meetings:write"
    scopes = anon.get("/oauth2/scopes", headers=headers)
    assert scopes.json()["scopes"][:2] == ["openid", "profile"]
    introspected = anon.post(
        "/oauth2/introspect", headers=headers, data={"token": refreshed.json()["access_token"]}
    )
    assert introspected.json()["active"] is True
    for token_value, hint in (
        (refreshed.json()["access_token"], "access_token"),
        (refreshed.json()["refresh_token"], "refresh_token"),
    ):
        revoked = anon.post(
            "/oauth2/revoke", headers=headers, data={"token": token_value, "token_type_hint": hint}
        )
        assert revoked.status_code == 200
    partner = anon.get(f"/v1/partner/info/{DEMO_CLIENT_ID}/public")
    assert partner.json()["client_id"] == DEMO_CLIENT_ID
