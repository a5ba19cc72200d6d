"""OpenID Connect: the discovery document, the key set and the ID tokens the mock signs."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.config import GRANT_TYPES, SCOPES
from contio.mock.errors import json_response
from contio.mock.keys import ALGORITHM
from contio.mock.models import Partner, User
from contio.mock.state import MockState
from contio.mock.urls import issuer

#: Contio's path (an underscore) and OpenID Connect Discovery 1.0 §4's (a hyphen).
DISCOVERY_PATHS = ("/.well-known/openid_configuration", "/.well-known/openid-configuration")
JWKS_PATH = "/.well-known/jwks.json"
#: How a client may authenticate at the token, revocation and introspection endpoints.
AUTH_METHODS = ("client_secret_basic", "client_secret_post")
CLAIMS = (
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "email",
    "email_verified",
    "name",
    "given_name",
    "family_name",
    "locale",
    "picture",
)


async def discovery(request: Request, state: MockState) -> Response:
    """Every endpoint at the mock's own base URL, which is also `issuer` (Discovery §4.3)."""
    base = issuer(state, request)
    root = base.rstrip("/")
    return json_response(
        {
            "issuer": base,
            "authorization_endpoint": f"{root}/oauth2/authorize",
            "token_endpoint": f"{root}/oauth2/token",
            "userinfo_endpoint": f"{root}/oauth2/userInfo",
            "jwks_uri": f"{root}{JWKS_PATH}",
            "revocation_endpoint": f"{root}/oauth2/revoke",
            "introspection_endpoint": f"{root}/oauth2/introspect",
            "scopes_supported": list(SCOPES),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [ALGORITHM],
            "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "revocation_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "introspection_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "claims_supported": list(CLAIMS),
            # RFC 8414 §2: without these a standards client assumes no PKCE and only the
            # code grant. `plain` is accepted (RFC 7636 §4.3) but S256 is what to use.
            "code_challenge_methods_supported": ["S256", "plain"],
            "grant_types_supported": list(GRANT_TYPES),
            "response_modes_supported": ["query"],
        }
    )


async def jwks(request: Request, state: MockState) -> Response:
    return json_response(state.keys.jwks())


def id_token(
    request: Request,
    state: MockState,
    partner: Partner,
    user: User,
    scopes: tuple[str, ...],
    *,
    auth_time: float | None,
    nonce: str | None,
) -> str:
    """An ID token (OIDC Core §2) signed with the current key.

    Claims by scope as user info gives them: `profile` or `email` add `email` and
    `email_verified`; `profile` adds `name` (the email's local part when the user gave none,
    so that a demo has something to greet).
    """
    now = int(state.now())
    claims: dict[str, Any] = {
        "iss": issuer(state, request),
        "sub": user.id,
        "aud": partner.client_id,
        "exp": now + state.config.id_token_lifetime,
        "iat": now,
        "auth_time": int(auth_time) if auth_time is not None else now,
    }
    if nonce is not None:
        claims["nonce"] = nonce
    if "profile" in scopes or "email" in scopes:
        claims["email"] = user.email
        claims["email_verified"] = user.email_verified
    if "profile" in scopes:
        claims["name"] = user.name or user.email.split("@", 1)[0]
    return state.keys.sign(claims)
