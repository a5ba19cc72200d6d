"""Checking a Bearer token as a resource server (RFC 6750), written once for blocking and
asyncio guards: read the `Authorization` header, look the token up in the cache, introspect it
at Contio on a miss (RFC 7662), remember the answer, check the scopes, and say what to answer.

A step is a generator that yields `Lookup` / `Claim` / `Pause` / `Introspect` / `Remember`
and receives their outcome; `contio.resource.guard` carries them out. Tokens are never kept
as keys: the cache sees the SHA-256 of each token.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Generator
from typing import Any

import attrs

from contio.models import TokenIntrospection

__all__ = [
    "Checked",
    "Claim",
    "Introspect",
    "Lookup",
    "Pause",
    "Remember",
    "Verdict",
    "check",
    "token_key",
]

#: RFC 6750 §2.1: `Bearer` and one b64token.
_BEARER = re.compile(r"Bearer +([A-Za-z0-9\-._~+/]+=*)", re.IGNORECASE)
#: Longer headers are refused before any parsing.
MAX_HEADER = 8192


@attrs.frozen
class Checked:
    """What is remembered of one token: whether it is active, and for an active one what the
    app needs (the scopes, whose it is, when it expires)."""

    active: bool
    scope: tuple[str, ...] = ()
    sub: str | None = None
    client_id: str | None = None
    exp: int | None = None

    @classmethod
    def of(cls, answer: TokenIntrospection) -> Checked:
        if not answer.active:
            return cls(False)
        return cls(True, tuple(answer.scope), answer.sub, answer.client_id, answer.exp)

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, value: Any) -> Checked | None:
        """A cached value read back; None for anything that is not one (a foreign entry)."""
        if not isinstance(value, dict) or not isinstance(value.get("active"), bool):
            return None
        scope = value.get("scope") or ()
        exp = value.get("exp")
        if not isinstance(scope, list | tuple) or not all(isinstance(s, str) for s in scope):
            return None
        if exp is not None and not isinstance(exp, int):
            return None
        sub, client_id = value.get("sub"), value.get("client_id")
        if not all(item is None or isinstance(item, str) for item in (sub, client_id)):
            return None
        return cls(value["active"], tuple(scope), sub, client_id, exp)


@attrs.frozen
class Verdict:
    """What to answer: `allowed` with the token's `checked` facts, or the status (401, 403,
    400) and the `WWW-Authenticate` header value to refuse with."""

    allowed: bool
    status: int = 200
    challenge: str | None = None
    checked: Checked | None = None
    #: The error code of the challenge (for a log line), never the token.
    error: str | None = None
    #: Seconds until Contio can be asked again (a 503: the budget spent, a 429).
    retry_after: float | None = None

    def headers(self) -> dict[str, str]:
        """The headers of the refusal: the challenge, or a Retry-After when Contio could not
        be asked; never cached."""
        headers = {"Cache-Control": "no-store"}
        if self.challenge is not None:
            headers["WWW-Authenticate"] = self.challenge
        if self.status == 503:
            wait = self.retry_after
            headers["Retry-After"] = str(max(1, math.ceil(wait)) if wait is not None else 5)
        return headers

    def message(self) -> str:
        """A short body for the refusal."""
        return {
            400: "malformed Authorization header",
            401: "a valid access token is required",
            403: "the access token lacks a scope this needs",
            503: "the access token cannot be checked right now",
        }.get(self.status, "refused")


@attrs.frozen
class Lookup:
    key: str
    #: The first look: on a miss, the guard waits for whoever in this process fills it.
    first: bool = True


@attrs.frozen
class Claim:
    """Whether this process introspects the token (True), or another of the fleet is at it
    (a shared cache's claim): then its answer shows up in the cache."""

    key: str
    seconds: float


@attrs.frozen
class Pause:
    seconds: float


@attrs.frozen
class Introspect:
    token: str = attrs.field(repr=False)


@attrs.frozen
class Remember:
    key: str
    checked: Checked
    seconds: float


Effect = Lookup | Claim | Pause | Introspect | Remember
#: How long another process's introspection may take before this one introspects itself,
#: and how often the cache is looked at meanwhile.
FILL_LEASE = 5.0
FILL_POLL = 0.025
Flow = Generator[Effect, Any, Verdict]


def token_key(token: str) -> str:
    """The cache's name for a token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _challenge(realm: str, error: str | None = None, description: str = "", scope: str = "") -> str:
    parts = [f'realm="{realm}"']
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append(f'error_description="{description}"')
    if scope:
        parts.append(f'scope="{scope}"')
    return "Bearer " + ", ".join(parts)


def check(
    authorization: str | None,
    required: Collection[str],
    *,
    realm: str,
    ttl: float,
    negative_ttl: float,
    now: float,
) -> Flow:
    """The verdict on a request's `Authorization` header for a route that needs the scopes
    `required` (all of them). `now` is Unix time, for the token's `exp`."""
    if authorization is None or not authorization.strip():
        return Verdict(False, 401, _challenge(realm))  # no credentials: no error code
    matched = _BEARER.fullmatch(authorization.strip()) if len(authorization) <= MAX_HEADER else None
    if matched is None:
        return Verdict(
            False, 400, _challenge(realm, "invalid_request", "malformed Bearer token"),
            error="invalid_request",
        )  # fmt: skip
    token = matched.group(1)
    key = token_key(token)
    checked: Checked | None = yield Lookup(key)
    if checked is None and not (yield Claim(key, FILL_LEASE)):
        for _ in range(int(FILL_LEASE / FILL_POLL)):  # one introspection per token, fleet-wide
            yield Pause(FILL_POLL)
            checked = yield Lookup(key, first=False)
            if checked is not None:
                break
    if checked is None:
        answer: TokenIntrospection = yield Introspect(token)
        checked = Checked.of(answer)
        seconds = negative_ttl if not checked.active else ttl
        if checked.active and checked.exp is not None:
            seconds = min(seconds, checked.exp - now)  # never remembered past its expiry
        if seconds > 0:
            yield Remember(key, checked, seconds)
    if not checked.active or (checked.exp is not None and checked.exp <= now):
        invalid = _challenge(realm, "invalid_token", "the access token is not active")
        return Verdict(False, 401, invalid, error="invalid_token")
    missing = [scope for scope in required if scope not in checked.scope]
    if missing:
        scope = " ".join(required)
        insufficient = _challenge(realm, "insufficient_scope", "", scope)
        return Verdict(False, 403, insufficient, checked, error="insufficient_scope")
    return Verdict(True, checked=checked)
