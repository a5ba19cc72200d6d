"""The token endpoint's client side: the client_credentials grant and its scopes, malformed
token requests and their error codes, and client authentication (HTTP Basic or form
credentials, wrong or malformed ones, on the other endpoints too).
"""

from __future__ import annotations

import httpx2
import pytest

from contio.mock import DEMO_CLIENT_ID
from tests.mock.flows import REDIRECT_URI, introspect, refresh, user_tokens, userinfo
from tests.mock.tokens_support import EMAIL, error_of


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
