"""One error hierarchy for everything the facade raises.

`ContioAPIError` and its status subclasses are error answers from the server, built from any
of Contio's three error body shapes (or from a body that is none of them); the others are
failures on this side of the wire. No message ever carries a token or the client secret.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import httpx2

from contio._text import parse_retry_after, redact

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "BudgetSpentError",
    "BudgetUnavailableError",
    "ConflictError",
    "ContioAPIError",
    "ContioConnectionError",
    "ContioError",
    "ContioTimeoutError",
    "IDTokenError",
    "InternalServerError",
    "InvalidResponseError",
    "LeaseLostError",
    "MissingTokenError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "SignInRequiredError",
    "TokenStoreError",
    "TokensChangedError",
    "redact",
]


class ContioError(Exception):
    """Root of every error raised by `contio`."""


class MissingTokenError(ContioError):
    """No access or refresh token is at hand; raised before any request is sent."""


class TokensChangedError(MissingTokenError):
    """The tokens were replaced or cleared (`set_tokens`, `clear_tokens`: a sign-in or a
    sign-out) while a refresh of the old ones was on the wire; its result was discarded, and
    this caller, who asked on behalf of the old tokens, gets no token."""


class IDTokenError(ContioError):
    """An ID token that does not verify: `reason` says which check failed (`signature`,
    `alg`, `kid`, `iss`, `aud`, `azp`, `exp`, `iat`, `auth_time`, `nonce`, `missing`,
    `malformed`, `claims`, `issuer`). The message never shows the token."""

    def __init__(self, message: str, reason: str) -> None:
        """The error; its message never carries a token.

        Args:
        message: What failed, without the token.
        reason: Which check failed (see the class).
        """
        super().__init__(message)
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.reason))


class TokenStoreError(ContioError):
    """A token store could not load, save or clear tokens (corrupt file, unreachable store)."""


class LeaseLostError(TokenStoreError):
    """A save or clear made under a store's refresh lock found the lock no longer this
    holder's (its lease lapsed: a long pause, a stopped process). Nothing was written: another
    holder may have saved newer tokens since, which the client reads again."""


class TokensUnreadableError(TokenStoreError):
    """The stored tokens cannot be opened (sealed with a key no longer in the key set, changed
    at rest, copied from another user): the user signs in again, the next save replaces them."""


class ContioConnectionError(ContioError):
    """The request did not get an answer: connection refused, reset or dropped."""


class ContioTimeoutError(ContioConnectionError):
    """The server did not answer within the timeout."""


class InvalidResponseError(ContioError):
    """An answer the client cannot use: a success with a body that does not match the API
    description, a redirect, an unknown token type, a body past the read cap."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx2.Response | None = None,
        secrets: tuple[str | None, ...] = (),
    ) -> None:
        """The error; its message never carries a token.

        Args:
        message: What is wrong with the answer (redacted by the caller).
        response: The answer, when there was one.
        secrets: Values to keep out of the request id shown.
        """
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code if response is not None else None
        request_id = response.headers.get("x-request-id") if response is not None else None
        self.request_id = _request_id(request_id, secrets)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_invalid, (type(self), str(self), self.status_code, self.request_id))


def _rebuild_invalid(
    cls: type[InvalidResponseError], message: str, status: int | None, request_id: str | None
) -> InvalidResponseError:
    error = cls(message)
    error.status_code, error.request_id = status, request_id
    return error


def _request_id(value: object, secrets: tuple[str | None, ...]) -> str | None:
    """A request id from the server, redacted like any text it sends (it is printed)."""
    if not isinstance(value, str) or not value:
        return None
    return redact(value, *secrets)


class ContioAPIError(ContioError):
    """An error answer from Contio (any status >= 400).

    `code` is the machine-readable code whichever shape the body had (`error` of an OAuth
    error, `code` of a general or partner error); key on it rather than on the status, which
    Contio's documentation and servers do not always agree on.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status_code: int,
        response: httpx2.Response | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        workspace_id: str | None = None,
    ) -> None:
        """The error; its message never carries a token.

        Args:
        message: The server's message, redacted.
        code: The machine-readable code (`invalid_grant`, `workspace_conflict`...).
        status_code: The HTTP status.
        response: The answer (not kept when pickled).
        request_id: The server's request id, for support.
        retry_after: Seconds the server asked to wait (429, 503).
        workspace_id: The user's current workspace, on `workspace_conflict`.
        """
        super().__init__(message)
        self.message = message
        self.code = code
        self.status_code = status_code
        self.response = response
        self.request_id = request_id
        self.retry_after = retry_after
        self.workspace_id = workspace_id

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable (Celery, multiprocessing): everything but the response, which is not.
        fields = {
            "code": self.code,
            "status_code": self.status_code,
            "request_id": self.request_id,
            "retry_after": self.retry_after,
            "workspace_id": self.workspace_id,
        }
        return (_rebuild_api_error, (type(self), self.message, fields))

    def __str__(self) -> str:
        parts = [f"{self.status_code}"]
        if self.code:
            parts.append(self.code)
        text = f"[{' '.join(parts)}] {self.message}"
        if self.request_id:
            text += f" (request_id={self.request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )

    @classmethod
    def from_response(
        cls, response: httpx2.Response, *secrets: str | None, content: bytes | None = None
    ) -> ContioAPIError:
        """Build the right subclass from any error answer, whatever its body.

        Args:
            response: The error answer (status >= 400).
            *secrets: Values redacted from everything taken from the body.
            content: The body, when the response was streamed and its body read apart.

        Returns:
            A `ContioAPIError` of the class of its status (`BadRequestError` for 400...).
        """
        status = response.status_code
        if content is None:
            try:
                content = response.content
            except httpx2.StreamError:  # closed unread, as by an app's raise_for_status hook
                content = b""
        body: Any = None
        try:
            body = json.loads(content) if content else None
        except (ValueError, RecursionError):  # HTML, truncated JSON, not UTF-8, too deep
            body = None
        fields: dict[str, Any] = body if isinstance(body, dict) else {}

        def text(name: str) -> str | None:
            value = fields.get(name)
            return value if isinstance(value, str) and value else None

        # OAuth shape: error + error_description; general: code + message;
        # partner: code + error (+ deprecated message).
        code = text("code") or text("error")
        if text("code") is not None:  # general {code, message} or partner {code, error}
            message = text("error") or text("message")
        else:  # OAuth {error, error_description}
            message = text("error_description") or text("error")
        if message is None:
            reason = response.reason_phrase or "error"
            kind = (
                "no body"
                if not content
                else ("an unrecognised JSON body" if body is not None else "a non-JSON body")
            )
            message = f"HTTP {status} {reason} with {kind}"
        request_id = _request_id(
            text("request_id") or response.headers.get("x-request-id"), secrets
        )
        workspace_id = text("workspace_id")
        if workspace_id is not None:
            workspace_id = redact(workspace_id, *secrets)
        error_cls = _class_for_status(status)
        return error_cls(
            redact(message, *secrets),
            code=redact(code, *secrets) if code else None,
            status_code=status,
            response=response,
            request_id=request_id,
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            workspace_id=workspace_id,
        )


def _rebuild_api_error(
    cls: type[ContioAPIError], message: str, fields: dict[str, Any]
) -> ContioAPIError:
    return cls(message, **fields)


class BadRequestError(ContioAPIError):
    """400: invalid request, grant, scope, code or session."""


class SignInRequiredError(BadRequestError):
    """The refresh token is dead (revoked, expired, or already rotated: `invalid_grant` on
    refresh): the user must sign in again. Raised by every call that refreshes
    (`refresh_access_token`, `get_valid_access_token`, `oauth.auth`); the dead token is not
    sent again. A `BadRequestError`, so code that catches that still does."""

    @classmethod
    def from_api_error(cls, error: ContioAPIError) -> SignInRequiredError:
        """The same answer (status, code, message, request id), as this class.

        Args:
            error: The `invalid_grant` answer to a refresh.

        Returns:
            A `SignInRequiredError` carrying the same fields.
        """
        return cls(
            error.message,
            code=error.code,
            status_code=error.status_code,
            response=error.response,
            request_id=error.request_id,
            retry_after=error.retry_after,
            workspace_id=error.workspace_id,
        )


class AuthenticationError(ContioAPIError):
    """401: client authentication failed (`invalid_client`) or the token is invalid."""


class PermissionDeniedError(ContioAPIError):
    """403: not allowed (`workspace_not_authorized`, `insufficient_scope`, ...)."""


class NotFoundError(ContioAPIError):
    """404: unknown partner app or workspace."""


class ConflictError(ContioAPIError):
    """409: `workspace_conflict`; `workspace_id` names the user's current workspace."""


class RateLimitError(ContioAPIError):
    """429: too many requests; `retry_after` says how long to wait, in seconds."""


class BudgetSpentError(RateLimitError):
    """No request was sent: the OAuth budget (`contio.budget`) could not serve this call
    within its wait, because the window's requests are spent, a 429 paused the fleet, or
    the client's credentials were refused a moment ago. `frees_at` (aware UTC) is when a
    request could go again; `retry_after` the seconds until then."""

    def __init__(self, message: str, *, frees_at: datetime, reason: str, **fields: Any) -> None:
        fields.setdefault("status_code", 429)
        fields.setdefault("code", "budget_spent")
        super().__init__(message, **fields)
        self.frees_at = frees_at
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {"retry_after": self.retry_after, "frees_at": self.frees_at, "reason": self.reason}
        return (_rebuild_api_error, (type(self), self.message, fields))


class SecretPublishError(ContioError):
    """A credential was rotated (or rolled back) at Contio, but the secret source the fleet
    reads could not be written: `result` holds what Contio answered (a `CredentialRotation`
    carries the only copy of the new value). Publish it another way, or roll back."""

    def __init__(self, message: str, *, result: Any) -> None:
        super().__init__(message)
        self.result = result

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self),), {"result": self.result})


class BudgetUnavailableError(ContioError):
    """The fleet's OAuth budget (Redis) could not be reached; no request was sent."""


class InternalServerError(ContioAPIError):
    """5xx: a server-side failure."""


_BY_STATUS: dict[int, type[ContioAPIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def _class_for_status(status: int) -> type[ContioAPIError]:
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, ContioAPIError)
