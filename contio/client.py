"""OAuthClient and AsyncOAuthClient: thin drivers over the flows of `contio._core`.

Each public I/O method is one line that hands its operation's job to `_run`; the only code
that exists twice is the ten-line loop that drives a flow with blocking or awaited I/O.
"""

from __future__ import annotations

import abc
import contextlib
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Mapping, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx

from contio._core import (
    NEEDS_LOCK,
    Core,
    Flow,
    Job,
    Sleep,
    StoreOp,
    apply_store_op,
    apply_store_op_async,
    resume_after_failure,
    store_alock,
    store_lock,
)
from contio.errors import ContioError
from contio.models import (
    ConsentStatus,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    TokenIntrospection,
    UserInfo,
)
from contio.stores import TokenStore
from contio.tokens import AuthTokens

__all__ = ["AsyncOAuthClient", "ContioAuth", "OAuthClient"]

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")


def _sleep(seconds: float) -> None:
    """The sync driver's pause before a retry (a seam for tests)."""
    time.sleep(seconds)


async def _async_sleep(seconds: float) -> None:
    """The async driver's pause before a retry (a seam for tests)."""
    import asyncio  # here, not at the top: `import contio` stays cheap for sync apps

    await asyncio.sleep(seconds)


H = TypeVar("H", httpx.Client, httpx.AsyncClient)


class _ClientBase(Generic[H], metaclass=abc.ABCMeta):
    """Configuration and the pure methods, the same on both clients."""

    #: An asyncio client never reads a store read lazily (Redis) with blocking calls.
    _asyncio = False

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
        timeout: float | httpx.Timeout = 30.0,
        max_retries: int = 2,
        refresh_margin: timedelta | float = timedelta(seconds=60),
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._core = Core(
            client_id,
            client_secret,
            redirect_uri,
            scope,
            authorization_url=authorization_url,
            token_url=token_url,
            base_url=base_url,
            token_store=token_store,
            timeout=timeout,
            max_retries=max_retries,
            refresh_margin=refresh_margin,
            clock=clock,
            defer_blocking_reads=self._asyncio,
        )
        self._owns_http = http_client is None
        self._http: H = http_client if http_client is not None else self._new_http_client()
        self._refresh_lock = self._new_lock()
        self.auth = ContioAuth(self)

    def _check_open(self) -> None:
        if self._http.is_closed:
            raise ContioError(f"this {type(self).__name__} is closed; create a new one")

    @abc.abstractmethod
    def _new_http_client(self) -> H:
        """The pooled HTTP client this client owns when the app passes none."""

    @abc.abstractmethod
    def _new_lock(self) -> Any:
        """The lock that makes refreshes single-flight among this client's callers."""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(client_id={self._core.client_id!r}, "
            f"client_secret='[redacted]', redirect_uri={self._core.redirect_uri!r}, "
            f"tokens={self._core.held_tokens_repr()})"
        )

    @property
    def client_id(self) -> str:
        return self._core.client_id

    @property
    def redirect_uri(self) -> str:
        return self._core.redirect_uri

    @property
    def scope(self) -> tuple[str, ...]:
        return self._core.scope

    @property
    def tokens(self) -> AuthTokens | None:
        """The tokens the client holds now, or None."""
        return self._core.tokens

    @property
    def token_store(self) -> TokenStore:
        return self._core.store

    def get_authorization_url(
        self,
        state: str | None = None,
        *,
        login_hint: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: str = "S256",
    ) -> str:
        """The URL to send the user's browser to, to start the authorization code flow."""
        return self._core.authorization_url_for(
            state, login_hint, code_challenge, code_challenge_method
        )

    def get_access_token(self) -> str | None:
        """The stored access token as it is (see `get_valid_access_token` for a fresh one)."""
        tokens = self._core.tokens
        return tokens.access_token if tokens is not None else None

    def set_tokens(self, tokens: AuthTokens | Mapping[str, Any]) -> None:
        """Restore tokens (an AuthTokens or its `to_dict()`), saving them in the store."""
        self._core.set_tokens(tokens)

    def clear_tokens(self) -> None:
        """Forget the tokens, in the client and in the store."""
        self._core.clear_tokens()

    def is_token_expired(self) -> bool:
        """True with no tokens, with an unknown expiry, or at/after `expires_at`."""
        return self._core.is_token_expired()


class OAuthClient(_ClientBase[httpx.Client]):
    """Contio's OAuth endpoints, blocking. Safe to share between threads."""

    _refresh_lock: threading.Lock

    def _new_lock(self) -> threading.Lock:
        return threading.Lock()

    def _new_http_client(self) -> httpx.Client:
        # Headers and timeouts travel on each request the core builds.
        return httpx.Client()

    def _run(self, job: Job[T]) -> T:
        self._check_open()
        if not job.single_flight:
            return self._drive(job.flow)
        if job.prelude is not None:
            answer = self._drive(job.prelude)
            if answer is not NEEDS_LOCK:
                return cast(T, answer)
        with self._refresh_lock, self._core.guard(job):
            self._check_open()  # closed while this caller waited for the lock
            store = self._core.store
            with store_lock(store) if job.needs_store_lock() else contextlib.nullcontext():
                return self._drive(job.flow)

    def _drive(self, flow: Flow[T]) -> T:
        try:
            step = next(flow)
            while True:
                if isinstance(step, Sleep):
                    _sleep(step.seconds)
                    step = flow.send(None)
                    continue
                if isinstance(step, StoreOp):
                    step = flow.send(apply_store_op(self._core.store, step))
                    continue
                try:
                    # auth=None: an app's http_client may carry oauth.auth for its own calls.
                    response = self._http.send(step, auth=None)
                except Exception as exc:
                    step = resume_after_failure(flow, exc)
                else:
                    step = flow.send(response)
        except StopIteration as stop:
            result: T = stop.value
            return result

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> OAuthClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def exchange_code_for_token(self, code: str, *, code_verifier: str | None = None) -> AuthTokens:
        """Exchange the callback's authorization code for tokens, and store them."""
        return self._run(self._core.exchange_code(code, code_verifier))

    def refresh_access_token(self, refresh_token: str | None = None) -> AuthTokens:
        """New tokens from a refresh token (the stored one by default), stored."""
        return self._run(self._core.refresh(refresh_token))

    def get_client_credentials_token(self, scope: Sequence[str] | None = None) -> AuthTokens:
        """A token for the partner app itself (no user, no refresh token), stored."""
        return self._run(self._core.client_credentials(scope))

    def get_valid_access_token(self) -> str:
        """An access token good for at least `refresh_margin`, refreshing first if needed."""
        return self._run(self._core.valid_access_token())

    def revoke_token(self, token: str, token_type: str = "access_token") -> None:
        """Revoke an access or refresh token (RFC 7009)."""
        self._run(self._core.revoke(token, token_type))

    def introspect_token(self, token: str) -> TokenIntrospection:
        """What Contio knows of a token (RFC 7662)."""
        return self._run(self._core.introspect(token))

    def get_user_info(self, access_token: str | None = None) -> UserInfo:
        """OpenID Connect claims of the user (the stored access token by default)."""
        return self._run(self._core.user_info(access_token))

    def get_available_scopes(self) -> list[str]:
        """Every scope Contio knows."""
        return self._run(self._core.scopes())

    def check_consent(self, email: str) -> ConsentStatus:
        """Whether the user already consented to this client's scopes."""
        return self._run(self._core.check_consent(email))

    def initiate_partner_auth(
        self,
        email: str,
        name: str | None = None,
        *,
        workspace_id: str | None = None,
        is_admin: bool | None = None,
    ) -> PartnerAuthChallenge:
        """Start passwordless sign-in: Contio emails the user a one-time code."""
        return self._run(self._core.initiate(email, name, workspace_id, is_admin))

    def verify_partner_auth(self, email: str, code: str, session: str) -> PartnerAuthVerification:
        """Complete passwordless sign-in with the emailed code."""
        return self._run(self._core.verify(email, code, session))

    def get_partner_info(self) -> PartnerInfo:
        """This partner app's public profile."""
        return self._run(self._core.partner_info())

    def load_tokens(self) -> AuthTokens | None:
        """Read the tokens from the store again (another process may have changed them)."""
        return self._run(self._core.load())


class AsyncOAuthClient(_ClientBase[httpx.AsyncClient]):
    """Contio's OAuth endpoints for asyncio. Safe to share between tasks of one event loop.

    A store read lazily (RedisTokenStore) is read at the first call, through its asyncio
    methods; until then the pure methods (get_access_token, is_token_expired, tokens) see
    no tokens: `await load_tokens()` reads it first where that matters.
    """

    _asyncio = True

    _refresh_lock: asyncio.Lock

    def _new_lock(self) -> asyncio.Lock:
        import asyncio

        return asyncio.Lock()

    def _new_http_client(self) -> httpx.AsyncClient:
        # httpx's own async transport costs several times the CPU per call of aiohttp's
        # (see scripts/bench); with contio[aiohttp] installed, use aiohttp's. Its client
        # class keeps httpx's proxy settings from the environment; TLS is verified alike.
        try:
            from httpx_aiohttp import HttpxAiohttpClient
        except ImportError:
            return httpx.AsyncClient()
        return HttpxAiohttpClient()

    async def _run(self, job: Job[T]) -> T:
        self._check_open()
        if not job.single_flight:
            return await self._drive(job.flow)
        if job.prelude is not None:
            answer = await self._drive(job.prelude)
            if answer is not NEEDS_LOCK:
                return cast(T, answer)
        # The refresh runs as a task of its own that holds the lock: a caller cancelled
        # while waiting (a client hanging up, a wait_for) must not abandon a refresh the
        # server may already have done, nor free the lock for a second one.
        import asyncio

        task = asyncio.ensure_future(self._single_flight(job))
        task.add_done_callback(_retrieve_exception)
        return await asyncio.shield(task)

    async def _single_flight(self, job: Job[T]) -> T:
        async with self._refresh_lock:
            with self._core.guard(job):
                self._check_open()  # closed while this caller waited for the lock
                store = self._core.store
                lock = store_alock(store) if job.needs_store_lock() else contextlib.nullcontext()
                async with lock:
                    return await self._drive(job.flow)

    async def _drive(self, flow: Flow[T]) -> T:
        try:
            step = next(flow)
            while True:
                if isinstance(step, Sleep):
                    await _async_sleep(step.seconds)
                    step = flow.send(None)
                    continue
                if isinstance(step, StoreOp):
                    step = flow.send(await apply_store_op_async(self._core.store, step))
                    continue
                try:
                    response = await self._http.send(step, auth=None)
                except Exception as exc:
                    step = resume_after_failure(flow, exc)
                else:
                    step = flow.send(response)
        except StopIteration as stop:
            result: T = stop.value
            return result

    async def aclose(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncOAuthClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def exchange_code_for_token(
        self, code: str, *, code_verifier: str | None = None
    ) -> AuthTokens:
        """Exchange the callback's authorization code for tokens, and store them."""
        return await self._run(self._core.exchange_code(code, code_verifier))

    async def refresh_access_token(self, refresh_token: str | None = None) -> AuthTokens:
        """New tokens from a refresh token (the stored one by default), stored."""
        return await self._run(self._core.refresh(refresh_token))

    async def get_client_credentials_token(self, scope: Sequence[str] | None = None) -> AuthTokens:
        """A token for the partner app itself (no user, no refresh token), stored."""
        return await self._run(self._core.client_credentials(scope))

    async def get_valid_access_token(self) -> str:
        """An access token good for at least `refresh_margin`, refreshing first if needed."""
        return await self._run(self._core.valid_access_token())

    async def revoke_token(self, token: str, token_type: str = "access_token") -> None:
        """Revoke an access or refresh token (RFC 7009)."""
        await self._run(self._core.revoke(token, token_type))

    async def introspect_token(self, token: str) -> TokenIntrospection:
        """What Contio knows of a token (RFC 7662)."""
        return await self._run(self._core.introspect(token))

    async def get_user_info(self, access_token: str | None = None) -> UserInfo:
        """OpenID Connect claims of the user (the stored access token by default)."""
        return await self._run(self._core.user_info(access_token))

    async def get_available_scopes(self) -> list[str]:
        """Every scope Contio knows."""
        return await self._run(self._core.scopes())

    async def check_consent(self, email: str) -> ConsentStatus:
        """Whether the user already consented to this client's scopes."""
        return await self._run(self._core.check_consent(email))

    async def initiate_partner_auth(
        self,
        email: str,
        name: str | None = None,
        *,
        workspace_id: str | None = None,
        is_admin: bool | None = None,
    ) -> PartnerAuthChallenge:
        """Start passwordless sign-in: Contio emails the user a one-time code."""
        return await self._run(self._core.initiate(email, name, workspace_id, is_admin))

    async def verify_partner_auth(
        self, email: str, code: str, session: str
    ) -> PartnerAuthVerification:
        """Complete passwordless sign-in with the emailed code."""
        return await self._run(self._core.verify(email, code, session))

    async def get_partner_info(self) -> PartnerInfo:
        """This partner app's public profile."""
        return await self._run(self._core.partner_info())

    async def load_tokens(self) -> AuthTokens | None:
        """Read the tokens from the store again (another process may have changed them)."""
        return await self._run(self._core.load())


_AuthStep = Job[str] | httpx.Request


class ContioAuth(httpx.Auth):
    """`httpx.Auth` that calls the Partner API with the client's current access token.

    It refreshes shortly before expiry and, once, after a 401 (then repeats the request
    once). Use `OAuthClient.auth` with `httpx.Client`, `AsyncOAuthClient.auth` with
    `httpx.AsyncClient`.
    """

    def __init__(self, client: OAuthClient | AsyncOAuthClient | _ClientBase[Any]) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"ContioAuth(client_id={self._client.client_id!r})"

    def _flow(self, request: httpx.Request) -> Generator[_AuthStep, Any, None]:
        core = self._client._core
        token: str = yield core.valid_access_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response: httpx.Response = yield request
        if response.status_code == 401:
            token = yield core.refresh_after_rejection(token)
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        client = self._client
        if not isinstance(client, OAuthClient):
            raise TypeError("AsyncOAuthClient.auth works with httpx.AsyncClient only")
        flow = self._flow(request)
        step = next(flow)
        while True:
            value: Any
            if isinstance(step, Job):
                value = client._run(step)
            else:
                value = yield step
            try:
                step = flow.send(value)
            except StopIteration:
                return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        client = self._client
        if not isinstance(client, AsyncOAuthClient):
            raise TypeError("OAuthClient.auth works with httpx.Client only")
        flow = self._flow(request)
        step = next(flow)
        while True:
            value: Any
            if isinstance(step, Job):
                value = await client._run(step)
            else:
                value = yield step
            try:
                step = flow.send(value)
            except StopIteration:
                return


def _retrieve_exception(task: asyncio.Future[Any]) -> None:
    """Mark a shielded refresh's failure as seen when the caller that awaited it is gone."""
    if not task.cancelled():
        task.exception()
