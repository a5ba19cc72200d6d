"""The wire reference's facts about each operation, as data the spec tests check against.

Kept apart from the spec so that a test compares two independent statements of the contract.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Operation(NamedTuple):
    method: str
    path: str
    operation_id: str
    security: str | None  # the one security scheme, or None for no authentication
    media_type: str | None  # request body media type, or None for no body
    generated_module: str  # module of contio_oauth_api.api holding its endpoint functions


BASIC: Final = "partnerBasic"
BEARER: Final = "userBearer"
FORM: Final = "application/x-www-form-urlencoded"
JSON: Final = "application/json"

OPERATIONS: Final[tuple[Operation, ...]] = (
    Operation("get", "/oauth2/authorize", "authorizeOauth", None, None, "oauth.authorize_oauth"),
    Operation(
        "post",
        "/oauth2/authorize",
        "completeOauthAuthorization",
        None,
        JSON,
        "oauth.complete_oauth_authorization",
    ),
    Operation(
        "post", "/oauth2/token", "exchangeOauthToken", BASIC, FORM, "oauth.exchange_oauth_token"
    ),
    Operation(
        "post", "/oauth2/revoke", "revokeOauthToken", BASIC, FORM, "oauth.revoke_oauth_token"
    ),
    Operation(
        "post",
        "/oauth2/introspect",
        "introspectOauthToken",
        BASIC,
        FORM,
        "oauth.introspect_oauth_token",
    ),
    Operation(
        "get", "/oauth2/userInfo", "getOauthUserInfo", BEARER, None, "oauth.get_oauth_user_info"
    ),
    Operation("get", "/oauth2/scopes", "listOauthScopes", BASIC, None, "oauth.list_oauth_scopes"),
    Operation(
        "post",
        "/oauth2/check-consent",
        "checkOauthConsent",
        BASIC,
        JSON,
        "oauth.check_oauth_consent",
    ),
    Operation(
        "post",
        "/auth/initiate",
        "initiatePartnerAuth",
        BASIC,
        JSON,
        "partner.initiate_partner_auth",
    ),
    Operation(
        "post", "/auth/verify", "verifyPartnerAuth", BASIC, JSON, "partner.verify_partner_auth"
    ),
    Operation(
        "get",
        "/v1/partner/info/{client_id}/public",
        "getPublicPartnerInfo",
        None,
        None,
        "partner.get_public_partner_info",
    ),
    Operation("get", "/oauth2/health", "getOauthHealth", None, None, "health.get_oauth_health"),
    Operation(
        "get",
        "/.well-known/openid_configuration",
        "getOpenidConfiguration",
        None,
        None,
        "oauth.get_openid_configuration",
    ),
    Operation("get", "/.well-known/jwks.json", "getOauthJwks", None, None, "oauth.get_oauth_jwks"),
)

# Responses that carry no body by design: the authorization redirect and RFC 7009's empty 200.
NO_BODY_RESPONSES: Final = frozenset({("authorizeOauth", "302"), ("revokeOauthToken", "200")})

GRANTS: Final = {
    "authorization_code": "AuthorizationCodeGrant",
    "refresh_token": "RefreshTokenGrant",
    "client_credentials": "ClientCredentialsGrant",
}

KNOWN_SCOPES: Final = (
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
