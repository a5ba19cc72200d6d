"""Who may use the control API (`/_mock/*`): the developer's own tools, not any web page.

A page on another site can make a browser POST to `http://127.0.0.1:<port>/_mock/reset`, and
with DNS rebinding (its own host name resolving to 127.0.0.1) even read the answers: the
outbox of one-time codes among them. So by default the control API answers only requests
whose `Host` is a loopback name or address (or one the mock was told to expose it on) and
that no browser marks as coming from another origin (`Sec-Fetch-Site`, `Origin`).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from starlette.requests import Request

__all__ = ["refusal"]

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def _hostname(netloc: str) -> str:
    """The host of a `host[:port]` (an IPv6 address in brackets), lower-cased."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        return netloc[: netloc.find("]") + 1] if "]" in netloc else netloc
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def _loopback(host: str) -> bool:
    """A loopback name or address; never a name that merely begins with "127." (DNS
    rebinding: `127.0.0.1.attacker.example` is the attacker's name)."""
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def refusal(
    request: Request, exposed_on: tuple[str, ...], *, navigable: bool = False
) -> str | None:
    """Why `request` may not use the control API, or None when it may. `navigable`: a page
    a browser is sent to from another site (the sign-in page), so a cross-site GET is fine."""
    host_header = request.headers.get("host", "")
    host = _hostname(host_header)
    if not _loopback(host) and host not in {name.lower() for name in exposed_on}:
        return (
            f"the control API answers loopback hosts only, not {host or 'no Host'!r} "
            "(contio mock --expose-control-api HOST to allow one)"
        )
    if navigable and request.method in ("GET", "HEAD"):
        return None
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"the control API refuses requests from other sites (Sec-Fetch-Site: {site})"
    origin = request.headers.get("origin")
    if origin is not None:
        parts = urlsplit(origin)
        if origin == "null" or parts.netloc.lower() != host_header.strip().lower():
            return "the control API refuses requests from other origins"
    return None
