"""AsyncOAuthClient: Contio's OAuth endpoints for asyncio; a thin shell over the flows of
`contio._core`, driven by `contio._io.awaited`. The same methods as OAuthClient's, awaited.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from datetime import timedelta
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

    The same arguments and methods as `OAuthClient`, the I/O ones coroutines (their
    documentation is `OAuthClient`'s); the pure ones (`get_authorization_url`,
    `get_access_token`, `is_token_expired`, `set_tokens`, `clear_tokens`) stay plain.

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
        """Write a change the store has not taken yet, then close the HTTP client if this
        client created it (`async with` does it for you).

        Raises:
            TokenStoreError: The store would not take that change.
        """
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
        """Restore tokens at once; the store takes them now when it only blocks (memory, a
        file), else in a task of the running loop (or at the next call).

        `await aset_tokens()` returns once the store has them. A change the loop ends
        before writing is warned of (`RuntimeWarning`), never lost silently.

        Args:
            tokens: As `OAuthClient.set_tokens` takes them.

        Raises:
            ValueError: Not a token set.
            TypeError: Neither an `AuthTokens` nor a mapping.
        """
        self._core.state.replace(self._tokens_from(tokens))
        self._driver.flush_soon()

    def clear_tokens(self) -> None:
        """Forget the tokens at once (a sign-out); the store as `set_tokens` says."""
        self._core.state.replace(None)
        self._driver.flush_soon()

    async def aset_tokens(self, tokens: AuthTokens | Mapping[str, Any]) -> None:
        """`set_tokens`, returning once the store has them.

        Args:
            tokens: As `OAuthClient.set_tokens` takes them.

        Raises:
            ValueError: Not a token set.
            TokenStoreError: The store did not take them.
        """
        await self._driver.run(self._core.state.change(self._tokens_from(tokens)))

    async def aclear_tokens(self) -> None:
        """`clear_tokens`, returning once the store has forgotten them.

        Raises:
            TokenStoreError: The store did not forget them.
        """
        await self._driver.run(self._core.state.change(None))

    async def exchange_code_for_token(
        self, code: str, *, code_verifier: str | None = None, nonce: str | None = None
    ) -> AuthTokens:
        return await self._run(self._core.grants.exchange_code(code, code_verifier, nonce))

    async def refresh_access_token(self, refresh_token: str | None = None) -> AuthTokens:
        return await self._run(self._core.grants.refresh(refresh_token))

    async def get_client_credentials_token(self, scope: Sequence[str] | None = None) -> AuthTokens:
        return await self._run(self._core.grants.client_credentials(scope))

    async def get_valid_access_token(self) -> str:
        return await self._run(self._core.grants.valid_access_token())

    async def refresh_if_expiring(self, within: timedelta | float) -> bool:
        return await self._run(self._core.grants.refresh_if_expiring(within))

    async def revoke_token(self, token: str, token_type: TokenTypeHint = "access_token") -> None:
        await self._run(self._core.ops.revoke(token, token_type))

    async def introspect_token(self, token: str) -> TokenIntrospection:
        return await self._run(self._core.ops.introspect(token))

    async def get_user_info(self, access_token: str | None = None) -> UserInfo:
        return await self._run(self._core.ops.user_info(access_token))

    async def get_available_scopes(self) -> tuple[str, ...]:
        return await self._run(self._core.ops.scopes())

    async def check_consent(self, email: str) -> ConsentStatus:
        return await self._run(self._core.ops.check_consent(email))

    async def initiate_partner_auth(
        self,
        email: str,
        name: str | None = None,
        *,
        workspace_id: str | None = None,
        is_admin: bool | None = None,
    ) -> PartnerAuthChallenge:
        return await self._run(self._core.ops.initiate(email, name, workspace_id, is_admin))

    async def verify_partner_auth(
        self, email: str, code: str, session: str
    ) -> PartnerAuthVerification:
        return await self._run(self._core.ops.verify(email, code, session))

    async def get_partner_info(self) -> PartnerInfo:
        return await self._run(self._core.ops.partner_info())

    async def get_openid_configuration(self) -> OpenIDConfiguration:
        return await self._run(self._core.openid.configuration())

    async def get_jwks(self) -> JSONWebKeySet:
        return await self._run(self._core.openid.key_set())

    async def verify_id_token(
        self, id_token: str | None = None, *, nonce: str | None = None, max_age: float | None = None
    ) -> IDTokenClaims:
        return await self._run(self._core.openid.verify(id_token, nonce, max_age))

    async def load_tokens(self) -> AuthTokens | None:
        self._check_open()
        return await self._driver.run(self._core.state.reload(), single_flight=True)
