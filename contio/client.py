"""OAuthClient: Contio's OAuth endpoints, blocking; a thin shell over the flows of
`contio._core`. Each public I/O method is one line that hands its operation's job to `_run`;
the driver of `contio._io.blocking` carries the steps out.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Mapping, Sequence
from datetime import timedelta
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
    """Contio's OAuth and OpenID Connect endpoints, blocking. Safe to share between threads.

    Method names are the TypeScript SDK's `OAuthClient`'s in snake_case. Tokens live in the
    `token_store`; `get_valid_access_token` and `auth` refresh them single-flight.
    """

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
        """Close the HTTP client if this client created it (`with` does it for you)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> OAuthClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def set_tokens(self, tokens: AuthTokens | Mapping[str, Any]) -> None:
        """Restore tokens (a sign-in kept elsewhere), and save them in the store.

        A refresh of the previous tokens still on the wire is discarded.

        Args:
            tokens: An `AuthTokens`, or a mapping as `AuthTokens.to_dict()` makes (the
                TypeScript SDK's camelCase objects too). An `expires_in` counts from now on
                the client's clock.

        Raises:
            ValueError: Not a token set (no access token, `expires_in` beside
                `expires_at`, a token with a character no header may carry).
            TypeError: Neither an `AuthTokens` nor a mapping.
            TokenStoreError: The store did not take them (the client holds them, and writes
                them at its next call).
        """
        self._driver.run(self._core.state.change(self._tokens_from(tokens)))

    def clear_tokens(self) -> None:
        """Forget the tokens (a sign-out), in the client and in the store.

        Nothing is sent: `revoke_token` ends the grant at Contio. A refresh of them still on
        the wire is discarded.

        Raises:
            TokenStoreError: The store did not forget them (tried again at the next call).
        """
        self._driver.run(self._core.state.change(None))

    def exchange_code_for_token(
        self, code: str, *, code_verifier: str | None = None, nonce: str | None = None
    ) -> AuthTokens:
        """Exchange the callback's authorization code for tokens, and store them.

        Args:
            code: The `code` of the callback (check its `state` first).
            code_verifier: The PKCE verifier whose challenge went into the URL.
            nonce: The nonce given to `get_authorization_url`: the ID token is then verified
                before anything is stored, and its claims are `tokens.id_token_claims`.

        Returns:
            The new tokens, now the client's.

        Raises:
            BadRequestError: `invalid_grant` (a wrong, spent or expired code, a wrong
                verifier) or another refusal.
            IDTokenError: With `nonce`, an ID token that does not verify; nothing stored.
            ContioError: With `nonce`, the `oidc` extra is missing (said before the code is
                spent).
            ValueError: No `redirect_uri` was configured.
            ContioConnectionError: The server could not be reached (a `ContioTimeoutError`
                past the timeout).
            TokenStoreError: The store did not take the tokens.
        """
        return self._run(self._core.grants.exchange_code(code, code_verifier, nonce))

    def refresh_access_token(self, refresh_token: str | None = None) -> AuthTokens:
        """New tokens from a refresh token, stored.

        With the stored refresh token, single flight: however many threads ask at once, one
        request is sent and all get its result.

        Args:
            refresh_token: The refresh token to use (default: the stored one).

        Returns:
            The new tokens (the refresh token rotated).

        Raises:
            SignInRequiredError: The refresh token is dead (revoked, expired, rotated): the
                user must sign in again; it is not sent again.
            MissingTokenError: No refresh token is at hand (nothing sent);
                `TokensChangedError` when a sign-in or sign-out replaced the tokens meanwhile.
            ContioAPIError: Another error answer.
            ContioConnectionError: The server could not be reached.
            TokenStoreError: The store failed (`LeaseLostError`: a fleet's lock was lost).
        """
        return self._run(self._core.grants.refresh(refresh_token))

    def get_client_credentials_token(self, scope: Sequence[str] | None = None) -> AuthTokens:
        """A token for the partner app itself (no user, no refresh token), stored.

        Args:
            scope: The scopes to ask for (default: the client's, without the user-only ones
                the server drops).

        Returns:
            The app's tokens.

        Raises:
            AuthenticationError: `invalid_client`: wrong client id or secret.
            BadRequestError: `invalid_scope` or another refusal.
            ContioConnectionError: The server could not be reached.
            TokenStoreError: The store did not take the tokens.
        """
        return self._run(self._core.grants.client_credentials(scope))

    def get_valid_access_token(self) -> str:
        """An access token good for at least `refresh_margin`, refreshing first if needed.

        Returns:
            The access token.

        Raises:
            SignInRequiredError: The refresh token is dead: the user must sign in again.
            MissingTokenError: No usable token and no refresh token (nothing sent).
            ContioConnectionError: The server could not be reached.
            TokenStoreError: The store failed.
        """
        return self._run(self._core.grants.valid_access_token())

    def refresh_if_expiring(self, within: timedelta | float) -> bool:
        """Refresh now if the stored tokens expire within `within` (a `timedelta` or
        seconds), as `contio.refresher` does; whether this client refreshed (False: good
        for `within`, or renewed by another process, found under the store's lock). Raises
        what `get_valid_access_token` raises, and BudgetSpentError."""
        return self._run(self._core.grants.refresh_if_expiring(within))

    def revoke_token(self, token: str, token_type: TokenTypeHint = "access_token") -> None:
        """Revoke an access or refresh token at Contio (RFC 7009).

        A revoked refresh token that the client holds ends its grant (its tokens are
        cleared); a revoked access token it holds is marked expired.

        Args:
            token: The token to revoke.
            token_type: Which kind it is: `access_token` (default) or `refresh_token`.

        Raises:
            ValueError: A `token_type` other than those two.
            ContioAPIError: An error answer.
            ContioConnectionError: The server could not be reached.
        """
        self._run(self._core.ops.revoke(token, token_type))

    def introspect_token(self, token: str) -> TokenIntrospection:
        """What Contio knows of a token (RFC 7662).

        Args:
            token: An access or refresh token.

        Returns:
            A `TokenIntrospection`: `active`, and for an active token its scope, subject,
            client and times.

        Raises:
            ContioAPIError: An error answer.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.ops.introspect(token))

    def get_user_info(self, access_token: str | None = None) -> UserInfo:
        """The OpenID Connect claims of the signed-in user.

        Args:
            access_token: The access token to use (default: the stored one, refreshed if
                it is about to expire).

        Returns:
            A `UserInfo`.

        Raises:
            AuthenticationError: The token is invalid or expired.
            SignInRequiredError: The stored tokens needed a refresh and the refresh token
                is dead.
            MissingTokenError: No token at hand.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.ops.user_info(access_token))

    def get_available_scopes(self) -> tuple[str, ...]:
        """Every scope Contio knows.

        Returns:
            The scope names.

        Raises:
            ContioAPIError: An error answer.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.ops.scopes())

    def check_consent(self, email: str) -> ConsentStatus:
        """Whether the user already consented to this client's scopes.

        Args:
            email: The user's email address.

        Returns:
            A `ConsentStatus`.

        Raises:
            ValueError: Not an email address, or no `redirect_uri` configured.
            ContioAPIError: An error answer.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.ops.check_consent(email))

    def initiate_partner_auth(
        self,
        email: str,
        name: str | None = None,
        *,
        workspace_id: str | None = None,
        is_admin: bool | None = None,
    ) -> PartnerAuthChallenge:
        """Start passwordless sign-in: Contio emails the user a one-time code.

        Args:
            email: The user's email address.
            name: Their name, for a user Contio does not know yet.
            workspace_id: The workspace to sign them into (a UUID).
            is_admin: Whether a new user is the workspace's admin.

        Returns:
            A `PartnerAuthChallenge` whose `session` goes to `verify_partner_auth`.

        Raises:
            ConflictError: `workspace_conflict`: the user belongs to another workspace
                (`workspace_id` names it).
            NotFoundError: Unknown workspace.
            ContioAPIError: Another error answer.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.ops.initiate(email, name, workspace_id, is_admin))

    def verify_partner_auth(self, email: str, code: str, session: str) -> PartnerAuthVerification:
        """Complete passwordless sign-in with the emailed code.

        Args:
            email: The user's email address.
            code: The one-time code the user received.
            session: `PartnerAuthChallenge.session` from `initiate_partner_auth`.

        Returns:
            A `PartnerAuthVerification`: where to continue the authorization flow.

        Raises:
            BadRequestError: A wrong or expired code or session.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.ops.verify(email, code, session))

    def get_partner_info(self) -> PartnerInfo:
        """This partner app's public profile.

        Returns:
            A `PartnerInfo`.

        Raises:
            NotFoundError: Contio does not know this client id.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.ops.partner_info())

    def get_openid_configuration(self) -> OpenIDConfiguration:
        """The OpenID Connect discovery document, kept for its max-age (or an hour).

        Returns:
            An `OpenIDConfiguration`.

        Raises:
            InvalidResponseError: The document is malformed, or names another issuer.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.openid.configuration())

    def get_jwks(self) -> JSONWebKeySet:
        """The keys that sign ID tokens, kept until a token names a key it lacks.

        Returns:
            A `JSONWebKeySet`.

        Raises:
            InvalidResponseError: The key set is malformed.
            ContioConnectionError: The server could not be reached.
        """
        return self._run(self._core.openid.key_set())

    def verify_id_token(
        self, id_token: str | None = None, *, nonce: str | None = None, max_age: float | None = None
    ) -> IDTokenClaims:
        """The verified claims of an ID token (OpenID Connect Core §3.1.3.7).

        Checks the signature with a key of Contio's key set, the issuer, the audience, the
        times and the nonce.

        Args:
            id_token: The ID token (default: the stored one).
            nonce: The nonce the authorization request carried.
            max_age: With it, `auth_time` must be at most this many seconds ago.

        Returns:
            The `IDTokenClaims`.

        Raises:
            IDTokenError: A check failed; `reason` says which.
            ContioError: The `oidc` extra is not installed.
            ContioConnectionError: Discovery or the key set could not be fetched.
        """
        return self._run(self._core.openid.verify(id_token, nonce, max_age))

    def load_tokens(self) -> AuthTokens | None:
        """Read the tokens from the store again (another process may have changed them).

        Returns:
            The tokens, or None.

        Raises:
            TokenStoreError: The store could not be read.
        """
        self._check_open()
        return self._driver.run(self._core.state.reload(), single_flight=True)


def _share_docs() -> None:
    """The async client's methods that mirror the blocking client's say the same: written
    once, here, where both classes are known."""
    for name, method in vars(OAuthClient).items():
        twin = vars(AsyncOAuthClient).get(name)
        if callable(method) and twin is not None and not twin.__doc__ and method.__doc__:
            twin.__doc__ = method.__doc__


_share_docs()
