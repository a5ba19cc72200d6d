"""Read-only operations: user info, the scope list, public partner info, health."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.clientauth import authenticate_client
from contio.mock.clock import isoformat
from contio.mock.config import SCOPES
from contio.mock.errors import ApiError, OAuthError, json_response
from contio.mock.state import MockState


def _bearer_error(status: int, error: str, description: str, extra: str = "") -> OAuthError:
    challenge = f'Bearer realm="contio", error="{error}", error_description="{description}"{extra}'
    return OAuthError(status, error, description, {"WWW-Authenticate": challenge})


async def userinfo(request: Request, state: MockState) -> Response:
    """OIDC user info for a Bearer access token (RFC 6750 errors).

    Claims by scope: `openid` gives `sub`; `profile` or `email` add `email` and
    `email_verified` (Contio's default request has no `email` scope yet its SDK shows the
    email); `profile` adds the name claims, `picture` and `locale` the user has.
    """
    authorization = request.headers.get("authorization")
    if authorization is None:
        # RFC 6750 §3.1: no error code in the challenge when no credentials were sent.
        raise OAuthError(
            401,
            "invalid_token",
            "access token required",
            {"WWW-Authenticate": 'Bearer realm="contio"'},
        )
    scheme, _, value = authorization.partition(" ")
    token = state.active_token(value.strip()) if scheme.lower() == "bearer" else None
    if token is None or token.kind != "access_token":
        raise _bearer_error(401, "invalid_token", "the access token is invalid, expired or revoked")
    user = state.users_by_id.get(token.user_id) if token.user_id is not None else None
    if user is None or "openid" not in token.scopes:
        raise _bearer_error(
            403,
            "insufficient_scope",
            "user info needs a user token with openid",
            ', scope="openid"',
        )
    claims: dict[str, Any] = {"sub": user.id}
    if "profile" in token.scopes or "email" in token.scopes:
        claims["email"] = user.email
        claims["email_verified"] = user.email_verified
    if "profile" in token.scopes:
        if user.name:
            claims["name"] = user.name
            given, _, family = user.name.partition(" ")
            claims["given_name"] = given
            if family:
                claims["family_name"] = family
        if user.picture:
            claims["picture"] = user.picture
        if user.locale:
            claims["locale"] = user.locale
    return json_response(claims)


async def scopes(request: Request, state: MockState) -> Response:
    authenticate_client(state, request.headers)
    return json_response({"scopes": list(SCOPES)})


async def partner_info(request: Request, state: MockState) -> Response:
    client_id = request.path_params.get("client_id", "")
    partner = state.partners.get(client_id)
    if partner is None:
        raise ApiError(404, "not_found", "no partner app with this client_id")
    return json_response(
        {
            "client_id": partner.client_id,
            "name": partner.name,
            "company_name": partner.company_name,
            "co_brand_name": partner.co_brand_name,
        }
    )


async def health(request: Request, state: MockState) -> Response:
    return json_response(
        {
            "status": "healthy",
            "service": state.config.service_name,
            "timestamp": isoformat(state.now()),
            "checks": {"storage": "ok"},
        }
    )
