"""The endpoints around the token endpoint: revoke (unknown tokens, cascades, another client's
tokens), introspect (inactive cases, refresh tokens) and userInfo's bearer token.
"""

from __future__ import annotations

import httpx2

from contio.mock import OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, RunningMock
from tests.mock.flows import introspect, is_active, refresh, user_tokens, userinfo
from tests.mock.tokens_support import EMAIL, error_of


def test_revoke_unknown_token_is_ok(client: httpx2.Client) -> None:
    for hint in (None, "access_token", "refresh_token"):
        data = {"token": "cto_at_v1_unknown"}
        if hint:
            data["token_type_hint"] = hint
        answer = client.post("/oauth2/revoke", data=data)
        assert answer.status_code == 200
        assert answer.content == b""


def test_revoke_refresh_token_cascades(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    assert client.post("/oauth2/revoke", data={"token": tokens["refresh_token"]}).status_code == 200
    assert not is_active(client, tokens["access_token"])
    assert refresh(client, tokens["refresh_token"]).status_code == 400


def test_revoke_access_token_only(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    client.post(
        "/oauth2/revoke", data={"token": tokens["access_token"], "token_type_hint": "access_token"}
    )
    assert not is_active(client, tokens["access_token"])
    assert is_active(client, tokens["refresh_token"])
    assert refresh(client, tokens["refresh_token"]).status_code == 200


def test_revoke_errors(client: httpx2.Client) -> None:
    missing = client.post("/oauth2/revoke", data={})
    assert missing.status_code == 400
    assert error_of(missing) == "invalid_request"
    bad_hint = client.post("/oauth2/revoke", data={"token": "x", "token_type_hint": "id_token"})
    assert bad_hint.status_code == 400
    assert error_of(bad_hint) == "unsupported_token_type"


def test_cannot_revoke_another_clients_token(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    answer = client.post(
        "/oauth2/revoke",
        data={"token": tokens["access_token"]},
        auth=(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET),
    )
    assert answer.status_code == 200
    assert is_active(client, tokens["access_token"])


def test_introspect_inactive_cases(mock: RunningMock, client: httpx2.Client) -> None:
    assert introspect(client, "cto_at_v1_unknown") == {"active": False}
    tokens = user_tokens(client, EMAIL)
    other = client.post(
        "/oauth2/introspect",
        data={"token": tokens["access_token"]},
        auth=(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET),
    )
    assert other.json() == {"active": False}
    client.post("/oauth2/revoke", data={"token": tokens["access_token"]})
    assert introspect(client, tokens["access_token"]) == {"active": False}
    fresh = client.post("/oauth2/token", data={"grant_type": "client_credentials"}).json()
    mock.advance_clock(86400)
    assert introspect(client, fresh["access_token"]) == {"active": False}
    missing = client.post("/oauth2/introspect", data={})
    assert missing.status_code == 400
    assert error_of(missing) == "invalid_request"


def test_introspect_refresh_token(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    details = introspect(client, tokens["refresh_token"])
    assert details["active"] is True
    assert "token_type" not in details  # RFC 7662 §2.2: a refresh token has no token type
    assert details["exp"] - details["iat"] == 30 * 86400


def test_userinfo_needs_a_bearer_token(anon: httpx2.Client, client: httpx2.Client) -> None:
    missing = anon.get("/oauth2/userInfo")
    assert missing.status_code == 401
    assert error_of(missing) == "invalid_token"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    unknown = userinfo(anon, "cto_at_v1_nope")
    assert unknown.status_code == 401
    assert unknown.headers["www-authenticate"].startswith(
        'Bearer realm="contio", error="invalid_token"'
    )
    tokens = user_tokens(client, EMAIL)
    as_refresh = userinfo(anon, tokens["refresh_token"])
    assert as_refresh.status_code == 401
    basic = anon.get("/oauth2/userInfo", auth=("demo-client", "demo-secret"))
    assert basic.status_code == 401
