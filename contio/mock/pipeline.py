"""What every request goes through: a request id, counting, injected faults, rate limiting,
and turning errors into the operation's body shape.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contio.mock.errors import (
    ApiError,
    ErrorStyle,
    InvalidInput,
    MockHTTPError,
    OAuthError,
    PartnerError,
)
from contio.mock.faults import FaultRule
from contio.mock.inputs import body_read
from contio.mock.state import MockState

logger = logging.getLogger("contio.mock")

REQUEST_ID_KEY = "contio.mock.request_id"

Handler = Callable[[Request, MockState], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]

#: `code` of the ApiError body of an injected status (429 uses the OAuth shape instead):
#: Contio's `errors.ErrorResponse` codes, except 502-504, which stand for what a gateway in
#: front of the service answers and are named after their status.
FAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


def status_code_name(status: int) -> str:
    """Contio's general code for a status the tables above do not name."""
    return "internal_server_error" if status >= 500 else "bad_request"


def new_request_id() -> str:
    return "req_" + secrets.token_hex(12)


def request_id_of(scope: MutableMapping[str, Any]) -> str:
    request_id = scope.get(REQUEST_ID_KEY)
    if not isinstance(request_id, str):
        request_id = new_request_id()
        scope[REQUEST_ID_KEY] = request_id
    return request_id


class ConnectionDropped(Exception):
    """Raised on purpose so that the server closes the connection without answering."""


class _HideDroppedConnections(logging.Filter):
    """uvicorn logs every exception that escapes the app; a deliberate drop is not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


def install_log_filter() -> None:
    uvicorn_logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _HideDroppedConnections) for f in uvicorn_logger.filters):
        uvicorn_logger.addFilter(_HideDroppedConnections())


class DropConnectionResponse(Response):
    """Closes the connection without sending a byte of response.

    ASGI has no "close" message, so this starts a response with a header value that HTTP
    forbids: the server refuses it before writing anything, yet counts the response as
    started, so the exception that follows makes it close the socket instead of sending
    a 500 (uvicorn's h11 and httptools protocols both behave so).
    """

    def __init__(self) -> None:
        super().__init__(status_code=500)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Read the request to its end first (unless the handler did: a fault `after` it):
        # closing a socket with unread data makes the kernel send a reset, and clients would
        # see sometimes a reset, sometimes an EOF.
        if not body_read(scope):
            message = await receive()
            while message["type"] == "http.request" and message.get("more_body", False):
                message = await receive()
        with contextlib.suppress(Exception):
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"x-contio-mock", b"drop\r\nconnection")],
                }
            )
        raise ConnectionDropped("connection dropped by an injected fault")


class RequestIdMiddleware:
    """Puts `X-Request-Id` on every response and turns stray exceptions into a 500 ApiError."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        header = (b"x-request-id", request_id.encode("ascii"))
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except ConnectionDropped:
            raise
        except Exception:
            if started:
                raise
            logger.exception("unexpected error in the mock")
            response = ApiError(500, "internal_server_error", "unexpected error in the mock server")
            await response.to_response(request_id)(scope, receive, send_with_id)


def fault_response(
    fault: FaultRule, request_id: str, style: ErrorStyle = ErrorStyle.API
) -> Response | None:
    """The answer an injected fault gives, or None when it only delays."""
    if fault.drop_connection:
        return DropConnectionResponse()
    if not fault.status:
        return None
    retry_after = fault.retry_after
    if retry_after is None and fault.status == 429:
        retry_after = 1  # the spec makes Retry-After required on every 429
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    error: MockHTTPError
    if style is ErrorStyle.PARTNER_ADMIN:  # the admin paths answer their one shape throughout
        code = "too_many_requests" if fault.status == 429 else None
        code = code or FAULT_CODES.get(fault.status) or status_code_name(fault.status)
        error = PartnerError(fault.status, code, "failure injected by the mock", headers=headers)
    elif style is ErrorStyle.SIGN_ON and fault.status in (400, 429):  # Sign-On's shapes
        code = "too_many_requests" if fault.status == 429 else "bad_request"
        shape = PartnerError if fault.status == 400 else ApiError
        error = shape(fault.status, code, "failure injected by the mock", headers=headers)
    elif fault.status == 429:
        error = OAuthError(429, "rate_limit_exceeded", "rate limit exceeded (injected)", headers)
    else:
        code = FAULT_CODES.get(fault.status) or status_code_name(fault.status)
        error = ApiError(fault.status, code, "failure injected by the mock", headers)
    return error.to_response(request_id)


def client_key(request: Request, header: str | None = None) -> str:
    """The client's address: the peer's, or the first entry of the trusted `header`."""
    if header is not None:
        given = request.headers.get(header, "").split(",", 1)[0].strip()
        if given:
            return given[:64]
    return request.client.host if request.client is not None else "unknown"


#: What an operation may put in front of its handler (the admin paths' API key and
#: idempotency): None to go on, a ticket whose `finish` takes the answer (and `abandon` runs
#: when there is none), or an answer to send as it is (a replay).
Gate = Callable[[Request, MockState], Awaitable["GateTicket | Response | None"]]


class GateTicket(Protocol):
    def finish(self, response: Response) -> None: ...

    def abandon(self) -> None: ...


#: Paths outside Contio's WAF rule for the OAuth endpoints.
_NOT_RATE_LIMITED = ("/.well-known/", "/v1/partner/sso/", "/v1/partner/admin/")


def operation(
    state: MockState,
    operation_id: str,
    style: ErrorStyle,
    handler: Handler,
    gate: Gate | None = None,
) -> Endpoint:
    """Wrap a handler of one API operation (by its operationId) in the common pipeline.

    An injected fault acts before the handler, or (`after`) once the handler has done its work:
    the answer is lost, as when a connection drops on the way back.
    """

    async def endpoint(request: Request) -> Response:
        request_id = request_id_of(request.scope)
        state.count(operation_id)
        ticket: GateTicket | None = None
        if gate is not None:
            try:
                opened = await gate(request, state)
            except (MockHTTPError, InvalidInput) as exc:
                return _error(exc, style, request_id)
            if isinstance(opened, Response):
                return opened
            ticket = opened
        try:
            response = await run(request, request_id, ticket)
        finally:
            if ticket is not None:
                ticket.abandon()  # a no-op once finished
        return response

    async def run(request: Request, request_id: str, ticket: GateTicket | None) -> Response:
        fault = state.faults.take(operation_id)
        if fault is not None and not fault.after:
            injected = await _inject(state, fault, request_id, style)
            if injected is not None:
                return injected
        # Contio's WAF rule covers its OAuth endpoints (/oauth2/*, /auth/*), not /.well-known/.
        if state.rate_limiter is not None and not request.url.path.startswith(_NOT_RATE_LIMITED):
            address = client_key(request, state.config.rate_limit_address_header)
            retry_after = state.rate_limiter.hit(address, state.now())
            if retry_after is not None:
                state.count("rate_limited")
                return OAuthError(
                    429,
                    "rate_limit_exceeded",
                    f"too many requests; retry after {retry_after} seconds",
                    {"Retry-After": str(retry_after)},
                ).to_response(request_id)
        response = await _handle(request, state, request_id, operation_id, style, handler)
        if ticket is not None:
            ticket.finish(response)
        if fault is not None and fault.after:
            return await _inject(state, fault, request_id, style) or response
        return response

    endpoint.__name__ = operation_id
    return endpoint


async def _inject(
    state: MockState, fault: FaultRule, request_id: str, style: ErrorStyle
) -> Response | None:
    """An injected fault's delay, then its answer (None: it only delays)."""
    if fault.delay_ms:
        await state.faults.pause(fault.delay_ms / 1000)
    return fault_response(fault, request_id, style)


def _error(exc: MockHTTPError | InvalidInput, style: ErrorStyle, request_id: str) -> Response:
    if isinstance(exc, InvalidInput):
        return style.invalid(exc.message).to_response(request_id)
    return exc.to_response(request_id)


async def _handle(
    request: Request,
    state: MockState,
    request_id: str,
    operation_id: str,
    style: ErrorStyle,
    handler: Handler,
) -> Response:
    try:
        return await handler(request, state)
    except (MockHTTPError, InvalidInput) as exc:
        return _error(exc, style, request_id)
    except ClientDisconnect:
        return Response(status_code=400)  # nobody is listening; keep the log quiet
    except Exception:
        logger.exception("unexpected error in %s", operation_id)
        return style.server_error().to_response(request_id)
