"""The sans-IO core shared by OAuthClient and AsyncOAuthClient.

Every operation is written once here, as a generator (a *flow*) that yields what it needs
done, an `httpx.Request` to send or a `Sleep` before a retry, and receives the response. The
sync and async clients only drive flows (see `contio.client`), as httpx's auth flows drive
both of its clients. Request bodies and response models come from the generated client.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import random
import sys
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit

import attrs
import httpx

from contio._version import __version__
from contio.errors import (
    ContioAPIError,
    ContioConnectionError,
    ContioTimeoutError,
    InvalidResponseError,
    MissingTokenError,
    TokenStoreError,
    redact,
)
from contio.models import (
    ConsentStatus,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    TokenIntrospection,
    UserInfo,
    WireTypeError,
    _opt,
    _req,
    _str_list,
)
from contio.stores import MemoryTokenStore, TokenStore
from contio.tokens import AuthTokens

if TYPE_CHECKING:  # the generated models and endpoints load at the first call: import time
    from contio_oauth_api import models as wire

T = TypeVar("T")
M = TypeVar("M")

DEFAULT_AUTHORIZATION_URL = "https://auth.contio.ai/oauth2/authorize"
DEFAULT_TOKEN_URL = "https://auth.contio.ai/oauth2/token"
DEFAULT_SCOPE: tuple[str, ...] = ("openid", "profile", "meetings:read", "meetings:write")
TOKEN_TYPE_HINTS = frozenset({"access_token", "refresh_token"})
CODE_CHALLENGE_METHODS = frozenset({"S256", "plain"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is the caller's decision, not a sleep
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
USER_AGENT = f"contio-python/{__version__} httpx/{httpx.__version__}"

logger = logging.getLogger("contio")


# The internal value classes below are plain classes with __slots__, not attrs classes:
# attrs compiles methods for each class at import, and `import contio` is measured.


class Sleep:
    """A step of a flow: wait this many seconds (before a retry)."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class StoreOp:
    """A step of a flow: load, save or clear the tokens in the client's store.

    Yielded rather than called so that the async client can await a store's async methods
    (`aload`, `asave`, `aclear`) instead of blocking its event loop.
    """

    __slots__ = ("action", "tokens")

    def __init__(self, action: str, tokens: AuthTokens | None = None) -> None:
        self.action = action  # "load" | "save" | "clear"
        self.tokens = tokens


Step = httpx.Request | Sleep | StoreOp
Flow = Generator[Step, Any, T]


def _always() -> bool:
    return True


class Job(Generic[T]):
    """A flow, and whether it must run under the client's refresh lock (single flight).

    `needs_store_lock` is asked once the client's own lock is held: False when another
    caller of this client has just done the work, so the store's cross-process lock (a
    round trip to Redis, say) can be skipped; the flow re-reads the store either way.
    """

    __slots__ = ("failures_seen", "flow", "needs_store_lock", "prelude", "single_flight")

    def __init__(
        self,
        flow: Flow[T],
        single_flight: bool = False,
        needs_store_lock: Callable[[], bool] = _always,
        prelude: Flow[Any] | None = None,
        failures_seen: int = 0,
    ) -> None:
        self.flow = flow
        self.single_flight = single_flight
        self.needs_store_lock = needs_store_lock
        # Run first, without any lock: its result is the answer unless it is NEEDS_LOCK.
        self.prelude = prelude
        # The client's count of failed store locks when the job was made (see Core.guard).
        self.failures_seen = failures_seen


#: What a prelude returns when the job must run under the locks after all.
NEEDS_LOCK: Any = object()


def _done(value: T) -> Flow[T]:
    """A flow that needs no I/O."""
    return value
    yield  # pragma: no cover - makes this a generator


class _Endpoint:
    __slots__ = ("idempotent", "name", "origin")

    def __init__(self, name: str, origin: str, idempotent: bool) -> None:
        self.name = name  # the operationId, for logs and errors
        self.origin = origin
        self.idempotent = idempotent  # safe to repeat after a failure that may have reached it


def _unset() -> Any:
    """The generated models' UNSET (loaded with them, at the first call)."""
    from contio_oauth_api.types import UNSET

    return UNSET


def _text(value: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value


def _email(value: str) -> str:
    _text(value, "email")
    if "@" not in value or any(ch.isspace() for ch in value.strip()):
        raise ValueError("email must be an email address")
    return value.strip()


def _origin(url: str, name: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"{name} must be an absolute http(s) URL")
    return f"{parts.scheme}://{parts.netloc}"


def normalize_scope(scope: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """Scopes as a tuple; a string is split on spaces, list items must have none."""
    if scope is None:
        return None
    items = scope.split() if isinstance(scope, str) else list(scope)
    for item in items:
        if not isinstance(item, str) or not item or any(ch.isspace() for ch in item):
            raise ValueError(f"invalid scope {item!r}: scopes are non-empty and contain no spaces")
    return tuple(items)


def sort_send_failure(exc: Exception) -> httpx.Response | httpx.TransportError | None:
    """What an exception from sending a request means for the flow.

    A response when an app's event hook raised for its status (raise_for_status): the flow
    judges the answer itself. An httpx.TransportError for a failure to get an answer:
    httpx's own transports raise those; httpx-aiohttp maps most aiohttp errors to them and
    lets the rest (and asyncio timeouts) through, which are wrapped here. None for anything
    else, which the driver lets propagate.
    """
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response
    if isinstance(exc, httpx.TransportError):
        return exc
    if isinstance(exc, (httpx.HTTPError, OSError, *_timeouts())) or _from_aiohttp(exc):
        error = httpx.TransportError(f"{type(exc).__name__}: {exc}")
        error.__cause__ = exc
        return error
    return None


def resume_after_failure(flow: Flow[T], exc: Exception) -> Step:
    """Resume a flow after sending its request raised: with the response an app's hook
    raised for, or with the transport failure raised inside the flow (which decides on a
    retry); anything else propagates, with `exc` as it was."""
    outcome = sort_send_failure(exc)
    if outcome is None:
        raise exc
    if isinstance(outcome, httpx.Response):
        return flow.send(outcome)
    return flow.throw(outcome)


def _timeouts() -> tuple[type[BaseException], ...]:
    """TimeoutError, and asyncio's, which is another class before Python 3.11 (asyncio is
    not imported for this: no asyncio timeout can happen before something else imports it)."""
    aio = sys.modules.get("asyncio")
    return (TimeoutError, aio.TimeoutError) if aio is not None else (TimeoutError,)


def _from_aiohttp(exc: BaseException | None) -> bool:
    return exc is not None and type(exc).__module__.partition(".")[0] == "aiohttp"


def failure_kind(exc: httpx.HTTPError) -> tuple[bool, bool]:
    """(never reached the server, timed out) for a transport failure.

    httpx-aiohttp maps every aiohttp connection error, a dropped connection included, to
    httpx.ConnectTimeout: the aiohttp error it chains is what tells them apart.
    """
    cause = exc.__cause__
    if _from_aiohttp(cause) or isinstance(cause, (OSError, *_timeouts())):
        names = {klass.__name__ for klass in type(cause).__mro__}
        never_sent = bool(names & {"ClientConnectorError", "ConnectionTimeoutError"})
        timed_out = isinstance(cause, _timeouts())
        return never_sent, timed_out
    never_sent = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
    return never_sent, isinstance(exc, httpx.TimeoutException)


def apply_store_op(store: TokenStore, op: StoreOp) -> AuthTokens | None:
    """Carry out a StoreOp with the store's blocking methods."""
    if op.action == "load":
        return store.load()
    if op.action == "save":
        assert op.tokens is not None
        store.save(op.tokens)
        return op.tokens
    store.clear()
    return None


async def apply_store_op_async(store: TokenStore, op: StoreOp) -> AuthTokens | None:
    """Carry out a StoreOp with the store's async methods where it has them."""
    method = getattr(store, f"a{op.action}", None)
    if method is None:
        return apply_store_op(store, op)
    if op.action == "load":
        loaded: AuthTokens | None = await method()
        return loaded
    if op.action == "save":
        await method(op.tokens)
        return op.tokens
    await method()
    return None


def store_lock(store: TokenStore) -> AbstractContextManager[object]:
    """The store's cross-process lock for a refresh, where it has one."""
    lock = getattr(store, "lock", None)
    return lock() if lock is not None else contextlib.nullcontext()


def store_alock(store: TokenStore) -> AbstractAsyncContextManager[object]:
    """The store's cross-process lock for a refresh, for asyncio, where it has one."""
    alock = getattr(store, "alock", None)
    return alock() if alock is not None else contextlib.nullcontext()


_SECRET_FIELDS = frozenset(
    {"token", "refresh_token", "code", "code_verifier", "client_secret", "session"}
)


def _request_secrets(request: httpx.Request) -> list[str]:
    """Secret values a request carried: in its form or JSON body, and a Bearer token."""
    found: list[str] = []
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        found.append(authorization[7:])
    try:
        body = request.content.decode()
    except (httpx.RequestNotRead, UnicodeDecodeError):
        return found
    fields: Any
    if body.startswith("{"):
        try:
            fields = json.loads(body)
        except ValueError:
            return found
        items = fields.items() if isinstance(fields, dict) else []
    else:
        items = parse_qsl(body)
    values = [v for k, v in items if k in _SECRET_FIELDS and isinstance(v, str)]
    # As sent, too: a form-encoded "+" or "/" would survive redaction of the decoded value.
    found += values + [quote_plus(v) for v in values] + [quote(v, safe="") for v in values]
    return found


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Core:
    """Configuration, token state and every operation's flow."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        scope: Sequence[str] | str | None = None,
        *,
        authorization_url: str | None = None,
        token_url: str | None = None,
        base_url: str | None = None,
        token_store: TokenStore | None = None,
        timeout: float | httpx.Timeout = 30.0,
        max_retries: int = 2,
        refresh_margin: timedelta | float = timedelta(seconds=60),
        clock: Callable[[], datetime] | None = None,
        defer_blocking_reads: bool = False,
    ) -> None:
        self.client_id = _text(client_id, "client_id")
        self._client_secret = _text(client_secret, "client_secret")
        self.redirect_uri = _text(redirect_uri, "redirect_uri")
        self.scope = normalize_scope(scope) or DEFAULT_SCOPE
        if base_url is not None:
            if authorization_url is not None or token_url is not None:
                raise ValueError("give base_url or authorization_url/token_url, not both")
            root = base_url.rstrip("/")
            _origin(root, "base_url")
            self.authorization_url = f"{root}/oauth2/authorize"
            self.token_url = f"{root}/oauth2/token"
            self._auth_origin = self._token_origin = root
            self._token_path = "/oauth2/token"
        else:
            # As the TypeScript SDK does: revoke hangs off the token URL, the rest off the
            # authorization URL, each by replacing the path.
            self.authorization_url = authorization_url or DEFAULT_AUTHORIZATION_URL
            self.token_url = token_url or DEFAULT_TOKEN_URL
            self._auth_origin = _origin(self.authorization_url, "authorization_url")
            self._token_origin = _origin(self.token_url, "token_url")
            self._token_path = urlsplit(self.token_url).path or "/oauth2/token"
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError("max_retries must be a whole number >= 0")
        self.max_retries = max_retries
        margin = (
            refresh_margin
            if isinstance(refresh_margin, timedelta)
            else timedelta(seconds=refresh_margin)
        )
        if margin < timedelta(0):
            raise ValueError("refresh_margin must not be negative")
        self.refresh_margin = margin
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._timeout_ext = self.timeout.as_dict()
        self._clock = clock or _utc_now
        self.store: TokenStore = token_store if token_store is not None else MemoryTokenStore()
        # The tokens are read now, or at the first call for a store that says it would block
        # (a network store used from asyncio reads them through its async methods).
        self._tokens: AuthTokens | None = None
        self._loaded = False
        # The newest tokens when the store failed to take them: saved before anything else.
        self._unsaved: AuthTokens | None = None
        # Counts the tokens this client received: a waiter for the refresh lock that sees
        # it move knows a refresh happened since it asked, even before its first read.
        self._generation = 0
        self._store_failures = 0
        self._store_failure: str | None = None
        self._last_refresh: tuple[str, AuthTokens] | None = None  # (refresh token, result)
        lazily = bool(getattr(self.store, "loads_lazily", False))
        # An asyncio client must not read such a store with blocking calls at all.
        self.defer_reads = lazily and defer_blocking_reads
        if not lazily:
            self._tokens, self._loaded = self.store.load(), True
        self._failed_refresh: tuple[str, httpx.Response] | None = None
        credentials = f"{self.client_id}:{self._client_secret}".encode()
        self._basic = "Basic " + base64.b64encode(credentials).decode("ascii")
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        self._urls: dict[str, httpx.URL] = {}

        self._token = _Endpoint("exchangeOauthToken", self._token_origin, idempotent=False)
        self._client_credentials = _Endpoint(
            "exchangeOauthToken", self._token_origin, idempotent=True
        )
        self._revoke = _Endpoint("revokeOauthToken", self._token_origin, idempotent=True)
        self._introspect = _Endpoint("introspectOauthToken", self._auth_origin, idempotent=True)
        self._userinfo = _Endpoint("getOauthUserInfo", self._auth_origin, idempotent=True)
        self._scopes = _Endpoint("listOauthScopes", self._auth_origin, idempotent=True)
        self._consent = _Endpoint("checkOauthConsent", self._auth_origin, idempotent=True)
        self._initiate = _Endpoint("initiatePartnerAuth", self._auth_origin, idempotent=False)
        self._verify = _Endpoint("verifyPartnerAuth", self._auth_origin, idempotent=False)
        self._partner = _Endpoint("getPublicPartnerInfo", self._auth_origin, idempotent=True)

    def __repr__(self) -> str:
        return f"Core(client_id={self.client_id!r}, client_secret='[redacted]')"

    # -- token state -------------------------------------------------------------------------

    @property
    def tokens(self) -> AuthTokens | None:
        """The tokens held, reading the store first if it has not been read yet, except for
        a store read lazily by an asyncio client: that would block its event loop."""
        if not self._loaded and not self.defer_reads:
            self._tokens, self._loaded = self.store.load(), True
        return self._tokens

    def held_tokens_repr(self) -> str:
        """For reprs: never reads the store (a repr must not fail or block)."""
        return repr(self._tokens) if self._loaded else "'<not read yet>'"

    def load(self) -> Job[AuthTokens | None]:
        """Read the store again (another process may have signed in or refreshed)."""
        # Under the client's lock (it may save tokens a failed save left), not the store's.
        return self._single(self._reload(), needs_store_lock=lambda: False)

    def usable(self, tokens: AuthTokens) -> bool:
        """Good for at least refresh_margin. An unknown expiry counts as usable here: the
        server's 401 says when it is not, and refreshing on every call would be worse."""
        expires_at = tokens.expires_at
        return expires_at is None or self.now() + self.refresh_margin < expires_at

    def now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("clock() must return a timezone-aware datetime")
        return now

    def set_tokens(self, tokens: AuthTokens | Mapping[str, Any]) -> None:
        if not isinstance(tokens, AuthTokens):
            tokens = AuthTokens.from_dict(tokens)
        self.store.save(tokens)
        self._tokens, self._loaded, self._unsaved = tokens, True, None

    def clear_tokens(self) -> None:
        self.store.clear()
        self._tokens, self._loaded, self._unsaved = None, True, None

    def is_token_expired(self) -> bool:
        tokens = self.tokens
        return tokens is None or tokens.expires_within(self.now())

    def secrets(self, request: httpx.Request | None = None) -> tuple[str | None, ...]:
        """What must never appear in a message: redacted from server-provided text.

        The client secret and the held tokens, and what the request carried: a token given
        as an argument, an authorization code, a PKCE verifier, a one-time code.
        """
        found: list[str | None] = [self._client_secret]
        tokens = self._tokens
        if tokens is not None:
            found += [tokens.access_token, tokens.refresh_token, tokens.id_token]
        if request is not None:
            found += _request_secrets(request)
        return tuple(found)

    def _single(
        self,
        flow: Flow[T],
        needs_store_lock: Callable[[], bool] = _always,
        prelude: Flow[Any] | None = None,
    ) -> Job[T]:
        """A job that runs under the client's refresh lock and the store's."""
        return Job(
            flow,
            single_flight=True,
            needs_store_lock=needs_store_lock,
            prelude=prelude,
            failures_seen=self._store_failures,
        )

    @contextlib.contextmanager
    def guard(self, job: Job[Any]) -> Iterator[None]:
        """Around a single-flight job, once the client's lock is held.

        When the store failed (Redis down, its lock not to be had) for a job queued ahead,
        the jobs that waited behind it fail the same way at once, instead of each spending
        the store's whole timeout again.
        """
        if self._store_failures != job.failures_seen and self._store_failure is not None:
            raise TokenStoreError(self._store_failure)
        try:
            yield
        except TokenStoreError as exc:
            self._store_failures += 1
            self._store_failure = str(exc)
            raise

    # -- pure operations ---------------------------------------------------------------------

    def authorization_url_for(
        self,
        state: str | None,
        login_hint: str | None,
        code_challenge: str | None,
        code_challenge_method: str,
    ) -> str:
        if code_challenge_method not in CODE_CHALLENGE_METHODS:
            raise ValueError("code_challenge_method must be 'S256' or 'plain'")
        params = [
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("response_type", "code"),
            ("scope", " ".join(self.scope)),
        ]
        if state is not None:
            params.append(("state", state))
        if login_hint is not None:
            params.append(("login_hint", login_hint))
        if code_challenge is not None:
            params.append(("code_challenge", _text(code_challenge, "code_challenge")))
            params.append(("code_challenge_method", code_challenge_method))
        separator = "&" if "?" in self.authorization_url else "?"
        return f"{self.authorization_url}{separator}{urlencode(params)}"

    # -- sending -----------------------------------------------------------------------------

    def _request(
        self,
        endpoint: _Endpoint,
        kwargs: dict[str, Any],
        *,
        authorization: str | None,
        path: str | None = None,
    ) -> httpx.Request:
        headers = dict(self._headers)
        headers.update(kwargs.get("headers") or {})
        if authorization is not None:
            headers["Authorization"] = authorization
        target = endpoint.origin + (path or kwargs["url"])
        url = self._urls.get(target)
        if url is None:  # parsing a URL is a tenth of a call's CPU: once per endpoint
            url = self._urls[target] = httpx.URL(target)
        return httpx.Request(
            kwargs["method"].upper(),
            url,
            headers=headers,
            data=kwargs.get("data"),
            json=kwargs.get("json"),
            extensions={"timeout": self._timeout_ext},
        )

    def _send(self, endpoint: _Endpoint, request: httpx.Request) -> Flow[httpx.Response]:
        """Send with retries: exponential backoff with jitter, honouring Retry-After."""
        attempt = 0
        while True:
            started = time.perf_counter()
            try:
                response: httpx.Response = yield request
            except httpx.TransportError as exc:
                # A connection that never opened never reached the server: any call may be
                # repeated. Anything later may have, so only calls safe to repeat are.
                never_sent, _ = failure_kind(exc)
                if attempt < self.max_retries and (never_sent or endpoint.idempotent):
                    attempt += 1
                    yield Sleep(self._backoff(attempt))
                    continue
                # from None: the chained exception text is not ours to vouch for (no secrets).
                raise self._transport_error(endpoint, request, exc) from None
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s %s -> %s request_id=%s %.1fms",
                    request.method,
                    request.url.path,
                    response.status_code,
                    response.headers.get("x-request-id"),
                    (time.perf_counter() - started) * 1000,
                )
            if (
                response.status_code in RETRY_STATUSES
                and endpoint.idempotent
                and attempt < self.max_retries
            ):
                delay = self._retry_delay(attempt + 1, response)
                if delay is not None:
                    attempt += 1
                    yield Sleep(delay)
                    continue
            return response

    @staticmethod
    def _backoff(attempt: int) -> float:
        base = min(BACKOFF_CAP, BACKOFF_BASE * float(2 ** (attempt - 1)))
        return base / 2 + random.uniform(0, base / 2)  # noqa: S311 - jitter, not a secret

    def _retry_delay(self, attempt: int, response: httpx.Response) -> float | None:
        from contio.errors import parse_retry_after

        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is None:
            return self._backoff(attempt)
        if retry_after > MAX_RETRY_AFTER:
            return None  # too long to wait inside a call: the caller gets the RateLimitError
        return retry_after

    def _transport_error(
        self, endpoint: _Endpoint, request: httpx.Request, exc: httpx.HTTPError
    ) -> ContioConnectionError:
        url = request.url
        where = f"{endpoint.name} ({request.method} {url.scheme}://{url.netloc.decode()}{url.path})"
        # Name what really happened: httpx-aiohttp reports a dropped connection as a
        # ConnectTimeout, the aiohttp error it chains says ServerDisconnectedError.
        cause = exc.__cause__
        real: BaseException = cause if cause is not None and _from_aiohttp(cause) else exc
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

    def _result(
        self,
        endpoint: _Endpoint,
        response: httpx.Response,
        model: Callable[[dict[str, Any]], M],
        convert: Callable[[M], T],
    ) -> T:
        """Turn a response into a typed result, or raise the matching error."""
        if response.status_code >= 400:
            raise ContioAPIError.from_response(response, *self.secrets(response.request))
        if response.status_code != 200:
            raise InvalidResponseError(
                f"{endpoint.name}: unexpected status {response.status_code}", response=response
            )
        try:
            body = json.loads(response.content)
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
        raise InvalidResponseError(f"{endpoint.name}: {reason}", response=response)

    def _call(
        self,
        endpoint: _Endpoint,
        kwargs: dict[str, Any],
        model: Callable[[dict[str, Any]], M],
        convert: Callable[[M], T],
        *,
        authorization: str | None = None,
        path: str | None = None,
    ) -> Flow[T]:
        request = self._request(endpoint, kwargs, authorization=authorization, path=path)
        response = yield from self._send(endpoint, request)
        return self._result(endpoint, response, model, convert)

    # -- token endpoint ----------------------------------------------------------------------

    def _tokens_from(
        self,
        used_refresh_token: str | None,
        requested: tuple[str, ...],
        id_token: str | None = None,
    ) -> Callable[[wire.TokenResponse], AuthTokens]:
        def convert(model: wire.TokenResponse) -> AuthTokens:
            scope = _opt(model.scope, str, "scope")
            # A server that does not rotate keeps the refresh token just used (RFC 6749 §6).
            refresh_token = _opt(model.refresh_token, str, "refresh_token") or used_refresh_token
            access_token = _req(model.access_token, str, "access_token")
            if not access_token:  # AuthTokens.from_dict refuses it: a store could not load it
                raise WireTypeError("field 'access_token' is empty")
            return AuthTokens.from_token_response(
                access_token=access_token,
                expires_in=_opt(model.expires_in, int, "expires_in"),
                received_at=self.now(),
                refresh_token=refresh_token,
                # A refresh often brings no new ID token: the one of the grant still says
                # who signed in.
                id_token=_opt(model.id_token, str, "id_token") or id_token,
                # An omitted scope is the scope requested (RFC 6749 §5.1).
                scope=scope if scope is not None else " ".join(requested),
                token_type=_opt(model.token_type, str, "token_type") or "Bearer",
            )

        return convert

    def _token_flow(
        self,
        endpoint: _Endpoint,
        body: wire.AuthorizationCodeGrant | wire.RefreshTokenGrant | wire.ClientCredentialsGrant,
        used_refresh_token: str | None,
        requested: tuple[str, ...],
        id_token: str | None = None,
    ) -> Flow[AuthTokens]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import exchange_oauth_token

        tokens = yield from self._call(
            endpoint,
            exchange_oauth_token._get_kwargs(body=body),
            wire.TokenResponse.from_dict,
            self._tokens_from(used_refresh_token, requested, id_token),
            authorization=self._basic,
            path=self._token_path,
        )
        return (yield from self._save(tokens))

    def exchange_code(self, code: str, code_verifier: str | None) -> Job[AuthTokens]:
        from contio_oauth_api import models as wire

        body = wire.AuthorizationCodeGrant(
            grant_type="authorization_code",
            code=_text(code, "code"),
            redirect_uri=self.redirect_uri,
            code_verifier=_text(code_verifier, "code_verifier")
            if code_verifier is not None
            else _unset(),
        )
        return Job(self._token_flow(self._token, body, None, self.scope))

    def client_credentials(self, scope: Sequence[str] | str | None) -> Job[AuthTokens]:
        from contio_oauth_api import models as wire

        requested = normalize_scope(scope) or self.scope
        body = wire.ClientCredentialsGrant(
            grant_type="client_credentials", scope=" ".join(requested)
        )
        return Job(self._token_flow(self._client_credentials, body, None, requested))

    def _refresh_flow(self, refresh_token: str) -> Flow[AuthTokens]:
        from contio_oauth_api import models as wire

        failed = self._failed_refresh
        if failed is not None and failed[0] == refresh_token:
            # The server refused this refresh token for good: callers that waited for the
            # refresh get the same answer without sending it again.
            raise ContioAPIError.from_response(failed[1], *self.secrets(failed[1].request))
        stored = self._tokens
        same_grant = stored is not None and stored.refresh_token == refresh_token
        requested = stored.scope if stored is not None and same_grant else self.scope
        body = wire.RefreshTokenGrant(grant_type="refresh_token", refresh_token=refresh_token)
        try:
            previous_id = stored.id_token if stored is not None and same_grant else None
            tokens = yield from self._token_flow(
                self._token, body, refresh_token, requested, previous_id
            )
            self._last_refresh = (refresh_token, tokens)
        except ContioAPIError as exc:
            if exc.status_code in (400, 401) and exc.response is not None:
                self._failed_refresh = (refresh_token, exc.response)
            raise
        return tokens

    def refresh(self, refresh_token: str | None) -> Job[AuthTokens]:
        """Refresh with the given token, or single-flight with the stored one."""
        if refresh_token is not None:
            _text(refresh_token, "refresh_token")
            stored = self._tokens
            if self._loaded and (stored is None or stored.refresh_token != refresh_token):
                return Job(self._refresh_flow(refresh_token))
            # The stored token given back explicitly, as the TypeScript SDK's examples do
            # (or a store not read yet, which may hold it): share the refresh with everyone
            # else who needs one.
        seen = self._tokens.access_token if self._loaded and self._tokens is not None else None
        generation = self._generation
        return self._single(
            self._stored_refresh_flow(seen, generation, refresh_token),
            needs_store_lock=lambda: self._generation == generation,
        )

    def _current(self) -> Flow[AuthTokens | None]:
        """The tokens, read through the store the first time (outside the refresh lock:
        never writes; tokens waiting to be saved are newer than the store's anyway)."""
        if self._loaded or self._unsaved is not None:
            return self._tokens
        current: AuthTokens | None = yield StoreOp("load")
        if not self._loaded:  # a refresh may have finished meanwhile: its tokens win
            self._tokens, self._loaded = current, True
        return self._tokens

    def _reload(self) -> Flow[AuthTokens | None]:
        """Under the refresh lock: another thread or process may have refreshed already."""
        unsaved = self._unsaved
        if unsaved is not None:
            # A refresh whose tokens the store did not take: the server has already rotated
            # the refresh token, so these are the only good ones. Save them first.
            yield StoreOp("save", unsaved)
            if self._unsaved is unsaved:
                self._unsaved = None
            return unsaved
        current: AuthTokens | None = yield StoreOp("load")
        self._tokens, self._loaded = current, True
        return current

    def _save(self, tokens: AuthTokens) -> Flow[AuthTokens]:
        # Memory first: if the store fails now, the new tokens (the server may have rotated
        # the refresh token already) are kept and saved at the next chance.
        self._tokens, self._loaded, self._unsaved = tokens, True, tokens
        self._generation += 1
        yield StoreOp("save", tokens)
        if self._unsaved is tokens:
            self._unsaved = None
        return tokens

    def _stored_refresh_flow(
        self, seen: str | None, generation: int, given: str | None
    ) -> Flow[AuthTokens]:
        current = yield from self._reload()
        if given is not None and (current is None or current.refresh_token != given):
            # Not the stored refresh token, or not any more: the refresh that replaced it
            # answers this caller only if it was that very token's refresh.
            last = self._last_refresh
            if last is not None and last[0] == given and self._generation != generation:
                return last[1]
            return (yield from self._refresh_flow(given))
        if (
            current is not None
            and self.usable(current)
            and (
                self._generation != generation  # refreshed in this process meanwhile
                or (seen is not None and current.access_token != seen)  # or in another one
            )
        ):
            return current  # refreshed by someone else while this caller waited
        if current is None or not current.refresh_token:
            raise MissingTokenError("No refresh token available: sign the user in first")
        return (yield from self._refresh_flow(current.refresh_token))

    def valid_access_token(self) -> Job[str]:
        """The stored access token when good for `refresh_margin`, refreshing first if not."""
        seen = self._tokens if self._loaded else None
        if seen is not None and self._unsaved is None and self.usable(seen):
            return Job(_done(seen.access_token))
        return self._single(
            self._valid_flow(),
            needs_store_lock=lambda: self._tokens is None or not self.usable(self._tokens),
            # A store not read yet (a client made per request, say) most likely holds good
            # tokens: read it first without any lock, and lock only to refresh.
            prelude=None if self._loaded else self._unlocked_valid(),
        )

    def _unlocked_valid(self) -> Flow[Any]:
        current = yield from self._current()
        if current is not None and self._unsaved is None and self.usable(current):
            return current.access_token
        return NEEDS_LOCK

    def _valid_flow(self) -> Flow[str]:
        current = yield from self._reload()
        if current is not None and self.usable(current):
            return current.access_token
        if current is None:
            raise MissingTokenError("No tokens available: sign the user in first")
        if not current.refresh_token:
            raise MissingTokenError("The access token has expired and there is no refresh token")
        tokens = yield from self._refresh_flow(current.refresh_token)
        return tokens.access_token

    def refresh_after_rejection(self, rejected: str) -> Job[str]:
        """After a 401 with `rejected`: a new access token, refreshing unless done already."""
        return self._single(
            self._after_rejection_flow(rejected),
            needs_store_lock=lambda: self._tokens is None or self._tokens.access_token == rejected,
        )

    def _after_rejection_flow(self, rejected: str) -> Flow[str]:
        current = yield from self._reload()
        if current is not None and current.access_token != rejected and self.usable(current):
            return current.access_token
        if current is None or not current.refresh_token:
            raise MissingTokenError("The access token was rejected and there is no refresh token")
        tokens = yield from self._refresh_flow(current.refresh_token)
        return tokens.access_token

    # -- other operations --------------------------------------------------------------------

    def revoke(self, token: str, token_type: str) -> Job[None]:
        from contio_oauth_api import models as wire

        if token_type not in TOKEN_TYPE_HINTS:
            raise ValueError("token_type must be 'access_token' or 'refresh_token'")
        body = wire.RevokeRequest(token=_text(token, "token"), token_type_hint=token_type)  # type: ignore[arg-type]
        # Under the refresh lock: what it does to the stored tokens must see a refresh that
        # finished meanwhile, and not write back tokens that refresh replaced.
        return self._single(self._revoke_flow(body))

    def _revoke_flow(self, body: wire.RevokeRequest) -> Flow[None]:
        from contio_oauth_api.api.oauth import revoke_oauth_token

        kwargs = revoke_oauth_token._get_kwargs(body=body)
        request = self._request(self._revoke, kwargs, authorization=self._basic)
        response = yield from self._send(self._revoke, request)
        if response.status_code >= 400:
            raise ContioAPIError.from_response(response, *self.secrets(response.request))
        stored = yield from self._reload()
        if stored is not None and body.token == stored.refresh_token:
            yield StoreOp("clear")  # the server revoked the whole grant with it
            self._tokens = None
        elif stored is not None and body.token == stored.access_token:
            # Keep the refresh token; mark the access token spent so the next use refreshes.
            yield from self._save(attrs.evolve(stored, expires_at=self.now()))

    def introspect(self, token: str) -> Job[TokenIntrospection]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import introspect_oauth_token

        body = wire.IntrospectRequest(token=_text(token, "token"))
        return Job(
            self._call(
                self._introspect,
                introspect_oauth_token._get_kwargs(body=body),
                wire.TokenIntrospection.from_dict,
                TokenIntrospection.from_wire,
                authorization=self._basic,
            )
        )

    def user_info(self, access_token: str | None) -> Job[UserInfo]:

        if access_token is not None:
            _text(access_token, "access_token")
        return Job(self._user_info_flow(access_token))

    def _user_info_flow(self, access_token: str | None) -> Flow[UserInfo]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import get_oauth_user_info

        if access_token is None:
            stored = yield from self._current()
            if stored is None:
                raise MissingTokenError("No access token available: sign the user in first")
            access_token = stored.access_token
        return (
            yield from self._call(
                self._userinfo,
                get_oauth_user_info._get_kwargs(),
                wire.UserInfo.from_dict,
                UserInfo.from_wire,
                authorization=f"Bearer {access_token}",
            )
        )

    def scopes(self) -> Job[list[str]]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import list_oauth_scopes

        def convert(model: wire.ScopeList) -> list[str]:
            return list(_str_list(model.scopes, "scopes"))

        return Job(
            self._call(
                self._scopes,
                list_oauth_scopes._get_kwargs(),
                wire.ScopeList.from_dict,
                convert,
                authorization=self._basic,
            )
        )

    def check_consent(self, email: str) -> Job[ConsentStatus]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import check_oauth_consent

        # The API describes `scopes`, the TypeScript SDK sends `scope`: send both.
        body = wire.CheckConsentRequest(
            client_id=self.client_id,
            email=_email(email),
            scopes=list(self.scope),
            scope=" ".join(self.scope),
            redirect_uri=self.redirect_uri,
            response_type="code",
        )
        return Job(
            self._call(
                self._consent,
                check_oauth_consent._get_kwargs(body=body),
                wire.ConsentStatus.from_dict,
                ConsentStatus.from_wire,
                authorization=self._basic,
            )
        )

    def initiate(
        self, email: str, name: str | None, workspace_id: str | None, is_admin: bool | None
    ) -> Job[PartnerAuthChallenge]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.partner import initiate_partner_auth

        if workspace_id is not None:
            try:
                workspace_id = str(uuid.UUID(str(workspace_id)))
            except ValueError:
                raise ValueError("workspace_id must be a UUID") from None
        if is_admin is not None and not isinstance(is_admin, bool):
            raise ValueError("is_admin must be True or False")
        body = wire.InitiatePartnerAuthRequest(
            client_id=self.client_id,
            email=_email(email),
            name=_text(name, "name") if name is not None else _unset(),
            workspace_id=workspace_id if workspace_id is not None else _unset(),  # type: ignore[arg-type]
            is_admin=is_admin if is_admin is not None else _unset(),
        )
        return Job(
            self._call(
                self._initiate,
                initiate_partner_auth._get_kwargs(body=body),
                wire.PartnerAuthChallenge.from_dict,
                PartnerAuthChallenge.from_wire,
                authorization=self._basic,
            )
        )

    def verify(self, email: str, code: str, session: str) -> Job[PartnerAuthVerification]:
        from contio_oauth_api import models as wire

        body = wire.VerifyPartnerAuthRequest(
            client_id=self.client_id,
            email=_email(email),
            code=_text(code, "code").strip(),
            session=_text(session, "session"),
        )
        return Job(self._verify_flow(body))

    def _verify_flow(self, body: wire.VerifyPartnerAuthRequest) -> Flow[PartnerAuthVerification]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.partner import verify_partner_auth

        result = yield from self._call(
            self._verify,
            verify_partner_auth._get_kwargs(body=body),
            wire.PartnerAuthVerification.from_dict,
            lambda model: PartnerAuthVerification.from_wire(model, self.now(), self.scope),
            authorization=self._basic,
        )
        if result.tokens is not None:
            yield from self._save(result.tokens)
        return result

    def partner_info(self) -> Job[PartnerInfo]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.partner import get_public_partner_info

        return Job(
            self._call(
                self._partner,
                get_public_partner_info._get_kwargs(client_id=self.client_id),
                wire.PartnerInfo.from_dict,
                PartnerInfo.from_wire,
            )
        )
