"""OAuthClient and AsyncOAuthClient: thin shells over the flows of `contio._core`.

Each public I/O method is one line that hands its operation's job to `_run`; the drivers of
`contio._io` carry the steps out with blocking or awaited I/O.
"""

from __future__ import annotations

import abc
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Generic, TypeVar, cast

import httpx2

from contio._core import Core
from contio._core.settings import DEFAULT_MAX_RESPONSE_BYTES, Settings
from contio._core.steps import NEEDS_LOCK, Job
from contio._io import AsyncDriver, SyncDriver
from contio._io.aiohttp_session import AiohttpSession, aiohttp_available
from contio._io.deadline import DeadlineTransport
from contio.auth import ContioAuth, auth_class
from contio.errors import ContioError
from contio.models import (
    ConsentStatus,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    TokenIntrospection,
    UserInfo,
)
from contio.oidc import IDTokenClaims, JSONWebKeySet, OpenIDConfiguration
from contio.stores import TokenStore
from contio.tokens import AuthTokens

__all__ = ["AsyncOAuthClient", "OAuthClient"]

T = TypeVar("T")
H = TypeVar("H", httpx2.Client, httpx2.AsyncClient)


def _as_tokens(tokens: object) -> AuthTokens:
    if isinstance(tokens, AuthTokens):
        return tokens
    if isinstance(tokens, Mapping):
        return AuthTokens.from_dict(tokens)
    raise TypeError(f"tokens must be an AuthTokens or a mapping, not {type(tokens).__name__}")


class _ClientBase(Generic[H], metaclass=abc.ABCMeta):
    """Configuration and the pure methods, the same on both clients."""

    #: An asyncio client never reads a store read lazily (Redis) with blocking calls.
    _asyncio = False
    _http_type: type[H]

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
        http_client: H | None = None,
        timeout: float | httpx2.Timeout = 30.0,
        max_retries: int = 2,
        refresh_margin: timedelta | float = timedelta(seconds=60),
        clock: Callable[[], datetime] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        id_token_leeway: timedelta | float = timedelta(seconds=60),
    ) -> None:
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
        )
        if http_client is not None and not isinstance(http_client, self._http_type):
            wanted = f"httpx2.{self._http_type.__name__}"
            given = f"{type(http_client).__module__.partition('.')[0]}.{type(http_client).__name__}"
            hint = (
                " (contio is built on httpx2, httpx's maintained fork: make it with httpx2, "
                "which takes the same arguments; oauth.auth works on either library's client)"
                if given.startswith("httpx.")
                else ""
            )
            raise TypeError(f"http_client must be an {wanted}, not {given}{hint}")
        self._core = Core(settings, token_store, asyncio=self._asyncio)
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
        """The auth flow for the rest of the Partner API: `httpx2.Client(auth=oauth.auth)`,
        or an httpx client's, when the app has imported httpx (see `contio.auth`)."""
        wanted = auth_class()
        if type(self._auth) is not wanted:
            self._auth = wanted(self)
        return self._auth

    @property
    def client_id(self) -> str:
        return self._core.settings.client_id

    @property
    def redirect_uri(self) -> str:
        return self._core.settings.redirect_uri

    @property
    def scope(self) -> tuple[str, ...]:
        return self._core.settings.scope

    @property
    def token_store(self) -> TokenStore:
        return self._core.state.store

    @property
    def tokens(self) -> AuthTokens | None:
        """The tokens the client holds now, or None. Reads the store the first time, except
        for a store read lazily by an asyncio client (that would block its event loop)."""
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
        code_challenge_method: str = "S256",
    ) -> str:
        """The URL to send the user's browser to, to start the authorization code flow.
        Give `nonce` (see `generate_nonce`) and the same to `exchange_code_for_token`."""
        return self._core.ops.authorization_url(
            state, nonce, login_hint, code_challenge, code_challenge_method
        )

    def get_access_token(self) -> str | None:
        """The stored access token as it is (see `get_valid_access_token` for a fresh one)."""
        tokens = self.tokens
        return tokens.access_token if tokens is not None else None

    def is_token_expired(self) -> bool:
        """True with no tokens, with an unknown expiry, or at/after `expires_at`."""
        tokens = self.tokens
        return tokens is None or tokens.expires_within(self._core.settings.now())


class OAuthClient(_ClientBase[httpx2.Client]):
    """Contio's OAuth endpoints, blocking. Safe to share between threads."""

    _http_type = httpx2.Client
    _driver: SyncDriver

    def _new_driver(self) -> SyncDriver:
        inline = self._owns_http and not urllib.request.getproxies()
        return SyncDriver(self._core, self._http, self._check_open, inline=inline)

    def _new_http_client(self) -> httpx2.Client:
        # Headers and timeouts travel on each request the core builds. Without proxies, the
        # deadline is kept at the socket; a proxy's transport is httpx2's own (the driver
        # then sends from a worker thread).
        if urllib.request.getproxies():
            return httpx2.Client()
        return httpx2.Client(transport=DeadlineTransport())

    def _run(self, job: Job[T]) -> T:
        self._check_open()
        if job.prelude is not None:
            answer = self._driver.run(job.prelude)
            if answer is not NEEDS_LOCK:
                return cast(T, answer)
        return self._driver.run(job.flow, single_flight=job.single_flight)

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> OAuthClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def set_tokens(self, tokens: AuthTokens | Mapping[str, Any]) -> None:
        """Restore tokens (an AuthTokens or its `to_dict()`), saving them in the store. A
        refresh of the previous tokens still on the wire is discarded."""
        self._driver.run(self._core.state.change(_as_tokens(tokens)))

    def clear_tokens(self) -> None:
        """Forget the tokens (sign-out), in the client and in the store. A refresh of them
        still on the wire is discarded."""
        self._driver.run(self._core.state.change(None))

    def exchange_code_for_token(
        self, code: str, *, code_verifier: str | None = None, nonce: str | None = None
    ) -> AuthTokens:
        """Exchange the callback's authorization code for tokens, and store them. With
        `nonce`, the ID token is verified first (`tokens.id_token_claims`); IDTokenError
        and nothing stored if it does not."""
        return self._run(self._core.grants.exchange_code(code, code_verifier, nonce))

    def refresh_access_token(self, refresh_token: str | None = None) -> AuthTokens:
        """New tokens from a refresh token (the stored one by default), stored."""
        return self._run(self._core.grants.refresh(refresh_token))

    def get_client_credentials_token(self, scope: Sequence[str] | None = None) -> AuthTokens:
        """A token for the partner app itself (no user, no refresh token), stored."""
        return self._run(self._core.grants.client_credentials(scope))

    def get_valid_access_token(self) -> str:
        """An access token good for at least `refresh_margin`, refreshing first if needed."""
        return self._run(self._core.grants.valid_access_token())

    def revoke_token(self, token: str, token_type: str = "access_token") -> None:
        """Revoke an access or refresh token (RFC 7009)."""
        self._run(self._core.ops.revoke(token, token_type))

    def introspect_token(self, token: str) -> TokenIntrospection:
        """What Contio knows of a token (RFC 7662)."""
        return self._run(self._core.ops.introspect(token))

    def get_user_info(self, access_token: str | None = None) -> UserInfo:
        """OpenID Connect claims of the user (the stored access token by default)."""
        return self._run(self._core.ops.user_info(access_token))

    def get_available_scopes(self) -> list[str]:
        """Every scope Contio knows."""
        return self._run(self._core.ops.scopes())

    def check_consent(self, email: str) -> ConsentStatus:
        """Whether the user already consented to this client's scopes."""
        return self._run(self._core.ops.check_consent(email))

    def initiate_partner_auth(
        self,
        email: str,
        name: str | None = None,
        *,
        workspace_id: str | None = None,
        is_admin: bool | None = None,
    ) -> PartnerAuthChallenge:
        """Start passwordless sign-in: Contio emails the user a one-time code."""
        return self._run(self._core.ops.initiate(email, name, workspace_id, is_admin))

    def verify_partner_auth(self, email: str, code: str, session: str) -> PartnerAuthVerification:
        """Complete passwordless sign-in with the emailed code."""
        return self._run(self._core.ops.verify(email, code, session))

    def get_partner_info(self) -> PartnerInfo:
        """This partner app's public profile."""
        return self._run(self._core.ops.partner_info())

    def get_openid_configuration(self) -> OpenIDConfiguration:
        """The OpenID Connect discovery document (kept for its max-age, or an hour)."""
        return self._run(self._core.openid.configuration())

    def get_jwks(self) -> JSONWebKeySet:
        """The keys that sign ID tokens (kept until a token names a key it lacks)."""
        return self._run(self._core.openid.key_set())

    def verify_id_token(
        self, id_token: str | None = None, *, nonce: str | None = None, max_age: float | None = None
    ) -> IDTokenClaims:
        """The verified claims of an ID token (the stored one by default): signature,
        issuer, audience, times and nonce (OpenID Connect Core §3.1.3.7); IDTokenError if
        any check fails."""
        return self._run(self._core.openid.verify(id_token, nonce, max_age))

    def load_tokens(self) -> AuthTokens | None:
        """Read the tokens from the store again (another process may have changed them)."""
        self._check_open()
        return self._driver.run(self._core.state.reload(), single_flight=True)


class AsyncOAuthClient(_ClientBase[httpx2.AsyncClient]):
    """Contio's OAuth endpoints for asyncio. Safe to share between tasks of one event loop.

    A store read lazily (RedisTokenStore) is read at the first call, through its asyncio
    methods; until then the pure methods (get_access_token, is_token_expired, tokens) see
    no tokens: `await load_tokens()` reads it first where that matters.
    """

    _asyncio = True
    _http_type = httpx2.AsyncClient
    _driver: AsyncDriver

    def _new_driver(self) -> AsyncDriver:
        return AsyncDriver(self._core, self._http, self._check_open)

    def _new_http_client(self) -> Any:
        # With contio[aiohttp] installed, contio's own calls go over aiohttp directly: about
        # half the CPU per call of httpx2's own async transport (see scripts/bench).
        if aiohttp_available():
            return AiohttpSession()
        return httpx2.AsyncClient()

    async def _run(self, job: Job[T]) -> T:
        self._check_open()
        if job.prelude is not None:
            answer = await self._driver.run(job.prelude)
            if answer is not NEEDS_LOCK:
                return cast(T, answer)
        return await self._driver.run(job.flow, single_flight=job.single_flight)

    async def aclose(self) -> None:
        """Write a change the store has not taken yet (a plain `clear_tokens`, say; its
        failure is raised), then close the HTTP client if this client created it."""
        try:
            await self._driver.settle()
        finally:
            if self._owns_http:
                await self._http.aclose()

    async def __aenter__(self) -> AsyncOAuthClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def set_tokens(self, tokens: AuthTokens | Mapping[str, Any]) -> None:
        """Restore tokens at once; the store takes them now when it only blocks (memory),
        else in a task (or at the next call). `await aset_tokens()` waits for the store."""
        self._core.state.replace(_as_tokens(tokens))
        self._driver.flush_soon()

    def clear_tokens(self) -> None:
        """Forget the tokens at once (sign-out); the store as `set_tokens` says."""
        self._core.state.replace(None)
        self._driver.flush_soon()

    async def aset_tokens(self, tokens: AuthTokens | Mapping[str, Any]) -> None:
        """`set_tokens`, returning once the store has them (TokenStoreError if it fails)."""
        await self._driver.run(self._core.state.change(_as_tokens(tokens)))

    async def aclear_tokens(self) -> None:
        """`clear_tokens`, returning once the store has forgotten them."""
        await self._driver.run(self._core.state.change(None))

    async def exchange_code_for_token(
        self, code: str, *, code_verifier: str | None = None, nonce: str | None = None
    ) -> AuthTokens:
        """Exchange the callback's authorization code for tokens, and store them. With
        `nonce`, the ID token is verified first (`tokens.id_token_claims`); IDTokenError
        and nothing stored if it does not."""
        return await self._run(self._core.grants.exchange_code(code, code_verifier, nonce))

    async def refresh_access_token(self, refresh_token: str | None = None) -> AuthTokens:
        """New tokens from a refresh token (the stored one by default), stored."""
        return await self._run(self._core.grants.refresh(refresh_token))

    async def get_client_credentials_token(self, scope: Sequence[str] | None = None) -> AuthTokens:
        """A token for the partner app itself (no user, no refresh token), stored."""
        return await self._run(self._core.grants.client_credentials(scope))

    async def get_valid_access_token(self) -> str:
        """An access token good for at least `refresh_margin`, refreshing first if needed."""
        return await self._run(self._core.grants.valid_access_token())

    async def revoke_token(self, token: str, token_type: str = "access_token") -> None:
        """Revoke an access or refresh token (RFC 7009)."""
        await self._run(self._core.ops.revoke(token, token_type))

    async def introspect_token(self, token: str) -> TokenIntrospection:
        """What Contio knows of a token (RFC 7662)."""
        return await self._run(self._core.ops.introspect(token))

    async def get_user_info(self, access_token: str | None = None) -> UserInfo:
        """OpenID Connect claims of the user (the stored access token by default)."""
        return await self._run(self._core.ops.user_info(access_token))

    async def get_available_scopes(self) -> list[str]:
        """Every scope Contio knows."""
        return await self._run(self._core.ops.scopes())

    async def check_consent(self, email: str) -> ConsentStatus:
        """Whether the user already consented to this client's scopes."""
        return await self._run(self._core.ops.check_consent(email))

    async def initiate_partner_auth(
        self,
        email: str,
        name: str | None = None,
        *,
        workspace_id: str | None = None,
        is_admin: bool | None = None,
    ) -> PartnerAuthChallenge:
        """Start passwordless sign-in: Contio emails the user a one-time code."""
        return await self._run(self._core.ops.initiate(email, name, workspace_id, is_admin))

    async def verify_partner_auth(
        self, email: str, code: str, session: str
    ) -> PartnerAuthVerification:
        """Complete passwordless sign-in with the emailed code."""
        return await self._run(self._core.ops.verify(email, code, session))

    async def get_partner_info(self) -> PartnerInfo:
        """This partner app's public profile."""
        return await self._run(self._core.ops.partner_info())

    async def get_openid_configuration(self) -> OpenIDConfiguration:
        """The OpenID Connect discovery document (kept for its max-age, or an hour)."""
        return await self._run(self._core.openid.configuration())

    async def get_jwks(self) -> JSONWebKeySet:
        """The keys that sign ID tokens (kept until a token names a key it lacks)."""
        return await self._run(self._core.openid.key_set())

    async def verify_id_token(
        self, id_token: str | None = None, *, nonce: str | None = None, max_age: float | None = None
    ) -> IDTokenClaims:
        """The verified claims of an ID token (the stored one by default); see
        `OAuthClient.verify_id_token`."""
        return await self._run(self._core.openid.verify(id_token, nonce, max_age))

    async def load_tokens(self) -> AuthTokens | None:
        """Read the tokens from the store again (another process may have changed them)."""
        self._check_open()
        return await self._driver.run(self._core.state.reload(), single_flight=True)
