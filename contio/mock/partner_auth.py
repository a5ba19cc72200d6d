"""Passwordless sign-in for partner apps: /auth/initiate and /auth/verify."""

from __future__ import annotations

import hmac
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.clientauth import authenticate_client
from contio.mock.config import DEFAULT_SCOPES
from contio.mock.errors import InvalidInput, PartnerError, json_response
from contio.mock.inputs import Fields, parse_json_object, read_body
from contio.mock.models import ROLE_ADMIN, ROLE_MEMBER, Partner, User
from contio.mock.state import MockState
from contio.mock.urls import public_base


async def _partner_fields(request: Request, state: MockState) -> tuple[Partner, Fields]:
    """Basic auth first (401 before 400), then a JSON object naming the same client."""
    partner = authenticate_client(state, request.headers)
    fields = Fields(
        parse_json_object(await read_body(request, state.config.max_body_bytes)),
        state.config.max_field_chars,
    )
    if fields.req_str("client_id") != partner.client_id:
        raise InvalidInput("client_id differs from the authenticated client")
    return partner, fields


def find_or_provision(
    state: MockState,
    partner: Partner,
    email: str,
    name: str | None,
    *,
    workspace_id: str | None = None,
    is_admin: bool = False,
) -> tuple[User, bool]:
    """The user with this email, provisioned if new; raises the three workspace errors."""
    if workspace_id is not None:
        workspace = state.workspaces.get(workspace_id)
        if workspace is None:
            raise PartnerError(404, "workspace_not_found", "workspace not found")
        if workspace.owner_client_id != partner.client_id:
            raise PartnerError(
                403, "workspace_not_authorized", "workspace is not owned by this partner"
            )
    user = state.find_user(email)
    if user is None:
        role = ROLE_ADMIN if is_admin else ROLE_MEMBER
        user = state.provision_user(
            email, name, workspace_id=workspace_id, role=role, client_id=partner.client_id
        )
        return user, True
    if workspace_id is not None and user.workspace_id != workspace_id:
        raise PartnerError(
            409,
            "workspace_conflict",
            "user already belongs to a different workspace",
            workspace_id=user.workspace_id,
        )
    return user, False


async def initiate(request: Request, state: MockState) -> Response:
    """Find or provision the user, then "email" a one-time code (see GET /_mock/outbox)."""
    partner, fields = await _partner_fields(request, state)
    email = fields.req_email()
    name = fields.opt_str("name") or None
    workspace_id = fields.opt_uuid("workspace_id")
    is_admin = fields.opt_bool("is_admin") or False
    user, provisioned = find_or_provision(
        state, partner, email, name, workspace_id=workspace_id, is_admin=is_admin
    )
    session = state.start_login(partner.client_id, user.email)
    return json_response(
        {
            "session": session.id,
            "challenge_name": "CUSTOM_CHALLENGE",
            "challenge_params": {"email": user.email, "delivery_medium": "EMAIL"},
            "user_provisioned": provisioned,
        }
    )


def session_expired(message: str = "sign-in session expired; start again") -> PartnerError:
    return PartnerError(400, "session_expired", message)


def check_login_code(
    state: MockState, partner: Partner, email: str, session_id: str, code: str
) -> User:
    """Spend one attempt of a sign-in session; the signed-in user, or a PartnerError."""
    session = state.sessions.get(session_id)
    if (
        session is None
        or not session.active
        or state.now() >= session.expires_at
        or session.client_id != partner.client_id
        or session.email != email
    ):
        raise session_expired()
    if not hmac.compare_digest(code.encode("utf-8"), session.code.encode("ascii")):
        session.attempts_left -= 1
        if session.attempts_left <= 0:
            session.active = False
            raise PartnerError(400, "invalid_code", "wrong code; the session has ended")
        raise PartnerError(
            400, "invalid_code", f"wrong code; {session.attempts_left} attempt(s) left"
        )
    session.active = False  # single use
    user = state.find_user(email)
    if user is None:  # only if the user vanished, e.g. a reset raced the sign-in
        raise session_expired()
    state.sign_in(user, partner.client_id)
    return user


async def verify(request: Request, state: MockState) -> Response:
    """Check the one-time code (three wrong codes end the session); signs the user in."""
    partner, fields = await _partner_fields(request, state)
    email = fields.req_email()
    code = fields.req_str("code")
    session_id = fields.req_str("session")
    user = check_login_code(state, partner, email, session_id, code)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": partner.client_id,
            "redirect_uri": partner.redirect_uris[0],
            "scope": " ".join(DEFAULT_SCOPES),
            "login_hint": user.email,
        }
    )
    return json_response(
        {
            "success": True,
            "message": "Authentication successful",
            "redirect": f"{public_base(request)}/oauth2/authorize?{query}",
        }
    )
