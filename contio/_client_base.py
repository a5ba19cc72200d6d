"""What OAuthClient and AsyncOAuthClient share: configuration, the pure methods, `auth`."""

from __future__ import annotations

import abc
import inspect
import types
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import httpx2

from contio._checks import check_http_client
from contio._core import Core
from contio._core.settings import DEFAULT_MAX_RESPONSE_BYTES, Settings
from contio._core.steps import Job
from contio.auth import ContioAuth, auth_class
from contio.errors import ContioError
from contio.stores import TokenStore
from contio.tokens import AuthTokens
from contio.types import ClientAuth, CodeChallengeMethod, SecretLike, TokensListener

__all__ = ["_ClientBase"]

if TYPE_CHECKING:
    from contio.budget import MemoryBudget, RedisBudget

    Budget = MemoryBudget | RedisBudget

T = TypeVar("T")
H = TypeVar("H", httpx2.Client, httpx2.AsyncClient)


def _named_for(cls: type, function: types.FunctionType) -> types.FunctionType:
    """`function` as if defined on `cls`: Python names a method's class in its TypeErrors
    (a missing argument, say), and the app knows OAuthClient, not this base."""
    qualname = f"{cls.__name__}.{function.__name__}"
    renamed = types.FunctionType(
        function.__code__.replace(co_qualname=qualname),
        function.__globals__,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    renamed.__kwdefaults__ = function.__kwdefaults__
    renamed.__annotations__ = function.__annotations__
    renamed.__doc__ = function.__doc__
    renamed.__qualname__ = qualname
    renamed.__module__ = cls.__module__
    renamed._contio_origin = function  # type: ignore[attr-defined]  # the base's own
    return renamed


class _ClientBase(Generic[H], metaclass=abc.ABCMeta):
    """Configuration and the pure methods, the same on both clients."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in vars(_ClientBase).items():
            public = name == "__init__" or not name.startswith("_")
            # Only where the base's own function would be found: never over an override
            # (an app's subclass of OAuthClient keeps what OAuthClient defines).
            if public and isinstance(value, types.FunctionType):
                found = inspect.getattr_static(cls, name)
                origin = getattr(found, "_contio_origin", found)
                if origin is value:
                    setattr(cls, name, _named_for(cls, value))

    #: An asyncio client never reads a store read lazily (Redis) with blocking calls.
    _asyncio = False
    _http_type: type[H]

    def __init__(
        self,
        client_id: str,
        client_secret: SecretLike,
        redirect_uri: str | None = None,
        scope: Sequence[str] | str | None = None,
        *,
        authorization_url: str | None = None,
        token_url: str | None = None,
        base_url: str | None = None,
        token_store: TokenStore | None = None,
        http_client: H | None = None,
        timeout: float | httpx2.Timeout = 30.0,
        max_retries: int = 2,
        refresh_margin: timedelta | float = timedelta(seconds=60),
        clock: Callable[[], datetime] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        id_token_leeway: timedelta | float = timedelta(seconds=60),
        client_auth: ClientAuth = "client_secret_basic",
        issuer: str | None = None,
        on_tokens: TokensListener | None = None,
        budget: Budget | Literal[False] | None = None,
    ) -> None:
        """A client of Contio's OAuth 2.0 / OpenID Connect endpoints for one partner app.

        Nothing is sent here: arguments are checked, and a store that can be read without
        I/O is read.

        Args:
            client_id: The partner app's client id.
            client_secret: Its secret; never shown in a repr, a log or an error. Or where it
                is read from (`contio.secrets`: a file, a Redis key, a function): read again
                when older than the source's `max_age`, and once when Contio answers
                `invalid_client`, so that a rotated secret reaches every process.
            redirect_uri: Where Contio sends the browser back with the code. Needed only by
                `get_authorization_url`, `exchange_code_for_token` and `check_consent`.
            scope: The scopes to ask for, a sequence or a space-separated string (default:
                `openid profile meetings:read meetings:write`, as the TypeScript SDK).
            authorization_url: The authorization endpoint, as in the TypeScript SDK; every
                endpoint but revoke hangs off its origin.
            token_url: The token endpoint; revoke hangs off its origin.
            base_url: One root for every endpoint (the mock, a gateway): a path in it is
                kept for all of them, discovery and the key set included.
            token_store: Where the tokens live (default: a `MemoryTokenStore`); see
                `contio.stores`.
            http_client: An `httpx2.Client` (`httpx2.AsyncClient` for the async client) to
                send with; the client then does not close it. Default: one of its own.
            timeout: Seconds (or an `httpx2.Timeout`) for each attempt: connecting, sending
                and reading the whole answer.
            max_retries: How many times a call that is safe to repeat is retried (0-10).
            refresh_margin: How long before expiry `get_valid_access_token` and `auth`
                refresh (a `timedelta` or seconds, at most 7 days).
            clock: A function returning the current aware time (tests, a mock's clock).
            max_response_bytes: The most of an answer that is read; past it the connection
                is dropped and the call fails.
            id_token_leeway: Clock skew allowed when checking an ID token's times.
            client_auth: How the client authenticates (`ClientAuth`): HTTP Basic over the
                form-encoded id and secret (RFC 6749 §2.3.1, the default), Basic over them as
                they are (the TypeScript SDK's form), or both in the form body.
            issuer: The ID tokens' issuer; default: the one of the discovery document.
            on_tokens: Called with the new tokens (None after a sign-out) each time the
                store took a change this client made: a grant, a refresh, `set_tokens`,
                `clear_tokens`, a revoke that ends the grant. An `AsyncOAuthClient` awaits
                an async function. It runs with no lock held; what it raises is logged.
            budget: The OAuth request budget every request of this client is drawn from
                (`contio.budget`: a `MemoryBudget`, or a `RedisBudget` a fleet shares).
                Default: for Contio's servers, the one this process's clients share, with
                Contio's limit; for any other server (a mock, a gateway), none. `False`: none.

        Raises:
            TypeError: An argument of the wrong type, naming it (an httpx client given as
                `http_client`, an async `on_tokens` given to `OAuthClient`...).
            ValueError: An argument of the wrong value, naming it (a `base_url` that is not
                a URL, `http://` to a host that is not loopback, a secret holding a control
                character...).
        """
        settings = Settings(
            client_id,
            client_secret,
            redirect_uri,
            scope,
            authorization_url=authorization_url,
            token_url=token_url,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            refresh_margin=refresh_margin,
            clock=clock,
            max_response_bytes=max_response_bytes,
            id_token_leeway=id_token_leeway,
            client_auth=client_auth,
            issuer=issuer,
            budget=budget,
        )
        check_http_client(http_client, self._http_type)
        if on_tokens is not None and not callable(on_tokens):
            raise TypeError(f"on_tokens must be a callable, not {type(on_tokens).__name__}")
        if on_tokens is not None and not self._asyncio and inspect.iscoroutinefunction(on_tokens):
            raise TypeError(
                "on_tokens of an OAuthClient must be a plain function (an async one is for "
                "AsyncOAuthClient)"
            )
        self._core = Core(settings, token_store, asyncio=self._asyncio, on_tokens=on_tokens)
        self._owns_http = http_client is None
        self._http: H = http_client if http_client is not None else self._new_http_client()
        self._driver = self._new_driver()
        self._auth = ContioAuth(self)

    def _check_open(self) -> None:
        if self._http.is_closed:
            raise ContioError(f"this {type(self).__name__} is closed; create a new one")

    @abc.abstractmethod
    def _new_http_client(self) -> H:
        """The pooled HTTP client this client owns when the app passes none."""

    @abc.abstractmethod
    def _run(self, job: Job[Any]) -> Any:
        """Run a job: its result (OAuthClient), or an awaitable of it (AsyncOAuthClient)."""

    @abc.abstractmethod
    def _new_driver(self) -> Any:
        """What carries out the flows' steps, with blocking or awaited I/O."""

    def __repr__(self) -> str:
        state = self._core.state
        tokens = repr(state.held) if state.loaded else "'<not read yet>'"
        settings = self._core.settings
        return (
            f"{type(self).__name__}(client_id={settings.client_id!r}, "
            f"client_secret='[redacted]', redirect_uri={settings.redirect_uri!r}, "
            f"tokens={tokens})"
        )

    @property
    def auth(self) -> ContioAuth:
        """The auth flow for the rest of the Partner API: `httpx2.Client(auth=oauth.auth)`.

        It adds `Authorization: Bearer ...`, refreshes shortly before expiry and once after a
        401. It is an `httpx.Auth` too when the app has imported httpx (see `contio.auth`).
        """
        wanted = auth_class()
        if type(self._auth) is not wanted:
            self._auth = wanted(self)
        return self._auth

    @property
    def client_id(self) -> str:
        """The partner app's client id."""
        return self._core.settings.client_id

    @property
    def redirect_uri(self) -> str | None:
        """Where Contio sends the browser back with the code (None: not configured)."""
        return self._core.settings.redirect_uri

    @property
    def scope(self) -> tuple[str, ...]:
        """The scopes this client asks for."""
        return self._core.settings.scope

    @property
    def token_store(self) -> TokenStore:
        """Where this client keeps its tokens."""
        return self._core.state.store

    def _tokens_from(self, tokens: object) -> AuthTokens:
        """`set_tokens`'s argument as tokens: an `expires_in` counts from now (the clock)."""
        if isinstance(tokens, AuthTokens):
            return tokens
        if isinstance(tokens, Mapping):
            return AuthTokens.from_dict(tokens, received_at=self._core.settings.now())
        raise TypeError(f"tokens must be an AuthTokens or a mapping, not {type(tokens).__name__}")

    @property
    def tokens(self) -> AuthTokens | None:
        """The tokens the client holds now, or None.

        Reads the store the first time, except for a store read lazily by an asyncio client
        (that would block its event loop): `await load_tokens()` first there.

        Raises:
            TokenStoreError: The store could not be read.
        """
        core = self._core
        if core.defer_reads and not core.state.loaded:
            return None
        return core.state.read_blocking()

    def get_authorization_url(
        self,
        state: str | None = None,
        *,
        nonce: str | None = None,
        login_hint: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: CodeChallengeMethod = "S256",
    ) -> str:
        """The URL to send the user's browser to, to start the authorization code flow.

        Nothing is sent. Keep `state`, the PKCE verifier and the nonce in the user's
        session until the callback.

        Args:
            state: An opaque value the callback must get back (see `generate_state`).
            nonce: OpenID Connect's nonce (see `generate_nonce`); give the same one to
                `exchange_code_for_token` to have the ID token verified.
            login_hint: The user's email, to prefill Contio's sign-in page.
            code_challenge: The PKCE challenge (see `generate_pkce_pair`).
            code_challenge_method: `S256` (the default) or `plain`.

        Returns:
            The authorization URL with its query.

        Raises:
            ValueError: No `redirect_uri` was configured, or a value holds a character no
                URL may carry.
            TypeError: An argument is not a string.
        """
        return self._core.ops.authorization_url(
            state, nonce, login_hint, code_challenge, code_challenge_method
        )

    def get_access_token(self) -> str | None:
        """The stored access token as it is, expired or not.

        Returns:
            The access token, or None without tokens. `get_valid_access_token` gives one
            refreshed when needed.

        Raises:
            TokenStoreError: The store could not be read.
        """
        tokens = self.tokens
        return tokens.access_token if tokens is not None else None

    def is_token_expired(self) -> bool:
        """Whether the access token is expired on the client's clock.

        Returns:
            True with no tokens, with an unknown expiry, or at or after `expires_at`.

        Raises:
            TokenStoreError: The store could not be read.
        """
        tokens = self.tokens
        return tokens is None or tokens.expires_within(self._core.settings.now())
