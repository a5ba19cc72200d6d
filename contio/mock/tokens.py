"""The token endpoint and its RFC 7009 / RFC 7662 siblings: revoke and introspect."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.clientauth import authenticate_client
from contio.mock.config import DEFAULT_SCOPES, GRANT_TYPES, USER_SCOPES
from contio.mock.errors import InvalidInput, OAuthError, json_response
from contio.mock.inputs import Fields, check_form_content_type, parse_urlencoded, read_body
from contio.mock.models import Grant, Partner
from contio.mock.oauthrules import UnknownScopeError, parse_scopes, pkce_verifies, split_scope
from contio.mock.oidc import id_token
from contio.mock.state import MockState
from contio.mock.urls import issuer

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
TOKEN_TYPE_HINTS = ("access_token", "refresh_token")
#: What a client_credentials grant gets when it names no scope: the default, less user scopes.
CLIENT_CREDENTIALS_DEFAULT = tuple(s for s in DEFAULT_SCOPES if s not in USER_SCOPES)


def invalid_grant(description: str) -> OAuthError:
    return OAuthError(400, "invalid_grant", description)


def invalid_scope(description: str) -> OAuthError:
    return OAuthError(400, "invalid_scope", description)


async def read_client_form(
    request: Request, state: MockState, operation_id: str | None = None
) -> tuple[Partner, Fields]:
    """Authenticate the client and read the form body.

    A body that cannot be read still lets Basic authentication run first, so a client
    without credentials learns 401 rather than 400 whatever it sent.
    """
    config = state.config
    body = await read_body(request, config.max_body_bytes)
    form_error: InvalidInput | None = None
    form: dict[str, str] = {}
    try:
        check_form_content_type(request)
        form = parse_urlencoded(body, config.max_field_chars)
    except InvalidInput as exc:
        form_error = exc
    if operation_id is not None and form.get("grant_type") in GRANT_TYPES:
        state.count(f"{operation_id}:{form['grant_type']}")
    partner = authenticate_client(state, request.headers, form)
    if form_error is not None:
        raise form_error
    return partner, Fields(form, config.max_field_chars)


def requested_scopes(scope: str | None) -> tuple[str, ...] | None:
    if not scope or not scope.strip():
        return None
    try:
        return parse_scopes(split_scope(scope))
    except UnknownScopeError as exc:
        raise invalid_scope(str(exc)) from None


def token_response(
    request: Request,
    state: MockState,
    partner: Partner,
    grant: Grant,
    scopes: tuple[str, ...],
    *,
    with_refresh_token: bool,
    nonce: str | None = None,
) -> Response:
    """Issue an access token (and a refresh token, and an ID token for `openid`).

    Every ID token of a grant keeps the `auth_time` of the sign-in; only the code exchange's
    carries the `nonce` (OIDC Core §12.2: a refresh's ID token should have none).
    """
    access = state.issue_token(grant, "access_token", scopes)
    body: dict[str, Any] = {
        "access_token": access.value,
        "token_type": "Bearer",
        "expires_in": state.config.access_token_lifetime,
    }
    if with_refresh_token:
        body["refresh_token"] = state.issue_token(grant, "refresh_token", grant.scopes).value
    body["scope"] = " ".join(scopes)
    user = state.users_by_id.get(grant.user_id) if grant.user_id is not None else None
    if user is not None and "openid" in scopes:
        body["id_token"] = id_token(
            request, state, partner, user, scopes, auth_time=grant.auth_time, nonce=nonce
        )
    return json_response(body, headers=NO_STORE)


def authorization_code_grant(
    request: Request, state: MockState, partner: Partner, fields: Fields
) -> Response:
    code_value = fields.req_str("code")
    redirect_uri = fields.req_str("redirect_uri")
    verifier = fields.opt_str("code_verifier")
    code = state.codes.get(code_value)
    if code is None or code.client_id != partner.client_id:
        raise invalid_grant("unknown authorization code")
    if code.used:
        # RFC 6749 §4.1.2: a code used twice may have been stolen; revoke what it gave.
        if code.grant_id is not None:
            state.revoke_grant(code.grant_id)
        raise invalid_grant("authorization code already used; tokens issued from it are revoked")
    code.used = True  # single use, even when this attempt fails
    if state.now() >= code.expires_at:
        raise invalid_grant("authorization code expired")
    if redirect_uri != code.redirect_uri:
        raise invalid_grant("redirect_uri differs from the one in the authorization request")
    if code.code_challenge is not None:
        method = code.code_challenge_method or "plain"
        if verifier is None:
            raise invalid_grant("code_verifier is required (PKCE)")
        if not pkce_verifies(code.code_challenge, method, verifier):
            raise invalid_grant("code_verifier does not match code_challenge (PKCE)")
    elif verifier is not None:
        raise invalid_grant("code_verifier sent but the authorization request had no challenge")
    grant = state.new_grant(partner.client_id, code.user_id, code.scopes, code.auth_time)
    code.grant_id = grant.id
    return token_response(
        request, state, partner, grant, code.scopes, with_refresh_token=True, nonce=code.nonce
    )


def refresh_token_grant(
    request: Request, state: MockState, partner: Partner, fields: Fields
) -> Response:
    value = fields.req_str("refresh_token")
    narrowed = requested_scopes(fields.opt_str("scope"))
    token = state.tokens.get(value)
    if token is None or token.kind != "refresh_token" or token.client_id != partner.client_id:
        raise invalid_grant("unknown refresh token")
    if token.rotated:
        # Reuse of a rotated-out refresh token: assume theft, revoke the family
        # (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
        state.revoke_grant(token.grant_id)
        raise invalid_grant("refresh token already used; all tokens of its grant are revoked")
    if token.revoked or state.now() >= token.expires_at:
        raise invalid_grant("refresh token expired or revoked")
    grant = state.grants[token.grant_id]
    scopes = token.scopes
    if narrowed is not None:
        wider = sorted(set(narrowed) - set(token.scopes))
        if wider:
            raise invalid_scope(f"scope exceeds the original grant: {' '.join(wider)}")
        scopes = narrowed
    token.rotated = True
    return token_response(request, state, partner, grant, scopes, with_refresh_token=True)


def client_credentials_grant(
    request: Request, state: MockState, partner: Partner, fields: Fields
) -> Response:
    requested = requested_scopes(fields.opt_str("scope"))
    if requested is None:
        scopes = CLIENT_CREDENTIALS_DEFAULT
    else:
        # No user, so no user scopes: RFC 6749 §3.3 lets the server grant less than asked.
        scopes = tuple(scope for scope in requested if scope not in USER_SCOPES)
        if not scopes:
            raise invalid_scope(
                "openid, profile and email need a user; client_credentials has none"
            )
    grant = state.new_grant(partner.client_id, None, scopes)
    return token_response(request, state, partner, grant, scopes, with_refresh_token=False)


async def token(request: Request, state: MockState) -> Response:
    partner, fields = await read_client_form(request, state, "exchangeOauthToken")
    grant_type = fields.opt_str("grant_type")
    if not grant_type:
        raise OAuthError(400, "invalid_request", "grant_type is required")
    if grant_type == "authorization_code":
        return authorization_code_grant(request, state, partner, fields)
    if grant_type == "refresh_token":
        return refresh_token_grant(request, state, partner, fields)
    if grant_type == "client_credentials":
        return client_credentials_grant(request, state, partner, fields)
    raise OAuthError(400, "unsupported_grant_type", "grant_type is not supported")


def _token_hint(fields: Fields) -> str | None:
    hint = fields.opt_str("token_type_hint")
    if hint is not None and hint not in TOKEN_TYPE_HINTS:
        raise OAuthError(
            400, "unsupported_token_type", "token_type_hint must be access_token or refresh_token"
        )
    return hint


async def revoke(request: Request, state: MockState) -> Response:
    """RFC 7009: 200 whatever the token; a refresh token takes its whole grant with it."""
    partner, fields = await read_client_form(request, state)
    value = fields.req_str("token")
    _token_hint(fields)
    found = state.tokens.get(value)
    if found is not None and found.client_id == partner.client_id:
        if found.kind == "refresh_token":
            state.revoke_grant(found.grant_id)
        else:
            found.revoked = True
    return Response(status_code=200)


async def introspect(request: Request, state: MockState) -> Response:
    """RFC 7662; a client sees only its own tokens, others' are `{"active": false}`."""
    partner, fields = await read_client_form(request, state)
    value = fields.req_str("token")
    _token_hint(fields)
    found = state.active_token(value)
    if found is None or found.client_id != partner.client_id:
        return json_response({"active": False}, headers=NO_STORE)
    user = state.users_by_id.get(found.user_id) if found.user_id is not None else None
    body: dict[str, Any] = {
        "active": True,
        "scope": " ".join(found.scopes),
        "client_id": found.client_id,
        "sub": user.id if user is not None else found.client_id,
        "aud": [found.client_id],
        "iss": issuer(state, request),
        "exp": int(found.expires_at),
        "iat": int(found.issued_at),
        "nbf": int(found.issued_at),
        "ext": {},
    }
    if found.kind == "access_token":  # RFC 7662 §2.2: the token type; a refresh token has none
        body["token_type"] = "Bearer"
    if user is not None:
        body["username"] = user.email
    return json_response(body, headers=NO_STORE)
