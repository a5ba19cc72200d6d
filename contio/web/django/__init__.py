"""Sign in with Contio for Django (`pip install 'contio[django]'`).

    INSTALLED_APPS = [..., "django.contrib.sessions", "contio.web.django"]
    CONTIO = {"client_id": ..., "client_secret": ..., "redirect_uri": "https://app.example.com/auth/callback"}
    # urls.py
    urlpatterns = [path("auth/", include("contio.web.django.urls")), ...]

`/auth/login` starts a sign-in (`?next=/path` to come back there), `/auth/callback` is the
redirect URI, `POST /auth/logout` (with `{% csrf_token %}`) signs out. In a view,
`get_user(request)` (sync) or `await aget_user(request)` (async) is the signed-in user, or
None, with a client holding their tokens; `@login_required` sends whoever is not signed in
to the sign-in first, for sync and async views alike. Each user's tokens live in the
project's database (`DjangoTokenStore`, table `contio_tokens`: run `manage.py migrate`)
unless `CONTIO["store_for"]` names another store. The session is Django's own (a new key
at each sign-in); nothing secret is kept in it.
"""

from __future__ import annotations

from contio._extras import extra

with extra("django", "contio.web.django"):
    import django  # noqa: F401 - what the extra brings, checked before the rest imports it

from contio.web.django.auth import aget_user, get_user, login_required

__all__ = ["aget_user", "get_user", "login_required"]
