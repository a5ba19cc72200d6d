"""The sign-in URLs: `path("auth/", include("contio.web.django.urls"))` gives `/auth/login`,
`/auth/callback` (the redirect URI) and `/auth/logout`, named `contio:login`,
`contio:callback` and `contio:logout`."""

from __future__ import annotations

from django.urls import path

from contio.web.django import views

app_name = "contio"

urlpatterns = [
    path("login", views.login, name="login"),
    path("callback", views.callback, name="callback"),
    path("logout", views.logout, name="logout"),
]
