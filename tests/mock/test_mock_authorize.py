"""GET/POST /oauth2/authorize, /oauth2/check-consent and the mock's sign-in pages."""

from __future__ import annotations

import re
from typing import Any

import httpx2
import pytest

from contio.mock import (
    DEMO_CLIENT_ID,
    EXISTING_USER_EMAIL,
    MockConfig,
    RunningMock,
    serve_in_thread,
)
from tests.mock.flows import (
    DEFAULT_SCOPE,
    REDIRECT_URI,
    consent,
    exchange,
    pkce_pair,
    query_of,
    sign_in,
)

EMAIL = "auth@example.com"


def authorize_params(**overrides: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": DEMO_CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": DEFAULT_SCOPE,
        "state": "xyz",
    }
    params.update(overrides)
    return {key: value for key, value in params.items() if value != "<omit>"}


def test_to_sign_in_page_when_nobody_is_signed_in(mock: RunningMock, anon: httpx2.Client) -> None:
    answer = anon.get("/oauth2/authorize", params=authorize_params(login_hint=EMAIL))
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(f"{mock.base_url}/_mock/login?")
    carried = query_of(location)
    assert carried["client_id"] == DEMO_CLIENT_ID
    assert carried["redirect_uri"] == REDIRECT_URI
    assert carried["state"] == "xyz"
    assert carried["login_hint"] == EMAIL
    assert answer.headers["x-request-id"]


def test_straight_back_when_signed_in_and_consented(client: httpx2.Client) -> None:
    sign_in(client, EMAIL)
    assert consent(client, EMAIL, scope="openid profile").status_code == 200
    answer = client.get(
        "/oauth2/authorize", params=authorize_params(scope="openid", login_hint=EMAIL)
    )
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(REDIRECT_URI)
    code = query_of(location)["code"]
    assert query_of(location)["state"] == "xyz"
    tokens = exchange(client, code).json()
    assert tokens["scope"] == "openid"


def test_more_scopes_than_consented_need_the_consent_page(
    mock: RunningMock, client: httpx2.Client
) -> None:
    sign_in(client, EMAIL)
    consent(client, EMAIL, scope="openid")
    answer = client.get("/oauth2/authorize", params=authorize_params(login_hint=EMAIL))
    assert answer.headers["location"].startswith(f"{mock.base_url}/_mock/login?")


def test_signed_out_after_sign_in_lifetime(mock: RunningMock, client: httpx2.Client) -> None:
    sign_in(client, EMAIL)
    consent(client, EMAIL)
    mock.advance_clock(86401)
    answer = client.get("/oauth2/authorize", params=authorize_params(login_hint=EMAIL))
    assert answer.headers["location"].startswith(f"{mock.base_url}/_mock/login?")


def test_auto_approve() -> None:
    config = MockConfig(auto_approve_email="robot@example.com")
    with serve_in_thread(config) as running, httpx2.Client(base_url=running.base_url) as anon:
        verifier, challenge = pkce_pair()
        answer = anon.get(
            "/oauth2/authorize",
            params=authorize_params(code_challenge=challenge, code_challenge_method="S256"),
        )
        assert answer.status_code == 302
        location = answer.headers["location"]
        assert location.startswith(REDIRECT_URI)
        exchanged = anon.post(
            "/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": query_of(location)["code"],
                "redirect_uri": REDIRECT_URI,
                "code_verifier": verifier,
            },
            auth=(DEMO_CLIENT_ID, "demo-secret"),
        )
        assert exchanged.status_code == 200
        info = anon.get(
            "/oauth2/userInfo",
            headers={"Authorization": f"Bearer {exchanged.json()['access_token']}"},
        )
        assert info.json()["email"] == "robot@example.com"


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://127.0.0.1/callback",
        "http://127.0.0.1:1/callback",
        "http://127.0.0.1:65535/callback",
        "http://localhost:3000/callback",
        "http://LOCALHOST:3000/callback",
        "https://app.example.com/callback",
    ],
)
def test_registered_redirect_uris(
    mock: RunningMock, anon: httpx2.Client, redirect_uri: str
) -> None:
    answer = anon.get("/oauth2/authorize", params=authorize_params(redirect_uri=redirect_uri))
    assert answer.status_code == 302


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://app.example.com:8443/callback",  # the port rule is for loopback only
        "https://127.0.0.1/callback",
        "http://127.0.0.1:8080/other",
        "http://127.0.0.1:8080/callback?x=1",
        "http://127.0.0.1:8080/callback#frag",
        "http://127.0.0.1:99999/callback",
        "http://user@127.0.0.1:8080/callback",
        "http://evil.example/callback",
        "not a uri",
        "",
    ],
)
def test_unregistered_redirect_uri(anon: httpx2.Client, redirect_uri: str) -> None:
    answer = anon.get("/oauth2/authorize", params=authorize_params(redirect_uri=redirect_uri))
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"
    assert "location" not in answer.headers  # never redirected (RFC 6749 §4.1.2.1)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"client_id": "nobody"}, "invalid_request"),
        ({"client_id": "<omit>"}, "invalid_request"),
        ({"redirect_uri": "<omit>"}, "invalid_request"),
        ({"response_type": "<omit>"}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "openid admin"}, "invalid_scope"),
        ({"code_challenge_method": "S512", "code_challenge": "a" * 43}, "invalid_request"),
        ({"code_challenge_method": "S256"}, "invalid_request"),
        ({"code_challenge": "short"}, "invalid_request"),
    ],
)
def test_authorize_errors(anon: httpx2.Client, overrides: dict[str, str], error: str) -> None:
    answer = anon.get("/oauth2/authorize", params=authorize_params(**overrides))
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == error
    assert body["request_id"] == answer.headers["x-request-id"]


def test_authorize_rejects_repeated_parameters(anon: httpx2.Client) -> None:
    answer = anon.get(
        "/oauth2/authorize",
        params=[*authorize_params().items(), ("state", "again")],
    )
    assert answer.status_code == 400


def test_default_scope(client: httpx2.Client) -> None:
    sign_in(client, EMAIL)
    answer = consent(client, EMAIL, scope="")
    tokens = exchange(client, answer.json()["code"]).json()
    assert tokens["scope"] == DEFAULT_SCOPE


def test_complete_authorization_requires_sign_in(anon: httpx2.Client) -> None:
    answer = consent(anon, EMAIL)
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"
    existing = consent(anon, EXISTING_USER_EMAIL)
    assert existing.json()["code"] == "unauthorized"


def test_complete_authorization_denied(client: httpx2.Client) -> None:
    sign_in(client, EMAIL)
    answer = consent(client, EMAIL, consent=False)
    assert answer.status_code == 403
    assert answer.json()["code"] == "forbidden"


def test_complete_authorization_without_state(client: httpx2.Client) -> None:
    sign_in(client, EMAIL)
    answer = consent(client, EMAIL, state=None)
    assert answer.status_code == 200
    assert "state" not in answer.json()
    assert query_of(answer.json()["redirect_url"]).keys() == {"code"}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"client_id": "nobody"}, "invalid_client"),
        ({"redirect_uri": "https://evil.example/cb"}, "validation_error"),
        ({"scope": "openid root"}, "invalid_scope"),
        ({"response_type": "token"}, "validation_error"),
        ({"consent": "yes"}, "validation_error"),
        ({"email": "nope"}, "validation_error"),
        ({"code_challenge_method": "S256"}, "validation_error"),
    ],
)
def test_complete_authorization_validation(
    client: httpx2.Client, overrides: dict[str, Any], code: str
) -> None:
    sign_in(client, EMAIL)
    fields = dict(overrides)
    email = str(fields.pop("email", EMAIL))
    answer = consent(client, email, **fields)
    assert answer.status_code == 400
    assert answer.json()["code"] == code


def test_check_consent(mock: RunningMock, client: httpx2.Client) -> None:
    def check(**extra: object) -> dict[str, object]:
        answer = client.post(
            "/oauth2/check-consent", json={"client_id": DEMO_CLIENT_ID, "email": EMAIL, **extra}
        )
        assert answer.status_code == 200, answer.text
        body: dict[str, object] = answer.json()
        return body

    unknown = check(scopes=["openid"])
    assert unknown["has_consent"] is False
    assert unknown["requires_consent"] is True
    assert unknown["session_valid"] is False
    assert str(unknown["redirect_url"]).startswith(f"{mock.base_url}/_mock/login?")

    sign_in(client, EMAIL)
    consent(client, EMAIL, scope="openid profile")
    assert check(scopes=["openid"])["has_consent"] is True
    assert check(scope="openid profile")["has_consent"] is True  # the SDK's spelling
    assert check(scopes=["openid"], scope="profile")["has_consent"] is True
    assert check(scopes=["openid", "calendar:read"])["has_consent"] is False
    assert check()["has_consent"] is False  # default scopes include meetings:*

    with_redirect = check(scope="openid", redirect_uri=REDIRECT_URI, state="s1")
    assert with_redirect["session_valid"] is True
    redirect = str(with_redirect["redirect_url"])
    assert redirect.startswith(f"{REDIRECT_URI}?code=")
    assert query_of(redirect)["state"] == "s1"
    assert exchange(client, query_of(redirect)["code"]).status_code == 200

    mock.advance_clock(86401)
    expired = check(scope="openid", redirect_uri=REDIRECT_URI)
    assert expired["has_consent"] is True
    assert expired["session_valid"] is False
    assert str(expired["redirect_url"]).startswith(f"{mock.base_url}/_mock/login?")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"email": EMAIL}, "validation_error"),
        ({"client_id": "other-client", "email": EMAIL}, "validation_error"),
        ({"client_id": DEMO_CLIENT_ID, "email": EMAIL, "scopes": "openid"}, "validation_error"),
        ({"client_id": DEMO_CLIENT_ID, "email": EMAIL, "scopes": ["nope"]}, "invalid_scope"),
        (
            {"client_id": DEMO_CLIENT_ID, "email": EMAIL, "redirect_uri": "https://x.example/"},
            "validation_error",
        ),
    ],
)
def test_check_consent_validation(
    client: httpx2.Client, body: dict[str, object], code: str
) -> None:
    answer = client.post("/oauth2/check-consent", json=body)
    assert answer.status_code == 400
    assert answer.json()["code"] == code


def test_check_consent_needs_basic(anon: httpx2.Client) -> None:
    answer = anon.post("/oauth2/check-consent", json={"client_id": DEMO_CLIENT_ID, "email": EMAIL})
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def _hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r"<input type='hidden' name='([^']*)' value='([^']*)'>", html))


def test_sign_in_pages_walk_the_flow(mock: RunningMock, anon: httpx2.Client) -> None:
    """What a person does in a browser: authorize -> email -> code -> consent -> callback."""
    start = anon.get("/oauth2/authorize", params=authorize_params(login_hint=EMAIL))
    page = anon.get(start.headers["location"])
    assert page.status_code == 200
    assert "Sign in to Demo Partner App" in page.text
    fields = _hidden_fields(page.text)
    code_page = anon.post("/_mock/login", data={**fields, "email": EMAIL})
    assert code_page.status_code == 200
    [message] = mock.outbox(EMAIL)
    assert message.code in code_page.text
    fields = _hidden_fields(code_page.text)
    wrong = anon.post("/_mock/login", data={**fields, "code": "not-it"})
    assert wrong.status_code == 400
    consent_page = anon.post("/_mock/login", data={**fields, "code": message.code})
    assert consent_page.status_code == 200
    assert "Allow access?" in consent_page.text
    fields = _hidden_fields(consent_page.text)
    done = anon.post("/_mock/login", data={**fields, "decision": "approve"})
    assert done.status_code == 303
    location = done.headers["location"]
    assert location.startswith(REDIRECT_URI)
    assert query_of(location)["state"] == "xyz"
    answer = anon.post(
        "/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": query_of(location)["code"],
            "redirect_uri": REDIRECT_URI,
        },
        auth=(DEMO_CLIENT_ID, "demo-secret"),
    )
    assert answer.status_code == 200
    # Signed in and consented now: the next authorize goes straight back.
    again = anon.get("/oauth2/authorize", params=authorize_params(login_hint=EMAIL))
    assert again.headers["location"].startswith(REDIRECT_URI)


def test_sign_in_page_deny(mock: RunningMock, client: httpx2.Client, anon: httpx2.Client) -> None:
    sign_in(client, EMAIL)
    start = anon.get("/oauth2/authorize", params=authorize_params(login_hint=EMAIL))
    consent_page = anon.get(start.headers["location"])
    assert "Allow access?" in consent_page.text
    denied = anon.post(
        "/_mock/login", data={**_hidden_fields(consent_page.text), "decision": "deny"}
    )
    assert denied.status_code == 303
    assert query_of(denied.headers["location"]) == {"error": "access_denied", "state": "xyz"}


def test_sign_in_page_rejects_bad_requests(anon: httpx2.Client) -> None:
    answer = anon.get("/_mock/login", params=authorize_params(redirect_uri="https://evil.example/"))
    assert answer.status_code == 400
    assert "Invalid sign-in request" in answer.text
