"""The demo site on Starlette (`contio.web.starlette`), each user's tokens in memory."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable

from contio._extras import extra

with extra("starlette", "contio demo --web --framework starlette"):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Mount, Route

from contio.cli.demo_sites import DEMO_SCOPE, page, serve_asgi, signed_in, signed_out
from contio.stores import MemoryTokenStore, TokenStore
from contio.testing.sandbox import ContioMock
from contio.web.starlette import StarletteSignIn

__all__ = ["build_app", "per_user_memory", "serve"]


def per_user_memory() -> Callable[[str], TokenStore]:
    """`store_for`: one MemoryTokenStore per user, kept as long as the app runs."""
    stores: dict[str, TokenStore] = {}

    def store_for(user_key: str) -> TokenStore:
        return stores.setdefault(user_key, MemoryTokenStore())

    return store_for


def build_app(mock: ContioMock, app_url: str) -> Starlette:
    """The example app: a home page, and sign-in under /auth (the redirect URI)."""
    contio = StarletteSignIn(
        **mock.client_kwargs(redirect_uri=f"{app_url}/auth/callback", scope=list(DEMO_SCOPE)),
        store_for=per_user_memory(),
    )

    def html(body: str) -> HTMLResponse:
        return HTMLResponse(
            page(body, mock.base_url, "Starlette"), headers={"Cache-Control": "no-store"}
        )

    async def home(request: Request) -> Response:
        user = await contio.user(request)
        if user is None:
            return html(signed_out())
        info = await user.oauth.get_user_info()  # a call with the user's (fresh) token
        tokens = user.oauth.tokens
        expires = tokens.expires_at if tokens is not None else None
        return html(signed_in(user.display_name, info.email or user.email or "", info.sub, expires))

    return Starlette(
        routes=[Route("/", home), Mount("/auth", app=contio.router)],
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=secrets.token_urlsafe(32),  # new each run: sessions end with it
                session_cookie="contio_demo_session",
            )
        ],
        lifespan=contio.lifespan,
    )


def serve(mock: ContioMock, app_url: str, sock: socket.socket) -> None:
    """Serve the site on `sock` until Ctrl-C."""
    serve_asgi(build_app(mock, app_url), sock)
