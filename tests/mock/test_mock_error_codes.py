"""The mock speaks Contio's error dialect: every `code` of a general (`ApiError`) body is one
that Contio's published `errors.ErrorResponse` allows, or one the wire reference names.

Contio's description lists the general codes; the wire reference adds the OAuth errors
(RFC 6749) and the partner endpoints' own codes, whose `PartnerErrorResponse` shape has no
closed list (its own example, `invalid_request`, is outside the general one).
"""

from __future__ import annotations

import httpx2
import pytest

from contio.mock import DEMO_CLIENT_ID, RunningMock
from tests.mock.flows import REDIRECT_URI, consent, sign_in

#: `errors.ErrorResponse.code` of Contio's published description 1.10.0 (the auth service's
#: share of it; the rest name other APIs' resources).
CONTIO_GENERAL_CODES = frozenset(
    {
        "not_found",
        "bad_request",
        "validation_error",
        "unauthorized",
        "forbidden",
        "conflict",
        "resource_already_exists",
        "too_many_requests",
        "internal_server_error",
    }
)
#: OAuth errors the wire reference names, used in the general shape by the consent endpoints.
OAUTH_CODES = frozenset({"invalid_client", "invalid_scope"})
#: Injected gateway failures (502-504): what a proxy in front of the service would say.
GATEWAY_CODES = frozenset({"bad_gateway", "service_unavailable", "gateway_timeout"})
ALLOWED = CONTIO_GENERAL_CODES | OAUTH_CODES


def api_code(answer: httpx2.Response) -> str:
    body = answer.json()
    assert set(body) == {"code", "message", "request_id"}, body
    return str(body["code"])


def test_unknown_partner_is_not_found(anon: httpx2.Client) -> None:
    answer = anon.get("/v1/partner/info/nobody/public")
    assert answer.status_code == 404
    assert api_code(answer) == "not_found"


def test_routing_errors(anon: httpx2.Client) -> None:
    assert api_code(anon.get("/no/such/path")) == "not_found"
    assert api_code(anon.put("/oauth2/token")) == "bad_request"


def test_consent_endpoint_errors(client: httpx2.Client, anon: httpx2.Client) -> None:
    email = "codes@example.com"
    answers = [
        consent(anon, email),  # not signed in
        consent(anon, email, client_id="nobody"),
        consent(anon, email, redirect_uri="https://evil.example/cb"),
        consent(anon, email, scope="openid root"),
        consent(anon, email, response_type="token"),
        client.post("/oauth2/check-consent", json={"client_id": DEMO_CLIENT_ID}),
        client.post(
            "/oauth2/check-consent",
            json={"client_id": DEMO_CLIENT_ID, "email": email, "redirect_uri": "https://x.test/"},
        ),
    ]
    sign_in(client, email)
    answers.append(consent(client, email, consent=False))  # denied
    codes = {api_code(answer) for answer in answers}
    assert codes <= ALLOWED, codes - ALLOWED
    assert {"unauthorized", "forbidden", "validation_error", "invalid_client"} <= codes


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "bad_request"),
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "not_found"),
        (409, "conflict"),
        (418, "bad_request"),
        (500, "internal_server_error"),
        (501, "internal_server_error"),
        (502, "bad_gateway"),
        (503, "service_unavailable"),
        (504, "gateway_timeout"),
    ],
)
def test_injected_statuses(
    mock: RunningMock, client: httpx2.Client, status: int, code: str
) -> None:
    fault = {"operation": "getOauthHealth", "status": status}
    assert client.post("/_mock/faults", json=fault).status_code == 200
    answer = client.get("/oauth2/health")
    assert answer.status_code == status
    assert api_code(answer) == code
    assert code in CONTIO_GENERAL_CODES | GATEWAY_CODES


def test_sign_in_page_deny_keeps_the_oauth_redirect_error(
    client: httpx2.Client, anon: httpx2.Client
) -> None:
    """On the redirect, `access_denied` is RFC 6749 §4.1.2.1's word, not a general code."""
    email = "deny@example.com"
    sign_in(client, email)
    fields = {
        "response_type": "code",
        "client_id": DEMO_CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "state": "s",
        "step": "consent",
        "email": email,
        "decision": "deny",
    }
    answer = anon.post("/_mock/login", data=fields)
    assert answer.status_code == 303
    assert httpx2.URL(answer.headers["location"]).params["error"] == "access_denied"
