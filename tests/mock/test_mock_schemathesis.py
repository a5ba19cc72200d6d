"""Contract test: schemathesis checks the mock against `openapi/contio-oauth.yaml`.

Every operation, every schemathesis check, with real credentials (the demo client's Basic
credentials and a live user access token) so that generated requests reach the mock's
logic rather than stopping at 401, then a stateful phase that follows the spec's links
(token response -> introspect / revoke / userInfo). Seeded and bounded.

The mock runs in-process through schemathesis's ASGI transport. The schema is built at
import time because `@schema.parametrize()` needs it then (schemathesis's fixture-based
loader does not work with pytest 9).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx2
import hypothesis
import schemathesis

from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, MockConfig, create_app, get_state
from tests.mock.flows import REDIRECT_URI

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "contio-oauth.yaml"
SEED = 20_260_101
MAX_EXAMPLES = 50

#: The OAuth endpoints answer schema-valid requests that name things that do not exist
#: (clients, codes, scopes, redirect URIs) with a documented 400, as RFC 6749 §5.2 says.
POSITIVE_EXPECTED = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]

APP = create_app(MockConfig(control_api_hosts=("mock",)))


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
        return str(token.json()["access_token"])


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "database": "none"},
        "auth": {
            "openapi": {
                "partnerBasic": {"username": DEMO_CLIENT_ID, "password": DEMO_CLIENT_SECRET},
                "userBearer": {"bearer": asyncio.run(live_access_token())},
            }
        },
        "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_EXPECTED}},
        "phases": {"stateful": {"max-steps": 8}},
    }
)
schema = schemathesis.openapi.from_path(str(SPEC), config=CONFIG)
schema.app = APP


@schema.parametrize()
def test_operations(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


def test_stateful_links() -> None:
    state = get_state(APP)
    before = dict(state.stats)
    revoked_before = sum(token.revoked for token in state.tokens.values())
    schema.as_state_machine().run(
        settings=hypothesis.settings(
            # Enough walks that, among 14 operations, one revokes a live token.
            max_examples=60,
            stateful_step_count=8,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
    # The links were followed: tokens from the token endpoint reached the linked operations.
    for operation in ("introspectOauthToken", "revokeOauthToken", "getOauthUserInfo"):
        assert state.stats.get(operation, 0) > before.get(operation, 0), operation
    assert sum(token.revoked for token in state.tokens.values()) > revoked_before
