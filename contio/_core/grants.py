"""The token endpoint: code exchange, client credentials, and refresh, single-flight.

Refresh tokens rotate, so however many callers need a refresh at once, one attempt is
sent and they share how it ended: its tokens, or its error. Only `invalid_grant` marks a
refresh token as dead for good; any other failure answers the callers of that attempt,
and the next call tries again. A refresh whose tokens were replaced or cleared while it
was on the wire (`set_tokens`, `clear_tokens`) discards its result and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from contio._checks import check_scope, check_text, check_token, to_timedelta
from contio._core.oidc import OpenID, require_joserfc
from contio._core.sender import Sender
from contio._core.settings import Endpoint, Settings
from contio._core.state import Ticket, TokenState
from contio._core.steps import FLUSH, LOCK, NEEDS_LOCK, Flow, Job, done
from contio._wire import WireTypeError, _opt, _req
from contio.errors import (
    BudgetSpentError,
    ContioAPIError,
    ContioError,
    IDTokenError,
    LeaseLostError,
    MissingTokenError,
    SignInRequiredError,
    TokensChangedError,
    TokenStoreError,
)
from contio.tokens import AuthTokens

T = TypeVar("T")
#: The most ahead of expiry a refresh is asked for (an access token lives 24 h at Contio).
MAX_EARLY = timedelta(days=7)

if TYPE_CHECKING:
    from contio_oauth_api import models as wire

__all__ = ["Grants", "unset"]


def unset() -> Any:
    """The generated models' UNSET (loaded with them, at the first call)."""
    from contio_oauth_api.types import UNSET

    return UNSET


def token_type(value: object) -> str:
    """RFC 6749 §7.1: a client must not use a token type it does not understand. Bearer in
    any case (RFC 6750), or none said; anything else is refused, without echoing it."""
    named = _opt(value, str, "token_type")
    if named is None or named.lower() == "bearer":
        return "Bearer"
    raise WireTypeError("field 'token_type' is not Bearer, the only type this client can use")


class Grants:
    """The token endpoint's operations, over the token state."""

    def __init__(
        self, settings: Settings, state: TokenState, sender: Sender, openid: OpenID
    ) -> None:
        self.settings = settings
        self.state = state
        self.sender = sender
        self.openid = openid

    def usable(self, tokens: AuthTokens | None) -> bool:
        """Good for at least refresh_margin. An unknown expiry counts as usable here: the
        server's 401 says when it is not, and refreshing on every call would be worse."""
        if tokens is None:
            return False
        expires_at = tokens.expires_at
        return expires_at is None or self.settings.now() + self.settings.refresh_margin < expires_at

    # -- one exchange at the token endpoint --------------------------------------------------

    def _convert(
        self, used_refresh_token: str | None, requested: tuple[str, ...], id_token: str | None
    ) -> Callable[[wire.TokenResponse], AuthTokens]:
        def convert(model: wire.TokenResponse) -> AuthTokens:
            scope = _opt(model.scope, str, "scope")
            access_token = _req(model.access_token, str, "access_token")
            if not access_token:  # AuthTokens.from_dict refuses it: a store could not load it
                raise WireTypeError("field 'access_token' is empty")
            kind = token_type(model.token_type)
            return AuthTokens.from_token_response(
                access_token=access_token,
                expires_in=_opt(model.expires_in, int, "expires_in"),
                received_at=self.settings.now(),
                # A server that does not rotate keeps the refresh token just used (§6).
                refresh_token=_opt(model.refresh_token, str, "refresh_token") or used_refresh_token,
                # A refresh often brings no new ID token: the grant's still says who it is.
                id_token=_opt(model.id_token, str, "id_token") or id_token,
                # An omitted scope is the scope requested (RFC 6749 §5.1).
                scope=scope if scope is not None else " ".join(requested),
                token_type=kind,
            )

        return convert

    def _exchange(
        self,
        endpoint: Endpoint,
        body: wire.AuthorizationCodeGrant | wire.RefreshTokenGrant | wire.ClientCredentialsGrant,
        requested: tuple[str, ...],
        used_refresh_token: str | None = None,
        id_token: str | None = None,
    ) -> Flow[AuthTokens]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import exchange_oauth_token

        return (
            yield from self.sender.call(
                endpoint,
                exchange_oauth_token._get_kwargs(body=body),
                wire.TokenResponse.from_dict,
                self._convert(used_refresh_token, requested, id_token),
                client=True,
            )
        )

    # -- grants ----------------------------------------------------------------------------

    def exchange_code(
        self, code: str, code_verifier: str | None, nonce: str | None = None
    ) -> Job[AuthTokens]:
        from contio_oauth_api import models as wire

        body = wire.AuthorizationCodeGrant(
            grant_type="authorization_code",
            code=check_token(code, "code"),
            redirect_uri=self.settings.needs_redirect_uri("exchange_code_for_token"),
            code_verifier=check_token(code_verifier, "code_verifier")
            if code_verifier is not None
            else unset(),
        )
        if nonce is not None:
            check_text(nonce, "nonce")
            require_joserfc()  # before the code is spent: it is good for one exchange only
        return Job(self._grant(self.settings.token, body, self.settings.scope, nonce))

    def client_credentials(self, scope: object) -> Job[AuthTokens]:
        from contio_oauth_api import models as wire

        requested = check_scope(scope) or self.settings.scope
        body = wire.ClientCredentialsGrant(
            grant_type="client_credentials", scope=" ".join(requested)
        )
        return Job(self._grant(self.settings.client_credentials, body, requested))

    def _grant(
        self,
        endpoint: Endpoint,
        body: wire.AuthorizationCodeGrant | wire.ClientCredentialsGrant,
        requested: tuple[str, ...],
        nonce: str | None = None,
    ) -> Flow[AuthTokens]:
        tokens = yield from self._exchange(endpoint, body, requested)
        if nonce is not None:
            # OpenID Connect Core §3.1.3.7: who signed in is known before anything is kept,
            # from this answer's ID token (never the one held: that is an earlier sign-in's).
            if not tokens.id_token:
                raise IDTokenError("the token answer carried no ID token to verify", "missing")
            claims = yield from self.openid.verified(tokens.id_token, nonce)
            tokens = replace(tokens, id_token_claims=claims)
        # A new grant's tokens become the client's: a sign-in is the newest intent.
        yield from self.state.change(tokens)
        return tokens

    # -- refresh ---------------------------------------------------------------------------

    def _attempt(self, refresh_token: str) -> Flow[AuthTokens]:
        """One refresh at the server, under the refresh lock, committed only if the tokens
        did not change meanwhile; how it ended is recorded for the callers who waited."""
        from contio_oauth_api import models as wire

        state = self.state
        dead = state.dead(refresh_token)
        if dead is not None:
            # Refused for good: callers that waited for that refresh, or come later, get
            # the same answer without sending the dead token again.
            raise dead
        held = state.held
        same_grant = held is not None and held.refresh_token == refresh_token
        requested = held.scope if held is not None and same_grant else self.settings.scope
        previous_id = held.id_token if held is not None and same_grant else None
        epoch = state.epoch
        body = wire.RefreshTokenGrant(grant_type="refresh_token", refresh_token=refresh_token)
        try:
            tokens = yield from self._exchange(
                self.settings.token, body, requested, refresh_token, previous_id
            )
        except BudgetSpentError:
            # Nothing was sent: a caller waiting behind this attempt (a user, behind an early
            # refresh held back for the users) tries with its own priority.
            state.attempt_ended(epoch, refresh_token)
            raise
        except ContioError as exc:
            error = exc
            if isinstance(exc, ContioAPIError) and exc.code == "invalid_grant":
                error = SignInRequiredError.from_api_error(exc)
                state.bury(refresh_token, error)
            state.attempt_ended(epoch, refresh_token, error=error)
            if error is exc:
                raise
            raise error from None
        if not state.replace(tokens, expected_epoch=epoch):
            changed = TokensChangedError(
                "the tokens were replaced or cleared (set_tokens/clear_tokens) while this "
                "refresh was on the wire; its result was discarded"
            )
            state.attempt_ended(epoch, refresh_token, error=changed)
            raise changed
        try:
            yield FLUSH
        except LeaseLostError:
            # Another holder of the store's lock saved newer tokens: the waiters read them.
            state.attempt_ended(epoch, refresh_token)
            raise
        except TokenStoreError as exc:
            state.attempt_ended(epoch, refresh_token, error=exc)
            raise
        state.attempt_ended(epoch, refresh_token, tokens=tokens)
        return tokens

    def _locked_reload(self) -> Flow[AuthTokens | None]:
        """Take the store's lock (another process may be refreshing), then read it again:
        whoever held the lock may have refreshed already."""
        yield LOCK
        return (yield from self.state.reload())

    def refresh(self, refresh_token: str | None) -> Job[AuthTokens]:
        """Refresh with the given token, or single-flight with the stored one."""
        state = self.state
        if refresh_token is not None:
            check_token(refresh_token, "refresh_token")
            held = state.held
            if state.loaded and (held is None or held.refresh_token != refresh_token):
                return Job(self._given_refresh(refresh_token, state.ticket()), single_flight=True)
            # The stored token given back explicitly, as the TypeScript SDK's examples do
            # (or a store not read yet, which may hold it): share the refresh.
        held = state.held if state.loaded else None
        seen = held.access_token if held is not None else None
        return Job(self._stored_refresh(seen, state.ticket(), refresh_token), single_flight=True)

    def _given_refresh(self, given: str, ticket: Ticket) -> Flow[AuthTokens]:
        yield from self._locked_reload()
        # Not the stored refresh token (or not any more): the refresh that replaced it
        # answers this caller only if it was that very token's refresh.
        earlier = self.state.refreshed_after(ticket, given)
        if earlier is not None:
            return earlier
        return (yield from self._attempt(given))

    def _stored_refresh(
        self, seen: str | None, ticket: Ticket, given: str | None
    ) -> Flow[AuthTokens]:
        state = self.state

        def done_by_others(current: AuthTokens | None) -> bool:
            refreshed_here = state.ticket().attempts != ticket.attempts
            refreshed_elsewhere = (
                seen is not None and current is not None and current.access_token != seen
            )
            return self.usable(current) and (refreshed_here or refreshed_elsewhere)

        error = state.shared_error(ticket)
        if error is not None:
            raise error
        current = yield from self._store_step(state.reload())
        if given is not None and (current is None or current.refresh_token != given):
            return (yield from self._given_refresh(given, ticket))
        if not done_by_others(current):
            current = yield from self._store_step(self._locked_reload())
        if current is not None and done_by_others(current):
            return current  # refreshed by someone else while this caller waited
        if current is None or not current.refresh_token:
            raise MissingTokenError("No refresh token available: sign the user in first")
        return (yield from self._attempt(current.refresh_token))

    def ready_token(self) -> str | None:
        """The held access token when it needs no I/O at all (read, written, good for the
        refresh margin): the fast path of every API call through `oauth.auth`."""
        state = self.state
        held = state.held
        if held is not None and state.loaded and not state.dirty and self.usable(held):
            return held.access_token
        return None

    def valid_access_token(self) -> Job[str]:
        """The stored access token when good for `refresh_margin`, refreshing first if not."""
        state = self.state
        held = state.held
        if state.loaded and not state.dirty and self.usable(held):
            assert held is not None
            return Job(done(held.access_token))
        return Job(
            self._valid(state.ticket()),
            single_flight=True,
            # A store not read yet (a client made per request, say) most likely holds good
            # tokens: read it first without any lock, and lock only to refresh.
            prelude=None if state.loaded else self._unlocked_valid(),
        )

    def with_valid_token(self, use: Callable[[str], Flow[T]]) -> Job[T]:
        """`use` an access token good for `refresh_margin`: without any lock when the held
        (or stored) one is; else under the refresh lock, after the one shared refresh."""
        state = self.state

        def unlocked() -> Flow[Any]:
            current = yield from state.current()
            if current is not None and not state.dirty and self.usable(current):
                return (yield from use(current.access_token))
            return NEEDS_LOCK

        def locked(ticket: Ticket) -> Flow[T]:
            token = yield from self._valid(ticket)
            return (yield from use(token))

        return Job(locked(state.ticket()), single_flight=True, prelude=unlocked())

    def _unlocked_valid(self) -> Flow[Any]:
        current = yield from self.state.current()
        if current is not None and not self.state.dirty and self.usable(current):
            return current.access_token
        return NEEDS_LOCK

    def _valid(self, ticket: Ticket) -> Flow[str]:
        return (yield from self._renew(ticket, self.usable, "has expired"))

    def refresh_if_expiring(self, within: object) -> Job[bool]:
        """Refresh (once, shared) when the stored tokens expire within `within`; whether this
        client refreshed. Another process's refresh meanwhile is found under the store's lock
        and not repeated."""
        within = to_timedelta(within, "within", maximum=MAX_EARLY)
        state = self.state

        def fresh(current: AuthTokens | None) -> bool:
            if current is None or current.expires_at is None:
                return current is not None
            return self.settings.now() + within < current.expires_at

        def flow(ticket: Ticket) -> Flow[bool]:
            yield from self._renew(ticket, fresh, "nears its expiry")
            return state.ticket().attempts != ticket.attempts

        return Job(flow(state.ticket()), single_flight=True)

    def after_rejection(self, rejected: str) -> Job[str]:
        """After a 401 with `rejected`: a new access token, refreshing unless done already."""

        def good(current: AuthTokens | None) -> bool:
            return self.usable(current) and current is not None and current.access_token != rejected

        return Job(self._renew(self.state.ticket(), good, "was rejected"), single_flight=True)

    def _renew(
        self, ticket: Ticket, good: Callable[[AuthTokens | None], bool], why: str
    ) -> Flow[str]:
        """An access token that is `good`, refreshing (once, shared) when the held one is not."""
        error = self.state.shared_error(ticket)
        if error is not None:
            raise error  # the attempt this caller waited for failed: its answer, at once
        current = yield from self._store_step(self.state.reload())
        if not good(current):
            current = yield from self._store_step(self._locked_reload())
        if current is not None and good(current):
            return current.access_token
        if current is None:
            raise MissingTokenError("No tokens available: sign the user in first")
        if not current.refresh_token:
            raise MissingTokenError(f"The access token {why} and there is no refresh token")
        tokens = yield from self._attempt(current.refresh_token)
        return tokens.access_token

    def _store_step(self, flow: Flow[AuthTokens | None]) -> Flow[AuthTokens | None]:
        """A read of the store (or its lock) before a refresh: when it fails (Redis down or
        hung), the callers queued behind get the same answer instead of each waiting for
        the store's timeout again."""
        epoch = self.state.epoch
        try:
            return (yield from flow)
        except TokenStoreError as exc:
            if not isinstance(exc, LeaseLostError):
                self.state.attempt_ended(epoch, None, error=exc)
            raise
