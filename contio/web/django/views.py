"""The sign-in views: `login` (GET, `?next=/path`), `callback` (GET, the redirect URI) and
`logout` (POST, with Django's CSRF token)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_POST

from contio.web.callback import finish_sign_in
from contio.web.core import SignInError, sign_out, sign_out_allowed, start_sign_in
from contio.web.django.signin import get_sign_in
from contio.web.pages import HEADERS, error_page

__all__ = ["callback", "login", "logout"]

#: Where a request keeps its user once found (see contio.web.django.get_user).
CACHED = "_contio_user"


def _redirect(to: str) -> HttpResponse:
    response = HttpResponseRedirect(to, headers=HEADERS)
    response.status_code = 303
    return response


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    """Start a sign-in: keep the state, PKCE verifier and nonce in the session, and send the
    browser to Contio.

    Args:
        request: The request (`?next=/path` to come back there).

    Returns:
        A redirect (303) to Contio's authorization URL.
    """
    contio = get_sign_in()
    url = start_sign_in(
        request.session,
        contio.settings,
        contio.runner.authorization_url,
        request.GET.get("next"),
    )
    return _redirect(url)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Check the state, exchange the code, verify the ID token, save the tokens; then a new
    session key (no session fixation) and a redirect to where the sign-in began.

    Args:
        request: The request from Contio's redirect.

    Returns:
        A redirect (303), or a 400 page saying what went wrong (nothing stored).
    """
    contio = get_sign_in()
    pairs = [(name, value) for name, values in request.GET.lists() for value in values]
    try:
        next_path = contio.runner.run(
            finish_sign_in(request.session, pairs, contio.settings.sign_ins)
        )
    except SignInError as exc:
        page = error_page(exc.message, reverse("contio:login"))
        return HttpResponse(page, status=exc.status, headers=exc.headers())
    request.session.cycle_key()
    return _redirect(next_path)


@require_POST
@csrf_protect
def logout(request: HttpRequest) -> HttpResponse:
    """End every sign-in of the user, revoke at Contio, clear the store, end the session.

    Args:
        request: A POST from this site, with Django's CSRF token.

    Returns:
        A redirect (303) to `after_sign_out`, or a 403 for a cross-site request.
    """
    headers = request.headers
    if not sign_out_allowed(
        headers.get("Sec-Fetch-Site"), headers.get("Origin"), request.get_host()
    ):
        return HttpResponse("sign-out must come from this site", status=403)
    contio = get_sign_in()
    contio.runner.run(sign_out(request.session, contio.settings.sign_ins))
    request.session.flush()
    if hasattr(request, CACHED):
        delattr(request, CACHED)
    return _redirect(contio.settings.after_sign_out)
