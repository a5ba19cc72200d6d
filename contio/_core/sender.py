"""Sending: requests built once per call, each drawn from the OAuth budget, one deadline per
attempt, a cap on what is read, no redirects, retries only of what may be repeated, answers
turned into results or errors.

Flows `yield from sender.call(...)`; the clients carry out the `Send` steps (see
`contio._io`), which read the whole answer within the deadline or fail.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

import httpx2

from contio._core.connection import Connection
from contio._core.credential import Credential
from contio._core.failures import failure_kind, from_aiohttp
from contio._core.settings import Endpoint, Settings
from contio._core.spend import draw, heard
from contio._core.steps import BodyRefused, Flow, Received, Send, Sleep
from contio._text import parse_retry_after
from contio._wire import WireTypeError
from contio.budget._base import REFUSED
from contio.errors import (
    BudgetSpentError,
    ContioAPIError,
    ContioConnectionError,
    ContioTimeoutError,
    InvalidResponseError,
    redact,
)
from contio.secrets import SecretSourceError

__all__ = ["Sender"]

T = TypeVar("T")
M = TypeVar("M")

RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is the caller's decision, not a sleep
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
_SECRET_FIELDS = frozenset(
    {
        "token",
        "refresh_token",
        "code",
        "code_verifier",
        "client_secret",
        "session",
        "idp_client_secret",
        "rollback_token",
    }
)

logger = logging.getLogger("contio")


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, ... at most 8 s."""
    base = min(BACKOFF_CAP, BACKOFF_BASE * float(2 ** (attempt - 1)))
    return base / 2 + random.uniform(0, base / 2)  # noqa: S311 - jitter, not a secret


def request_secrets(request: httpx2.Request) -> list[str]:
    """Secret values a request carried: in its form or JSON body, and a Bearer token, also
    as form-encoded (a "+" or "/" would survive redaction of the decoded value)."""
    found: list[str] = []
    authorization = request.headers.get("authorization", "")
    if authorization[:7].lower() == "bearer ":
        found.append(authorization[7:])
    api_key = request.headers.get("x-api-key")
    if api_key:
        found.append(api_key)
    try:
        body = request.content.decode()
    except (httpx2.RequestNotRead, UnicodeDecodeError):
        return found
    items: Any
    if body.startswith("{"):
        try:
            fields = json.loads(body)
        except ValueError:
            return found
        items = fields.items() if isinstance(fields, dict) else []
    else:
        items = parse_qsl(body)
    values = [v for k, v in items if k in _SECRET_FIELDS and isinstance(v, str)]
    return found + values + [quote_plus(v) for v in values] + [quote(v, safe="") for v in values]


class Sender:
    """Builds, sends and judges the requests of one client."""

    def __init__(self, settings: Connection, held_secrets: Callable[[], tuple[str | None, ...]]):
        self.settings = settings
        self._held_secrets = held_secrets
        self._urls: dict[str, httpx2.URL] = {}
        deadline = settings.deadline
        self._timeouts = {
            phase: min(limit, deadline) if limit is not None else deadline
            for phase, limit in settings.timeouts.items()
        }

    def secrets(self, request: httpx2.Request | None = None) -> tuple[str | None, ...]:
        """Everything that must never appear in a message: the client secret (also as its
        Basic credential), the tokens held, and what `request` carried."""
        found = (*self.settings.secrets(), *self._held_secrets())
        return (*found, *request_secrets(request)) if request is not None else found

    def request(
        self,
        endpoint: Endpoint,
        kwargs: dict[str, Any],
        *,
        authorization: str | None = None,
        client: bool = False,
    ) -> httpx2.Request:
        """The request of one call, from the generated client's `_get_kwargs`; `client`
        authenticates the client as the settings say (headers, or fields of the form)."""
        headers = dict(self.settings.headers)
        headers.update(kwargs.get("headers") or {})
        data = kwargs.get("data")
        if client:
            credentials, fields = self.settings.authenticate(endpoint)
            headers.update(credentials)
            if fields:
                data = {**(data or {}), **fields}
        if authorization is not None:
            headers["Authorization"] = authorization
        target = endpoint.origin + (endpoint.path or kwargs["url"])
        url = self._urls.get(target)
        if url is None:  # parsing a URL is a tenth of a call's CPU: once per endpoint
            url = self._urls[target] = httpx2.URL(target)
        return httpx2.Request(
            kwargs["method"].upper(),
            url,
            headers=headers,
            data=data,
            json=kwargs.get("json"),
            params=kwargs.get("params") or None,
            extensions={"timeout": dict(self._timeouts)},
        )

    def send(self, endpoint: Endpoint, request: httpx2.Request) -> Flow[Received]:
        """Send with retries: exponential backoff with jitter, honouring Retry-After. A call
        that may have reached the server is repeated only when it is safe to repeat."""
        settings = self.settings
        # Only the OAuth client's requests are drawn from a budget.
        oauth = settings if isinstance(settings, Settings) else None
        budgeted = oauth is not None and oauth.budget is not None and endpoint.budgeted
        attempt = 0
        while True:
            if budgeted:
                assert oauth is not None
                yield from draw(oauth, endpoint)
            started = time.perf_counter()
            try:
                received: Received = yield Send(
                    request, settings.deadline, settings.max_response_bytes
                )
            except httpx2.TransportError as exc:
                never_sent, _ = failure_kind(exc)
                if attempt < settings.max_retries and (never_sent or endpoint.idempotent):
                    attempt += 1
                    yield Sleep(backoff(attempt))
                    continue
                # from None: the chained exception's text is not ours to vouch for.
                raise self._transport_error(endpoint, request, exc) from None
            except BodyRefused as exc:
                raise InvalidResponseError(
                    f"{endpoint.name}: the answer was not read: {exc.reason}; the connection "
                    "was dropped",
                    response=exc.response,
                    secrets=self.secrets(request),
                ) from None
            status = received.status_code
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s %s -> %s request_id=%s %.1fms",
                    request.method,
                    request.url.path,
                    status,
                    redact(
                        received.response.headers.get("x-request-id") or "-", *self.secrets(request)
                    ),
                    (time.perf_counter() - started) * 1000,
                )
            if 300 <= status < 400:
                raise self._redirect_error(endpoint, received, request)
            paused = oauth is not None and budgeted and (yield from heard(oauth, received, request))
            if status in RETRY_STATUSES and endpoint.idempotent and attempt < settings.max_retries:
                if paused:  # the next draw waits out the pause, as every process does
                    attempt += 1
                    continue
                delay = self._retry_delay(attempt + 1, received.response)
                if delay is not None:
                    attempt += 1
                    yield Sleep(delay)
                    continue
            return received

    @staticmethod
    def _retry_delay(attempt: int, response: httpx2.Response) -> float | None:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is None:
            return backoff(attempt)
        if retry_after > MAX_RETRY_AFTER:
            return None  # too long to wait inside a call: the caller gets the RateLimitError
        return retry_after

    def _redirect_error(
        self, endpoint: Endpoint, received: Received, request: httpx2.Request
    ) -> InvalidResponseError:
        """A 3xx: OAuth calls carry secrets, so they never follow one. Only the origin it
        points to is named: its path or query may carry what the request sent."""
        location = received.response.headers.get("location", "")
        parts = urlsplit(location)
        host = parts.netloc.rpartition("@")[2]  # never the userinfo
        target = f"{parts.scheme}://{host}" if parts.scheme and host else ""
        # The origin too is the server's text: a secret can stand in a host name.
        where = f" to {redact(target, *self.secrets(request))}" if target else ""
        return InvalidResponseError(
            f"{endpoint.name}: the server answered {received.status_code}, a redirect{where}; "
            "OAuth calls carry secrets and never follow redirects",
            response=received.full_response(),
            secrets=self.secrets(request),
        )

    def _transport_error(
        self, endpoint: Endpoint, request: httpx2.Request, exc: httpx2.HTTPError
    ) -> ContioConnectionError:
        url = request.url
        where = f"{endpoint.name} ({request.method} {url.scheme}://{url.netloc.decode()}{url.path})"
        # Name what really happened: httpx-aiohttp reports a dropped connection as a
        # ConnectTimeout, the aiohttp error it chains says ServerDisconnectedError.
        cause = exc.__cause__
        real: BaseException = cause if cause is not None and from_aiohttp(cause) else exc
        kind = type(real).__name__
        # What the network said (a TLS certificate failure, say), without any secret.
        detail = redact(str(real), *self.secrets(request))
        if detail and detail != kind:
            kind = f"{kind}: {detail}"
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("%s %s -> %s", request.method, url.path, type(real).__name__)
        if failure_kind(exc)[1]:
            return ContioTimeoutError(f"{where} timed out ({kind})")
        return ContioConnectionError(f"{where} failed: {kind}")

    def api_error(self, received: Received, request: httpx2.Request | None) -> ContioAPIError:
        """The error an error answer stands for, every server-provided text redacted."""
        return ContioAPIError.from_response(
            received.full_response(), *self.secrets(request), content=received.body
        )

    def expect(self, endpoint: Endpoint, received: Received, expected: int, why: str = "") -> None:
        """The answer has the status that says the call was done, or its error is raised (an
        error answer's, or `unexpected status`, with `why` it matters)."""
        status = received.status_code
        request = received.response.request
        if status >= 400:
            raise self.api_error(received, request)
        if status != expected:
            raise InvalidResponseError(
                f"{endpoint.name}: unexpected status {status}{why}",
                response=received.full_response(),
                secrets=self.secrets(request),
            )

    def result(
        self,
        endpoint: Endpoint,
        received: Received,
        model: Callable[[dict[str, Any]], M],
        convert: Callable[[M], T],
        *,
        expected: int = 200,
    ) -> T:
        """Turn an answer into a typed result, or raise the matching error."""
        self.expect(endpoint, received, expected)
        request = received.response.request
        try:
            body = json.loads(received.body)
            if not isinstance(body, dict):
                raise WireTypeError("the body is not a JSON object")
            return convert(model(body))
        except WireTypeError as exc:
            reason = str(exc)
        except KeyError as exc:
            reason = f"field {exc.args[0]!r} is missing"
        except (ValueError, TypeError, AttributeError, OverflowError, RecursionError):
            # OverflowError: an expires_in past datetime's range; RecursionError: JSON nested
            # too deeply for the decoder.
            reason = "the body does not match the API description"
        raise InvalidResponseError(
            f"{endpoint.name}: {reason}",
            response=received.full_response(),
            secrets=self.secrets(request),
        )

    def call(
        self,
        endpoint: Endpoint,
        kwargs: dict[str, Any],
        model: Callable[[dict[str, Any]], M],
        convert: Callable[[M], T],
        *,
        authorization: str | None = None,
        client: bool = False,
    ) -> Flow[T]:
        """One request and its typed result."""
        received = yield from self.exchange(
            endpoint, kwargs, authorization=authorization, client=client
        )
        return self.result(endpoint, received, model, convert)

    def exchange(
        self,
        endpoint: Endpoint,
        kwargs: dict[str, Any],
        *,
        authorization: str | None = None,
        client: bool = False,
    ) -> Flow[Received]:
        """One request and its answer (its request: `received.response.request`). A call
        that authenticates the client first reads its credential's source when what it holds
        is old; refused (a rotated secret), or held back by the budget because another
        process's request with it was refused, it reads the source again and, when that gave
        a new value, tries once more with it."""
        credential = self.settings.credential if client else None
        if credential is not None and credential.stale():  # never for a fixed one
            yield from credential.reread()
        for last in (False, True):
            request = self.request(endpoint, kwargs, authorization=authorization, client=client)
            try:
                received = yield from self.send(endpoint, request)
            except BudgetSpentError as exc:
                if last or credential is None or exc.reason != REFUSED:
                    raise
                if not (yield from self._reread(credential, endpoint)):
                    raise
                continue
            if last or credential is None or not self.settings.refused(received):
                return received
            if not (yield from self._reread(credential, endpoint)):
                return received
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _reread(credential: Credential[Any], endpoint: Endpoint) -> Flow[bool]:
        """Read a refused credential's source again: whether it gave a new value. A source
        that cannot be read now leaves the refusal to answer the call (and says so in the
        log, naming the source, never a value)."""
        try:
            return (yield from credential.reread())
        except SecretSourceError as exc:
            logger.warning("%s: refused, and its source could not be read again: %s",
                           endpoint.name, exc)  # fmt: skip
            return False
