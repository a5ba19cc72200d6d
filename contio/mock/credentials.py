"""Credential status, history, rotation and rollback (`/v1/partner/admin/credentials…`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.admin_gate import partner_of
from contio.mock.admin_inputs import json_fields, opt_int, query, text, who
from contio.mock.credential_state import (
    CREDENTIAL_TYPES,
    DEFAULT_GRACE_HOURS,
    MAX_GRACE_HOURS,
    CredentialSet,
)
from contio.mock.errors import InvalidInput, json_response
from contio.mock.pipeline import Handler
from contio.mock.state import MockState


def _credentials(request: Request, state: MockState) -> CredentialSet:
    return state.admin.credentials[partner_of(request).client_id]


async def status(request: Request, state: MockState) -> Response:
    credentials = _credentials(request, state)
    now = state.now()
    return json_response({kind: credentials[kind].status(now) for kind in CREDENTIAL_TYPES})


async def history(request: Request, state: MockState) -> Response:
    params = query(request, state)
    kind = params.get("credential_type")
    if kind is not None and kind not in CREDENTIAL_TYPES:
        raise InvalidInput(f"credential_type must be one of {', '.join(CREDENTIAL_TYPES)}")
    limit = opt_int(params, "limit", 20, 1, 100)
    offset = opt_int(params, "offset", 0, 0, 100_000)
    return json_response(_credentials(request, state).page(kind, limit, offset))


def rotate(kind: str) -> Handler:
    async def handler(request: Request, state: MockState) -> Response:
        fields = await json_fields(request, state)
        text(fields, "confirmation_token", required=True, max_chars=255)
        grace = opt_int(fields.data, "grace_period_hours", DEFAULT_GRACE_HOURS, 0, MAX_GRACE_HOURS)
        reason = text(fields, "reason", required=False, max_chars=500)
        credentials = _credentials(request, state)
        now = state.now()
        answer = credentials[kind].rotate(grace, now)
        credentials.record("rotated", kind, now, who(request), reason)
        return json_response(answer)

    handler.__name__ = f"rotate_{kind}"
    return handler


def roll_back(kind: str) -> Handler:
    async def handler(request: Request, state: MockState) -> Response:
        fields = await json_fields(request, state)
        token = text(fields, "rollback_token", required=True, max_chars=255)
        assert token is not None
        reason = text(fields, "reason", required=False, max_chars=500)
        credentials = _credentials(request, state)
        now = state.now()
        answer = credentials[kind].roll_back(token, now)
        credentials.record("rollback", kind, now, who(request), reason)
        return json_response(answer)

    handler.__name__ = f"roll_back_{kind}"
    return handler
