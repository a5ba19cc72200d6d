"""What every request goes through: a request id, counting, injected faults, rate limiting,
and turning errors into the operation's body shape.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contio.mock.errors import ApiError, ErrorStyle, InvalidInput, MockHTTPError, OAuthError
from contio.mock.faults import FaultRule
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
        # Read the request to its end first: closing a socket with unread data makes the
        # kernel send a reset, and clients would see sometimes a reset, sometimes an EOF.
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


def fault_response(fault: FaultRule, request_id: str) -> Response | None:
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
    if fault.status == 429:
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


def operation(state: MockState, operation_id: str, style: ErrorStyle, handler: Handler) -> Endpoint:
    """Wrap a handler of one API operation (by its operationId) in the common pipeline."""

    async def endpoint(request: Request) -> Response:
        request_id = request_id_of(request.scope)
        state.count(operation_id)
        fault = state.faults.take(operation_id)
        if fault is not None:
            if fault.delay_ms:
                await state.faults.pause(fault.delay_ms / 1000)
            injected = fault_response(fault, request_id)
            if injected is not None:
                return injected
        # Contio's WAF rule covers its OAuth endpoints (/oauth2/*, /auth/*), not /.well-known/.
        if state.rate_limiter is not None and not request.url.path.startswith("/.well-known/"):
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
        try:
            return await handler(request, state)
        except MockHTTPError as exc:
            return exc.to_response(request_id)
        except InvalidInput as exc:
            return style.invalid(exc.message).to_response(request_id)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening; keep the log quiet
        except Exception:
            logger.exception("unexpected error in %s", operation_id)
            error = ApiError(500, "internal_server_error", "unexpected error in the mock server")
            return error.to_response(request_id)

    endpoint.__name__ = operation_id
    return endpoint
