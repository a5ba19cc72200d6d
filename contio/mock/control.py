"""The control API under /_mock/: outbox, clock, stats, faults, signing keys and reset.

Not part of Contio's API (and not in the OpenAPI description): it is how tests steer the
mock without sleeping or reading logs.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.clock import isoformat
from contio.mock.config import OPERATION_IDS
from contio.mock.control_guard import refusal
from contio.mock.errors import ApiError, InvalidInput, MockHTTPError, json_response
from contio.mock.faults import ANY_OPERATION, FaultRule
from contio.mock.inputs import parse_json_object, parse_urlencoded, read_body
from contio.mock.pipeline import Endpoint, request_id_of
from contio.mock.state import MockState

ControlHandler = Callable[[Request, MockState], Awaitable[Response]]
MAX_DELAY_MS = 120_000


def control(state: MockState, handler: ControlHandler, *, navigable: bool = False) -> Endpoint:
    """Errors of the control API use the ApiError shape; nothing here is counted or faulted.
    Requests from other sites or hosts are refused (see `control_guard`)."""

    async def endpoint(request: Request) -> Response:
        why = refusal(request, state.config.control_api_hosts, navigable=navigable)
        if why is not None:
            return ApiError(403, "forbidden", why).to_response(request_id_of(request.scope))
        try:
            return await handler(request, state)
        except MockHTTPError as exc:
            return exc.to_response(request_id_of(request.scope))
        except InvalidInput as exc:
            error = ApiError(400, "validation_error", exc.message)
            return error.to_response(request_id_of(request.scope))

    endpoint.__name__ = handler.__name__
    return endpoint


async def json_body(request: Request, state: MockState) -> dict[str, Any]:
    body = await read_body(request, state.config.max_body_bytes)
    return parse_json_object(body) if body.strip() else {}


def _int(data: dict[str, Any], name: str, default: int | None, low: int, high: int) -> int | None:
    value = data.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{name} must be an integer from {low} to {high}")
    return value


async def outbox(request: Request, state: MockState) -> Response:
    # Strict like every other query the mock reads: bytes that are not UTF-8 are a 400.
    query = parse_urlencoded(request.scope["query_string"], state.config.max_field_chars)
    email = query.get("email")
    wanted = email.lower() if email else None
    messages = [
        {
            "email": message.email,
            "code": message.code,
            "session": message.session,
            "sent_at": isoformat(message.sent_at),
        }
        for message in state.outbox
        if wanted is None or message.email == wanted
    ]
    return json_response({"messages": messages})


async def clock(request: Request, state: MockState) -> Response:
    if request.method == "POST":
        data = await json_body(request, state)
        seconds = data.get("advance_seconds")
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, (int, float))
            or not math.isfinite(seconds)
            or not 0 <= seconds <= 10 * 366 * 86_400
        ):
            raise InvalidInput("advance_seconds must be a number of seconds from 0 to ten years")
        state.clock.advance(float(seconds))
    return json_response({"now": isoformat(state.now()), "offset_seconds": state.clock.offset})


async def stats(request: Request, state: MockState) -> Response:
    return json_response({"requests": dict(sorted(state.stats.items()))})


def _faults_body(state: MockState) -> Response:
    return json_response({"faults": [rule.to_dict() for rule in state.faults.rules]})


async def faults(request: Request, state: MockState) -> Response:
    if request.method == "DELETE":
        state.faults.clear()
    elif request.method == "POST":
        data = await json_body(request, state)
        operation = data.get("operation", ANY_OPERATION)
        if operation != ANY_OPERATION and operation not in OPERATION_IDS:
            raise InvalidInput(f"operation must be '*' or one of: {', '.join(OPERATION_IDS)}")
        status = _int(data, "status", None, 0, 599)
        if status is not None and 0 < status < 400:
            raise InvalidInput("status must be an error status (400-599), or 0/null for none")
        drop = data.get("drop_connection", False)
        after = data.get("after", False)
        if not isinstance(drop, bool) or not isinstance(after, bool):
            raise InvalidInput("drop_connection and after must be booleans")
        rule = FaultRule(
            operation=operation,
            count=_int(data, "count", 1, 1, 1_000_000) or 1,
            status=status or None,
            retry_after=_int(data, "retry_after", None, 0, 86_400),
            delay_ms=_int(data, "delay_ms", 0, 0, MAX_DELAY_MS) or 0,
            drop_connection=drop,
            after=after,
        )
        if rule.status is None and not rule.delay_ms and not rule.drop_connection:
            raise InvalidInput("a fault needs a status, a delay_ms or drop_connection")
        state.faults.add(rule)
    return _faults_body(state)


async def rotate_keys(request: Request, state: MockState) -> Response:
    """A new ID token signing key; `keep_old` (default true) keeps the old ones published."""
    data = await json_body(request, state)
    keep_old = data.get("keep_old", True)
    if not isinstance(keep_old, bool):
        raise InvalidInput("keep_old must be a boolean")
    key = state.keys.rotate(keep_old=keep_old)
    return json_response({"kid": key.kid, "kids": [k.kid for k in state.keys.published]})


async def reset(request: Request, state: MockState) -> Response:
    state.reset()
    return json_response({"status": "reset"})
