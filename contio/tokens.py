"""The token set a client holds, and how it is stored and restored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from contio._checks import check_token
from contio.oidc import IDTokenClaims

__all__ = ["AuthTokens", "mask"]


def mask(token: str | None) -> str:
    """A token shortened for display: its kind prefix and last four characters, never more.

    Args:
        token: A token, or None.

    Returns:
        Something like `cto_at_v1_…abcd`, or `-` for none.
    """
    if not token:
        return "-"
    prefix = token[:10] if token.startswith("cto_") else ""
    tail = token[-4:] if len(token) >= 16 else ""
    return f"{prefix}…{tail}" if prefix or tail else "…"


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware")
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00+05:00 has no UTC datetime
        raise ValueError("expires_at is out of range") from exc


def _scope_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ValueError("scope must be a space-separated string or a list of strings")


def _bearer(value: Any) -> Literal["Bearer"]:
    """RFC 6750's Bearer, in any case; a client must not use a type it does not understand
    (RFC 6749 §7.1), so nothing else is held."""
    if not isinstance(value, str) or value.lower() != "bearer":
        raise ValueError("token_type must be Bearer, the only token type this client can use")
    return "Bearer"


def _expiry(value: object) -> datetime | None:
    """An aware datetime, an ISO 8601 time or a Unix time, as `from_dict` reads them."""
    return _parse_expiry(value)


# A stdlib dataclass, as the results in contio.models and contio.oidc: `import contio` loads
# no attrs (its import and class building were some 20 ms of it); attrs stays for the
# generated client, which loads at the first call. Not slotted: slots=True builds each class
# twice (about 0.6 ms more for the eleven) and weakref_slot needs Python 3.11.
@dataclass(frozen=True, repr=False)
class AuthTokens:
    """Tokens from the token endpoint. `expires_at` is when the access token expires (UTC).

    The repr shows only masked tokens, so tokens never leak into logs or tracebacks.
    A frozen dataclass: `dataclasses.replace(tokens, expires_at=...)` derives another.
    """

    access_token: str
    refresh_token: str | None = None
    id_token: str | None = None
    #: Also read from an ISO 8601 time or a Unix time, as `from_dict` reads them.
    expires_at: datetime | None = None
    #: Also read from a space-separated string or a list of strings.
    scope: tuple[str, ...] = ()
    #: Always "Bearer" (RFC 6750), read in any case.
    token_type: Literal["Bearer"] = "Bearer"
    #: The verified claims of `id_token` when the client checked it (an exchange with a
    #: nonce); not stored, not compared.
    id_token_claims: IDTokenClaims | None = field(default=None, compare=False, kw_only=True)

    def __post_init__(self) -> None:
        # Converted first, then checked, in field order, as the attrs class did. Each
        # conversion keeps a converted value as it is: dataclasses.replace runs this again.
        set_field = object.__setattr__
        set_field(self, "expires_at", _expiry(self.expires_at))
        set_field(self, "scope", _scope_tuple(self.scope))
        set_field(self, "token_type", _bearer(self.token_type))
        # Tokens go into headers and bodies: visible ASCII only (never shown in the message).
        check_token(self.access_token, "access_token")
        for name in ("refresh_token", "id_token"):
            if (value := getattr(self, name)) is not None:
                check_token(value, name)

    def __repr__(self) -> str:
        expires = self.expires_at.isoformat() if self.expires_at else None
        return (
            f"AuthTokens(access_token={mask(self.access_token)!r}, "
            f"refresh_token={mask(self.refresh_token)!r}, id_token={mask(self.id_token)!r}, "
            f"expires_at={expires!r}, scope={self.scope!r})"
        )

    __str__ = __repr__

    @classmethod
    def from_token_response(
        cls,
        *,
        access_token: str,
        expires_in: int | None,
        received_at: datetime,
        refresh_token: str | None = None,
        id_token: str | None = None,
        scope: str | None = None,
        token_type: str = "Bearer",
    ) -> AuthTokens:
        """Tokens as received: the expiry is the time of receipt plus `expires_in`.

        Args:
            access_token: The access token.
            expires_in: Its lifetime in seconds (None: unknown, treated as expired).
            received_at: When the answer came (an aware datetime).
            refresh_token: The refresh token, if any.
            id_token: The ID token, if any.
            scope: The granted scope, space-separated.
            token_type: The token type; only Bearer is held.

        Returns:
            The tokens.

        Raises:
            ValueError: A token type other than Bearer, or a token no header could carry.
        """
        expires_at = received_at + timedelta(seconds=expires_in) if expires_in is not None else None
        return cls(
            access_token=access_token,
            refresh_token=refresh_token,
            id_token=id_token,
            expires_at=expires_at,
            scope=_scope_tuple(scope),
            token_type=_bearer(token_type or "Bearer"),
        )

    def expires_within(self, now: datetime, margin: timedelta = timedelta(0)) -> bool:
        """Whether the access token is expired at `now + margin`, or its expiry is unknown.

        Args:
            now: The current aware time.
            margin: How far ahead to look.

        Returns:
            True when expired then (or unknown).
        """
        return self.expires_at is None or now + margin >= self.expires_at

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping; `from_dict` reads it back."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "id_token": self.id_token,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "scope": list(self.scope),
            "token_type": self.token_type,
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, received_at: datetime | None = None
    ) -> AuthTokens:
        """Read `to_dict()` output; also the TypeScript SDK's camelCase token objects, and a
        token answer's `expires_in` (seconds from `received_at`, which it then needs).

        Args:
            data: The mapping.
            received_at: When the tokens were received, to count `expires_in` from.

        Returns:
            The tokens.

        Raises:
            ValueError: Anything that is not a token set (never KeyError or TypeError):
                no access token, `expires_in` beside `expires_at`, a bad time or type.
        """
        if not isinstance(data, Mapping):
            raise ValueError("tokens must be a mapping")

        def pick(*names: str) -> Any:
            for name in names:
                if data.get(name) is not None:
                    return data[name]
            return None

        access_token = pick("access_token", "accessToken")
        if not isinstance(access_token, str) or not access_token:
            raise ValueError("tokens need a non-empty access_token")
        for name, value in (
            ("refresh_token", pick("refresh_token", "refreshToken")),
            ("id_token", pick("id_token", "idToken")),
        ):
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{name} must be a string")
        expires_at = _parse_expiry(pick("expires_at", "expiresAt"))
        expires_in = pick("expires_in", "expiresIn")
        if expires_in is not None:
            expires_at = _expiry_from_lifetime(expires_in, expires_at, received_at)
        token_type = pick("token_type", "tokenType") or "Bearer"
        if not isinstance(token_type, str):
            raise ValueError("token_type must be a string")
        return cls(
            access_token=access_token,
            refresh_token=pick("refresh_token", "refreshToken"),
            id_token=pick("id_token", "idToken"),
            expires_at=expires_at,
            scope=_scope_tuple(pick("scope")),
            token_type=_bearer(token_type),
        )


def _expiry_from_lifetime(
    expires_in: Any, expires_at: datetime | None, received_at: datetime | None
) -> datetime:
    """`expires_in` seconds after `received_at`; refused with an `expires_at` beside it."""
    if expires_at is not None:
        raise ValueError("give expires_at or expires_in, not both")
    if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float)):
        raise ValueError("expires_in must be a number of seconds")
    if not 0 <= expires_in <= 10**9:
        raise ValueError("expires_in must be between 0 and 10**9 seconds")
    if received_at is None:
        raise ValueError(
            "expires_in counts from when the tokens were received: pass received_at= "
            "(set_tokens uses the client's clock), or give expires_at"
        )
    return _aware_utc(received_at) + timedelta(seconds=expires_in)


def _parse_expiry(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return _aware_utc(value)
    if isinstance(value, bool):
        raise ValueError("expires_at must be an ISO 8601 time or a Unix time")
    if isinstance(value, (int, float)):
        # The TypeScript SDK keeps milliseconds since the epoch; seconds are accepted too.
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise ValueError("expires_at is out of range") from exc
    if isinstance(value, str):
        from dateutil.parser import isoparse  # only stored tokens need it: import time

        try:
            parsed = isoparse(value)
        except (ValueError, OverflowError) as exc:
            raise ValueError("expires_at must be an ISO 8601 time") from exc
        if parsed.tzinfo is None:
            raise ValueError("expires_at must carry a time zone")
        return _aware_utc(parsed)
    raise ValueError("expires_at must be an ISO 8601 time or a Unix time")
