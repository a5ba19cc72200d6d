"""OAuthClient: Contio's OAuth endpoints, blocking; a thin shell over the flows of
`contio._core`. Each public I/O method is one line that hands its operation's job to `_run`;
the driver of `contio._io.blocking` carries the steps out.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar, cast

import httpx2

from contio._client_base import _ClientBase
from contio._core.steps import NEEDS_LOCK, Job
from contio._io import SyncDriver
from contio._io.deadline import DeadlineTransport
from contio.async_client import AsyncOAuthClient
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

__all__ = ["AsyncOAuthClient", "OAuthClient"]

T = TypeVar("T")


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
        self._driver.run(self._core.state.change(self._tokens_from(tokens)))

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

    def revoke_token(self, token: str, token_type: TokenTypeHint = "access_token") -> None:
        """Revoke an access or refresh token (RFC 7009)."""
        self._run(self._core.ops.revoke(token, token_type))

    def introspect_token(self, token: str) -> TokenIntrospection:
        """What Contio knows of a token (RFC 7662)."""
        return self._run(self._core.ops.introspect(token))

    def get_user_info(self, access_token: str | None = None) -> UserInfo:
        """OpenID Connect claims of the user (the stored access token by default)."""
        return self._run(self._core.ops.user_info(access_token))

    def get_available_scopes(self) -> tuple[str, ...]:
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
