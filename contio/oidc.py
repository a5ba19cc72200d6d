"""OpenID Connect results: the discovery document, the key set, and the claims of a verified
ID token. Built from the generated models (or the token's payload) with every field's type
checked, as `contio.models` does; what a provider adds later lands in `extra`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from contio._wire import (
    _EMPTY,
    WireTypeError,
    _empty,
    _extra,
    _opt,
    _req,
    _str_list,
    unix_time,
)

if TYPE_CHECKING:
    from contio_oauth_api import models as wire

__all__ = ["IDTokenClaims", "JSONWebKey", "JSONWebKeySet", "OpenIDConfiguration"]


#: The endpoints of a discovery document, and its lists of what the provider supports.
_URLS = (
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "revocation_endpoint",
    "introspection_endpoint",
)
_LISTS = (
    "scopes_supported",
    "response_types_supported",
    "subject_types_supported",
    "id_token_signing_alg_values_supported",
    "token_endpoint_auth_methods_supported",
    "claims_supported",
    "code_challenge_methods_supported",
    "grant_types_supported",
    "response_modes_supported",
    "revocation_endpoint_auth_methods_supported",
    "introspection_endpoint_auth_methods_supported",
)


@dataclass(frozen=True, kw_only=True)
class OpenIDConfiguration:
    """The provider's metadata (OpenID Connect Discovery 1.0 §3)."""

    issuer: str
    authorization_endpoint: str | None = None
    token_endpoint: str | None = None
    userinfo_endpoint: str | None = None
    jwks_uri: str | None = None
    revocation_endpoint: str | None = None
    introspection_endpoint: str | None = None
    scopes_supported: tuple[str, ...] = ()
    response_types_supported: tuple[str, ...] = ()
    subject_types_supported: tuple[str, ...] = ()
    id_token_signing_alg_values_supported: tuple[str, ...] = ()
    token_endpoint_auth_methods_supported: tuple[str, ...] = ()
    claims_supported: tuple[str, ...] = ()
    code_challenge_methods_supported: tuple[str, ...] = ()
    grant_types_supported: tuple[str, ...] = ()
    response_modes_supported: tuple[str, ...] = ()
    revocation_endpoint_auth_methods_supported: tuple[str, ...] = ()
    introspection_endpoint_auth_methods_supported: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @classmethod
    def from_wire(cls, model: wire.OpenIDConfiguration) -> OpenIDConfiguration:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        issuer = _req(model.issuer, str, "issuer")
        if not issuer:
            raise WireTypeError("field 'issuer' is empty")
        urls: dict[str, Any] = {name: _opt(getattr(model, name), str, name) for name in _URLS}
        lists: dict[str, Any] = {name: _str_list(getattr(model, name), name) for name in _LISTS}
        return cls(issuer=issuer, **urls, **lists, extra=_extra(model))


@dataclass(frozen=True, kw_only=True)
class JSONWebKey:
    """A public key of the set (RFC 7517): RSA (`n`, `e`) or EC (`crv`, `x`, `y`)."""

    kty: str
    kid: str | None = None
    alg: str | None = None
    use: str | None = None
    n: str | None = None
    e: str | None = None
    crv: str | None = None
    x: str | None = None
    y: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @classmethod
    def from_wire(cls, model: wire.JSONWebKey) -> JSONWebKey:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        return cls(
            kty=_req(model.kty, str, "kty"),
            kid=_opt(model.kid, str, "kid"),
            alg=_opt(model.alg, str, "alg"),
            use=_opt(model.use, str, "use"),
            n=_opt(model.n, str, "n"),
            e=_opt(model.e, str, "e"),
            crv=_opt(model.crv, str, "crv"),
            x=_opt(model.x, str, "x"),
            y=_opt(model.y, str, "y"),
            extra=_extra(model),
        )

    def to_dict(self) -> dict[str, str]:
        """The JWK as JSON members (what a JOSE library imports); private members, which a
        key set must never carry, are not kept."""
        fields = ("kty", "kid", "alg", "use", "n", "e", "crv", "x", "y")
        return {name: value for name in fields if (value := getattr(self, name)) is not None}


@dataclass(frozen=True, kw_only=True)
class JSONWebKeySet:
    """The provider's public keys (RFC 7517 §5)."""

    keys: tuple[JSONWebKey, ...]
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @classmethod
    def from_wire(cls, model: wire.JSONWebKeySet) -> JSONWebKeySet:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        if not isinstance(model.keys, list):
            raise WireTypeError("field 'keys' should be a list")
        return cls(keys=tuple(JSONWebKey.from_wire(key) for key in model.keys), extra=_extra(model))

    def find(self, kid: str | None) -> JSONWebKey | None:
        """The key named `kid`.

        Args:
            kid: A key id, as an ID token's header names it.

        Returns:
            The key, or None when the set has none of that id.
        """
        for key in self.keys:
            if key.kid == kid:
                return key
        return None


def _date(value: object, name: str) -> int | None:
    """A NumericDate (RFC 7519 §2): seconds since the epoch, an integer or not."""
    if isinstance(value, float) and value == value and abs(value) < 1e12:
        return int(value)
    date = _opt(value, int, name)
    if date is not None and abs(date) >= 10**12:  # past year 33000, and past any float
        raise WireTypeError(f"field {name!r} is out of range")
    return date


def _verified_time(seconds: int) -> datetime:
    """A required time claim as a datetime; one past what a datetime holds (a token may say
    year 20000) is the latest (or earliest) datetime there is."""
    when = unix_time(seconds)
    if when is None:
        return (datetime.max if seconds > 0 else datetime.min).replace(tzinfo=UTC)
    return when


def _required_date(value: object, name: str) -> int:
    date = _date(value, name)
    if date is None:
        raise WireTypeError(f"field {name!r} is missing")
    return date


_CLAIMS = ("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "email", "name")


@dataclass(frozen=True, kw_only=True, repr=False)
class IDTokenClaims:
    """The claims of an ID token whose signature, issuer, audience, times and nonce were
    verified (OpenID Connect Core §3.1.3.7). `exp`, `iat` and `auth_time` are Unix seconds,
    as in the token; `expires_at`, `issued_at` and `authenticated_at` are the same as aware
    UTC datetimes."""

    iss: str
    sub: str
    aud: tuple[str, ...]
    exp: int
    iat: int
    auth_time: int | None = None
    nonce: str | None = None
    azp: str | None = None
    email: str | None = None
    name: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @property
    def expires_at(self) -> datetime:
        """`exp` as an aware UTC datetime."""
        return _verified_time(self.exp)

    @property
    def issued_at(self) -> datetime:
        """`iat` as an aware UTC datetime."""
        return _verified_time(self.iat)

    @property
    def authenticated_at(self) -> datetime | None:
        """`auth_time` (when the user last authenticated) as an aware UTC datetime."""
        return unix_time(self.auth_time)

    def __repr__(self) -> str:  # the nonce is a secret of the sign-in, like state
        return (
            f"IDTokenClaims(iss={self.iss!r}, sub={self.sub!r}, aud={self.aud!r}, "
            f"exp={self.exp}, email={self.email!r}, name={self.name!r})"
        )

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> IDTokenClaims:
        """Claims as a token carries them (not verified: `verify_id_token` does that).

        Args:
            payload: The decoded JSON payload of an ID token.

        Returns:
            The claims; the ones not named here are in `extra`.

        Raises:
            WireTypeError: A claim has the wrong type, or a required one is missing.
        """
        from types import MappingProxyType

        extra = {k: v for k, v in payload.items() if k not in _CLAIMS}
        return cls(
            iss=_req(payload.get("iss"), str, "iss"),
            sub=_req(payload.get("sub"), str, "sub"),
            aud=_str_list(payload.get("aud"), "aud"),
            exp=_required_date(payload.get("exp"), "exp"),
            iat=_required_date(payload.get("iat"), "iat"),
            auth_time=_date(payload.get("auth_time"), "auth_time"),
            nonce=_opt(payload.get("nonce"), str, "nonce"),
            azp=_opt(payload.get("azp"), str, "azp"),
            email=_opt(payload.get("email"), str, "email"),
            name=_opt(payload.get("name"), str, "name"),
            extra=MappingProxyType(extra) if extra else _EMPTY,
        )
