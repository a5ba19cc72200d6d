"""The demo site on Flask (`contio.web.flask`), served by Werkzeug, tokens in memory."""

from __future__ import annotations

import secrets
import socket
from typing import Any

from contio._extras import extra

with extra("flask", "contio demo --web --framework flask"):
    import flask
    from werkzeug.serving import make_server

from contio.cli.demo_sites import DEMO_SCOPE, page, signed_in, signed_out
from contio.cli.demo_sites.starlette import per_user_memory
from contio.testing.sandbox import ContioMock
from contio.web.flask import FlaskSignIn

__all__ = ["build_app", "serve"]


def build_app(mock: ContioMock, app_url: str) -> flask.Flask:
    """The example app: a home page, and sign-in under /auth (the redirect URI)."""
    contio = FlaskSignIn(
        **mock.client_kwargs(redirect_uri=f"{app_url}/auth/callback", scope=list(DEMO_SCOPE)),
        store_for=per_user_memory(),
    )
    app = flask.Flask("contio_demo")
    app.secret_key = secrets.token_urlsafe(32)  # new each run: sessions end with it
    app.config.update(SESSION_COOKIE_NAME="contio_demo_session", SESSION_COOKIE_SAMESITE="Lax")
    app.register_blueprint(contio.blueprint, url_prefix="/auth")

    @app.get("/")
    def home() -> Any:
        user = contio.current_user()
        if user is None:
            body = signed_out()
        else:
            info = user.oauth.get_user_info()  # a call with the user's (fresh) token
            tokens = user.oauth.tokens
            expires = tokens.expires_at if tokens is not None else None
            body = signed_in(user.display_name, info.email or user.email or "", info.sub, expires)
        return page(body, mock.base_url, "Flask"), {"Cache-Control": "no-store"}

    return app


def serve(mock: ContioMock, app_url: str, sock: socket.socket) -> None:
    """Serve the site on `sock` (Werkzeug's threaded server) until Ctrl-C."""
    host, port = sock.getsockname()[:2]
    server = make_server(host, port, build_app(mock, app_url), threaded=True, fd=sock.fileno())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
