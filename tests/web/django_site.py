"""The web tests' Django site: the sign-in URLs at the root (the mock registers
`http://127.0.0.1/callback` for any port), `/me` (a sync view) and `/csrf` (what a page of
the site gives a form: the CSRF token). `tests.web.django_site_async` has an async `/me`."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.urls import include, path

from contio.web.django import get_user, login_required
from tests.web.apps import me_body


def me(request: HttpRequest) -> HttpResponse:
    user = get_user(request)
    if user is None:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse(me_body(user, user.oauth.get_user_info()))


@login_required
def private(request: HttpRequest) -> HttpResponse:
    return HttpResponse("private page")


def refresh_then_fail(request: HttpRequest) -> HttpResponse:
    """A view in the app's own transaction that uses the user's token, then fails: its
    rollback must not undo the refresh the store committed (the old refresh token is dead)."""
    with transaction.atomic():
        user = get_user(request)
        assert user is not None
        user.oauth.get_valid_access_token()
        raise RuntimeError("the view failed after the refresh")


def csrf(request: HttpRequest) -> HttpResponse:
    return HttpResponse(get_token(request))


urlpatterns = [
    path("me", me),
    path("private", private),
    path("csrf", csrf),
    path("refresh-then-fail", refresh_then_fail),
    path("", include("contio.web.django.urls")),
]
