"""Signing a user in with Contio in a web app, framework-neutral and written once.

The adapters (`contio.web.starlette`, `contio.web.flask`) only read requests and write
responses. Everything else lives here and in `contio.web.callback` (the callback's checks):
what is stored and where, how
a request finds its signed-in user, sign-out (and, in `contio.web.session`, what the session
keeps). Each step is a generator that yields *effects* (`contio.web.effects`: exchange the
code, save the tokens, revoke, ...) for a runner of `contio.web.runner` to carry out with
blocking or awaited I/O, so no step is written twice. Tokens go to the store that
`store_for(user_key)` gives, never into the session.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any, Generic, TypeVar

import attrs

from contio import generate_nonce
from contio.errors import (
    ContioError,
    MissingTokenError,
    SignInRequiredError,
    TokensUnreadableError,
    redact,
)
from contio.pkce import generate_pkce_pair, generate_state
from contio.stores import TokenStore
from contio.web.effects import Clear, Flow, Fresh, Revoke
from contio.web.pages import HEADERS
from contio.web.records import MemorySignInRecords, SignInRecords
from contio.web.session import PENDING_KEY, USER_KEY, SessionUser, safe_next

__all__ = [
    "SignInError",
    "SignedInUser",
    "WebSettings",
    "current_user",
    "sign_out",
    "sign_out_allowed",
    "start_sign_in",
    "user_key",
]

log = logging.getLogger("contio.web")

T = TypeVar("T")
C = TypeVar("C")

_OPTIONS_REFUSED = ("token_store", "http_client")


class SignInError(Exception):
    """A sign-in that cannot complete. `message` is safe to show to the person (it names no
    token, no secret and nothing the request carried but an error code); `reason` is a short
    code for logs and tests; `status` the HTTP status of the error page."""

    def __init__(
        self,
        reason: str,
        message: str,
        status: int = 400,
        *,
        detail: object = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.status = status
        #: For the log line only: the facade's error code or ID token reason, redacted.
        self.detail = redact(str(detail))[:80] if detail else None
        #: Seconds until trying again makes sense (Contio's rate limit, the OAuth budget).
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        """The error page's headers: never cached, and when to try again if that is known."""
        if self.retry_after is None:
            return dict(HEADERS)
        return {**HEADERS, "Retry-After": str(max(1, math.ceil(self.retry_after)))}


@attrs.frozen
class WebSettings:
    """What a sign-in integration is configured with, checked once when the app starts.

    `client_options` are the keyword arguments of an `OAuthClient` / `AsyncOAuthClient`
    (client_id, client_secret, redirect_uri, scope, base_url, timeout, clock, ...), without
    `token_store` (each user's store comes from `store_for`) or `http_client` (the
    integration keeps one connection pool for all of them). `store_for` receives a user
    key (see `user_key`: 64 hexadecimal digits), never the raw `sub`. `sign_ins` keeps which
    sign-ins stand (see `contio.web.records`): share one across processes.
    """

    client_options: Mapping[str, Any] = attrs.field(converter=dict, repr=False)
    store_for: Callable[[str], TokenStore]
    after_sign_in: str = "/"
    after_sign_out: str = "/"
    #: Clients kept in memory, one per recently seen user, for single-flight refresh.
    max_clients: int = 1024
    sign_ins: SignInRecords = attrs.field(factory=MemorySignInRecords)

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
        if not isinstance(self.sign_ins, SignInRecords):
            raise TypeError("sign_ins must implement contio.web.records.SignInRecords")
        if self.client_options.get("redirect_uri") is None:
            raise TypeError("sign-in needs redirect_uri: the URL of the callback route")
        scope = self.client_options.get("scope")
        words = scope.split() if isinstance(scope, str) else list(scope or ["openid"])
        if "openid" not in words:
            raise ValueError("sign-in needs the 'openid' scope: it verifies the ID token")


@attrs.frozen
class SignedInUser(Generic[C]):
    """The signed-in user of a request, and a client holding that user's tokens."""

    #: What `store_for` received for this user: a hash of the issuer and `sub`.
    key: str
    email: str | None
    name: str | None
    oauth: C = attrs.field(repr=False)
    #: The ID token's subject: who the user is at Contio.
    sub: str = ""

    @property
    def display_name(self) -> str:
        return self.name or self.email or self.sub or self.key


def signed_in_user(
    found: SessionUser | None, client_for: Callable[[str], C]
) -> SignedInUser[C] | None:
    """The route's `SignedInUser` for the user `current_user` found (None for nobody), with
    the runner's client holding their tokens."""
    if found is None:
        return None
    return SignedInUser(found.key, found.email, found.name, client_for(found.key), found.sub)


# -- the steps ----------------------------------------------------------------------------


def user_key(issuer: str, sub: str) -> str:
    """The key of a user for `store_for`: 64 hexadecimal digits, the SHA-256 of the
    issuer and `sub`, so that it is safe in any store (a file name, a Redis key, a row) and
    two issuers' subjects never meet."""
    return hashlib.sha256(f"{issuer}\x00{sub}".encode()).hexdigest()


def sign_out_allowed(fetch_site: str | None, origin: str | None, host: str | None) -> bool:
    """Whether a sign-out POST comes from this very origin. A browser says where a request
    comes from (`Sec-Fetch-Site`, `Origin`): a sibling origin (`same-site`), another site, a
    sandboxed page (`Origin: null`) or an Origin naming another host is refused. A client
    that sends neither header is left to the SameSite cookie."""
    if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none"):
        return False
    if origin is not None:
        netloc = origin.split("://", 1)[-1].rstrip("/").lower()
        if origin.lower() == "null" or netloc != (host or "").lower():
            return False
    return True


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


def current_user(
    session: MutableMapping[str, Any], sign_ins: SignInRecords
) -> Flow[SessionUser | None]:
    """The session's user while their sign-in stands and their store holds tokens that
    work (refreshed if need be); None, and the session forgets them, once either is gone."""
    if USER_KEY not in session:
        return None
    user = SessionUser.from_session(session[USER_KEY])
    if user is None or not sign_ins.active(user.sign_in, user.key):
        session.pop(USER_KEY, None)  # an old cookie, or one of a sign-in that ended
        return None
    try:
        yield Fresh(user.key)
    except MissingTokenError:  # signed out elsewhere, or the tokens changed meanwhile
        session.pop(USER_KEY, None)
        return None
    except TokensUnreadableError:  # sealed with a dropped key, or changed at rest
        log.warning("contio.web: a user's stored tokens cannot be opened; they sign in again")
        session.pop(USER_KEY, None)
        return None
    except SignInRequiredError:
        log.info("contio.web: a refresh token was refused for good; the user is signed out")
        sign_ins.end_user(user.key)
        yield Clear(user.key)
        session.pop(USER_KEY, None)
        return None
    return user


def sign_out(session: MutableMapping[str, Any], sign_ins: SignInRecords) -> Flow[None]:
    """End every sign-in of the user (so no copy of any of their cookies works again);
    revoke their refresh token at Contio; clear the store. A revoke that fails is logged and
    does not keep anyone signed in."""
    session.pop(PENDING_KEY, None)
    user = SessionUser.from_session(session.pop(USER_KEY, None))
    if user is None or not sign_ins.active(user.sign_in, user.key):
        return  # an old cookie signs nobody out
    sign_ins.end_user(user.key)
    try:
        yield Revoke(user.key)
    except ContioError as exc:
        log.warning("contio.web: sign-out could not revoke at Contio (%s)", type(exc).__name__)
    yield Clear(user.key)
