"""The wire reference's facts about each operation, as data the spec tests check against.

Kept apart from the spec so that a test compares two independent statements of the contract.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Operation(NamedTuple):
    method: str
    path: str
    operation_id: str
    security: str | None  # the security scheme (ADMIN: the two headers together), or None
    media_type: str | None  # request body media type, or None for no body
    generated_module: str  # module of contio_oauth_api.api holding its endpoint functions


BASIC: Final = "partnerBasic"
BEARER: Final = "userBearer"
ADMIN: Final = "partnerApiKey+partnerClientId"  # X-API-Key and X-Client-ID, both required
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
    Operation(
        "get",
        "/v1/partner/sso/info/{slug}",
        "getSsoInfo",
        None,
        None,
        "sso.get_sso_info",
    ),
    Operation(
        "get",
        "/v1/partner/sso/initiate",
        "initiateSso",
        None,
        None,
        "sso.initiate_sso",
    ),
    Operation(
        "get",
        "/v1/partner/sso/session/{session_id}",
        "getSsoSession",
        None,
        None,
        "sso.get_sso_session",
    ),
    Operation(
        "get",
        "/v1/partner/sso/callback",
        "verifySsoCallback",
        None,
        None,
        "sso.verify_sso_callback",
    ),
    Operation(
        "get",
        "/v1/partner/admin/idp",
        "getIdpConfig",
        ADMIN,
        None,
        "idp.get_idp_config",
    ),
    Operation(
        "post",
        "/v1/partner/admin/idp",
        "createIdpConfig",
        ADMIN,
        JSON,
        "idp.create_idp_config",
    ),
    Operation(
        "put",
        "/v1/partner/admin/idp",
        "replaceIdpConfig",
        ADMIN,
        JSON,
        "idp.replace_idp_config",
    ),
    Operation(
        "patch",
        "/v1/partner/admin/idp",
        "updateIdpConfig",
        ADMIN,
        JSON,
        "idp.update_idp_config",
    ),
    Operation(
        "delete",
        "/v1/partner/admin/idp",
        "deleteIdpConfig",
        ADMIN,
        None,
        "idp.delete_idp_config",
    ),
    Operation(
        "get",
        "/v1/partner/admin/idp/domains/{domain}",
        "getIdpDomainVerification",
        ADMIN,
        None,
        "idp.get_idp_domain_verification",
    ),
    Operation(
        "post",
        "/v1/partner/admin/idp/domains/{domain}/verify",
        "initiateIdpDomainVerification",
        ADMIN,
        None,
        "idp.initiate_idp_domain_verification",
    ),
    Operation(
        "post",
        "/v1/partner/admin/idp/domains/{domain}/check",
        "checkIdpDomainVerification",
        ADMIN,
        None,
        "idp.check_idp_domain_verification",
    ),
    Operation(
        "get",
        "/v1/partner/admin/credentials",
        "getCredentialStatus",
        ADMIN,
        None,
        "credentials.get_credential_status",
    ),
    Operation(
        "get",
        "/v1/partner/admin/credentials/history",
        "listCredentialHistory",
        ADMIN,
        None,
        "credentials.list_credential_history",
    ),
    Operation(
        "post",
        "/v1/partner/admin/credentials/api-key/rotate",
        "rotateApiKey",
        ADMIN,
        JSON,
        "credentials.rotate_api_key",
    ),
    Operation(
        "post",
        "/v1/partner/admin/credentials/api-key/rollback",
        "rollbackApiKey",
        ADMIN,
        JSON,
        "credentials.rollback_api_key",
    ),
    Operation(
        "post",
        "/v1/partner/admin/credentials/client-secret/rotate",
        "rotateClientSecret",
        ADMIN,
        JSON,
        "credentials.rotate_client_secret",
    ),
    Operation(
        "post",
        "/v1/partner/admin/credentials/client-secret/rollback",
        "rollbackClientSecret",
        ADMIN,
        JSON,
        "credentials.rollback_client_secret",
    ),
    Operation(
        "post",
        "/v1/partner/admin/credentials/webhook-secret/rotate",
        "rotateWebhookSecret",
        ADMIN,
        JSON,
        "credentials.rotate_webhook_secret",
    ),
)

# Responses that carry no body by design: the redirects, RFC 7009's empty 200, a deletion.
NO_BODY_RESPONSES: Final = frozenset(
    {
        ("authorizeOauth", "302"),
        ("revokeOauthToken", "200"),
        ("initiateSso", "302"),
        ("verifySsoCallback", "302"),
        ("deleteIdpConfig", "204"),
    }
)

#: The identity-administration operations (issue 22): Contio's 19, beside its 14 OAuth ones.
IDENTITY_ADMIN: Final = frozenset(op.operation_id for op in OPERATIONS[14:])

#: The mutations, which take an Idempotency-Key.
MUTATIONS: Final = frozenset(
    op.operation_id
    for op in OPERATIONS
    if op.operation_id in IDENTITY_ADMIN and op.method in {"post", "put", "patch", "delete"}
)

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
