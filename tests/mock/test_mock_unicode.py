"""Text that UTF-8 cannot carry (a lone surrogate) is a 400 in the endpoint's error shape.

JSON can spell a lone surrogate (`"\\ud800"`), and a form or query can carry its WTF-8 bytes
(`%ED%A0%80`); neither is text the mock can put in a URL, a header or an answer. The cases
are generated from the request schemas and parameters of `openapi/contio-oauth.yaml`, so a
field added to the spec is tried without touching this file. The control API and the
sign-in pages, which the spec does not describe, are listed by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2
import pytest
import yaml

from contio.mock import DEMO_API_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, RunningMock
from contio.mock.errors import json_response
from tests.mock.flows import REDIRECT_URI

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "contio-oauth.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
LONE = "\ud800"
#: The WTF-8 bytes of U+D800 percent-encoded: what a form or query carries for it.
LONE_ENCODED = "%ED%A0%80"
FORM = "application/x-www-form-urlencoded"
#: Per error schema of the spec: the field naming the code and the code of a validation error.
VALIDATION_CODE = {
    "OAuthError": ("error", "invalid_request"),
    "ApiError": ("code", "validation_error"),
    "PartnerError": ("code", "validation_error"),
    # The code each admin operation lists for a malformed request (Contio's enums).
    "AdminError": ("code", ("validation_error", "bad_request", "invalid_request_body")),
}
#: The fields the mock puts in every error of each shape. The spec requires fewer (Contio's
#: description requires none), but a client keys on the code and shows the explanation.
ERROR_FIELDS = {
    "OAuthError": {"error", "error_description", "request_id"},
    "ApiError": {"code", "message", "request_id"},
    "PartnerError": {"code", "error", "message", "request_id"},
    "AdminError": {"code", "error", "message", "request_id"},
}


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def ref_name(node: dict[str, Any]) -> str:
    return str(node["$ref"]).rsplit("/", 1)[-1]


def operations() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            # Those with a 400 to answer (the Sign-On callback only ever redirects).
            if method in ("get", "post") and "400" in operation["responses"]:
                yield operation["operationId"], method.upper(), path, operation


def error_schema(operation: dict[str, Any]) -> str:
    """The name of the schema of the operation's 400 answer."""
    response = resolve(operation["responses"]["400"])
    return ref_name(response["content"]["application/json"]["schema"])


def alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    schema = resolve(schema)
    if "oneOf" in schema:
        return [resolve(option) for option in schema["oneOf"]]
    return [schema]


def json_cases() -> list[Any]:
    """(operationId, path, body, error schema): every property of every JSON request body
    replaced by a lone surrogate (and inside an array where it is one), plus a bad key."""
    cases = []
    for operation_id, method, path, operation in operations():
        content = resolve(operation.get("requestBody", {})).get("content", {})
        if method != "POST" or "application/json" not in content:
            continue
        schema = resolve(content["application/json"]["schema"])
        base = dict(content["application/json"].get("example") or schema["example"])
        expected = error_schema(operation)
        bodies: list[tuple[str, dict[str, Any]]] = [("key", {**base, LONE: "x"})]
        for name, prop in schema["properties"].items():
            bodies.append((name, {**base, name: LONE}))
            if resolve(prop).get("type") == "array":
                bodies.append((f"{name}[]", {**base, name: ["openid", LONE]}))
        for label, body in bodies:
            cases.append(pytest.param(path, body, expected, id=f"{operation_id}-{label}"))
    assert len(cases) > 20, "the spec's JSON request bodies were not found"
    return cases


def encode_form(fields: dict[str, str]) -> str:
    return "&".join(
        f"{quote(key)}={LONE_ENCODED if value == LONE else quote(value)}"
        for key, value in fields.items()
    )


def form_cases() -> list[Any]:
    """Every property of every form request body (each grant of the token endpoint)."""
    cases = []
    for operation_id, _, path, operation in operations():
        content = operation.get("requestBody", {}).get("content", {})
        if FORM not in content:
            continue
        for schema in alternatives(content[FORM]["schema"]):
            base = {key: str(value) for key, value in schema["example"].items()}
            for name in schema["properties"]:
                body = encode_form({**base, name: LONE})
                label = f"{operation_id}-{base.get('grant_type', 'form')}-{name}"
                cases.append(pytest.param(path, body, error_schema(operation), id=label))
    assert len(cases) > 15, "the spec's form request bodies were not found"
    return cases


def query_cases() -> list[Any]:
    """Every query parameter of every GET operation."""
    cases = []
    for operation_id, method, path, operation in operations():
        parameters = [
            p for p in map(resolve, operation.get("parameters", [])) if p["in"] == "query"
        ]
        if method != "GET" or not parameters:
            continue
        base = {p["name"]: str(p["example"]) for p in parameters}
        base["redirect_uri"] = REDIRECT_URI
        for parameter in parameters:
            query = encode_form({**base, parameter["name"]: LONE})
            label = f"{operation_id}-{parameter['name']}"
            cases.append(pytest.param(path, query, error_schema(operation), id=label))
    assert cases, "the spec's query parameters were not found"
    return cases


@pytest.fixture(scope="module")
def raw(mock_server: RunningMock) -> Iterator[httpx2.Client]:
    """The shared mock, not reset: every request here is refused before it changes anything."""
    auth = (DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    # The partner's API key too, for the identity-administration paths.
    admin = {"X-API-Key": DEMO_API_KEY, "X-Client-ID": DEMO_CLIENT_ID}
    with httpx2.Client(base_url=mock_server.base_url, auth=auth, headers=admin) as client:
        yield client


def assert_validation_error(response: httpx2.Response, schema: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    field, code = VALIDATION_CODE[schema]
    assert body[field] in ((code,) if isinstance(code, str) else code), body
    described = resolve(SPEC["components"]["schemas"][schema])
    assert set(described.get("required", [])) <= ERROR_FIELDS[schema] <= set(body)
    assert set(body) <= set(described["properties"]), body
    assert body["request_id"] == response.headers["x-request-id"]


def post_json(client: httpx2.Client, path: str, body: dict[str, Any]) -> httpx2.Response:
    # json.dumps escapes the surrogate as \ud800 (ensure_ascii); httpx's json= cannot send it.
    content = json.dumps(body).encode("ascii")
    return client.post(path, content=content, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(("path", "body", "schema"), json_cases())
def test_json_fields(raw: httpx2.Client, path: str, body: dict[str, Any], schema: str) -> None:
    assert_validation_error(post_json(raw, path, body), schema)


@pytest.mark.parametrize(("path", "body", "schema"), form_cases())
def test_form_fields(raw: httpx2.Client, path: str, body: str, schema: str) -> None:
    answer = raw.post(path, content=body, headers={"Content-Type": FORM})
    assert_validation_error(answer, schema)
    unescaped = body.encode("ascii").replace(LONE_ENCODED.encode("ascii"), b"\xed\xa0\x80")
    answer = raw.post(path, content=unescaped, headers={"Content-Type": FORM})
    assert_validation_error(answer, schema)


@pytest.mark.parametrize(("path", "query", "schema"), query_cases())
def test_query_parameters(raw: httpx2.Client, path: str, query: str, schema: str) -> None:
    answer = raw.get(f"{path}?{query}", auth=None)
    assert_validation_error(answer, schema)


def test_path_parameter(raw: httpx2.Client) -> None:
    answer = raw.get(f"/v1/partner/info/{LONE_ENCODED}/public")
    assert answer.status_code == 404  # the server decodes the path with replacement
    assert answer.json()["code"] == "not_found"


CONTROL_BODIES: list[tuple[str, dict[str, Any]]] = [
    ("/_mock/clock", {"advance_seconds": LONE}),
    ("/_mock/clock", {LONE: 1}),
    ("/_mock/faults", {"operation": LONE, "status": 503}),
    ("/_mock/faults", {"operation": "*", "status": LONE}),
    ("/_mock/faults", {"operation": "*", "delay_ms": 1, "drop_connection": LONE}),
    ("/_mock/faults", {"operation": "*", "status": 503, "count": [LONE]}),
    ("/_mock/keys/rotate", {"keep_old": LONE}),
    ("/_mock/keys/rotate", {LONE: True}),
]


@pytest.mark.parametrize(("path", "body"), CONTROL_BODIES)
def test_control_api_json(
    mock_server: RunningMock, raw: httpx2.Client, path: str, body: dict[str, Any]
) -> None:
    before = raw.get("/_mock/clock").json()["offset_seconds"]
    keys = raw.get("/.well-known/jwks.json").json()
    assert_validation_error(post_json(raw, path, body), "ApiError")
    assert mock_server.state.faults.rules == []
    assert raw.get("/_mock/clock").json()["offset_seconds"] == before
    assert raw.get("/.well-known/jwks.json").json() == keys


def test_control_api_query(raw: httpx2.Client) -> None:
    assert_validation_error(raw.get(f"/_mock/outbox?email={LONE_ENCODED}"), "ApiError")


LOGIN_FIELDS = {
    "response_type": "code",
    "client_id": DEMO_CLIENT_ID,
    "redirect_uri": REDIRECT_URI,
    "scope": "openid",
    "state": "st",
    "nonce": "n-1",
    "step": "email",
    "email": "ada@example.com",
}


@pytest.mark.parametrize("name", list(LOGIN_FIELDS))
def test_sign_in_page_fields(raw: httpx2.Client, name: str) -> None:
    fields = {**LOGIN_FIELDS, name: LONE}
    page = raw.get(f"/_mock/login?{encode_form(fields)}")
    posted = raw.post("/_mock/login", content=encode_form(fields), headers={"Content-Type": FORM})
    for answer in (page, posted):
        assert answer.status_code == 400
        assert answer.headers["content-type"].startswith("text/html")
        assert "Invalid sign-in request" in answer.text


def test_answers_never_fail_on_text() -> None:
    """The last line of defence: text that slipped past the checks goes out escaped."""
    answer = json_response({"message": f"bad {LONE}"}, 400)
    assert answer.body == b'{"message":"bad \\ud800"}'
    assert json_response({"name": "Zoë"}).body == '{"name":"Zoë"}'.encode()
