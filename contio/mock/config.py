"""Configuration and fixed default data of the mock server.

The ids are module constants so that tests, docs and other-language clients can name the
seeded workspaces and users without asking the server first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The partner app that every mock starts with (overridable through `MockConfig`).
DEMO_CLIENT_ID = "demo-client"
DEMO_CLIENT_SECRET = "demo-secret"  # published demo credentials, not secrets
#: Its partner API key (`X-API-Key`, with `X-Client-ID: demo-client`) and Sign-On slug.
DEMO_API_KEY = "demo-api-key"
DEMO_SLUG = "demo"

#: Redirect URIs registered for the demo client. The two loopback ones match any port
#: (RFC 8252 §7.3), so native apps and tests can listen on an ephemeral port.
DEMO_REDIRECT_URIS: tuple[str, ...] = (
    "http://127.0.0.1/callback",
    "http://localhost/callback",
    "https://app.example.com/callback",
)

DEMO_PARTNER_NAME = "Demo Partner App"
DEMO_COMPANY_NAME = "Demo Partner Inc."
DEMO_CO_BRAND_NAME = "Demo Partner"

#: A second partner app, so that "owned by another partner" and cross-client token use exist.
OTHER_CLIENT_ID = "other-client"
OTHER_CLIENT_SECRET = "other-secret"
OTHER_API_KEY = "other-api-key"
OTHER_SLUG = "other"
OTHER_REDIRECT_URIS: tuple[str, ...] = ("https://other.example.com/callback",)
OTHER_PARTNER_NAME = "Other Partner App"

#: A shared workspace owned by the configured partner: `/auth/initiate` may place users in it.
DEMO_WORKSPACE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
#: A workspace owned by the other partner: `workspace_not_authorized` (403) for the demo client.
OTHER_WORKSPACE_ID = "9b2f4c1e-3d5a-4e6f-8a7b-0c1d2e3f4a5b"
#: A well-formed UUID that names no workspace: `workspace_not_found` (404).
UNKNOWN_WORKSPACE_ID = "00000000-0000-4000-8000-000000000000"

#: A user who already belongs to a workspace of their own: asking to put them into
#: `DEMO_WORKSPACE_ID` gives `workspace_conflict` (409) naming `EXISTING_USER_WORKSPACE_ID`.
EXISTING_USER_EMAIL = "existing.user@example.com"
EXISTING_USER_ID = "2f6d8c0a-1b3e-4d5f-9a7c-6e8b0d2f4a1c"
EXISTING_USER_NAME = "Existing User"
EXISTING_USER_WORKSPACE_ID = "3f1e2d4c-5b6a-4789-8abc-def012345678"

#: Every scope Contio documents, in its documented order (responses list scopes this way).
#: The grants of the token endpoint.
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials")

SCOPES: tuple[str, ...] = (
    "openid",
    "profile",
    "email",
    "meetings:read",
    "meetings:write",
    "action-items:read",
    "action-items:write",
    "calendar:read",
    "calendar:write",
)
#: What the TypeScript SDK asks for when the app names no scopes.
DEFAULT_SCOPES: tuple[str, ...] = ("openid", "profile", "meetings:read", "meetings:write")
#: Scopes that only make sense with a user; a client_credentials grant drops them.
USER_SCOPES = frozenset({"openid", "profile", "email"})


_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


@dataclass(frozen=True)
class MockConfig:
    """Everything that makes one mock differ from another; frozen so a running app can share it.

    Lifetimes are in seconds of the mock's own clock (see `POST /_mock/clock`).
    """

    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    #: The partner's API key for the identity-administration paths, and its Sign-On slug.
    api_key: str = DEMO_API_KEY
    slug: str = DEMO_SLUG
    #: The public base URL: `issuer` and the base of every endpoint in discovery, `iss` of
    #: ID tokens and introspection. None: the URL the request came in on.
    issuer: str | None = None
    redirect_uris: tuple[str, ...] = DEMO_REDIRECT_URIS
    extra_redirect_uris: tuple[str, ...] = ()
    partner_name: str = DEMO_PARTNER_NAME
    company_name: str = DEMO_COMPANY_NAME
    co_brand_name: str = DEMO_CO_BRAND_NAME
    #: When set, GET /oauth2/authorize approves at once, as this user, without a sign-in page.
    auto_approve_email: str | None = None
    #: Contio's WAF rule: at most this many requests per client address in any rolling
    #: `rate_limit_window` seconds, over the OAuth operations (not `/.well-known/`), blocked
    #: ones counted (stats `rate_limited`: how many were blocked); None: off.
    rate_limit: int | None = None
    rate_limit_window: float = 300.0
    #: Take the client address from this request header (its first entry) instead of the
    #: connection's, so that one test can play several egress addresses; None: the peer's.
    rate_limit_address_header: str | None = None
    access_token_lifetime: int = 86_400
    refresh_token_lifetime: int = 30 * 86_400
    id_token_lifetime: int = 86_400
    code_lifetime: int = 300
    login_session_lifetime: int = 600
    login_max_attempts: int = 3
    #: How long a user stays signed in for a client after `/auth/verify`.
    signin_lifetime: int = 86_400
    #: Request bodies above this many bytes are refused with a 400.
    max_body_bytes: int = 64 * 1024
    #: Longest accepted string field, in characters.
    max_field_chars: int = 4096
    service_name: str = field(default="contio-oauth-mock")
    #: Host names besides loopback ones on which the control API (`/_mock/*`) answers.
    control_api_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.client_id or not self.client_secret or not self.api_key:
            raise ValueError("client_id, client_secret and api_key must not be empty")
        if self.slug == OTHER_SLUG or not _SLUG.fullmatch(self.slug):
            raise ValueError(
                "slug must be lowercase letters, digits and dashes (and not the other partner's)"
            )
        if self.client_id == OTHER_CLIENT_ID:
            raise ValueError(f"{OTHER_CLIENT_ID!r} is reserved for the mock's second partner")
        if ":" in self.client_id:
            raise ValueError("client_id must not contain ':' (HTTP Basic could not carry it)")
        if self.rate_limit is not None and self.rate_limit < 1:
            raise ValueError("rate_limit must be at least 1 (or None for no limit)")
        if self.rate_limit_window <= 0:
            raise ValueError("rate_limit_window must be positive")
        if not self.all_redirect_uris:
            raise ValueError("the partner app needs at least one redirect URI")
        if self.login_max_attempts < 1:
            raise ValueError("login_max_attempts must be at least 1")

    @property
    def all_redirect_uris(self) -> tuple[str, ...]:
        """Registered redirect URIs, the configured ones first (the first one is the default)."""
        return self.redirect_uris + tuple(
            uri for uri in self.extra_redirect_uris if uri not in self.redirect_uris
        )


#: The API's operations by operationId, as in `openapi/contio-oauth.yaml`; faults and stats
#: name them so.
OPERATION_IDS: tuple[str, ...] = (
    "authorizeOauth",
    "completeOauthAuthorization",
    "exchangeOauthToken",
    "revokeOauthToken",
    "introspectOauthToken",
    "getOauthUserInfo",
    "listOauthScopes",
    "checkOauthConsent",
    "initiatePartnerAuth",
    "verifyPartnerAuth",
    "getPublicPartnerInfo",
    "getOauthHealth",
    "getOpenidConfiguration",
    "getOauthJwks",
    "getSsoInfo",
    "initiateSso",
    "getSsoSession",
    "verifySsoCallback",
    "getIdpConfig",
    "createIdpConfig",
    "replaceIdpConfig",
    "updateIdpConfig",
    "deleteIdpConfig",
    "getIdpDomainVerification",
    "initiateIdpDomainVerification",
    "checkIdpDomainVerification",
    "getCredentialStatus",
    "listCredentialHistory",
    "rotateApiKey",
    "rollbackApiKey",
    "rotateClientSecret",
    "rollbackClientSecret",
    "rotateWebhookSecret",
)
