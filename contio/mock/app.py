"""The ASGI application: routes of the API operations and of the /_mock/ control API."""

from __future__ import annotations

from contio._extras import extra

with extra("mock", "contio.mock"):
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

from contio.mock import (
    authorize,
    control,
    control_admin,
    credentials,
    domains,
    idp,
    info,
    login_page,
    oidc,
    partner_auth,
    sso,
    tokens,
)
from contio.mock.admin_gate import admin_gate
from contio.mock.config import MockConfig
from contio.mock.errors import ApiError, ErrorStyle
from contio.mock.pipeline import (
    Endpoint,
    Handler,
    RequestIdMiddleware,
    install_log_filter,
    operation,
    request_id_of,
    status_code_name,
)
from contio.mock.state import MockState

OAUTH, API, PARTNER = ErrorStyle.OAUTH, ErrorStyle.API, ErrorStyle.PARTNER
ADMIN, SIGN_ON = ErrorStyle.PARTNER_ADMIN, ErrorStyle.SIGN_ON


def _http_exception(request: Request, exc: Exception) -> Response:
    """Routing errors (404, 405) in the ApiError shape, keeping 405's `Allow` header.

    Contio's general codes have no "method not allowed": a 405 is a `bad_request`.
    """
    assert isinstance(exc, HTTPException)
    code = "not_found" if exc.status_code == 404 else status_code_name(exc.status_code)
    error = ApiError(exc.status_code, code, str(exc.detail), exc.headers)
    return error.to_response(request_id_of(request.scope))


def create_app(config: MockConfig | None = None) -> Starlette:
    """A fresh mock with its own in-memory state (reachable as `get_state(app)`)."""
    state = MockState(config or MockConfig())
    install_log_filter()

    authorize_get = operation(state, "authorizeOauth", OAUTH, authorize.authorize_get)
    authorize_post = operation(state, "completeOauthAuthorization", API, authorize.authorize_post)

    async def authorize_endpoint(request: Request) -> Response:
        # One route for both methods, so that a 405 lists both in `Allow`.
        if request.method == "POST":
            return await authorize_post(request)
        return await authorize_get(request)

    routes = [
        Route("/oauth2/authorize", authorize_endpoint, methods=["GET", "POST"]),
        Route(
            "/oauth2/token",
            operation(state, "exchangeOauthToken", OAUTH, tokens.token),
            methods=["POST"],
        ),
        Route(
            "/oauth2/revoke",
            operation(state, "revokeOauthToken", OAUTH, tokens.revoke),
            methods=["POST"],
        ),
        Route(
            "/oauth2/introspect",
            operation(state, "introspectOauthToken", OAUTH, tokens.introspect),
            methods=["POST"],
        ),
        Route(
            "/oauth2/userInfo",
            operation(state, "getOauthUserInfo", OAUTH, info.userinfo),
            methods=["GET"],
        ),
        Route(
            "/oauth2/scopes",
            operation(state, "listOauthScopes", OAUTH, info.scopes),
            methods=["GET"],
        ),
        Route(
            "/oauth2/check-consent",
            operation(state, "checkOauthConsent", API, authorize.check_consent),
            methods=["POST"],
        ),
        Route(
            "/auth/initiate",
            operation(state, "initiatePartnerAuth", PARTNER, partner_auth.initiate),
            methods=["POST"],
        ),
        Route(
            "/auth/verify",
            operation(state, "verifyPartnerAuth", PARTNER, partner_auth.verify),
            methods=["POST"],
        ),
        Route(
            "/v1/partner/info/{client_id}/public",
            operation(state, "getPublicPartnerInfo", API, info.partner_info),
            methods=["GET"],
        ),
        Route(
            "/oauth2/health",
            operation(state, "getOauthHealth", API, info.health),
            methods=["GET"],
        ),
        *(
            Route(
                path,
                operation(state, "getOpenidConfiguration", API, oidc.discovery),
                methods=["GET"],
            )
            for path in oidc.DISCOVERY_PATHS
        ),
        Route(
            oidc.JWKS_PATH,
            operation(state, "getOauthJwks", API, oidc.jwks),
            methods=["GET"],
        ),
        *_identity_admin_routes(state),
        Route("/_mock/outbox", control.control(state, control.outbox), methods=["GET"]),
        Route("/_mock/clock", control.control(state, control.clock), methods=["GET", "POST"]),
        Route("/_mock/stats", control.control(state, control.stats), methods=["GET"]),
        Route(
            "/_mock/faults",
            control.control(state, control.faults),
            methods=["GET", "POST", "DELETE"],
        ),
        Route("/_mock/keys/rotate", control.control(state, control.rotate_keys), methods=["POST"]),
        Route("/_mock/reset", control.control(state, control.reset), methods=["POST"]),
        Route(
            "/_mock/dns",
            control.control(state, control_admin.dns),
            methods=["GET", "POST", "DELETE"],
        ),
        Route(
            "/_mock/sso/sessions/{session_id}",
            control.control(state, control_admin.end_sso_session),
            methods=["POST"],
        ),
        Route(
            "/_mock/login",
            control.control(state, login_page.login_page, navigable=True),
            methods=["GET", "POST"],
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(RequestIdMiddleware)],
        exception_handlers={HTTPException: _http_exception},
    )
    app.state.mock = state
    return app


def _identity_admin_routes(state: MockState) -> list[Route]:
    """Partner Sign-On (public), IdP configuration and credentials (the partner's API key)."""

    def admin(
        operation_id: str, handler: Handler, *, mutation: bool = False, code: str = "bad_request"
    ) -> Endpoint:
        gate = admin_gate(mutation=mutation, invalid_code=code)
        return operation(state, operation_id, ADMIN, handler, gate)

    body = "invalid_request_body"  # the code of the IdP operations' malformed requests

    def methods(**by_method: Endpoint) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            return await by_method[request.method.lower()](request)

        return endpoint

    idp_root = methods(
        get=admin("getIdpConfig", idp.get),
        post=admin("createIdpConfig", idp.create, mutation=True, code=body),
        put=admin("replaceIdpConfig", idp.update, mutation=True, code=body),
        patch=admin("updateIdpConfig", idp.update, mutation=True, code=body),
        delete=admin("deleteIdpConfig", idp.delete, mutation=True),
    )
    base = "/v1/partner/admin/credentials"
    routes = [
        Route("/v1/partner/sso/info/{slug}", operation(state, "getSsoInfo", SIGN_ON, sso.info)),
        Route("/v1/partner/sso/initiate", operation(state, "initiateSso", SIGN_ON, sso.initiate)),
        Route(
            "/v1/partner/sso/session/{session_id}",
            operation(state, "getSsoSession", SIGN_ON, sso.session),
        ),
        Route(sso.CALLBACK_PATH, operation(state, "verifySsoCallback", SIGN_ON, sso.callback)),
        Route("/v1/partner/admin/idp", idp_root, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        Route(
            "/v1/partner/admin/idp/domains/{domain}",
            admin("getIdpDomainVerification", domains.get),
        ),
        Route(
            "/v1/partner/admin/idp/domains/{domain}/verify",
            admin("initiateIdpDomainVerification", domains.initiate, mutation=True),
            methods=["POST"],
        ),
        Route(
            "/v1/partner/admin/idp/domains/{domain}/check",
            admin("checkIdpDomainVerification", domains.check, mutation=True),
            methods=["POST"],
        ),
        Route(base, admin("getCredentialStatus", credentials.status)),
        Route(f"{base}/history", admin("listCredentialHistory", credentials.history)),
    ]
    for kind, path, rotate_id, rollback_id in (
        ("api_key", "api-key", "rotateApiKey", "rollbackApiKey"),
        ("client_secret", "client-secret", "rotateClientSecret", "rollbackClientSecret"),
        ("webhook_secret", "webhook-secret", "rotateWebhookSecret", None),
    ):
        rotate = admin(rotate_id, credentials.rotate(kind), mutation=True)
        routes.append(Route(f"{base}/{path}/rotate", rotate, methods=["POST"]))
        if rollback_id is not None:
            rollback = admin(rollback_id, credentials.roll_back(kind), mutation=True)
            routes.append(Route(f"{base}/{path}/rollback", rollback, methods=["POST"]))
    return routes


def get_state(app: Starlette) -> MockState:
    """The state behind an app made by `create_app` (read it while the server is idle)."""
    state = app.state.mock
    if not isinstance(state, MockState):
        raise TypeError("not an app made by contio.mock.create_app")
    return state
