"""The token endpoint's rules: codes, PKCE, redirect URIs, rotation, scopes, grants, and the
revoke and introspect endpoints around it."""

from __future__ import annotations

import httpx2
import pytest

from contio.mock import DEMO_CLIENT_ID, OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, RunningMock
from tests.mock.flows import (
    REDIRECT_URI,
    authorization_code,
    exchange,
    introspect,
    is_active,
    pkce_pair,
    refresh,
    user_tokens,
    userinfo,
)

EMAIL = "tok@example.com"


def error_of(response: httpx2.Response) -> str:
    body = response.json()
    assert body["request_id"] == response.headers["x-request-id"]
    return str(body["error"])


def test_code_is_single_use_and_reuse_revokes_its_tokens(client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    first = exchange(client, code)
    assert first.status_code == 200
    tokens = first.json()
    second = exchange(client, code)
    assert second.status_code == 400
    assert error_of(second) == "invalid_grant"
    # RFC 6749 §4.1.2: tokens issued from a code used twice are revoked.
    assert not is_active(client, tokens["access_token"])
    assert not is_active(client, tokens["refresh_token"])


def test_code_expires_after_five_minutes(mock: RunningMock, client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    mock.advance_clock(301)
    answer = exchange(client, code)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"
    assert "expired" in answer.json()["error_description"]


def test_code_still_valid_just_before_expiry(mock: RunningMock, client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    mock.advance_clock(290)
    assert exchange(client, code).status_code == 200


@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_match(client: httpx2.Client, method: str) -> None:
    verifier, s256_challenge = pkce_pair()
    challenge = s256_challenge if method == "S256" else verifier
    code = authorization_code(client, EMAIL, code_challenge=challenge, code_challenge_method=method)
    answer = exchange(client, code, code_verifier=verifier)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_mismatch(client: httpx2.Client, method: str) -> None:
    verifier, s256_challenge = pkce_pair()
    challenge = s256_challenge if method == "S256" else verifier
    code = authorization_code(client, EMAIL, code_challenge=challenge, code_challenge_method=method)
    wrong, _ = pkce_pair()
    answer = exchange(client, code, code_verifier=wrong)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_pkce_verifier_required_when_challenged(client: httpx2.Client) -> None:
    _, challenge = pkce_pair()
    code = authorization_code(client, EMAIL, code_challenge=challenge, code_challenge_method="S256")
    answer = exchange(client, code)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_pkce_verifier_without_challenge_is_refused(client: httpx2.Client) -> None:
    verifier, _ = pkce_pair()
    answer = exchange(client, authorization_code(client, EMAIL), code_verifier=verifier)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_challenge_without_method_means_plain(client: httpx2.Client) -> None:
    verifier, _ = pkce_pair()
    code = authorization_code(client, EMAIL, code_challenge=verifier)
    assert exchange(client, code, code_verifier=verifier).status_code == 200


def test_redirect_uri_must_match(client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    answer = exchange(client, code, redirect_uri="http://127.0.0.1:9999/callback")
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_code_of_another_client_is_unknown(client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    answer = client.post(
        "/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI},
        auth=(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET),
    )
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"
    assert exchange(client, code).status_code == 200  # and the owner can still use it


def test_refresh_rotates(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    first = refresh(client, tokens["refresh_token"])
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != tokens["refresh_token"]
    assert rotated["access_token"] != tokens["access_token"]
    assert not is_active(client, tokens["refresh_token"])
    assert is_active(client, rotated["refresh_token"])
    second = refresh(client, rotated["refresh_token"])
    assert second.status_code == 200


def test_refresh_token_reuse_revokes_the_family(client: httpx2.Client) -> None:
    original = user_tokens(client, EMAIL)
    generation2 = refresh(client, original["refresh_token"]).json()
    generation3 = refresh(client, generation2["refresh_token"]).json()
    reused = refresh(client, original["refresh_token"])
    assert reused.status_code == 400
    assert error_of(reused) == "invalid_grant"
    for token in (
        original["access_token"],
        generation2["access_token"],
        generation3["access_token"],
        generation3["refresh_token"],
    ):
        assert not is_active(client, token)
    assert refresh(client, generation3["refresh_token"]).status_code == 400
    assert userinfo(client, generation3["access_token"]).status_code == 401


def test_reuse_leaves_other_grants_alone(client: httpx2.Client) -> None:
    first = user_tokens(client, EMAIL)
    second = user_tokens(client, EMAIL)
    refresh(client, first["refresh_token"])
    refresh(client, first["refresh_token"])  # reuse: first's family goes
    assert is_active(client, second["access_token"])
    assert refresh(client, second["refresh_token"]).status_code == 200


def test_refresh_may_narrow_scope(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    narrowed = refresh(client, tokens["refresh_token"], scope="openid meetings:read")
    assert narrowed.status_code == 200
    assert narrowed.json()["scope"] == "openid meetings:read"
    assert introspect(client, narrowed.json()["access_token"])["scope"] == "openid meetings:read"
    # The new refresh token still carries the original grant, so a later refresh may widen
    # back up to it (RFC 6749 §6), but not beyond.
    restored = refresh(client, narrowed.json()["refresh_token"])
    assert restored.json()["scope"] == tokens["scope"]


def test_refresh_may_not_widen_scope(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL, scope="openid meetings:read")
    widened = refresh(client, tokens["refresh_token"], scope="openid meetings:read calendar:write")
    assert widened.status_code == 400
    assert error_of(widened) == "invalid_scope"
    assert refresh(client, tokens["refresh_token"]).status_code == 200  # not consumed


def test_refresh_token_expires_after_thirty_days(mock: RunningMock, client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    mock.advance_clock(30 * 86400 + 1)
    answer = refresh(client, tokens["refresh_token"])
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_access_token_expires_after_a_day(mock: RunningMock, client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    mock.advance_clock(86401)
    assert not is_active(client, tokens["access_token"])
    answer = userinfo(client, tokens["access_token"])
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_token"
    assert refresh(client, tokens["refresh_token"]).status_code == 200


def test_client_credentials(client: httpx2.Client) -> None:
    answer = client.post("/oauth2/token", data={"grant_type": "client_credentials"})
    assert answer.status_code == 200
    tokens = answer.json()
    assert "refresh_token" not in tokens
    assert "id_token" not in tokens
    assert tokens["scope"] == "meetings:read meetings:write"
    details = introspect(client, tokens["access_token"])
    assert details["sub"] == DEMO_CLIENT_ID
    assert "username" not in details
    forbidden = userinfo(client, tokens["access_token"])
    assert forbidden.status_code == 403
    assert error_of(forbidden) == "insufficient_scope"


def test_client_credentials_scopes(client: httpx2.Client) -> None:
    answer = client.post(
        "/oauth2/token", data={"grant_type": "client_credentials", "scope": "calendar:read"}
    )
    assert answer.json()["scope"] == "calendar:read"
    unknown = client.post(
        "/oauth2/token", data={"grant_type": "client_credentials", "scope": "admin:everything"}
    )
    assert unknown.status_code == 400
    assert error_of(unknown) == "invalid_scope"
    user_only = client.post(
        "/oauth2/token", data={"grant_type": "client_credentials", "scope": "openid profile"}
    )
    assert user_only.status_code == 400
    assert error_of(user_only) == "invalid_scope"


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({}, "invalid_request"),
        ({"grant_type": ""}, "invalid_request"),
        ({"grant_type": "password", "username": "a", "password": "b"}, "unsupported_grant_type"),
        ({"grant_type": "authorization_code"}, "invalid_request"),
        ({"grant_type": "authorization_code", "code": "x"}, "invalid_request"),
        (
            {"grant_type": "authorization_code", "code": "nope", "redirect_uri": REDIRECT_URI},
            "invalid_grant",
        ),
        ({"grant_type": "refresh_token"}, "invalid_request"),
        ({"grant_type": "refresh_token", "refresh_token": "cto_rt_v1_nope"}, "invalid_grant"),
    ],
)
def test_token_request_errors(client: httpx2.Client, form: dict[str, str], error: str) -> None:
    answer = client.post("/oauth2/token", data=form)
    assert answer.status_code == 400
    assert error_of(answer) == error


def test_access_token_is_not_a_refresh_token(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    answer = refresh(client, tokens["access_token"])
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


@pytest.mark.parametrize(
    "auth",
    [("demo-client", "wrong"), ("nobody", "demo-secret"), ("", "x")],
)
def test_invalid_client_via_basic(anon: httpx2.Client, auth: tuple[str, str]) -> None:
    answer = anon.post("/oauth2/token", data={"grant_type": "client_credentials"}, auth=auth)
    assert answer.status_code == 401
    assert error_of(answer) == "invalid_client"
    assert answer.headers["www-authenticate"] == 'Basic realm="contio"'


@pytest.mark.parametrize(
    "credentials",
    [
        {"client_id": "demo-client", "client_secret": "wrong"},
        {"client_id": "nobody", "client_secret": "demo-secret"},
        {"client_id": "demo-client"},
        {},
    ],
)
def test_invalid_client_via_form(anon: httpx2.Client, credentials: dict[str, str]) -> None:
    answer = anon.post("/oauth2/token", data={"grant_type": "client_credentials", **credentials})
    assert answer.status_code == 401
    assert error_of(answer) == "invalid_client"


@pytest.mark.parametrize("header", ["Basic !!!", "Basic ZGVtby1jbGllbnQ=", "Bearer abc", "Basic"])
def test_malformed_authorization_header(anon: httpx2.Client, header: str) -> None:
    answer = anon.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": header},
    )
    assert answer.status_code == 401
    assert error_of(answer) == "invalid_client"


def test_basic_with_form_encoded_credentials(anon: httpx2.Client) -> None:
    """RFC 6749 §2.3.1 form-encodes id and secret inside Basic; the SDK does not: both work."""
    answer = anon.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("demo%2Dclient", "demo%2Dsecret"),
    )
    assert answer.status_code == 200


def test_other_endpoints_authenticate_the_client(anon: httpx2.Client) -> None:
    for path, data in (("/oauth2/revoke", {"token": "x"}), ("/oauth2/introspect", {"token": "x"})):
        answer = anon.post(path, data=data, auth=("demo-client", "nope"))
        assert answer.status_code == 401
        assert error_of(answer) == "invalid_client"
    assert anon.get("/oauth2/scopes").status_code == 401


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
    assert details["token_type"] == "refresh_token"
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
