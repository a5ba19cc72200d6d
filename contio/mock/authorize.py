"""The consent side of the flow: GET/POST /oauth2/authorize and /oauth2/check-consent."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from contio.mock.clientauth import authenticate_client
from contio.mock.config import DEFAULT_SCOPES
from contio.mock.errors import ApiError, InvalidInput, OAuthError, json_response
from contio.mock.inputs import Fields, parse_json_object, parse_urlencoded, read_body
from contio.mock.models import ROLE_MEMBER, Partner, User
from contio.mock.oauthrules import (
    PKCE_METHODS,
    UnknownScopeError,
    add_query,
    is_registered_redirect,
    parse_scopes,
    split_scope,
    valid_pkce_value,
)
from contio.mock.state import MockState
from contio.mock.urls import login_page_url


class ParamError(Exception):
    """A bad authorization parameter; `kind` picks the error code in the caller's shape."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # client | redirect_uri | response_type | scope | request
        self.message = message


_OAUTH_CODES = {
    "client": "invalid_request",
    "redirect_uri": "invalid_request",
    "response_type": "unsupported_response_type",
    "scope": "invalid_scope",
    "request": "invalid_request",
}
#: Codes of the general shape: the OAuth errors the wire reference names (invalid_client,
#: invalid_scope), else Contio's `errors.ErrorResponse` codes.
_API_CODES = {
    "client": "invalid_client",
    "redirect_uri": "validation_error",
    "response_type": "validation_error",
    "scope": "invalid_scope",
    "request": "validation_error",
}


def as_oauth_error(exc: ParamError) -> OAuthError:
    return OAuthError(400, _OAUTH_CODES[exc.kind], exc.message)


def as_api_error(exc: ParamError) -> ApiError:
    return ApiError(400, _API_CODES[exc.kind], exc.message)


def check_client(state: MockState, client_id: str) -> Partner:
    partner = state.partners.get(client_id)
    if partner is None:
        raise ParamError("client", "unknown client_id")
    return partner


def check_redirect_uri(partner: Partner, redirect_uri: str) -> None:
    if not is_registered_redirect(partner.redirect_uris, redirect_uri):
        raise ParamError("redirect_uri", "redirect_uri is not registered for this client")


def check_response_type(response_type: str) -> None:
    if response_type != "code":
        raise ParamError("response_type", "only response_type=code is supported")


def check_scopes(requested: list[str] | None) -> tuple[str, ...]:
    """The requested scopes, or the default set when none are named."""
    if not requested:
        return DEFAULT_SCOPES
    try:
        return parse_scopes(requested)
    except UnknownScopeError as exc:
        raise ParamError("scope", str(exc)) from None


def check_pkce(challenge: str | None, method: str | None) -> str | None:
    """The effective challenge method (RFC 7636 §4.3: `plain` when only a challenge is sent)."""
    if method is not None and method not in PKCE_METHODS:
        raise ParamError("request", "code_challenge_method must be S256 or plain")
    if challenge is None:
        if method is not None:
            raise ParamError("request", "code_challenge_method given without code_challenge")
        return None
    if not valid_pkce_value(challenge):
        raise ParamError("request", "code_challenge must be 43-128 unreserved characters")
    return method or "plain"


@dataclass(frozen=True)
class AuthorizeParams:
    """A validated authorization request (the query of GET /oauth2/authorize)."""

    partner: Partner
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str | None
    login_hint: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    #: OIDC Core §3.1.2.1; carried through the code into the ID token.
    nonce: str | None = None

    def query(self) -> dict[str, str | None]:
        """The same request as query parameters, for the sign-in page to carry along."""
        return {
            "response_type": "code",
            "client_id": self.partner.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": " ".join(self.scopes),
            "state": self.state,
            "login_hint": self.login_hint,
            "code_challenge": self.code_challenge,
            "code_challenge_method": self.code_challenge_method,
            "nonce": self.nonce,
        }


def parse_authorize_params(state: MockState, fields: Fields) -> AuthorizeParams:
    """Validate an authorization request; raises ParamError or InvalidInput."""
    client_id = fields.req_str("client_id")
    partner = check_client(state, client_id)
    redirect_uri = fields.req_str("redirect_uri")
    check_redirect_uri(partner, redirect_uri)
    check_response_type(fields.req_str("response_type"))
    scope = fields.opt_str("scope")
    scopes = check_scopes(split_scope(scope) if scope is not None else None)
    challenge = fields.opt_str("code_challenge")
    method = check_pkce(challenge, fields.opt_str("code_challenge_method"))
    return AuthorizeParams(
        partner=partner,
        redirect_uri=redirect_uri,
        scopes=scopes,
        state=fields.opt_str("state"),
        login_hint=fields.opt_str("login_hint") or None,
        code_challenge=challenge,
        code_challenge_method=method,
        nonce=fields.opt_str("nonce") or None,
    )


def issue_code_redirect(state: MockState, params: AuthorizeParams, user: User) -> tuple[str, str]:
    """Record consent, mint a code; return it and the redirect URI that carries it."""
    client_id = params.partner.client_id
    state.record_consent(user, client_id, params.scopes)
    code = state.issue_code(
        client_id=client_id,
        redirect_uri=params.redirect_uri,
        scopes=params.scopes,
        user=user,
        code_challenge=params.code_challenge,
        code_challenge_method=params.code_challenge_method,
        nonce=params.nonce,
    )
    return code.code, add_query(params.redirect_uri, {"code": code.code, "state": params.state})


def auto_approve_user(state: MockState, client_id: str) -> User | None:
    """The configured auto-approve user, provisioned on first use."""
    email = state.config.auto_approve_email
    if email is None:
        return None
    user = state.find_user(email)
    if user is None:
        user = state.provision_user(
            email, None, workspace_id=None, role=ROLE_MEMBER, client_id=client_id
        )
    state.sign_in(user, client_id)
    return user


async def authorize_get(request: Request, state: MockState) -> Response:
    """302 to the redirect URI with a code when nobody needs asking, else to the sign-in page."""
    query = parse_urlencoded(request.scope["query_string"], state.config.max_field_chars)
    try:
        params = parse_authorize_params(state, Fields(query, state.config.max_field_chars))
    except ParamError as exc:
        raise as_oauth_error(exc) from None
    client_id = params.partner.client_id
    user: User | None = None
    if params.login_hint is not None:
        hinted = state.find_user(params.login_hint)
        if (
            hinted is not None
            and state.is_signed_in(hinted, client_id)
            and state.has_consent(hinted, client_id, params.scopes)
        ):
            user = hinted
    if user is None:
        user = auto_approve_user(state, client_id)
    if user is not None:
        _, location = issue_code_redirect(state, params, user)
    else:
        location = login_page_url(request, params.query())
    return RedirectResponse(location, status_code=302)


async def authorize_post(request: Request, state: MockState) -> Response:
    """The consent page's answer: a code for a signed-in user who said yes."""
    fields = Fields(
        parse_json_object(await read_body(request, state.config.max_body_bytes)),
        state.config.max_field_chars,
    )
    client_id = fields.req_str("client_id")
    email = fields.req_email()
    redirect_uri = fields.req_str("redirect_uri")
    response_type = fields.req_str("response_type")
    consent = fields.req_bool("consent")
    scope = fields.opt_str("scope")
    request_state = fields.opt_str("state")
    challenge = fields.opt_str("code_challenge")
    method_field = fields.opt_str("code_challenge_method")
    nonce = fields.opt_str("nonce") or None
    try:
        partner = check_client(state, client_id)
        check_redirect_uri(partner, redirect_uri)
        check_response_type(response_type)
        scopes = check_scopes(split_scope(scope) if scope is not None else None)
        method = check_pkce(challenge, method_field)
    except ParamError as exc:
        raise as_api_error(exc) from None
    user = state.find_user(email)
    if user is None or not state.is_signed_in(user, client_id):
        raise ApiError(401, "unauthorized", "the user is not signed in for this client")
    if not consent:
        raise ApiError(403, "forbidden", "the user denied consent")
    params = AuthorizeParams(
        partner, redirect_uri, scopes, request_state, email, challenge, method, nonce
    )
    code, redirect_url = issue_code_redirect(state, params, user)
    body: dict[str, str] = {"code": code, "redirect_url": redirect_url}
    if request_state is not None:
        body["state"] = request_state
    return json_response(body)


async def check_consent(request: Request, state: MockState) -> Response:
    """Whether the user has consented and is signed in, and where to send them next."""
    partner = authenticate_client(state, request.headers)
    fields = Fields(
        parse_json_object(await read_body(request, state.config.max_body_bytes)),
        state.config.max_field_chars,
    )
    if fields.req_str("client_id") != partner.client_id:
        raise InvalidInput("client_id differs from the authenticated client")
    email = fields.req_email()
    scope_list = fields.opt_str_list("scopes")
    scope_string = fields.opt_str("scope")
    redirect_uri = fields.opt_str("redirect_uri")
    response_type = fields.opt_str("response_type")
    request_state = fields.opt_str("state")
    challenge = fields.opt_str("code_challenge")
    method_field = fields.opt_str("code_challenge_method")
    requested = [*(scope_list or []), *split_scope(scope_string or "")]
    try:
        scopes = check_scopes(requested)
        if redirect_uri is not None:
            check_redirect_uri(partner, redirect_uri)
        if response_type is not None:
            check_response_type(response_type)
        method = check_pkce(challenge, method_field)
    except ParamError as exc:
        raise as_api_error(exc) from None
    user = state.find_user(email)
    session_valid = user is not None and state.is_signed_in(user, partner.client_id)
    has_consent = user is not None and state.has_consent(user, partner.client_id, scopes)
    params = AuthorizeParams(
        partner,
        redirect_uri or partner.redirect_uris[0],
        scopes,
        request_state,
        email,
        challenge,
        method,
    )
    if user is not None and has_consent and session_valid and redirect_uri is not None:
        _, redirect_url = issue_code_redirect(state, params, user)
    else:
        redirect_url = login_page_url(request, params.query())
    return json_response(
        {
            "has_consent": has_consent,
            "requires_consent": not has_consent,
            "session_valid": session_valid,
            "redirect_url": redirect_url,
        }
    )
