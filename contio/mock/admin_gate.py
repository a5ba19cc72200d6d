"""The door of the identity-administration paths: the partner's API key and client id
(`X-API-Key`, `X-Client-ID`), then, for a mutation, its `Idempotency-Key`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.credential_state import API_KEY
from contio.mock.errors import PartnerError
from contio.mock.idempotency import Ticket
from contio.mock.inputs import read_body
from contio.mock.models import Partner
from contio.mock.pipeline import Gate
from contio.mock.state import MockState

_PARTNER_KEY = "contio.mock.partner"


def unauthorized(message: str) -> PartnerError:
    return PartnerError(401, "unauthorized", message)


def authenticate(state: MockState, request: Request) -> Partner:
    client_id = request.headers.get("x-client-id")
    api_key = request.headers.get("x-api-key")
    if not client_id or not api_key:
        raise unauthorized("X-API-Key and X-Client-ID are required")
    partner = state.partners.get(client_id)
    credentials = state.admin.credentials.get(client_id)
    if partner is None or credentials is None:
        raise unauthorized("invalid API key or client id")
    if not credentials[API_KEY].accepts(api_key, state.now()):
        raise unauthorized("invalid API key or client id")
    return partner


def partner_of(request: Request) -> Partner:
    """The partner the gate authenticated."""
    partner = request.scope[_PARTNER_KEY]
    assert isinstance(partner, Partner)
    return partner


def admin_gate(*, mutation: bool, invalid_code: str = "bad_request") -> Gate:
    """`invalid_code`: the code of a 400 for a bad Idempotency-Key, one the operation's
    description lists."""

    async def gate(request: Request, state: MockState) -> Ticket | Response | None:
        partner = authenticate(state, request)
        request.scope[_PARTNER_KEY] = partner
        key = request.headers.get("idempotency-key")
        if not mutation or key is None:
            return None
        body = await read_body(request, state.config.max_body_bytes)
        return state.admin.idempotency.begin(
            partner.client_id,
            key,
            (request.method, request.url.path, body),
            state.now(),
            invalid_code,
        )

    return gate
