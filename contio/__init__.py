"""contio: a typed Python client for Contio's Partner API OAuth 2.0 / OpenID Connect endpoints.

`OAuthClient` and `AsyncOAuthClient` do what the TypeScript SDK's `OAuthClient` does, with
snake_case names, token storage, expiry checks and single-flight automatic refresh.
`PartnerAdmin` and `AsyncPartnerAdmin` (`contio.admin`, loaded when first named) manage the
partner's Sign-On, IdP configuration and credentials.
"""

from typing import Any

from contio._version import __version__
from contio.auth import ContioAuth
from contio.client import AsyncOAuthClient, OAuthClient
from contio.errors import (
    AuthenticationError,
    BadRequestError,
    BudgetSpentError,
    BudgetUnavailableError,
    ConflictError,
    ContioAPIError,
    ContioConnectionError,
    ContioError,
    ContioTimeoutError,
    IDTokenError,
    InternalServerError,
    InvalidResponseError,
    LeaseLostError,
    MissingTokenError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SecretPublishError,
    SignInRequiredError,
    TokensChangedError,
    TokenStoreError,
    TokensUnreadableError,
)
from contio.models import (
    ConsentStatus,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    TokenIntrospection,
    UserInfo,
)
from contio.oidc import IDTokenClaims, JSONWebKey, JSONWebKeySet, OpenIDConfiguration
from contio.pkce import PkcePair, generate_nonce, generate_pkce_pair, generate_state
from contio.stores import FileTokenStore, MemoryTokenStore, TokenStore
from contio.tokens import AuthTokens

__all__ = [
    "AsyncOAuthClient",
    "AsyncPartnerAdmin",
    "AuthTokens",
    "AuthenticationError",
    "BadRequestError",
    "BudgetSpentError",
    "BudgetUnavailableError",
    "ConflictError",
    "ConsentStatus",
    "ContioAPIError",
    "ContioAuth",
    "ContioConnectionError",
    "ContioError",
    "ContioTimeoutError",
    "FileTokenStore",
    "IDTokenClaims",
    "IDTokenError",
    "InternalServerError",
    "InvalidResponseError",
    "JSONWebKey",
    "JSONWebKeySet",
    "LeaseLostError",
    "MemoryTokenStore",
    "MissingTokenError",
    "NotFoundError",
    "OAuthClient",
    "OpenIDConfiguration",
    "PartnerAdmin",
    "PartnerAuthChallenge",
    "PartnerAuthVerification",
    "PartnerInfo",
    "PermissionDeniedError",
    "PkcePair",
    "RateLimitError",
    "SecretPublishError",
    "SignInRequiredError",
    "TokenIntrospection",
    "TokenStore",
    "TokenStoreError",
    "TokensChangedError",
    "TokensUnreadableError",
    "UserInfo",
    "__version__",
    "build_sso_entry_url",
    "generate_nonce",
    "generate_pkce_pair",
    "generate_state",
]

_ADMIN = ("PartnerAdmin", "AsyncPartnerAdmin", "build_sso_entry_url")


def __getattr__(name: str) -> Any:
    # The admin clients load with their first use: `import contio` stays as light as it was.
    if name in _ADMIN:
        import contio.admin

        return getattr(contio.admin, name)
    raise AttributeError(f"module 'contio' has no attribute {name!r}")
