"""The client's configuration, checked once: credentials, endpoints, scope, time limits.

Nothing else parses a URL or checks a constructor argument again. Endpoints follow the
TypeScript SDK: revoke hangs off the token URL, everything else off the authorization URL,
each by replacing the path; `base_url` points every endpoint at one root, its path (a
gateway's prefix) kept for all of them.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote_plus, urlsplit

import httpx2

from contio._checks import (
    check_credential,
    check_number,
    check_scope,
    check_text,
    check_url,
    to_timedelta,
)
from contio._version import __version__
from contio.budget._base import credential_id
from contio.budget._choice import choose_budget

__all__ = ["DEFAULT_SCOPE", "Endpoint", "Settings"]

DEFAULT_AUTHORIZATION_URL = "https://auth.contio.ai/oauth2/authorize"
DEFAULT_TOKEN_URL = "https://auth.contio.ai/oauth2/token"
DEFAULT_SCOPE: tuple[str, ...] = ("openid", "profile", "meetings:read", "meetings:write")
DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024
USER_AGENT = f"contio-python/{__version__} httpx2/{httpx2.__version__}"
MAX_RETRIES = 10
MAX_TIMEOUT = 600.0
MAX_REFRESH_MARGIN = timedelta(days=7)
MAX_ID_TOKEN_LEEWAY = timedelta(hours=1)
#: How the client authenticates (RFC 6749 §2.3.1): HTTP Basic over the form-encoded id and
#: secret (the RFC's, the default), Basic over them as they are (what the official TypeScript
#: SDK sends), or both in the request body where the endpoint takes a form.
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_basic_raw", "client_secret_post")
#: The operations whose form may carry the client's credentials (RFC 6749 §2.3.1, RFC 7009,
#: RFC 7662); Contio's own endpoints take HTTP Basic only.
FORM_CREDENTIAL_OPERATIONS = frozenset(
    {"exchangeOauthToken", "revokeOauthToken", "introspectOauthToken"}
)


class Endpoint:
    """One operation: its operationId, the origin it is sent to (and a path that replaces
    the generated client's, for the token URL), and whether it is safe to repeat after a
    failure that may have reached the server."""

    __slots__ = ("budgeted", "idempotent", "name", "origin", "path")

    def __init__(
        self,
        name: str,
        origin: str,
        idempotent: bool,
        path: str | None = None,
        *,
        budgeted: bool = True,
    ) -> None:
        self.name = name  # the operationId, for logs and errors
        self.origin = origin
        self.path = path
        self.idempotent = idempotent
        #: Whether Contio's OAuth rate limit counts it (`/oauth2/*`, `/auth/*`; not
        #: `/.well-known/*`): it is drawn from the budget.
        self.budgeted = budgeted


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _timeout(value: object) -> tuple[float, dict[str, float | None]]:
    """The deadline of one attempt, and the per-phase limits handed to httpx2."""
    if isinstance(value, httpx2.Timeout):
        phases = value.as_dict()
        finite = [v for v in phases.values() if v is not None]
        if not finite:
            raise ValueError("timeout must set at least one limit")
        for phase, limit in phases.items():
            if limit is not None:
                check_number(limit, f"timeout.{phase}", minimum=0.001, maximum=MAX_TIMEOUT)
        return max(finite), phases
    seconds = check_number(value, "timeout", minimum=0.001, maximum=MAX_TIMEOUT)
    return seconds, {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}


class Settings:
    """Validated configuration of one client. Raises TypeError or ValueError naming the
    parameter, at construction."""

    def needs_redirect_uri(self, call: str) -> str:
        """The redirect URI, for the calls of the authorization code flow that send it."""
        if self.redirect_uri is None:
            raise ValueError(
                f"{call} needs the client's redirect_uri: pass redirect_uri= when you create it"
            )
        return self.redirect_uri

    def __init__(
        self,
        client_id: object,
        client_secret: object,
        redirect_uri: object = None,
        scope: object = None,
        *,
        authorization_url: object = None,
        token_url: object = None,
        base_url: object = None,
        timeout: object = 30.0,
        max_retries: object = 2,
        refresh_margin: object = timedelta(seconds=60),
        clock: object = None,
        max_response_bytes: object = DEFAULT_MAX_RESPONSE_BYTES,
        id_token_leeway: object = timedelta(seconds=60),
        client_auth: object = "client_secret_basic",
        issuer: object = None,
        budget: object = None,
    ) -> None:
        self.client_id = check_credential(client_id, "client_id")
        if client_auth == "client_secret_basic_raw" and ":" in self.client_id:
            raise ValueError("client_id must not contain ':' (Basic splits on the first one)")
        self.client_secret = check_credential(client_secret, "client_secret")
        self.redirect_uri: str | None = None
        if redirect_uri is not None:
            self.redirect_uri = check_text(redirect_uri, "redirect_uri")
            if not urlsplit(self.redirect_uri).scheme or " " in self.redirect_uri:
                raise ValueError("redirect_uri must be an absolute URI")
        self.scope = check_scope(scope) or DEFAULT_SCOPE
        auth_url, token_full = self._urls(authorization_url, token_url, base_url)
        self.authorization_url = auth_url
        self.token_url = token_full
        # Where the endpoints hang: a base_url's path (a gateway's prefix) reaches them all;
        # else each URL's origin, as the TypeScript SDK replaces the path.
        root = self.authorization_url.removesuffix("/oauth2/authorize") if base_url else None
        #: The root the OpenID endpoints (discovery, keys) hang off.
        self.root = root or _origin(self.authorization_url)
        #: The ID tokens' issuer when the app names it; else discovery's (Discovery §4.3).
        self.issuer = check_url(issuer, "issuer").rstrip("/") if issuer is not None else None
        self.deadline, self.timeouts = _timeout(timeout)
        self.max_retries = int(
            check_number(max_retries, "max_retries", minimum=0, maximum=MAX_RETRIES, integer=True)
        )
        self.refresh_margin = to_timedelta(
            refresh_margin, "refresh_margin", maximum=MAX_REFRESH_MARGIN
        )
        if clock is not None and not callable(clock):
            raise TypeError(f"clock must be a callable, not {type(clock).__name__}")
        self._clock: Callable[[], datetime] = clock if clock is not None else _utc_now
        self.max_response_bytes = int(
            check_number(
                max_response_bytes,
                "max_response_bytes",
                minimum=1024,
                maximum=1024**3,
                integer=True,
            )
        )
        self.id_token_leeway = to_timedelta(
            id_token_leeway, "id_token_leeway", maximum=MAX_ID_TOKEN_LEEWAY
        )
        if client_auth not in CLIENT_AUTH_METHODS:
            raise ValueError(f"client_auth must be one of {', '.join(CLIENT_AUTH_METHODS)}")
        self.client_auth: str = client_auth
        if client_auth == "client_secret_basic_raw":
            user, password = self.client_id, self.client_secret
        else:  # RFC 6749 §2.3.1: each form-encoded (Appendix B) before Basic joins them
            user = quote_plus(self.client_id, safe="")
            password = quote_plus(self.client_secret, safe="")
        credentials = f"{user}:{password}".encode()
        self.basic_credential = base64.b64encode(credentials).decode("ascii")
        self.basic = "Basic " + self.basic_credential
        #: What the budget remembers of these credentials when refused: a hash.
        self.credential_id = credential_id(self.basic_credential)
        self.headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            # Compressed answers would make the read cap count what was decoded only after
            # the whole chunk was inflated.
            "Accept-Encoding": "identity",
        }
        auth_origin = self.root
        token_origin = root or _origin(self.token_url)
        token_path = None if root else urlsplit(self.token_url).path or "/oauth2/token"

        self.budget = choose_budget(budget, (auth_origin, token_origin))
        self.token = Endpoint("exchangeOauthToken", token_origin, False, token_path)
        self.client_credentials = Endpoint("exchangeOauthToken", token_origin, True, token_path)
        self.revoke = Endpoint("revokeOauthToken", token_origin, True)
        self.introspect = Endpoint("introspectOauthToken", auth_origin, True)
        self.userinfo = Endpoint("getOauthUserInfo", auth_origin, True)
        self.scopes = Endpoint("listOauthScopes", auth_origin, True)
        self.consent = Endpoint("checkOauthConsent", auth_origin, True)
        self.initiate = Endpoint("initiatePartnerAuth", auth_origin, False)
        self.verify = Endpoint("verifyPartnerAuth", auth_origin, False)
        self.partner = Endpoint("getPublicPartnerInfo", auth_origin, True)

    @staticmethod
    def _urls(authorization_url: object, token_url: object, base_url: object) -> tuple[str, str]:
        if base_url is not None:
            if authorization_url is not None or token_url is not None:
                raise ValueError("give base_url or authorization_url/token_url, not both")
            root = check_url(base_url, "base_url")
            if urlsplit(root).query:
                raise ValueError("base_url must not have a query")
            return f"{root}/oauth2/authorize", f"{root}/oauth2/token"
        auth = (
            check_url(authorization_url, "authorization_url")
            if authorization_url is not None
            else DEFAULT_AUTHORIZATION_URL
        )
        token = check_url(token_url, "token_url") if token_url is not None else DEFAULT_TOKEN_URL
        if urlsplit(token).query:
            raise ValueError("token_url must not have a query: it would not be sent")
        return auth, token

    def __repr__(self) -> str:
        return f"Settings(client_id={self.client_id!r}, client_secret='[redacted]')"

    def now(self) -> datetime:
        """The injected clock's time (aware)."""
        now = self._clock()
        if not isinstance(now, datetime) or now.tzinfo is None:
            raise TypeError("clock() must return a timezone-aware datetime")
        return now

    def client_credentials_for(self, endpoint: Endpoint) -> tuple[str | None, dict[str, str]]:
        """How a call to `endpoint` authenticates the client: an Authorization header, or
        form fields to add to its body (`client_secret_post`, where the endpoint takes them)."""
        if self.client_auth == "client_secret_post" and endpoint.name in FORM_CREDENTIAL_OPERATIONS:
            return None, {"client_id": self.client_id, "client_secret": self.client_secret}
        return self.basic, {}

    def secrets(self) -> tuple[str, ...]:
        """What of the configuration must never appear in a message: the secret as it is,
        form-encoded (a request body shows it so) and inside the Basic credential."""
        return (self.client_secret, quote_plus(self.client_secret), self.basic_credential)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
