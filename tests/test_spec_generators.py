"""The spec as other generators read it (issue 13): shapes every generator turns into a client
that compiles and can make every call, and response fields required no more than an RFC says.

`tests/other_languages/run.sh` proves the generators themselves; these tests pin the shapes
that made them agree, so that an edit which would break one fails here in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS31Validator

from tests.spec_facts import GRANTS

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi" / "contio-oauth.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
FORM = "application/x-www-form-urlencoded"

#: The only response fields the spec requires, each because an RFC or OpenID Connect makes it
#: REQUIRED. Contio's published description requires none; everything else is optional, so a
#: generated client does not throw on an answer that description allows.
RESPONSE_REQUIRED: dict[str, set[str]] = {
    "TokenResponse": {"access_token", "token_type"},  # RFC 6749 §5.1 (expires_in: RECOMMENDED)
    "TokenIntrospection": {"active"},  # RFC 7662 §2.2
    "UserInfo": {"sub"},  # OpenID Connect Core §5.3.2
    "OAuthError": {"error"},  # RFC 6749 §5.2, RFC 6750 §3
    "OpenIDConfiguration": {  # OpenID Connect Discovery 1.0 §3
        "issuer",
        "authorization_endpoint",
        "token_endpoint",
        "jwks_uri",
        "response_types_supported",
        "subject_types_supported",
        "id_token_signing_alg_values_supported",
    },
    "JSONWebKeySet": {"keys"},  # RFC 7517 §5
    "JSONWebKey": {"kty"},  # RFC 7517 §4.1
}


def validator(name: str) -> OAS31Validator:
    return OAS31Validator(
        {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}
    )


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def operations() -> Iterator[tuple[str, dict[str, Any]]]:
    for item in SPEC["paths"].values():
        for method, operation in item.items():
            if method in ("get", "post"):
                yield operation["operationId"], operation


def schema_names(node: Any) -> Iterator[str]:
    """The named schemas a schema uses, itself included, however deep."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            yield name
            yield from schema_names(SCHEMAS[name])
        for value in node.values():
            yield from schema_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from schema_names(value)


def response_schemas() -> set[str]:
    names: set[str] = set()
    for _, operation in operations():
        for raw in operation["responses"].values():
            for media in resolve(raw).get("content", {}).values():
                names.update(schema_names(media["schema"]))
    return names


def test_response_fields_are_required_only_where_an_rfc_requires_them() -> None:
    names = response_schemas()
    assert set(RESPONSE_REQUIRED) <= names
    stricter = {
        name: SCHEMAS[name]["required"]
        for name in sorted(names)
        if set(SCHEMAS[name].get("required", [])) != RESPONSE_REQUIRED.get(name, set())
    }
    assert stricter == {}


def test_a_token_response_without_expires_in_is_valid() -> None:
    # RFC 6749 §5.1 only recommends expires_in; the facade treats the expiry as unknown.
    assert validator("TokenResponse").is_valid({"access_token": "at", "token_type": "Bearer"})
    assert not validator("TokenResponse").is_valid({"token_type": "Bearer"})


def test_health_checks_take_any_value() -> None:
    # Contio's description says `additionalProperties: true`: a check may report an object.
    body = {"status": "healthy", "checks": {"storage": "ok", "queue": {"lag": 3}}}
    assert validator("HealthStatus").is_valid(body)


def token_request_examples() -> dict[str, dict[str, Any]]:
    media = SPEC["paths"]["/oauth2/token"]["post"]["requestBody"]["content"][FORM]
    return {name: example["value"] for name, example in media["examples"].items()}


@pytest.mark.parametrize("example", sorted(token_request_examples()))
def test_each_token_request_is_exactly_its_own_grant(example: str) -> None:
    body = token_request_examples()[example]
    accepting = [name for name in GRANTS.values() if validator(name).is_valid(body)]
    assert accepting == [GRANTS[body["grant_type"]]]
    assert validator("TokenRequest").is_valid(body)


def test_a_grant_type_of_another_grant_is_refused() -> None:
    # The enum lists the three grants for the generators that flatten the form; the pattern
    # still says which grant a schema is.
    for grant, name in GRANTS.items():
        for other in GRANTS:
            body = {
                "grant_type": other,
                "code": "c",
                "redirect_uri": "https://a.example/cb",
                "refresh_token": "rt",
            }
            assert validator(name).is_valid(body) == (other == grant), (name, other)
    assert not validator("TokenRequest").is_valid({"grant_type": "password"})
    assert not validator("TokenRequest").is_valid({"scope": "openid"})


def test_the_flattened_token_request_names_every_grant() -> None:
    # openapi-generator flattens the form into one parameter list and takes grant_type from
    # the first place it finds it: each place must list all three.
    token_request = SCHEMAS["TokenRequest"]
    assert token_request["required"] == ["grant_type"]
    assert sorted(token_request["properties"]["grant_type"]["enum"]) == sorted(GRANTS)
    for name in GRANTS.values():
        assert sorted(SCHEMAS[name]["properties"]["grant_type"]["enum"]) == sorted(GRANTS)


def form_schemas() -> Iterator[tuple[str, str]]:
    for operation_id, operation in operations():
        content = operation.get("requestBody", {}).get("content", {})
        if FORM in content:
            for name in schema_names(content[FORM]["schema"]):
                yield operation_id, name


def test_no_form_field_is_a_named_enum() -> None:
    # openapi-generator's rust client does not compile a $ref'd enum inside a form body
    # (`models::models::TokenTypeHint`), and go's enum constants collide across named enums.
    found = [
        (operation_id, name, field)
        for operation_id, name in form_schemas()
        for field, prop in SCHEMAS[name].get("properties", {}).items()
        if "$ref" in prop and "enum" in resolve(prop)
    ]
    assert found == []
    enums = sorted(name for name, schema in SCHEMAS.items() if "enum" in schema)
    # Named enums whose values collide with no other named enum's (go names the constants by
    # value alone).
    assert enums == ["CodeChallengeMethod", "CredentialType", "IdpMode", "ResponseType"]


@pytest.mark.parametrize("name", ["RevokeRequest", "IntrospectRequest"])
def test_an_empty_token_is_refused(name: str) -> None:
    assert SCHEMAS[name]["properties"]["token"]["minLength"] == 1
    assert not validator(name).is_valid({"token": ""})
    assert validator(name).is_valid({"token": "t", "token_type_hint": "refresh_token"})


@pytest.mark.parametrize("name", ["CheckConsentRequest", "CompleteAuthorizationRequest"])
def test_a_challenge_method_needs_a_challenge(name: str) -> None:
    assert SCHEMAS[name]["dependentRequired"] == {"code_challenge_method": ["code_challenge"]}
    body = dict(SCHEMAS[name]["example"], code_challenge_method="S256")
    body.pop("code_challenge", None)
    assert not validator(name).is_valid(body)
    body["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert validator(name).is_valid(body)


def test_the_authorize_endpoint_is_a_url_to_build() -> None:
    authorize = SPEC["paths"]["/oauth2/authorize"]["get"]
    # openapi-generator leaves x-internal operations out: its clients would treat the 302 as
    # an error. The description tells every other reader to build the URL.
    assert authorize["x-internal"] is True
    assert "Build the URL, do not call it" in authorize["description"]
    [method] = [p for p in authorize["parameters"] if p["name"] == "code_challenge_method"]
    assert "Only with `code_challenge`" in " ".join(method["description"].split())
