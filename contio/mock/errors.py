"""The three error body shapes the API uses, as exceptions that handlers raise.

Which shape an endpoint answers with is part of the contract: RFC 6749 `OAuthError` on the
OAuth endpoints, every 401 `invalid_client` and every 429; `ApiError` on the consent
endpoints, partner info and every 5xx; `PartnerError` on `/auth/initiate` and `/auth/verify`.
"""

from __future__ import annotations

import abc
import enum
import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

BASIC_CHALLENGE = 'Basic realm="contio"'


def json_response(
    data: Mapping[str, Any], status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A compact JSON response; cheaper than JSONResponse's defaults and byte-identical.

    Input is checked for text that UTF-8 cannot carry, but should any reach an answer, it
    goes out escaped (`\\ud800` is valid JSON) rather than as a 500.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        content = text.encode("utf-8")
    except UnicodeEncodeError:
        content = json.dumps(data, separators=(",", ":")).encode("ascii")
    return Response(content, status_code=status, headers=headers, media_type="application/json")


class MockHTTPError(Exception, metaclass=abc.ABCMeta):
    """An error answer; `to_response` adds the request id the body must carry."""

    def __init__(self, status: int, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.headers = dict(headers or {})

    @abc.abstractmethod
    def body(self) -> dict[str, Any]:
        """The error's JSON body in its shape (OAuth, general or partner), without request_id."""

    def to_response(self, request_id: str) -> Response:
        return json_response({**self.body(), "request_id": request_id}, self.status, self.headers)


class OAuthError(MockHTTPError):
    """RFC 6749 §5.2: `{"error", "error_description", "request_id"}`."""

    def __init__(
        self,
        status: int,
        error: str,
        description: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, headers)
        self.error = error
        self.description = description

    def __str__(self) -> str:
        return f"{self.status} {self.error}: {self.description}"

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "error_description": self.description}


class ApiError(MockHTTPError):
    """The general shape: `{"code", "message", "request_id"}`."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status, headers)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


class PartnerError(MockHTTPError):
    """`{"code", "error", "message", "request_id"}`, plus `workspace_id` on a conflict."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        workspace_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, headers)
        self.code = code
        self.message = message
        self.workspace_id = workspace_id

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def body(self) -> dict[str, Any]:
        # `error` is the current human-readable field, `message` its deprecated twin.
        body: dict[str, Any] = {"code": self.code, "error": self.message, "message": self.message}
        if self.workspace_id is not None:
            body["workspace_id"] = self.workspace_id
        return body


class InvalidInput(Exception):
    """A request the endpoint cannot read; each endpoint turns it into its own 400 shape."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ErrorStyle(enum.Enum):
    """Which body shape an operation uses for its own 400s."""

    OAUTH = "oauth"
    API = "api"
    PARTNER = "partner"
    #: The identity-administration paths: the partner shape for every error, 5xx included.
    PARTNER_ADMIN = "partner_admin"
    #: Partner Sign-On: the partner shape for a 400, the general one for the rest.
    SIGN_ON = "sign_on"

    def invalid(self, message: str) -> MockHTTPError:
        if self is ErrorStyle.OAUTH:
            return OAuthError(400, "invalid_request", message)
        if self is ErrorStyle.API:
            return ApiError(400, "validation_error", message)
        if self is ErrorStyle.PARTNER_ADMIN:  # the code Contio's admin operations list
            return PartnerError(400, "bad_request", message)
        return PartnerError(400, "validation_error", message)

    def server_error(self) -> MockHTTPError:
        message = "unexpected error in the mock server"
        if self is ErrorStyle.PARTNER_ADMIN:
            return PartnerError(500, "internal_server_error", message)
        return ApiError(500, "internal_server_error", message)


def invalid_client(description: str) -> OAuthError:
    """401 `invalid_client`; RFC 7235 §3.1 wants a challenge on every 401."""
    return OAuthError(401, "invalid_client", description, {"WWW-Authenticate": BASIC_CHALLENGE})
