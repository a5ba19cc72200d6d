"""The control API's part for identity administration: the DNS records domain checks find,
and ending a Sign-On session as the partner's identity provider would."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.control import json_body
from contio.mock.errors import ApiError, InvalidInput, json_response
from contio.mock.sso import end, render
from contio.mock.state import MockState


async def dns(request: Request, state: MockState) -> Response:
    """POST `{name, value}` publishes a TXT record; DELETE removes them all."""
    records = state.admin.dns
    if request.method == "DELETE":
        records.clear()
    elif request.method == "POST":
        data = await json_body(request, state)
        name, value = data.get("name"), data.get("value")
        if not isinstance(name, str) or not isinstance(value, str) or not name or not value:
            raise InvalidInput("name and value must be non-empty strings")
        records.setdefault(name.lower().rstrip("."), set()).add(value)
    return json_response({"records": {name: sorted(v) for name, v in sorted(records.items())}})


async def end_sso_session(request: Request, state: MockState) -> Response:
    """`{"status": "completed", "email"?}` signs the user in; `{"status": "failed", "error"?}`."""
    session = state.admin.sso_sessions.get(request.path_params["session_id"])
    if session is None:
        raise ApiError(404, "not_found", "no such Sign-On session")
    data = await json_body(request, state)
    status, email, error = data.get("status"), data.get("email"), data.get("error")
    if status not in ("completed", "failed"):
        raise InvalidInput("status must be completed or failed")
    if not isinstance(email, str | None) or not isinstance(error, str | None):
        raise InvalidInput("email and error must be strings")
    if render(session, state.now())["status"] != "pending":
        raise ApiError(409, "conflict", f"the session is {session.status} already")
    user = state.find_user(email) if email else None
    if status == "failed":
        end(session, user_id=None, error=error or "the identity provider refused the sign-in")
    else:
        end(session, user_id=user.id if user is not None else None, error=None)
    return json_response(render(session, state.now()))
