"""The OpenAPI description says what the wire reference says (issue 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from tests.spec_facts import (
    GRANTS,
    IDENTITY_ADMIN,
    KNOWN_SCOPES,
    MUTATIONS,
    NO_BODY_RESPONSES,
    OPERATIONS,
    Operation,
)

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi" / "contio-oauth.yaml"
Spec = dict[str, Any]


@pytest.fixture(scope="module")
def spec() -> Spec:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        loaded: Spec = yaml.safe_load(handle)
    return loaded


def resolve(spec: Spec, node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (one level is all the spec uses, but loop to be safe)."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operation(spec: Spec, op: Operation) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][op.path][op.method]
    return found


def test_spec_is_valid_openapi_3_1() -> None:
    document, base_uri = read_from_filename(str(SPEC_PATH))
    validate(document, base_uri=base_uri)  # raises on any violation
    assert document["openapi"] == "3.1.0"


def test_servers_default_to_auth_host(spec: Spec) -> None:
    urls = [server["url"] for server in spec["servers"]]
    assert urls == ["https://auth.contio.ai", "https://api.contio.ai", "https://beta.api.contio.ai"]


def test_exactly_the_thirty_three_operations(spec: Spec) -> None:
    found = {
        (method, path): details["operationId"]
        for path, item in spec["paths"].items()
        for method, details in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert found == {(op.method, op.path): op.operation_id for op in OPERATIONS}
    # As many as Contio's published description of the auth service: 14 OAuth and OpenID
    # operations, 19 of partner Sign-On, IdP configuration and credentials.
    assert len(found) == 33
    assert len(IDENTITY_ADMIN) == 19


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_security_as_the_wire_reference_says(spec: Spec, op: Operation) -> None:
    expected: list[dict[str, list[str]]] = (
        [] if op.security is None else [{scheme: [] for scheme in op.security.split("+")}]
    )
    assert operation(spec, op).get("security") == expected


def test_security_schemes(spec: Spec) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert schemes["partnerBasic"]["type"] == "http"
    assert schemes["partnerBasic"]["scheme"] == "basic"
    assert schemes["userBearer"]["type"] == "http"
    assert schemes["userBearer"]["scheme"] == "bearer"
    assert (schemes["partnerApiKey"]["in"], schemes["partnerApiKey"]["name"]) == (
        "header",
        "X-API-Key",
    )
    assert (schemes["partnerClientId"]["in"], schemes["partnerClientId"]["name"]) == (
        "header",
        "X-Client-ID",
    )


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_request_media_types(spec: Spec, op: Operation) -> None:
    body = operation(spec, op).get("requestBody")
    if op.media_type is None:
        assert body is None
    else:
        assert body is not None
        body = resolve(spec, body)
        assert body["required"] is True
        assert list(body["content"]) == [op.media_type]


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_response_has_a_named_schema_or_is_documented_bodyless(
    spec: Spec, op: Operation
) -> None:
    responses = operation(spec, op)["responses"]
    assert "429" in responses, "every operation documents the rate limit"
    assert "500" in responses
    for status, raw in responses.items():
        response = resolve(spec, raw)
        assert response.get("description"), (op.operation_id, status)
        content = response.get("content")
        if content is None:
            assert (op.operation_id, status) in NO_BODY_RESPONSES, (op.operation_id, status)
            continue
        media = content["application/json"]
        assert media["schema"]["$ref"].startswith("#/components/schemas/"), (
            op.operation_id,
            status,
        )
        assert "example" in media or "examples" in media, (op.operation_id, status)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_operation_is_described_and_requests_have_examples(spec: Spec, op: Operation) -> None:
    details = operation(spec, op)
    assert details.get("description")
    if op.media_type is not None:
        media = resolve(spec, details["requestBody"])["content"][op.media_type]
        assert "example" in media or "examples" in media


def test_every_schema_is_described(spec: Spec) -> None:
    undocumented = [
        name
        for name, schema in spec["components"]["schemas"].items()
        if not schema.get("description")
    ]
    assert undocumented == []


def test_rate_limit_has_retry_after(spec: Spec) -> None:
    limited = spec["components"]["responses"]["RateLimited"]
    retry_after = resolve(spec, limited["headers"]["Retry-After"])
    assert retry_after["required"] is True
    assert retry_after["schema"]["type"] == "integer"


def test_authorize_redirect_has_location(spec: Spec) -> None:
    redirect = spec["paths"]["/oauth2/authorize"]["get"]["responses"]["302"]
    assert redirect["headers"]["Location"]["required"] is True


def test_userinfo_401_has_www_authenticate(spec: Spec) -> None:
    unauthorized = spec["paths"]["/oauth2/userInfo"]["get"]["responses"]["401"]
    assert unauthorized["headers"]["WWW-Authenticate"]["required"] is True
    assert unauthorized["content"]["application/json"]["schema"]["$ref"].endswith("/OAuthError")


def test_initiate_documents_every_workspace_error(spec: Spec) -> None:
    responses = spec["paths"]["/auth/initiate"]["post"]["responses"]
    for status in ("400", "403", "404", "409"):
        schema = resolve(spec, responses[status])["content"]["application/json"]["schema"]
        assert schema["$ref"].endswith("/PartnerError"), status
    partner_error = spec["components"]["schemas"]["PartnerError"]
    assert {"code", "error", "message", "request_id", "workspace_id"} <= set(
        partner_error["properties"]
    )
    assert partner_error["properties"]["workspace_id"]["format"] == "uuid"


def test_token_request_discriminator_maps_all_three_grants(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    token_request = schemas["TokenRequest"]
    assert token_request["discriminator"]["propertyName"] == "grant_type"
    mapping = token_request["discriminator"]["mapping"]
    assert mapping == {grant: f"#/components/schemas/{name}" for grant, name in GRANTS.items()}
    assert sorted(ref["$ref"] for ref in token_request["oneOf"]) == sorted(mapping.values())
    for grant, name in GRANTS.items():
        grant_type = schemas[name]["properties"]["grant_type"]
        # Every grant's enum lists all three (generators that flatten the form merge them);
        # the pattern pins the one this grant is.
        assert sorted(grant_type["enum"]) == sorted(GRANTS)
        assert grant_type["pattern"] == f"^{grant}$"
        # client_secret_post is described as the alternative to Basic on every grant
        assert {"client_id", "client_secret"} <= set(schemas[name]["properties"])
    code_grant = schemas["AuthorizationCodeGrant"]
    assert "code_verifier" in code_grant["properties"]
    assert "code_verifier" not in code_grant["required"]
    assert set(code_grant["required"]) == {"grant_type", "code", "redirect_uri"}


def test_enums_and_formats(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    for body in ("RevokeRequest", "IntrospectRequest"):
        hint = schemas[body]["properties"]["token_type_hint"]
        assert hint["enum"] == ["access_token", "refresh_token"], body
    assert schemas["CodeChallengeMethod"]["enum"] == ["S256", "plain"]
    assert schemas["InitiatePartnerAuthRequest"]["properties"]["workspace_id"]["format"] == "uuid"
    assert schemas["InitiatePartnerAuthRequest"]["properties"]["email"]["format"] == "email"
    for field in ("exp", "iat", "nbf"):
        assert schemas["TokenIntrospection"]["properties"][field]["format"] == "int64"
    assert schemas["TokenIntrospection"]["required"] == ["active"]
    assert schemas["UserInfo"]["required"] == ["sub"]


def test_scopes_are_documented_not_closed(spec: Spec) -> None:
    scope = spec["components"]["schemas"]["Scope"]
    assert "enum" not in scope
    for known in KNOWN_SCOPES:
        assert f"`{known}`" in scope["description"]


def test_token_response_links_to_introspect_revoke_and_userinfo(spec: Spec) -> None:
    links = spec["paths"]["/oauth2/token"]["post"]["responses"]["200"]["links"]
    targets = {link["operationId"] for link in links.values()}
    assert targets == {"introspectOauthToken", "revokeOauthToken", "getOauthUserInfo"}
    known_ids = {op.operation_id for op in OPERATIONS}
    assert targets <= known_ids
    introspect = links["IntrospectAccessToken"]["parameters"]
    assert introspect["body.token"] == "$response.body#/access_token"
    revoke = links["RevokeRefreshToken"]["parameters"]
    assert revoke["body.token"] == "$response.body#/refresh_token"
    # openapi-generator refuses a link's requestBody that is not a plain runtime expression.
    assert all("requestBody" not in link for link in links.values())


def test_openid_discovery_and_keys(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    discovery = schemas["OpenIDConfiguration"]
    # OpenID Connect Discovery 1.0 §3's required metadata, and what Contio lists.
    assert {"issuer", "authorization_endpoint", "jwks_uri", "response_types_supported"} <= set(
        discovery["required"]
    )
    assert {
        "userinfo_endpoint",
        "revocation_endpoint",
        "introspection_endpoint",
        "scopes_supported",
        "token_endpoint_auth_methods_supported",
        "claims_supported",
    } <= set(discovery["properties"])
    key_set = schemas["JSONWebKeySet"]
    assert key_set["properties"]["keys"]["items"]["$ref"] == "#/components/schemas/JSONWebKey"
    key = schemas["JSONWebKey"]["properties"]
    assert {"kty", "kid", "alg", "use", "n", "e", "crv", "x", "y"} <= set(key)
    assert "d" not in key  # a public key set never carries private members


def test_nonce_on_both_authorization_requests(spec: Spec) -> None:
    query = spec["paths"]["/oauth2/authorize"]["get"]["parameters"]
    [nonce] = [param for param in query if param["name"] == "nonce"]
    assert nonce["in"] == "query"
    assert nonce["required"] is False
    assert "OpenID Connect Core" in nonce["description"]
    assert "does not list" in nonce["description"]
    body = spec["components"]["schemas"]["CompleteAuthorizationRequest"]
    assert body["properties"]["nonce"] == nonce["schema"]
    assert "nonce" not in body["required"]


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_mutations_take_an_idempotency_key_and_say_when_replayed(spec: Spec, op: Operation) -> None:
    details = operation(spec, op)
    keys = [
        resolve(spec, param)
        for param in details.get("parameters", [])
        if resolve(spec, param)["name"] == "Idempotency-Key"
    ]
    if op.operation_id not in MUTATIONS:
        assert keys == []
        return
    [key] = keys
    assert (key["in"], key.get("required", False)) == ("header", False)
    success = [status for status in details["responses"] if status.startswith("2")]
    for status in success:
        headers = resolve(spec, details["responses"][status])["headers"]
        assert "Idempotent-Replayed" in headers, (op.operation_id, status)
    # A repeat in flight is a 409 that says when to retry.
    conflict = resolve(spec, details["responses"]["409"])
    assert "Retry-After" in conflict["headers"]
    schema = resolve(spec, conflict["content"]["application/json"]["schema"])
    assert "retry_after" in schema["properties"]


def test_the_idp_client_secret_is_never_answered(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    for request in ("CreateIdpConfigRequest", "UpdateIdpConfigRequest"):
        assert schemas[request]["properties"]["idp_client_secret"]["writeOnly"] is True
    assert "idp_client_secret" not in schemas["IdpConfig"]["properties"]
    assert schemas["DiscoveryUrl"]["pattern"] == "^https://"


def test_admin_errors_are_contios_partner_shape(spec: Spec) -> None:
    for name in IDENTITY_ADMIN:
        [op] = [op for op in OPERATIONS if op.operation_id == name]
        for status, raw in operation(spec, op)["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            schema = resolve(spec, raw)["content"]["application/json"]["schema"]["$ref"]
            # Sign-On's own errors are the general shape, its 400s the partner one.
            partner = op.security is not None or status == "400"
            wanted = "/AdminError" if partner else "/ApiError"
            assert schema.endswith(wanted), (name, status)
