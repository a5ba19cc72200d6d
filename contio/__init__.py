"""contio: a typed Python client for Contio's Partner API OAuth 2.0 / OpenID Connect endpoints.

`OAuthClient` and `AsyncOAuthClient` do what the TypeScript SDK's `OAuthClient` does, with
snake_case names, token storage, expiry checks and single-flight automatic refresh.
"""

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
    "PartnerAuthChallenge",
    "PartnerAuthVerification",
    "PartnerInfo",
    "PermissionDeniedError",
    "PkcePair",
    "RateLimitError",
    "SignInRequiredError",
    "TokenIntrospection",
    "TokenStore",
    "TokenStoreError",
    "TokensChangedError",
    "TokensUnreadableError",
    "UserInfo",
    "__version__",
    "generate_nonce",
    "generate_pkce_pair",
    "generate_state",
]
