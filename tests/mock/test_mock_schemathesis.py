"""Contract test: schemathesis checks the mock against `openapi/contio-oauth.yaml`, and its
identity-administration paths against Contio's own published description of them.

Every operation, every schemathesis check, with real credentials (the demo client's Basic
credentials, its API key and a live user access token) so that generated requests reach the
mock's logic rather than stopping at 401, then a stateful phase that follows the spec's links
(token response -> introspect / revoke / userInfo; a rotation -> its rollback; a Sign-On ->
its session; a domain challenge -> its check). Seeded and bounded. A generated rotation may
end the demo credentials' grace period at once: each case starts with them restored.

The mock runs in-process through schemathesis's ASGI transport. The schema is built at
import time because `@schema.parametrize()` needs it then (schemathesis's fixture-based
loader does not work with pytest 9).
"""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import httpx2
import hypothesis
import pytest
import schemathesis
import yaml

from contio.mock import (
    DEMO_API_KEY,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    MockConfig,
    MockState,
    create_app,
    get_state,
)
from tests.mock.flows import REDIRECT_URI

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "contio-oauth.yaml"
#: Contio's published description of the identity-administration paths (Swagger 2.0).
PUBLISHED_ADMIN = SPEC.parent / "upstream" / "contio-published-identity-admin-1.10.0.json"
SEED = 20_260_101
MAX_EXAMPLES = 50

#: The OAuth endpoints answer schema-valid requests that name things that do not exist
#: (clients, codes, scopes, redirect URIs) with a documented 400, as RFC 6749 §5.2 says.
POSITIVE_EXPECTED = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]

APP = create_app(MockConfig(control_api_hosts=("mock",)))
ADMIN_HEADERS = {"X-API-Key": DEMO_API_KEY, "X-Client-ID": DEMO_CLIENT_ID}
IDP = {
    "name": "Contract IdP",
    "discovery_url": "https://idp.example.net/.well-known/openid-configuration",
    "idp_client_id": "contract-client",
    "idp_client_secret": "contract-secret",
    "mode": "partner_managed",
}


def restore_demo_partner(state: MockState) -> None:
    """The identity administration as seeded (a case may have rotated the credentials the
    next one authenticates with), with the identity provider Sign-On needs."""
    state.reset_admin()
    state.admin.idp[DEMO_CLIENT_ID] = copy.deepcopy(DEMO_IDP)


async def live_access_token() -> str:
    """A user's access token with every user scope, obtained through the mock's real flow."""
    email = "contract@example.com"
    async with httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=APP),
        base_url="http://mock",
        auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
    ) as client:
        user = {"client_id": DEMO_CLIENT_ID, "email": email}
        session = (await client.post("/auth/initiate", json=user)).json()["session"]
        outbox = (await client.get("/_mock/outbox", params={"email": email})).json()
        code = outbox["messages"][-1]["code"]
        verified = await client.post(
            "/auth/verify", json={**user, "code": code, "session": session}
        )
        assert verified.status_code == 200, verified.text
        consent = {"redirect_uri": REDIRECT_URI, "response_type": "code", "consent": True}
        scope = {"scope": "openid profile email"}
        authorized = await client.post("/oauth2/authorize", json={**user, **consent, **scope})
        grant = {"grant_type": "authorization_code", "redirect_uri": REDIRECT_URI}
        token = await client.post(
            "/oauth2/token", data={**grant, "code": authorized.json()["code"]}
        )
        assert token.status_code == 200, token.text
        # An identity provider, so that Sign-On can start.
        created = await client.post("/v1/partner/admin/idp", json=IDP, headers=ADMIN_HEADERS)
        assert created.status_code == 201, created.text
        return str(token.json()["access_token"])


CONFIG_DATA: dict[str, Any] = {
    "seed": SEED,
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none"},
    "auth": {
        "openapi": {
            "partnerBasic": {"username": DEMO_CLIENT_ID, "password": DEMO_CLIENT_SECRET},
            "userBearer": {"bearer": asyncio.run(live_access_token())},
            "partnerApiKey": {"api_key": DEMO_API_KEY},
            "partnerClientId": {"api_key": DEMO_CLIENT_ID},
        }
    },
    "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_EXPECTED}},
    "phases": {"stateful": {"max-steps": 8}},
    "operations": [
        {
            # A browser's redirect target: every request is answered with a redirect to
            # Contio's app (its error page for a malformed one), never with a 4xx.
            "include-operation-id": "verifySsoCallback",
            "checks": {"negative_data_rejection": {"enabled": False}},
        }
    ],
}
CONFIG = schemathesis.Config.from_dict(CONFIG_DATA)
DEMO_IDP = copy.deepcopy(get_state(APP).admin.idp[DEMO_CLIENT_ID])
schema = schemathesis.openapi.from_path(str(SPEC), config=CONFIG)
schema.app = APP
PUBLISHED_CONFIG = schemathesis.Config.from_dict(
    {
        **CONFIG_DATA,
        # Contio's description names the same two headers so.
        "auth": {
            "openapi": {
                "PartnerAPIKeyAuth": {"api_key": DEMO_API_KEY},
                "PartnerClientIdAuth": {"api_key": DEMO_CLIENT_ID},
            }
        },
        "operations": [
            *CONFIG_DATA["operations"],
            {
                # Contio describes its redirects' bodies as a JSON string; a redirect carries
                # none (its Location is the answer).
                "include-operation-id": ["verifySsoCallback", "initiateSso"],
                "checks": {
                    "response_schema_conformance": {"enabled": False},
                    "content_type_conformance": {"enabled": False},
                },
            },
            {
                # A malformed Idempotency-Key is a 400, which Contio's description does not list
                # for a deletion (upstream-known-differences.yaml: idempotency); its 204 has no
                # body, so no Content-Type, where Contio's description says JSON throughout.
                "include-operation-id": "deleteIdpConfig",
                "checks": {
                    "status_code_conformance": {"enabled": False},
                    "content_type_conformance": {"enabled": False},
                },
            },
        ],
    }
)
published = schemathesis.openapi.from_path(str(PUBLISHED_ADMIN), config=PUBLISHED_CONFIG)
published.app = APP


@schema.parametrize()
def test_operations(case: schemathesis.Case[Any]) -> None:
    restore_demo_partner(get_state(APP))
    case.call_and_validate()


@published.parametrize()
def test_operations_of_contios_published_description(case: schemathesis.Case[Any]) -> None:
    restore_demo_partner(get_state(APP))
    case.call_and_validate()


SETTINGS = hypothesis.settings(
    max_examples=60,
    stateful_step_count=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    # The mock keeps its state from one scenario to the next: a failure is reported as it
    # happened, not replayed against a server that has moved on.
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)
SPEC_DOC: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
PUBLISHED_DOC: dict[str, Any] = json.loads(PUBLISHED_ADMIN.read_text(encoding="utf-8"))
ADMIN_PREFIXES = ("/v1/partner/sso/", "/v1/partner/admin/")
#: The links of the spec, as Swagger 2.0's `x-links`, for Contio's description (which has
#: none): operationId -> status -> link name -> (target operationId, parameters).
PUBLISHED_LINKS: dict[str, dict[str, dict[str, Any]]] = {
    "rotateApiKey": {
        "200": {
            "RollbackApiKey": {
                "operationId": "rollbackApiKey",
                "parameters": {"body.rollback_token": "$response.body#/rollback_token"},
            }
        }
    },
    "rotateClientSecret": {
        "200": {
            "RollbackClientSecret": {
                "operationId": "rollbackClientSecret",
                "parameters": {"body.rollback_token": "$response.body#/rollback_token"},
            }
        }
    },
    "initiateSso": {
        "200": {
            "GetSsoSession": {
                "operationId": "getSsoSession",
                "parameters": {"session_id": "$response.body#/session_id"},
            }
        }
    },
    "initiateIdpDomainVerification": {
        "201": {
            "CheckIdpDomainVerification": {
                "operationId": "checkIdpDomainVerification",
                "parameters": {"domain": "$response.body#/domain"},
            }
        }
    },
}


def paths_under(doc: dict[str, Any], *prefixes: str, keep: bool = True) -> dict[str, Any]:
    """`doc` with only the paths under `prefixes` (or, with keep=False, the others)."""
    paths = {p: item for p, item in doc["paths"].items() if p.startswith(prefixes) == keep}
    return {**copy.deepcopy(doc), "paths": copy.deepcopy(paths)}


def with_links(doc: dict[str, Any]) -> dict[str, Any]:
    for item in doc["paths"].values():
        for operation in item.values():
            links = PUBLISHED_LINKS.get(operation.get("operationId", ""), {})
            for status, named in links.items():
                operation["responses"][status]["x-links"] = named
    return doc


def run_state_machine(doc: dict[str, Any], config: schemathesis.Config) -> list[tuple[str, int]]:
    """One state machine over `doc`'s operations; the demo partner restored at the start of
    each scenario (a rotation in one is not the next one's). Answers each call's operationId
    and status. A domain challenge is asked for a well-formed domain, and a Sign-On for the demo
    partner's slug (Contio's description leaves both any string, and random text names no
    domain or partner, so no walk would get past its first step)."""
    described = schemathesis.openapi.from_dict(doc, config=config)
    described.app = APP
    state = get_state(APP)
    seen: list[tuple[str, int]] = []

    class Machine(described.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            restore_demo_partner(state)

        def before_call(self, case: schemathesis.Case[Any]) -> None:
            if operation_id(case) == "initiateIdpDomainVerification":
                case.path_parameters = {"domain": "contract-test.com"}
            elif operation_id(case) == "initiateSso":
                case.query = {**(case.query or {}), "slug": "demo"}

        def after_call(self, response: Any, case: schemathesis.Case[Any]) -> None:
            super().after_call(response, case)
            seen.append((operation_id(case), response.status_code))

    Machine.run(settings=SETTINGS)
    return seen


def operation_id(case: schemathesis.Case[Any]) -> str:
    return str(case.operation.definition.raw.get("operationId", ""))


def test_stateful_links() -> None:
    state = get_state(APP)
    before = dict(state.stats)
    revoked_before = sum(token.revoked for token in state.tokens.values())
    # The OAuth operations alone: among 14 operations, a walk revokes a live token.
    run_state_machine(paths_under(SPEC_DOC, *ADMIN_PREFIXES, keep=False), CONFIG)
    # The links were followed: tokens from the token endpoint reached the linked operations.
    for operation in ("introspectOauthToken", "revokeOauthToken", "getOauthUserInfo"):
        assert state.stats.get(operation, 0) > before.get(operation, 0), operation
    assert sum(token.revoked for token in state.tokens.values()) > revoked_before


@pytest.mark.parametrize("description", ["spec", "published"])
@pytest.mark.parametrize(
    ("area", "prefix"),
    [
        ("credentials", "/v1/partner/admin/credentials"),
        ("sign-on", "/v1/partner/sso/"),
        ("domains", "/v1/partner/admin/idp/domains/"),
    ],
)
def test_stateful_links_of_the_identity_administration(
    description: str, area: str, prefix: str
) -> None:
    """Each area's links walked alone (a walk keeps to the first link it finds), on the spec
    and on Contio's description given the same links."""
    if description == "spec":
        doc, config = SPEC_DOC, CONFIG
    else:
        doc, config = with_links(copy.deepcopy(PUBLISHED_DOC)), PUBLISHED_CONFIG
    seen = run_state_machine(paths_under(doc, prefix), config)
    if area == "credentials":
        # A rotation's rollback token, carried by the link, rolled a credential back.
        assert {("rollbackApiKey", 200), ("rollbackClientSecret", 200)} & set(seen)
    elif area == "sign-on":
        # A session started, and polled through the link.
        assert ("initiateSso", 200) in seen
        assert ("getSsoSession", 200) in seen
    else:
        assert ("checkIdpDomainVerification", 200) in seen
