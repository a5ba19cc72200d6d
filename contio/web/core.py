"""Signing a user in with Contio in a web app, framework-neutral and written once.

The adapters (`contio.web.starlette`, `contio.web.flask`) only read requests and write
responses. Everything else lives here: the callback's checks, what is stored and where, how
a request finds its signed-in user, sign-out (and, in `contio.web.session`, what the session
keeps). Each step is a generator that yields *effects* (`contio.web.effects`: exchange the
code, save the tokens, revoke, ...) for a runner of `contio.web.runner` to carry out with
blocking or awaited I/O, so no step is written twice. Tokens go to the store that
`store_for(user_key)` gives, never into the session.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any, Generic, TypeVar

import attrs

from contio import IDTokenError, generate_nonce
from contio.errors import (
    ContioAPIError,
    ContioError,
    MissingTokenError,
    TokenStoreError,
    redact,
)
from contio.pkce import generate_pkce_pair, generate_state
from contio.stores import TokenStore
from contio.tokens import AuthTokens
from contio.web.effects import Clear, Exchange, Flow, Fresh, Revoke, RevokeToken, Save
from contio.web.session import PENDING_KEY, USER_KEY, Pending, SessionUser, safe_next

__all__ = [
    "SignInError",
    "SignedInUser",
    "WebSettings",
    "cross_site",
    "current_user",
    "finish_sign_in",
    "sign_out",
    "start_sign_in",
]

log = logging.getLogger("contio.web")

T = TypeVar("T")
C = TypeVar("C")

#: What an `error=` from the authorization server may show on a page: an RFC 6749 code.
_ERROR_CODE = re.compile(r"[a-z0-9_]{1,64}")
_OPTIONS_REFUSED = ("token_store", "http_client")


class SignInError(Exception):
    """A sign-in that cannot complete. `message` is safe to show to the person (it names no
    token, no secret and nothing the request carried but an error code); `reason` is a short
    code for logs and tests; `status` the HTTP status of the error page."""

    def __init__(
        self, reason: str, message: str, status: int = 400, *, detail: object = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.status = status
        #: For the log line only: the facade's error code or ID token reason, redacted.
        self.detail = redact(str(detail))[:80] if detail else None


@attrs.frozen
class WebSettings:
    """What a sign-in integration is configured with, checked once when the app starts.

    `client_options` are the keyword arguments of an `OAuthClient` / `AsyncOAuthClient`
    (client_id, client_secret, redirect_uri, scope, base_url, timeout, clock, ...), without
    `token_store` (each user's store comes from `store_for`) or `http_client` (the
    integration keeps one connection pool for all of them).
    """

    client_options: Mapping[str, Any] = attrs.field(converter=dict, repr=False)
    store_for: Callable[[str], TokenStore]
    after_sign_in: str = "/"
    after_sign_out: str = "/"
    #: Clients kept in memory, one per recently seen user, for single-flight refresh.
    max_clients: int = 1024

    def __attrs_post_init__(self) -> None:
        for name in _OPTIONS_REFUSED:
            if name in self.client_options:
                raise TypeError(
                    f"{name} is not an option here: each user's tokens live in the store "
                    "that store_for(user_key) returns, and the integration pools connections"
                )
        if not callable(self.store_for):
            raise TypeError("store_for must be a callable: store_for(user_key) -> TokenStore")
        for name in ("after_sign_in", "after_sign_out"):
            if safe_next(getattr(self, name), "") != getattr(self, name):
                raise ValueError(f"{name} must be a path on this site, such as '/'")
        if self.max_clients < 1:
            raise ValueError("max_clients must be at least 1")
        scope = self.client_options.get("scope")
        words = scope.split() if isinstance(scope, str) else list(scope or ["openid"])
        if "openid" not in words:
            raise ValueError("sign-in needs the 'openid' scope: it verifies the ID token")


@attrs.frozen
class SignedInUser(Generic[C]):
    """The signed-in user of a request, and a client holding that user's tokens."""

    key: str
    email: str | None
    name: str | None
    oauth: C = attrs.field(repr=False)

    @property
    def display_name(self) -> str:
        return self.name or self.email or self.key


# -- the steps ----------------------------------------------------------------------------


def cross_site(fetch_site: str | None) -> bool:
    """A request a browser says another site made (its `Sec-Fetch-Site` header): a sign-out
    form posted from elsewhere, say. Browsers that send no such header are left to SameSite
    cookies."""
    return (fetch_site or "").lower() == "cross-site"


def start_sign_in(
    session: MutableMapping[str, Any],
    settings: WebSettings,
    authorization_url: Callable[..., str],
    next_path: object = None,
) -> str:
    """Keep a new state, PKCE verifier and nonce in the session; the URL to send the
    browser to. A second sign-in started in the same browser replaces the first."""
    state, pkce, nonce = generate_state(), generate_pkce_pair(), generate_nonce()
    session[PENDING_KEY] = {
        "state": state,
        "verifier": pkce.verifier,
        "nonce": nonce,
        "next": safe_next(next_path, settings.after_sign_in),
    }
    return authorization_url(state, nonce=nonce, code_challenge=pkce.challenge)


def finish_sign_in(session: MutableMapping[str, Any], params: Mapping[str, str]) -> Flow[str]:
    """The callback: check everything, then store the tokens and remember the user.

    Returns where to send the browser next. Any failure raises SignInError, with nothing
    stored and the session's sign-in in progress spent (a second try starts again).
    """
    pending = Pending.from_session(session.pop(PENDING_KEY, None))
    error = params.get("error")
    if error is not None:
        shown = error if _ERROR_CODE.fullmatch(error) else "an unknown error"
        if error == "access_denied":
            raise SignInError("access_denied", "Access was not allowed, so you are not signed in.")
        raise SignInError("authorization_error", f"Contio did not sign you in ({shown}).")
    if pending is None:
        raise SignInError(
            "no_sign_in", "No sign-in was in progress in this browser. Please sign in again."
        )
    state = params.get("state")
    if not state:
        raise SignInError("missing_state", "The answer from Contio carried no state.")
    if not hmac.compare_digest(state.encode(), pending.state.encode()):
        raise SignInError(
            "state_mismatch", "This answer is not for the sign-in started in this browser."
        )
    code = params.get("code")
    if not code:
        raise SignInError("missing_code", "The answer from Contio carried no code.")
    try:
        tokens: AuthTokens = yield Exchange(code, pending.verifier, pending.nonce)
    except IDTokenError as exc:
        raise SignInError(
            "bad_id_token", "Contio's ID token did not check out.", detail=exc.reason
        ) from exc
    except ContioAPIError as exc:
        if exc.status_code >= 500:
            raise SignInError(
                "contio_error", "Contio could not sign you in now.", 502, detail=exc.code
            ) from exc
        raise SignInError(
            "code_rejected", "This sign-in link was used already or has expired.", detail=exc.code
        ) from exc
    except ContioError as exc:
        raise SignInError(
            "contio_unreachable", "Contio could not be reached.", 502, detail=type(exc).__name__
        ) from exc
    claims = tokens.id_token_claims
    if claims is None or not claims.sub:
        raise SignInError("bad_id_token", "Contio's answer carried no verified ID token.")
    user = SessionUser(claims.sub, claims.email, claims.name)
    try:
        replaced: AuthTokens | None = yield Save(user.key, tokens)
    except TokenStoreError as exc:
        raise SignInError("store_failed", "Your sign-in could not be saved.", 500) from exc
    session[USER_KEY] = user.to_session()
    # One grant per user: the one this sign-in replaced (the user's sign-in in another
    # browser, which now shares these tokens) would otherwise stay live at Contio.
    old = replaced.refresh_token if replaced is not None else None
    if old and old != tokens.refresh_token:
        try:
            yield RevokeToken(old)
        except ContioError as exc:
            log.warning("contio.web: could not revoke a replaced grant (%s)", type(exc).__name__)
    return pending.next


def current_user(session: MutableMapping[str, Any]) -> Flow[SessionUser | None]:
    """The session's user while their store holds tokens that work (refreshed if need be);
    None, and the session forgets them, once those are gone or refused for good."""
    if USER_KEY not in session:
        return None
    user = SessionUser.from_session(session[USER_KEY])
    if user is None:
        session.pop(USER_KEY, None)
        return None
    try:
        yield Fresh(user.key)
    except MissingTokenError:  # signed out elsewhere, or the tokens changed meanwhile
        session.pop(USER_KEY, None)
        return None
    except ContioAPIError as exc:
        if exc.code != "invalid_grant":
            raise
        log.info("contio.web: a refresh token was refused for good; the user is signed out")
        yield Clear(user.key)
        session.pop(USER_KEY, None)
        return None
    return user


def sign_out(session: MutableMapping[str, Any]) -> Flow[None]:
    """Forget the user in the session; revoke their refresh token at Contio; clear the store.
    A revoke that fails is logged and does not keep anyone signed in."""
    session.pop(PENDING_KEY, None)
    user = SessionUser.from_session(session.pop(USER_KEY, None))
    if user is None:
        return
    try:
        yield Revoke(user.key)
    except ContioError as exc:
        log.warning("contio.web: sign-out could not revoke at Contio (%s)", type(exc).__name__)
    yield Clear(user.key)
