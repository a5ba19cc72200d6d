"""OAuth rules shared by several endpoints: scopes, redirect URIs (RFC 8252) and PKCE (RFC 7636)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from contio.mock.config import SCOPES

_SCOPE_ORDER = {scope: index for index, scope in enumerate(SCOPES)}
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: RFC 7636 §4.1/§4.2: 43 to 128 unreserved characters.
_PKCE_VALUE = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
PKCE_METHODS = ("S256", "plain")


class UnknownScopeError(ValueError):
    """A requested scope that Contio does not define."""


def parse_scopes(requested: Iterable[str]) -> tuple[str, ...]:
    """Validated, de-duplicated scopes in Contio's documented order (so responses are stable)."""
    scopes = set(requested)
    unknown = sorted(scope for scope in scopes if scope not in _SCOPE_ORDER)
    if unknown:
        raise UnknownScopeError(f"unknown scope: {' '.join(unknown)}")
    return tuple(sorted(scopes, key=_SCOPE_ORDER.__getitem__))


def split_scope(scope: str) -> list[str]:
    """RFC 6749 §3.3: a space-delimited list (other whitespace is tolerated)."""
    return scope.split()


def _is_loopback(scheme: str, host: str | None) -> bool:
    return scheme == "http" and host is not None and host.lower() in _LOOPBACK_HOSTS


def redirect_uri_matches(registered: str, requested: str) -> bool:
    """Exact match, except that a loopback URI matches on any port (RFC 8252 §7.3)."""
    if requested == registered:
        return True
    try:
        reg = urlsplit(registered)
        req = urlsplit(requested)
        req.port  # noqa: B018 - validates the port: ValueError when it is not one
    except ValueError:
        return False
    if not _is_loopback(reg.scheme, reg.hostname) or req.scheme != "http":
        return False
    if req.username is not None or req.password is not None or req.fragment:
        return False
    return (
        (req.hostname or "").lower() == (reg.hostname or "").lower()
        and req.path == reg.path
        and req.query == reg.query
    )


def is_registered_redirect(registered: Iterable[str], requested: str) -> bool:
    if "#" in requested:  # RFC 6749 §3.1.2: no fragment
        return False
    return any(redirect_uri_matches(uri, requested) for uri in registered)


def add_query(url: str, params: Mapping[str, str | None]) -> str:
    """`url` with `params` appended to its query (None values left out), as RFC 6749 §4.1.2 says."""
    parts = urlsplit(url)
    extra = urlencode({key: value for key, value in params.items() if value is not None})
    query = f"{parts.query}&{extra}" if parts.query and extra else (parts.query or extra)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def valid_pkce_value(value: str) -> bool:
    return _PKCE_VALUE.fullmatch(value) is not None


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def pkce_verifies(challenge: str, method: str, verifier: str) -> bool:
    """RFC 7636 §4.6; a verifier of the wrong form never matches."""
    if not valid_pkce_value(verifier):
        return False
    expected = s256(verifier) if method == "S256" else verifier
    return hmac.compare_digest(expected.encode("ascii"), challenge.encode("ascii"))
