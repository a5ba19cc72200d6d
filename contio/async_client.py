"""AsyncOAuthClient: Contio's OAuth endpoints for asyncio; a thin shell over the flows of
`contio._core`, driven by `contio._io.awaited`. The same methods as OAuthClient's, awaited.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar, cast

import httpx2

from contio._client_base import _ClientBase
from contio._core.steps import NEEDS_LOCK, Job
from contio._io import AsyncDriver
from contio._io.aiohttp_session import AiohttpSession, aiohttp_available
from contio.models import (
    ConsentStatus,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    TokenIntrospection,
    UserInfo,
)
from contio.oidc import IDTokenClaims, JSONWebKeySet, OpenIDConfiguration
from contio.tokens import AuthTokens
from contio.types import TokenTypeHint

__all__ = ["AsyncOAuthClient"]

T = TypeVar("T")


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
        driver = AsyncDriver(self._core, self._http, self._check_open)
        # A change the store never took (set_tokens, then the loop ended) is warned of.
        weakref.finalize(self, AsyncDriver.warn_if_unwritten, self._core.state, driver.handed_off)
        return driver

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
        self._core.state.replace(self._tokens_from(tokens))
        self._driver.flush_soon()

    def clear_tokens(self) -> None:
        """Forget the tokens at once (sign-out); the store as `set_tokens` says."""
        self._core.state.replace(None)
        self._driver.flush_soon()

    async def aset_tokens(self, tokens: AuthTokens | Mapping[str, Any]) -> None:
        """`set_tokens`, returning once the store has them (TokenStoreError if it fails)."""
        await self._driver.run(self._core.state.change(self._tokens_from(tokens)))

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

    async def revoke_token(self, token: str, token_type: TokenTypeHint = "access_token") -> None:
        """Revoke an access or refresh token (RFC 7009)."""
        await self._run(self._core.ops.revoke(token, token_type))

    async def introspect_token(self, token: str) -> TokenIntrospection:
        """What Contio knows of a token (RFC 7662)."""
        return await self._run(self._core.ops.introspect(token))

    async def get_user_info(self, access_token: str | None = None) -> UserInfo:
        """OpenID Connect claims of the user (the stored access token by default)."""
        return await self._run(self._core.ops.user_info(access_token))

    async def get_available_scopes(self) -> tuple[str, ...]:
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
