"""The mock's own sign-in and consent pages, where GET /oauth2/authorize sends a browser.

Not part of Contio's API: plain HTML forms, no JavaScript, so that a person, a browser test
or a scripted HTTP client can walk the authorization code flow end to end:

1. email: a field named `email`;
2. code: a field named `code`; being a mock, the page shows the code it "emailed" in the
   element marked `data-testid="mock-code"`;
3. consent: an "Allow" button (a redirect to the client with `code` and `state`) and a
   "Deny" button (a redirect with `error=access_denied`).

Every form carries the authorization request (state, PKCE challenge, nonce) along.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from contio.mock.authorize import (
    AuthorizeParams,
    ParamError,
    issue_code_redirect,
    parse_authorize_params,
)
from contio.mock.errors import InvalidInput, PartnerError
from contio.mock.inputs import Fields, parse_urlencoded, read_body
from contio.mock.oauthrules import add_query
from contio.mock.partner_auth import check_login_code, find_or_provision
from contio.mock.state import MockState
from contio.mock.urls import LOGIN_PATH

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
    "input,button{font-size:1rem;padding:.4rem;margin:.2rem 0}.error{color:#b00020}"
)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _hidden(params: AuthorizeParams, **extra: str) -> str:
    values = {**params.query(), **extra}
    return "".join(
        f"<input type='hidden' name='{escape(name)}' value='{escape(value)}'>"
        for name, value in values.items()
        if value is not None
    )


def _form(params: AuthorizeParams, inner: str, **extra: str) -> str:
    return f"<form method='post' action='{LOGIN_PATH}'>{_hidden(params, **extra)}{inner}</form>"


def _error(message: str | None) -> str:
    return f"<p class='error'>{escape(message)}</p>" if message else ""


def email_page(params: AuthorizeParams, error: str | None = None) -> HTMLResponse:
    hint = escape(params.login_hint or "")
    inner = (
        f"{_error(error)}<label>Email <input type='email' name='email' value='{hint}' "
        "autocomplete='email' required autofocus></label><br>"
        "<button type='submit'>Send me a code</button>"
    )
    title = f"Sign in to {params.partner.name}"
    return _page(title, _form(params, inner, step="email"), 400 if error else 200)


def code_page(
    params: AuthorizeParams, email: str, session: str, code: str, error: str | None = None
) -> HTMLResponse:
    inner = (
        f"{_error(error)}<p>We sent a code to {escape(email)}. "
        f"(Mock: it is <code data-testid='mock-code'>{escape(code)}</code>; "
        "also at GET /_mock/outbox.)</p>"
        "<label>Code <input name='code' inputmode='numeric' autocomplete='one-time-code' "
        "required autofocus></label><br>"
        "<button type='submit'>Verify</button>"
    )
    form = _form(params, inner, step="code", email=email, session=session)
    return _page("Enter your code", form, 400 if error else 200)


def consent_page(params: AuthorizeParams, email: str) -> HTMLResponse:
    scopes = "".join(f"<li>{escape(scope)}</li>" for scope in params.scopes)
    inner = (
        f"<p>{escape(params.partner.name)} asks to access, as {escape(email)}:</p>"
        f"<ul>{scopes}</ul>"
        "<button type='submit' name='decision' value='approve'>Allow</button> "
        "<button type='submit' name='decision' value='deny'>Deny</button>"
    )
    return _page("Allow access?", _form(params, inner, step="consent", email=email))


async def login_page(request: Request, state: MockState) -> Response:
    """GET shows the first page a request needs; POST advances email -> code -> consent."""
    limit = state.config.max_field_chars
    try:
        if request.method == "GET":
            raw = request.scope["query_string"]
        else:
            raw = await read_body(request, state.config.max_body_bytes)
        fields = Fields(parse_urlencoded(raw, limit), limit)
        params = parse_authorize_params(state, fields)
    except (ParamError, InvalidInput) as exc:
        return _page("Invalid sign-in request", _error(exc.message), 400)
    client_id = params.partner.client_id
    try:
        step = fields.opt_str("step") if request.method == "POST" else None
        if step is None:
            hinted = state.find_user(params.login_hint) if params.login_hint else None
            if hinted is not None and state.is_signed_in(hinted, client_id):
                return consent_page(params, hinted.email)
            return email_page(params)
        email = fields.req_email()
        if step == "email":
            user, _ = find_or_provision(state, params.partner, email, None)
            session = state.start_login(client_id, user.email)
            return code_page(params, user.email, session.id, session.code)
        if step == "code":
            session_id = fields.req_str("session")
            try:
                user = check_login_code(
                    state, params.partner, email, session_id, fields.req_str("code")
                )
            except PartnerError as exc:
                login = state.sessions.get(session_id)
                if exc.code == "invalid_code" and login is not None and login.active:
                    return code_page(params, email, session_id, login.code, exc.message)
                return email_page(params, exc.message)
            return consent_page(params, user.email)
        if step == "consent":
            signed_in = state.find_user(email)
            if signed_in is None or not state.is_signed_in(signed_in, client_id):
                return email_page(params, "please sign in first")
            if fields.opt_str("decision") == "approve":
                _, location = issue_code_redirect(state, params, signed_in)
            else:
                location = add_query(
                    params.redirect_uri, {"error": "access_denied", "state": params.state}
                )
            return RedirectResponse(location, status_code=303)
        return email_page(params, "unknown step")
    except (InvalidInput, PartnerError) as exc:
        return email_page(params, exc.message)
