"""`contio demo --web`: "Sign in with Contio" in a real browser, with no Contio account.

It serves, on loopback, a small Starlette app built on `contio.web.starlette` and, beside
it, the mock of Contio's auth server whose pages the person signs in on (any email; the
code the mock "emails" is shown on its page). The app keeps each user's tokens in memory.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from html import escape
from typing import TextIO

from contio._extras import extra

with extra("starlette", "contio demo --web"):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Mount, Route

from contio.stores import MemoryTokenStore, TokenStore
from contio.testing.sandbox import ContioMock
from contio.web.starlette import StarletteSignIn

__all__ = ["build_app", "main"]

DEMO_SCOPE = ("openid", "profile", "email", "meetings:read")

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}"
    "a.button,button{font-size:1rem;padding:.5rem 1rem;border-radius:.4rem;border:0;"
    "background:#3b5bdb;color:#fff;text-decoration:none;cursor:pointer}"
    ".note{color:#555;font-size:.9rem}"
)


def _page(body: str, mock_url: str) -> HTMLResponse:
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>contio web demo</title>"
        f"<style>{_STYLE}</style></head><body><h1>contio web demo</h1>{body}"
        f"<p class='note'>Contio here is the mock at {escape(mock_url)}: sign in with any "
        "email; the code it emails is shown on its page.</p></body></html>"
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


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

    async def home(request: Request) -> Response:
        user = await contio.user(request)
        if user is None:
            return _page(
                "<p><a class='button' href='/auth/login' data-testid='sign-in'>"
                "Sign in with Contio</a></p>",
                mock.base_url,
            )
        info = await user.oauth.get_user_info()  # a call with the user's (fresh) token
        tokens = user.oauth.tokens
        expires = tokens.expires_at if tokens is not None else None
        when = f"{expires:%Y-%m-%d %H:%M:%S} UTC" if expires else "unknown"
        return _page(
            f"<p data-testid='signed-in'>Signed in as <strong>{escape(user.display_name)}"
            f"</strong> ({escape(info.email or user.email or '')})</p>"
            f"<p class='note'>Contio user id {escape(info.sub)}; the access token expires at "
            f"{escape(when)} (mock clock), and is refreshed when it does.</p>"
            "<form method='post' action='/auth/logout'>"
            "<button type='submit' data-testid='sign-out'>Sign out</button></form>",
            mock.base_url,
        )

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


def main(host: str = "127.0.0.1", port: int = 8000, out: TextIO | None = None) -> int:
    """Serve the app and the mock until interrupted; 0 then, 1 with one line if they cannot."""
    import uvicorn

    from contio.mock import MockConfig, serve_in_thread
    from contio.mock.server import base_url_of, bind_socket

    stream = out if out is not None else sys.stdout
    try:
        sock = bind_socket(host, port)
    except OSError as exc:
        sys.stderr.write(f"contio: cannot listen on {host}:{port}: {exc} (--port 0: any free)\n")
        return 1
    app_url = base_url_of(sock)
    config = MockConfig(extra_redirect_uris=(f"{app_url}/auth/callback",))
    with serve_in_thread(config, host=host) as running:
        mock = ContioMock(running, redirect_uri=f"{app_url}/auth/callback")
        try:
            app = build_app(mock, app_url)
            stream.write(f"contio web demo at {app_url}/ : open it in a browser\n")
            stream.write(f"  Contio (the mock) at {mock.base_url}, control API under /_mock/\n")
            stream.write("  Ctrl-C stops both\n")
            stream.flush()
            # No access log: the callback's URL carries the authorization code.
            server = uvicorn.Server(
                uvicorn.Config(
                    app, log_level="warning", access_log=False, timeout_graceful_shutdown=2
                )
            )
            server.run(sockets=[sock])
        finally:
            mock.close()
            sock.close()
    return 0
