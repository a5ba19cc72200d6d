"""No input, however malformed, makes the mock answer 5xx; every answer has a request id and
every error the endpoint's body shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, RunningMock

FORM_ENDPOINTS = ["/oauth2/token", "/oauth2/revoke", "/oauth2/introspect"]
JSON_ENDPOINTS = ["/oauth2/authorize", "/oauth2/check-consent", "/auth/initiate", "/auth/verify"]
GET_ENDPOINTS = [
    "/oauth2/authorize",
    "/oauth2/userInfo",
    "/oauth2/scopes",
    "/oauth2/health",
    "/v1/partner/info/demo-client/public",
]
OAUTH_SHAPE = {"error", "error_description", "request_id"}
API_SHAPE = {"code", "message", "request_id"}
PARTNER_SHAPE = {"code", "error", "message", "request_id"}


def assert_well_formed(response: httpx2.Response) -> None:
    assert response.status_code < 500, response.text
    request_id = response.headers["x-request-id"]
    if response.status_code >= 400:
        body = response.json()
        assert body["request_id"] == request_id
        assert set(body) in (OAUTH_SHAPE, API_SHAPE, PARTNER_SHAPE), body


@pytest.fixture(scope="module")
def raw(mock_server: RunningMock) -> Iterator[httpx2.Client]:
    """Authenticated client on the shared mock, not reset: these tests change nothing useful."""
    with httpx2.Client(
        base_url=mock_server.base_url, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    ) as client:
        yield client


MALFORMED_BODIES: list[tuple[bytes, str]] = [
    (b"{", "application/json"),
    (b"[1, 2]", "application/json"),
    (b'"just a string"', "application/json"),
    (b"null", "application/json"),
    (b"", "application/json"),
    (b'{"client_id": NaN}', "application/json"),
    (b"\xff\xfe\x00{", "application/json"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    (b'{"a": ' + b"9" * 10_000 + b"}", "application/json"),
    (b"x" * (100 * 1024), "application/json"),
    (b"grant_type", "application/x-www-form-urlencoded"),
    (b"grant_type=%zz", "application/x-www-form-urlencoded"),
    (b"grant_type=%ff%fe", "application/x-www-form-urlencoded"),
    (b"\xff=\xfe", "application/x-www-form-urlencoded"),
    (b"a=1&a=2", "application/x-www-form-urlencoded"),
    (b"=x", "application/x-www-form-urlencoded"),
    (b"&" * 1000, "application/x-www-form-urlencoded"),
    (b"grant_type=client_credentials", "text/plain"),
    (b"grant_type=client_credentials", "multipart/form-data; boundary=x"),
]


@pytest.mark.parametrize("path", FORM_ENDPOINTS + JSON_ENDPOINTS)
@pytest.mark.parametrize(("body", "content_type"), MALFORMED_BODIES)
def test_malformed_bodies(raw: httpx2.Client, path: str, body: bytes, content_type: str) -> None:
    response = raw.post(path, content=body, headers={"Content-Type": content_type})
    assert_well_formed(response)
    if path in FORM_ENDPOINTS and content_type.startswith("application/json"):
        assert response.status_code == 400


#: Wrong types of fields that every JSON endpoint reads: always a 400.
WRONG_COMMON_TYPES: list[dict[str, Any]] = [
    {"client_id": 1, "email": "a@example.com"},
    {"client_id": "c" * 5000, "email": "a@example.com"},
    {"client_id": DEMO_CLIENT_ID, "email": ["a@example.com"]},
    {"client_id": DEMO_CLIENT_ID, "email": {"x": 1}},
    {"client_id": DEMO_CLIENT_ID, "email": None},
    {"client_id": DEMO_CLIENT_ID, "email": "e" * 300 + "@example.com"},
]
#: Wrong types of fields only some endpoints read (the others ignore them): never a 5xx.
WRONG_OTHER_TYPES: list[dict[str, Any]] = [
    {"client_id": DEMO_CLIENT_ID, "email": "a@example.com", "scopes": [1, 2]},
    {"client_id": DEMO_CLIENT_ID, "email": "a@example.com", "code": 123456, "session": "s"},
    {"client_id": DEMO_CLIENT_ID, "email": "a@example.com", "consent": "true"},
    {"client_id": DEMO_CLIENT_ID, "email": "a@example.com", "workspace_id": {"id": 1}},
    {"client_id": DEMO_CLIENT_ID, "email": "a@example.com", "name": "n" * 5000},
]


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
@pytest.mark.parametrize("body", WRONG_COMMON_TYPES + WRONG_OTHER_TYPES)
def test_wrong_types(raw: httpx2.Client, path: str, body: dict[str, Any]) -> None:
    response = raw.post(path, json=body)
    assert_well_formed(response)
    if body in WRONG_COMMON_TYPES:
        assert response.status_code == 400


@pytest.mark.parametrize("path", FORM_ENDPOINTS)
def test_huge_form_field(raw: httpx2.Client, path: str) -> None:
    response = raw.post(path, data={"grant_type": "client_credentials", "token": "t" * 10_000})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize(
    "query",
    [
        b"client_id=%ff",
        b"a",
        b"client_id=demo-client&client_id=demo-client",
        b"redirect_uri=" + b"x" * 10_000,
        b"%zz=1",
    ],
)
def test_malformed_query(raw: httpx2.Client, query: bytes) -> None:
    response = raw.get("/oauth2/authorize?" + query.decode("latin-1"))
    assert_well_formed(response)
    assert response.status_code == 400


def test_routing_errors_have_the_api_shape(raw: httpx2.Client) -> None:
    missing = raw.get("/no/such/path")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert missing.json()["request_id"] == missing.headers["x-request-id"]
    wrong_method = raw.put("/oauth2/token")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "POST"
    assert wrong_method.json()["code"] == "bad_request"
    both = raw.delete("/oauth2/authorize")
    assert both.status_code == 405
    assert set(both.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}


def test_request_ids_are_unique(raw: httpx2.Client) -> None:
    ids = {raw.get("/oauth2/health").headers["x-request-id"] for _ in range(20)}
    assert len(ids) == 20


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "client_id",
                    "email",
                    "code",
                    "session",
                    "scope",
                    "scopes",
                    "workspace_id",
                    "is_admin",
                    "consent",
                    "redirect_uri",
                    "response_type",
                    "code_challenge",
                ]
            )
            | st.text(max_size=10),
            children,
            max_size=6,
        )
    ),
    max_leaves=12,
)
SETTINGS = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    path=st.sampled_from(FORM_ENDPOINTS + JSON_ENDPOINTS),
    body=st.binary(max_size=300),
    content_type=st.sampled_from(
        ["application/json", "application/x-www-form-urlencoded", "text/plain", ""]
    ),
    authenticated=st.booleans(),
)
def test_random_bytes_never_5xx(
    raw: httpx2.Client, path: str, body: bytes, content_type: str, authenticated: bool
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    request = raw.build_request("POST", path, content=body, headers=headers)
    response = raw.send(request, auth=httpx2.USE_CLIENT_DEFAULT if authenticated else None)
    assert_well_formed(response)


@SETTINGS
@given(path=st.sampled_from(JSON_ENDPOINTS), value=json_values)
def test_random_json_never_5xx(raw: httpx2.Client, path: str, value: Any) -> None:
    response = raw.post(
        path, content=json.dumps(value), headers={"Content-Type": "application/json"}
    )
    assert_well_formed(response)


@SETTINGS
@given(
    path=st.sampled_from(FORM_ENDPOINTS),
    form=st.dictionaries(
        st.sampled_from(
            [
                "grant_type",
                "code",
                "redirect_uri",
                "code_verifier",
                "refresh_token",
                "scope",
                "token",
                "token_type_hint",
                "client_id",
                "client_secret",
            ]
        ),
        st.sampled_from(["authorization_code", "refresh_token", "client_credentials", "openid"])
        | st.text(max_size=30),
        max_size=6,
    ),
)
def test_random_forms_never_5xx(raw: httpx2.Client, path: str, form: dict[str, str]) -> None:
    assert_well_formed(raw.post(path, data=form))


@SETTINGS
@given(
    path=st.sampled_from(GET_ENDPOINTS),
    params=st.lists(st.tuples(st.text(max_size=15), st.text(max_size=40)), max_size=8),
    authorization=st.none()
    | st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40),
)
def test_random_gets_never_5xx(
    raw: httpx2.Client,
    path: str,
    params: list[tuple[str, str]],
    authorization: str | None,
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    request = raw.build_request("GET", path, params=tuple(params), headers=headers)
    assert_well_formed(raw.send(request, auth=None))
