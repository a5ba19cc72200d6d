"""The client's configuration, checked once: credentials, endpoints, scope, time limits.

Nothing else parses a URL or checks a constructor argument again. Endpoints follow the
TypeScript SDK: revoke hangs off the token URL, everything else off the authorization URL,
each by replacing the path; `base_url` points every endpoint at one root, its path (a
gateway's prefix) kept for all of them.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote_plus, urlsplit

from contio._checks import (
    check_credential,
    check_scope,
    check_text,
    check_url,
    to_timedelta,
)
from contio._core.connection import DEFAULT_MAX_RESPONSE_BYTES, Connection, Endpoint
from contio._core.credential import Credential
from contio.budget._base import credential_id
from contio.budget._choice import choose_budget

if TYPE_CHECKING:
    from contio._core.steps import Received

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES", "DEFAULT_SCOPE", "Endpoint", "Settings"]

DEFAULT_AUTHORIZATION_URL = "https://auth.contio.ai/oauth2/authorize"
DEFAULT_TOKEN_URL = "https://auth.contio.ai/oauth2/token"
DEFAULT_SCOPE: tuple[str, ...] = ("openid", "profile", "meetings:read", "meetings:write")
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


class Settings(Connection):
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
        super().__init__(
            timeout=timeout,
            max_retries=max_retries,
            clock=clock,
            max_response_bytes=max_response_bytes,
        )
        self.client_id = check_credential(client_id, "client_id")
        if client_auth == "client_secret_basic_raw" and ":" in self.client_id:
            raise ValueError("client_id must not contain ':' (Basic splits on the first one)")
        if client_auth not in CLIENT_AUTH_METHODS:
            raise ValueError(f"client_auth must be one of {', '.join(CLIENT_AUTH_METHODS)}")
        self.client_auth: str = client_auth
        #: The client secret: a str, or read from a source (contio.secrets) and kept fresh.
        self.credential: Credential[Basic] = Credential(client_secret, "client_secret", self._basic)
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
        self.refresh_margin = to_timedelta(
            refresh_margin, "refresh_margin", maximum=MAX_REFRESH_MARGIN
        )
        self.id_token_leeway = to_timedelta(
            id_token_leeway, "id_token_leeway", maximum=MAX_ID_TOKEN_LEEWAY
        )
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

    def _basic(self, secret: str) -> Basic:
        """What the client's Basic authentication is, for one value of the secret."""
        if self.client_auth == "client_secret_basic_raw":
            user, password = self.client_id, secret
        else:  # RFC 6749 §2.3.1: each form-encoded (Appendix B) before Basic joins them
            user = quote_plus(self.client_id, safe="")
            password = quote_plus(secret, safe="")
        encoded = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        # What the budget remembers of these credentials when refused: a hash.
        return Basic(encoded, "Basic " + encoded, credential_id(encoded))

    @property
    def client_secret(self) -> str:
        return self.credential.value

    @property
    def basic_credential(self) -> str:
        return self.credential.derived.credential

    @property
    def basic(self) -> str:
        return self.credential.derived.header

    @property
    def credential_id(self) -> str:
        return self.credential.derived.credential_id

    def authenticate(self, endpoint: Endpoint) -> tuple[dict[str, str], dict[str, str]]:
        """How a call to `endpoint` authenticates the client: an Authorization header, or
        form fields to add to its body (`client_secret_post`, where the endpoint takes them)."""
        if self.client_auth == "client_secret_post" and endpoint.name in FORM_CREDENTIAL_OPERATIONS:
            return {}, {"client_id": self.client_id, "client_secret": self.client_secret}
        return {"Authorization": self.basic}, {}

    def refused(self, received: Received) -> bool:
        """`invalid_client` (RFC 6749 §5.2): the secret may have been rotated."""
        return received.status_code in (400, 401) and b"invalid_client" in received.body

    def secrets(self) -> tuple[str, ...]:
        """What of the configuration must never appear in a message: the secret as it is,
        form-encoded (a request body shows it so) and inside the Basic credential."""
        secret = self.credential.known
        if secret is None:
            return ()
        return (secret, quote_plus(secret), self.credential.derived.credential)


class Basic(NamedTuple):
    credential: str  # base64 of id:secret
    header: str  # "Basic " + credential
    credential_id: str  # the budget's hash of it


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
