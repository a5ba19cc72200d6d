"""Checks of what an app passes in: TypeError for a wrong type, ValueError for a wrong
value, each naming the parameter, raised before any request is sent.

Tokens, codes and secrets travel in headers and bodies: a control character (CR, LF, NUL,
...) or a non-ASCII one in them would split a header or be refused deep inside the HTTP
library, so they are refused here, with the parameter's name and never the value.
"""

from __future__ import annotations

import ipaddress
import math
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "check_bool",
    "check_email",
    "check_number",
    "check_scope",
    "check_text",
    "check_token",
    "check_url",
    "check_workspace_id",
    "to_timedelta",
]

#: Characters a token, code or secret may hold: visible ASCII (RFC 6749 Appendix A's VSCHAR
#: without the space, which no Contio token, code or secret contains).
_VISIBLE = frozenset(chr(c) for c in range(0x21, 0x7F))
_VSCHAR = _VISIBLE | {" "}
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _type_name(value: object) -> str:
    return type(value).__name__


def check_text(value: object, name: str) -> str:
    """A non-empty string without control characters (a name, a state, a hint)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {_type_name(value)}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError(f"{name} must not contain control characters")
    return value


def check_token(value: object, name: str, *, space: bool = False) -> str:
    """A token, code, verifier, session or secret: visible ASCII only (and the space with
    `space`, as RFC 6749 Appendix A allows in a client id or secret). The message never
    shows the value: it may be a secret."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {_type_name(value)}")
    if not value:
        raise ValueError(f"{name} must not be empty")
    if not (_VSCHAR if space else _VISIBLE).issuperset(value):
        raise ValueError(
            f"{name} holds a character that cannot be sent ("
            + ("" if space else "a space, ")
            + "a control character such as CR, LF or NUL, or a non-ASCII one)"
        )
    return value


def check_credential(value: object, name: str) -> str:
    """A client id or secret: RFC 6749 Appendix A.1/A.2 allow any VSCHAR (%x20-7E)."""
    return check_token(value, name, space=True)


def check_email(value: object) -> str:
    check_text(value, "email")
    assert isinstance(value, str)
    address = value.strip()
    if "@" not in address or any(ch.isspace() for ch in address):
        raise ValueError("email must be an email address")
    return address


def check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {_type_name(value)}")
    return value


def check_workspace_id(value: object) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"workspace_id must be a str or uuid.UUID, not {_type_name(value)}")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError("workspace_id must be a UUID") from None


def check_scope(value: object, name: str = "scope") -> tuple[str, ...] | None:
    """Scopes as a tuple: a string is split on spaces, an iterable's items must be strings
    without spaces. None stays None (the caller's default applies)."""
    if value is None:
        return None
    if isinstance(value, str):
        items: list[Any] = value.split()
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray)):
        items = list(value)
    else:
        raise TypeError(f"{name} must be a str or an iterable of str, not {_type_name(value)}")
    if not items:
        raise ValueError(f"{name} must name at least one scope (None: the default)")
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} items must be str, not {_type_name(item)}")
        if not item or not _VISIBLE.issuperset(item) or item != item.strip():
            raise ValueError(
                f"invalid {name} item {item!r}: scopes are non-empty visible ASCII, no spaces"
            )
    return tuple(items)


def check_number(
    value: object, name: str, *, minimum: float, maximum: float, integer: bool = False
) -> float:
    """A finite number within [minimum, maximum] (an int where `integer`); bool is refused."""
    kinds: tuple[type, ...] = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        kind = "an int" if integer else "a number"
        raise TypeError(f"{name} must be {kind}, not {_type_name(value)}")
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number) or not minimum <= number <= maximum:
        raise ValueError(f"{name} must be between {minimum:g} and {maximum:g}")
    return number


def to_timedelta(value: object, name: str, *, maximum: timedelta) -> timedelta:
    """A timedelta, or a number of seconds, within [0, maximum]."""
    if isinstance(value, timedelta):
        if not timedelta(0) <= value <= maximum:
            raise ValueError(f"{name} must be between 0 and {maximum.total_seconds():g} seconds")
        return value
    seconds = check_number(value, name, minimum=0, maximum=maximum.total_seconds())
    return timedelta(seconds=seconds)


def is_loopback(host: str) -> bool:
    """`localhost`, or a loopback address (127.0.0.0/8, ::1): never a name that merely begins
    with "127." (`127.0.0.1.example.com` is anyone's)."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(value: object, name: str) -> str:
    """An absolute https URL (http only for a loopback host: a mock, a local proxy), without
    credentials, a fragment or whitespace. Returned without a trailing slash."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {_type_name(value)}")
    if not value or any(ord(ch) <= 0x20 or ord(ch) >= 0x7F for ch in value):
        raise ValueError(f"{name} must be an absolute URL of visible ASCII characters")
    parts = urlsplit(value)
    try:
        host, port = parts.hostname, parts.port
    except ValueError:  # a port that is no number
        raise ValueError(f"{name} has an invalid port") from None
    del port
    if parts.scheme not in ("https", "http") or not host:
        raise ValueError(f"{name} must be an absolute http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{name} must not hold credentials")
    if parts.fragment:
        raise ValueError(f"{name} must not have a fragment")
    if parts.scheme == "http" and not is_loopback(host):
        raise ValueError(
            f"{name} must use https: secrets are sent to it (http only for a loopback host)"
        )
    return value.rstrip("/")


def check_http_client(http_client: object, wanted: type) -> None:
    """An app's `http_client=` is the httpx2 client the client drives, or a TypeError that
    says what to give instead."""
    if http_client is None or isinstance(http_client, wanted):
        return
    given = f"{type(http_client).__module__.partition('.')[0]}.{type(http_client).__name__}"
    hint = (
        " (contio is built on httpx2, httpx's maintained fork: make it with httpx2, "
        "which takes the same arguments; oauth.auth works on either library's client)"
        if given.startswith("httpx.")
        else ""
    )
    raise TypeError(f"http_client must be an httpx2.{wanted.__name__}, not {given}{hint}")
