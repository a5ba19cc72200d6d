"""Partner Sign-On (`/v1/partner/sso/…`): the landing information, starting a sign-in at the
partner's identity provider, the session the starting page polls, and the provider's redirect
back to Contio.

No identity provider runs behind the mock: the callback takes any code as a good one, and the
control API (`POST /_mock/sso/sessions/{session_id}`) ends a session as completed or failed.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import uuid
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from contio.mock.admin_inputs import query
from contio.mock.admin_state import SsoSessionRecord
from contio.mock.errors import ApiError, InvalidInput, PartnerError, json_response
from contio.mock.models import Partner
from contio.mock.state import MockState
from contio.mock.urls import issuer

APP_URL = "https://app.contio.ai"
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
TARGET = re.compile(r"web|desktop|backlog|meeting:[A-Za-z0-9-]{1,64}")
SESSION_ID = re.compile(r"sess_[A-Za-z0-9]{8,64}")
CALLBACK_PATH = "/v1/partner/sso/callback"


def invalid(message: str) -> PartnerError:
    return PartnerError(400, "validation_error", message)


def _partner(state: MockState, slug: str) -> Partner:
    partner = next((p for p in state.partners.values() if p.slug == slug), None)
    if partner is None:
        raise ApiError(404, "not_found", "no partner with this slug")
    return partner


def _active(state: MockState, partner: Partner) -> bool:
    record = state.admin.idp.get(partner.client_id)
    return record is not None and bool(record.config["is_active"])


def render(session: SsoSessionRecord, now: float) -> dict[str, Any]:
    if session.status == "pending" and now >= session.expires_at:
        session.status, session.error = "expired", "the sign-in was not completed in time"
    answer: dict[str, Any] = {"status": session.status}
    for name in ("user_id", "target", "error"):
        value = getattr(session, name)
        if value is not None:
            answer[name] = value
    return answer


async def info(request: Request, state: MockState) -> Response:
    slug = request.path_params["slug"]
    if not SLUG.fullmatch(slug):
        raise ApiError(404, "not_found", "no partner with this slug")
    partner = _partner(state, slug)
    answer = {
        "name": partner.name,
        "slug": partner.slug,
        "co_brand_name": partner.co_brand_name,
        "has_idp_config": partner.client_id in state.admin.idp,
        "is_active": _active(state, partner),
    }
    return json_response(answer)


async def initiate(request: Request, state: MockState) -> Response:
    params = query(request, state)
    slug, target, auto = params.get("slug"), params.get("target"), params.get("auto", "false")
    if slug is None or not SLUG.fullmatch(slug):
        raise invalid("slug is required: lowercase letters, digits and dashes")
    if target is not None and not TARGET.fullmatch(target):
        raise invalid("target must be web, desktop, backlog or meeting:{id}")
    if auto not in ("true", "false"):
        raise invalid("auto must be true or false")
    partner = _partner(state, slug)
    record = state.admin.idp.get(partner.client_id)
    if record is None or not record.config["is_active"]:
        raise ApiError(404, "sso_not_configured", "this partner has no active identity provider")
    session = SsoSessionRecord(
        id="sess_" + secrets.token_hex(12),
        client_id=partner.client_id,
        state="st_" + secrets.token_urlsafe(24),
        target=target,
        expires_at=state.now() + state.config.login_session_lifetime,
    )
    state.admin.sso_sessions[session.id] = session
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    config = record.config
    url = (
        config["authorization_endpoint"]
        + "?"
        + urlencode(
            {
                "client_id": config["idp_client_id"],
                "response_type": "code",
                "redirect_uri": issuer(state, request) + CALLBACK_PATH,
                "scope": " ".join(config["scopes"]),
                "state": session.state,
                "nonce": secrets.token_urlsafe(16),
                "code_challenge": challenge.rstrip(b"=").decode(),
                "code_challenge_method": "S256",
            }
        )
    )
    if auto == "true":
        return RedirectResponse(url, status_code=302)
    return json_response({"authorization_url": url, "session_id": session.id})


async def session(request: Request, state: MockState) -> Response:
    session_id = request.path_params["session_id"]
    if not SESSION_ID.fullmatch(session_id):
        raise invalid("session_id is not a Sign-On session id")
    found = state.admin.sso_sessions.get(session_id)
    if found is None:
        raise ApiError(404, "not_found", "no such Sign-On session")
    return json_response(render(found, state.now()))


def end(session: SsoSessionRecord, *, user_id: str | None, error: str | None) -> None:
    """Complete the session (a user) or fail it (an error)."""
    if error is not None:
        session.status, session.error = "failed", error
    else:
        session.status, session.user_id = "completed", user_id or str(uuid.uuid4())


async def callback(request: Request, state: MockState) -> Response:
    """Always a redirect (the browser is on its way back from the identity provider)."""
    try:
        params = query(request, state)
    except InvalidInput:
        params = {}
    found = next(
        (s for s in state.admin.sso_sessions.values() if s.state == params.get("state")), None
    )
    if found is None or render(found, state.now())["status"] != "pending":
        return RedirectResponse(f"{APP_URL}/sso/error?reason=invalid_state", status_code=302)
    error = params.get("error")
    if error is not None or not params.get("code"):
        end(found, user_id=None, error=params.get("error_description") or error or "no code")
        return RedirectResponse(f"{APP_URL}/sso/error?reason=idp_error", status_code=302)
    end(found, user_id=None, error=None)
    where = f"{APP_URL}/sso/complete?" + urlencode({"session_id": found.id})
    return RedirectResponse(where, status_code=302)
