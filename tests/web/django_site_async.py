"""tests.web.django_site with async views: `/me` and `/private` await the integration."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path

from contio.web.django import aget_user, login_required
from tests.web.apps import me_body
from tests.web.django_site import csrf


async def me(request: HttpRequest) -> HttpResponse:
    user = await aget_user(request)
    if user is None:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse(me_body(user, await user.oauth.get_user_info()))


@login_required
async def private(request: HttpRequest) -> HttpResponse:
    return HttpResponse("private page")


urlpatterns = [
    path("me", me),
    path("private", private),
    path("csrf", csrf),
    path("", include("contio.web.django.urls")),
]
