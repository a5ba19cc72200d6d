"""The one page the integrations show themselves: why a sign-in did not complete.

Plain HTML with the message escaped; the message comes from `SignInError`, which never
carries a token, a secret or text the request brought (only an RFC 6749 error code).
"""

from __future__ import annotations

from html import escape

__all__ = ["HEADERS", "error_page"]

#: A page about a sign-in is never cached, by the browser or on the way.
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def error_page(message: str, sign_in_path: str) -> str:
    """The error page's HTML: what went wrong, and a link to start again."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Sign-in failed</title>"
        "</head><body><h1>Sign-in failed</h1>"
        f"<p data-testid='sign-in-error'>{escape(message)}</p>"
        f"<p><a href='{escape(sign_in_path, quote=True)}'>Sign in again</a></p>"
        "</body></html>"
    )
