"""OpenID Connect: discovery, the key set, RS256 ID tokens and key rotation.

The ID tokens are verified with PyJWT, a JOSE implementation that shares no code with the
mock (which signs with `cryptography` by hand) nor with the `contio` client.
"""

from __future__ import annotations

from typing import Any

import httpx2
import jwt
import pytest

from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, MockConfig, RunningMock, serve_in_thread
from tests.mock.flows import (
    authorization_code,
    consent,
    exchange,
    refresh,
    sign_in,
    user_tokens,
    userinfo,
)

EMAIL = "grace@example.com"
DISCOVERY_PATHS = ("/.well-known/openid_configuration", "/.well-known/openid-configuration")
ENDPOINTS = {
    "authorization_endpoint": "/oauth2/authorize",
    "token_endpoint": "/oauth2/token",
    "userinfo_endpoint": "/oauth2/userInfo",
    "jwks_uri": "/.well-known/jwks.json",
    "revocation_endpoint": "/oauth2/revoke",
    "introspection_endpoint": "/oauth2/introspect",
}
REQUIRED = ["iss", "sub", "aud", "exp", "iat", "auth_time"]


def key_set(client: httpx2.Client) -> jwt.PyJWKSet:
    answer = client.get("/.well-known/jwks.json")
    assert answer.status_code == 200
    return jwt.PyJWKSet.from_dict(answer.json())


def verify(mock: RunningMock, client: httpx2.Client, token: str) -> dict[str, Any]:
    """PyJWT's verdict: RS256 only, a key of the published set named by `kid`, iss and aud."""
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    key = key_set(client)[header["kid"]]  # KeyError when the set lacks the kid
    claims: dict[str, Any] = jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience=DEMO_CLIENT_ID,
        issuer=mock.base_url,
        options={"require": REQUIRED},
        # PyJWT reads the wall clock; the mock's may be ahead (POST /_mock/clock).
        leeway=mock.state.clock.offset,
    )
    return claims


def test_discovery_at_contios_path_and_the_standard_one(
    mock: RunningMock, anon: httpx2.Client
) -> None:
    contio, standard = (anon.get(path) for path in DISCOVERY_PATHS)
    assert contio.status_code == standard.status_code == 200
    document = contio.json()
    assert standard.json() == document
    assert document["issuer"] == mock.base_url
    for name, path in ENDPOINTS.items():
        assert document[name] == f"{mock.base_url}{path}", name
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["response_types_supported"] == ["code"]
    assert {"openid", "profile", "email"} <= set(document["scopes_supported"])
    assert {"iss", "sub", "aud", "nonce", "auth_time"} <= set(document["claims_supported"])
    # RFC 8414 §2: without these a standards client concludes there is no PKCE, only codes.
    assert "S256" in document["code_challenge_methods_supported"]
    assert document["grant_types_supported"] == [
        "authorization_code",
        "refresh_token",
        "client_credentials",
    ]
    assert document["response_modes_supported"] == ["query"]
    for endpoint in ("token", "revocation", "introspection"):
        methods = document[f"{endpoint}_endpoint_auth_methods_supported"]
        assert methods == ["client_secret_basic", "client_secret_post"]
    # The URLs it names are the mock's own, working endpoints.
    assert anon.get(document["jwks_uri"]).json()["keys"]
    stats = anon.get("/_mock/stats").json()["requests"]
    assert stats["getOpenidConfiguration"] == 2


def test_discovery_names_the_url_the_request_came_to(anon: httpx2.Client) -> None:
    document = anon.get(DISCOVERY_PATHS[0], headers={"Host": "auth.test:8443"}).json()
    assert document["issuer"] == "http://auth.test:8443"
    assert document["token_endpoint"] == "http://auth.test:8443/oauth2/token"


def test_a_configured_public_url_is_the_issuer_everywhere() -> None:
    public = "https://auth.example.test"
    with (
        serve_in_thread(MockConfig(issuer=public)) as mock,
        httpx2.Client(base_url=mock.base_url, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)) as client,
    ):
        document = client.get(DISCOVERY_PATHS[1]).json()
        tokens = user_tokens(client, EMAIL)
        keys = key_set(client)
    assert document["issuer"] == public
    assert all(document[name] == f"{public}{path}" for name, path in ENDPOINTS.items())
    token = tokens["id_token"]
    key = keys[jwt.get_unverified_header(token)["kid"]]
    claims = jwt.decode(
        token, key.key, algorithms=["RS256"], audience=DEMO_CLIENT_ID, issuer=public
    )
    assert claims["iss"] == public


def test_key_set_publishes_public_rsa_keys_only(anon: httpx2.Client) -> None:
    [key] = anon.get("/.well-known/jwks.json").json()["keys"]
    assert set(key) == {"kty", "kid", "alg", "use", "n", "e"}  # no `d`, `p`, `q`, ...
    assert (key["kty"], key["alg"], key["use"], key["e"]) == ("RSA", "RS256", "sig", "AQAB")


def test_id_token_verifies_with_nonce_and_sign_in_time(
    mock: RunningMock, client: httpx2.Client
) -> None:
    sign_in(client, EMAIL)
    signed_in_by = int(mock.state.now())
    mock.advance_clock(120)  # the user consents two minutes after signing in
    answer = consent(client, EMAIL, nonce="n-0S6_WzA2Mj")
    tokens = exchange(client, answer.json()["code"]).json()
    claims = verify(mock, client, tokens["id_token"])
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["aud"] == DEMO_CLIENT_ID
    assert claims["sub"] == userinfo(client, tokens["access_token"]).json()["sub"]
    assert claims["exp"] - claims["iat"] == 86_400
    assert claims["auth_time"] <= signed_in_by  # when the user signed in, not when consented
    assert claims["iat"] - claims["auth_time"] >= 120


def test_no_nonce_claim_without_a_nonce(mock: RunningMock, client: httpx2.Client) -> None:
    claims = verify(mock, client, user_tokens(client, EMAIL)["id_token"])
    assert "nonce" not in claims


def test_nonce_of_get_authorize_reaches_the_id_token(
    mock: RunningMock, client: httpx2.Client
) -> None:
    authorization_code(client, EMAIL)  # signed in and consented: the next GET goes straight back
    answer = client.get(
        "/oauth2/authorize",
        params={
            "response_type": "code",
            "client_id": DEMO_CLIENT_ID,
            "redirect_uri": "http://127.0.0.1:8400/callback",
            "scope": "openid profile meetings:read meetings:write",
            "login_hint": EMAIL,
            "nonce": "from-the-query",
        },
    )
    assert answer.status_code == 302
    code = httpx2.URL(answer.headers["location"]).params["code"]
    claims = verify(mock, client, exchange(client, code).json()["id_token"])
    assert claims["nonce"] == "from-the-query"


@pytest.mark.parametrize(
    ("scope", "present", "absent"),
    [
        ("openid", set(), {"email", "email_verified", "name"}),
        ("openid email", {"email", "email_verified"}, {"name"}),
        ("openid profile", {"email", "email_verified", "name"}, set()),
    ],
)
def test_claims_by_scope(
    mock: RunningMock, client: httpx2.Client, scope: str, present: set[str], absent: set[str]
) -> None:
    claims = verify(mock, client, user_tokens(client, EMAIL, scope=scope)["id_token"])
    assert present <= set(claims)
    assert not absent & set(claims)
    if "email" in present:
        assert (claims["email"], claims["email_verified"]) == (EMAIL, True)
    if "name" in present:
        assert claims["name"] == "grace"  # no name given: the email's local part


def test_refreshed_id_token_keeps_auth_time_and_drops_the_nonce(
    mock: RunningMock, client: httpx2.Client
) -> None:
    first = user_tokens(client, EMAIL, nonce="once")
    original = verify(mock, client, first["id_token"])
    mock.advance_clock(3600)
    again = refresh(client, first["refresh_token"]).json()
    refreshed = verify(mock, client, again["id_token"])
    assert original["nonce"] == "once"
    assert "nonce" not in refreshed  # OIDC Core §12.2
    assert refreshed["auth_time"] == original["auth_time"]
    assert refreshed["iat"] >= original["iat"] + 3600
    assert {k: refreshed[k] for k in ("iss", "sub", "aud")} == {
        k: original[k] for k in ("iss", "sub", "aud")
    }


def rotate(client: httpx2.Client, **body: Any) -> dict[str, Any]:
    answer = client.post("/_mock/keys/rotate", json=body)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_rotation_keeping_the_old_key(mock: RunningMock, client: httpx2.Client) -> None:
    old_token = user_tokens(client, EMAIL)["id_token"]
    old_kid = jwt.get_unverified_header(old_token)["kid"]
    rotated = rotate(client, keep_old=True)
    assert rotated["kid"] != old_kid
    assert rotated["kids"] == [rotated["kid"], old_kid]
    assert verify(mock, client, old_token)["sub"]  # the old key is still published
    new_token = user_tokens(client, "lin@example.com")["id_token"]
    assert jwt.get_unverified_header(new_token)["kid"] == rotated["kid"]
    assert verify(mock, client, new_token)["sub"]


def test_rotation_dropping_the_old_key(mock: RunningMock, client: httpx2.Client) -> None:
    old_token = user_tokens(client, EMAIL)["id_token"]
    old_kid = jwt.get_unverified_header(old_token)["kid"]
    rotated = rotate(client, keep_old=False)
    assert rotated["kids"] == [rotated["kid"]]
    keys = key_set(client)
    with pytest.raises(KeyError):
        keys[old_kid]
    for key in keys.keys:  # no key of the new set verifies a token of the dropped one
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(old_token, key.key, algorithms=["RS256"], audience=DEMO_CLIENT_ID)
    new_token = user_tokens(client, "lin@example.com")["id_token"]
    assert verify(mock, client, new_token)["aud"] == DEMO_CLIENT_ID


def test_rotation_defaults_to_keeping_and_reset_restores_the_first_key(
    mock: RunningMock, client: httpx2.Client
) -> None:
    [first] = client.get("/.well-known/jwks.json").json()["keys"]
    assert len(rotate(client)["kids"]) == 2
    client.post("/_mock/reset")
    assert client.get("/.well-known/jwks.json").json()["keys"] == [first]


@pytest.mark.parametrize("body", [{"keep_old": "yes"}, {"keep_old": None}, {"keep_old": 1}])
def test_rotation_refuses_a_non_boolean(client: httpx2.Client, body: dict[str, Any]) -> None:
    before = client.get("/.well-known/jwks.json").json()
    answer = client.post("/_mock/keys/rotate", json=body)
    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_error"
    assert client.get("/.well-known/jwks.json").json() == before
