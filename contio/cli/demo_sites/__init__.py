"""The example sites of `contio demo --web`, one per framework (`--framework`): the same two
pages ("Sign in with Contio", then who is signed in and a sign-out button) over
`contio.web.starlette`, `contio.web.flask` and `contio.web.django`. What they share is here:
the pages' HTML and serving an ASGI app with uvicorn."""

from __future__ import annotations

import socket
from datetime import datetime
from html import escape
from typing import Any

__all__ = ["DEMO_SCOPE", "page", "serve_asgi", "signed_in", "signed_out"]

DEMO_SCOPE = ("openid", "profile", "email", "meetings:read")

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}"
    "a.button,button{font-size:1rem;padding:.5rem 1rem;border-radius:.4rem;border:0;"
    "background:#3b5bdb;color:#fff;text-decoration:none;cursor:pointer}"
    ".note{color:#555;font-size:.9rem}"
)


def page(body: str, mock_url: str, framework: str) -> str:
    """A whole page of the demo around `body`."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>contio web demo</title>"
        f"<style>{_STYLE}</style></head><body><h1>contio web demo</h1>{body}"
        f"<p class='note'>Served by {escape(framework)}. Contio here is the mock at "
        f"{escape(mock_url)}: sign in with any email; the code it emails is shown on its "
        "page.</p></body></html>"
    )


def signed_out() -> str:
    """The body for nobody signed in."""
    return (
        "<p><a class='button' href='/auth/login' data-testid='sign-in'>Sign in with Contio</a></p>"
    )


def signed_in(
    display_name: str, email: str, sub: str, expires_at: datetime | None, form_field: str = ""
) -> str:
    """The body for a signed-in user; `form_field` goes into the sign-out form (Django's
    CSRF token)."""
    when = f"{expires_at:%Y-%m-%d %H:%M:%S} UTC" if expires_at else "unknown"
    return (
        f"<p data-testid='signed-in'>Signed in as <strong>{escape(display_name)}"
        f"</strong> ({escape(email)})</p>"
        f"<p class='note'>Contio user id {escape(sub)}; the access token expires at "
        f"{escape(when)} (mock clock), and is refreshed when it does.</p>"
        f"<form method='post' action='/auth/logout'>{form_field}"
        "<button type='submit' data-testid='sign-out'>Sign out</button></form>"
    )


def serve_asgi(app: Any, sock: socket.socket) -> None:
    """Serve `app` on `sock` until Ctrl-C, with no access log: the callback's URL carries
    the authorization code."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(
            app, log_level="warning", access_log=False, timeout_graceful_shutdown=2, lifespan="auto"
        )
    )
    server.run(sockets=[sock])
