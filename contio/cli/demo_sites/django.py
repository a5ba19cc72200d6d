"""The demo site on Django (`contio.web.django`), served over ASGI with an async home view;
each user's tokens sealed in a SQLite database of the run (`DjangoTokenStore`), the session
in it too. The project is set up in code: this module is its URLconf."""

from __future__ import annotations

import secrets
import socket
import tempfile
from pathlib import Path
from typing import Any

from contio._extras import extra

with extra("django", "contio demo --web --framework django"):
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.http import HttpRequest, HttpResponse
    from django.middleware.csrf import get_token
    from django.urls import include, path

from contio.cli.demo_sites import DEMO_SCOPE, page, serve_asgi, signed_in, signed_out
from contio.testing.sandbox import ContioMock

__all__ = ["configure", "serve", "urlpatterns"]


async def home(request: HttpRequest) -> HttpResponse:
    """The home page, as an async view."""
    from contio.web.django import aget_user

    user = await aget_user(request)
    if user is None:
        body = signed_out()
    else:
        info = await user.oauth.get_user_info()  # a call with the user's (fresh) token
        tokens = user.oauth.tokens
        expires = tokens.expires_at if tokens is not None else None
        token = f"<input type='hidden' name='csrfmiddlewaretoken' value='{get_token(request)}'>"
        body = signed_in(
            user.display_name, info.email or user.email or "", info.sub, expires, token
        )
    mock_url = settings.CONTIO["base_url"]
    return HttpResponse(page(body, mock_url, "Django"), headers={"Cache-Control": "no-store"})


urlpatterns: list[Any] = [
    path("", home),
    path("auth/", include("contio.web.django.urls")),
]


def configure(mock: ContioMock, app_url: str, folder: Path) -> None:
    """Set the demo project up: settings in code, its database in `folder`, migrated."""
    from contio.stores.sealing import TokenSealer

    host = app_url.split("://", 1)[1].rsplit(":", 1)[0]
    settings.configure(
        DEBUG=False,
        SECRET_KEY=secrets.token_urlsafe(50),  # new each run: sessions end with it
        ALLOWED_HOSTS=[host],
        INSTALLED_APPS=["django.contrib.sessions", "contio.web.django"],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ],
        ROOT_URLCONF=__name__,
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(folder / "demo.db"),
                # WAL: a request's open read never blocks the token store's commit.
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL"},
            }
        },
        USE_TZ=True,
        SESSION_COOKIE_NAME="contio_demo_session",
        SESSION_COOKIE_SAMESITE="Lax",
        CSRF_TRUSTED_ORIGINS=[app_url],
        LOGGING_CONFIG=None,
        CONTIO={
            **mock.client_kwargs(redirect_uri=f"{app_url}/auth/callback", scope=list(DEMO_SCOPE)),
            "token_keys": [TokenSealer.generate_key()],
        },
    )
    django.setup()
    call_command("migrate", verbosity=0)


def serve(mock: ContioMock, app_url: str, sock: socket.socket) -> None:
    """Serve the site on `sock` until Ctrl-C."""
    from django.core.asgi import get_asgi_application

    with tempfile.TemporaryDirectory(prefix="contio-demo-") as folder:
        configure(mock, app_url, Path(folder))
        serve_asgi(get_asgi_application(), sock)
