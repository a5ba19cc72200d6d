"""Typed results of the facade's calls: the wire's fields in snake_case, plus `extra`.

Each class is built from the generated client's model of the same answer, with every field's
type checked: the generated models trust the server, the facade does not. Fields the server
adds later land in `extra` instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from contio._wire import (
    _any_map,
    _empty,
    _extra,
    _opt,
    _req,
    _scopes,
    _str_list,
    _str_map,
    unix_time,
)
from contio.tokens import AuthTokens, mask

if TYPE_CHECKING:
    from contio_oauth_api import models as wire

__all__ = [
    "ConsentStatus",
    "PartnerAuthChallenge",
    "PartnerAuthVerification",
    "PartnerInfo",
    "TokenIntrospection",
    "UserInfo",
]


@dataclass(frozen=True, kw_only=True, repr=False)
class PartnerAuthChallenge:
    """A started passwordless sign-in: pass `session` to `verify_partner_auth`. The session
    stands for the sign-in until the code is verified: its repr shows it masked."""

    session: str
    challenge_name: str
    challenge_params: Mapping[str, str] = field(default_factory=_empty)
    user_provisioned: bool | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def __repr__(self) -> str:
        return (
            f"PartnerAuthChallenge(session={mask(self.session)!r}, "
            f"challenge_name={self.challenge_name!r}, "
            f"challenge_params={dict(self.challenge_params)!r}, "
            f"user_provisioned={self.user_provisioned!r})"
        )

    __str__ = __repr__

    @classmethod
    def from_wire(cls, model: wire.PartnerAuthChallenge) -> PartnerAuthChallenge:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        return cls(
            session=_req(model.session, str, "session"),
            challenge_name=_req(model.challenge_name, str, "challenge_name"),
            challenge_params=_str_map(model.challenge_params, "challenge_params"),
            user_provisioned=_opt(model.user_provisioned, bool, "user_provisioned"),
            extra=_extra(model),
        )


@dataclass(frozen=True, kw_only=True, repr=False)
class PartnerAuthVerification:
    """A verified one-time code. `redirect_url` is the wire's `redirect`."""

    success: bool | None = None
    message: str | None = None
    redirect_url: str | None = None
    tokens: AuthTokens | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    def __repr__(self) -> str:
        return (
            f"PartnerAuthVerification(success={self.success!r}, message={self.message!r}, "
            f"redirect_url={self.redirect_url!r}, tokens={self.tokens!r})"
        )

    @classmethod
    def from_wire(
        cls,
        model: wire.PartnerAuthVerification,
        received_at: datetime,
        requested_scope: tuple[str, ...] = (),
    ) -> PartnerAuthVerification:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.
            received_at: When the answer came, for the expiry of the tokens it may carry.
            requested_scope: The scope asked for, when the answer does not say.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        access_token = _opt(model.access_token, str, "access_token")
        tokens = None
        if access_token:
            tokens = AuthTokens.from_token_response(
                access_token=access_token,
                refresh_token=_opt(model.refresh_token, str, "refresh_token"),
                id_token=_opt(model.id_token, str, "id_token"),
                expires_in=_opt(model.expires_in, int, "expires_in"),
                received_at=received_at,
                scope=" ".join(requested_scope),  # none on the wire: what was asked for
            )
        return cls(
            success=_opt(model.success, bool, "success"),
            message=_opt(model.message, str, "message"),
            redirect_url=_opt(model.redirect, str, "redirect"),
            tokens=tokens,
            extra=_extra(model),
        )


@dataclass(frozen=True, kw_only=True)
class ConsentStatus:
    """Whether the user already consented to the requested scopes for this client."""

    has_consent: bool
    requires_consent: bool
    session_valid: bool | None = None
    redirect_url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @classmethod
    def from_wire(cls, model: wire.ConsentStatus) -> ConsentStatus:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        return cls(
            has_consent=_req(model.has_consent, bool, "has_consent"),
            requires_consent=_req(model.requires_consent, bool, "requires_consent"),
            session_valid=_opt(model.session_valid, bool, "session_valid"),
            redirect_url=_opt(model.redirect_url, str, "redirect_url"),
            extra=_extra(model),
        )


@dataclass(frozen=True, kw_only=True)
class PartnerInfo:
    """A partner app's public profile, for branding sign-in screens."""

    client_id: str
    name: str
    company_name: str | None = None
    co_brand_name: str | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @classmethod
    def from_wire(cls, model: wire.PartnerInfo) -> PartnerInfo:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        return cls(
            client_id=_req(model.client_id, str, "client_id"),
            name=_req(model.name, str, "name"),
            company_name=_opt(model.company_name, str, "company_name"),
            co_brand_name=_opt(model.co_brand_name, str, "co_brand_name"),
            extra=_extra(model),
        )


@dataclass(frozen=True, kw_only=True)
class TokenIntrospection:
    """What the server knows of a token (RFC 7662). `exp`, `iat` and `nbf` are Unix seconds,
    as on the wire; `expires_at`, `issued_at` and `not_before` are the same as datetimes."""

    active: bool
    scope: tuple[str, ...] = ()
    client_id: str | None = None
    username: str | None = None
    sub: str | None = None
    aud: tuple[str, ...] = ()
    iss: str | None = None
    exp: int | None = None
    iat: int | None = None
    nbf: int | None = None
    token_type: str | None = None
    ext: Mapping[str, Any] = field(default_factory=_empty)
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @property
    def expires_at(self) -> datetime | None:
        """`exp` as an aware UTC datetime (None when absent or out of range)."""
        return unix_time(self.exp)

    @property
    def issued_at(self) -> datetime | None:
        """`iat` as an aware UTC datetime (None when absent or out of range)."""
        return unix_time(self.iat)

    @property
    def not_before(self) -> datetime | None:
        """`nbf` as an aware UTC datetime (None when absent or out of range)."""
        return unix_time(self.nbf)

    @classmethod
    def from_wire(cls, model: wire.TokenIntrospection) -> TokenIntrospection:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        return cls(
            active=_req(model.active, bool, "active"),
            scope=_scopes(model.scope),
            client_id=_opt(model.client_id, str, "client_id"),
            username=_opt(model.username, str, "username"),
            sub=_opt(model.sub, str, "sub"),
            aud=_str_list(model.aud, "aud"),
            iss=_opt(model.iss, str, "iss"),
            exp=_opt(model.exp, int, "exp"),
            iat=_opt(model.iat, int, "iat"),
            nbf=_opt(model.nbf, int, "nbf"),
            token_type=_opt(model.token_type, str, "token_type"),
            ext=_any_map(model.ext, "ext"),
            extra=_extra(model),
        )


@dataclass(frozen=True, kw_only=True)
class UserInfo:
    """OpenID Connect claims about the signed-in user."""

    sub: str
    email: str | None = None
    email_verified: bool | None = None
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    picture: str | None = None
    locale: str | None = None
    phone_number: str | None = None
    phone_number_verified: bool | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @classmethod
    def from_wire(cls, model: wire.UserInfo) -> UserInfo:
        """The result from the generated client's model.

        Args:
            model: What `contio_oauth_api` parsed.

        Raises:
            WireTypeError: A field has the wrong type (the client raises InvalidResponseError).
        """
        return cls(
            sub=_req(model.sub, str, "sub"),
            email=_opt(model.email, str, "email"),
            email_verified=_opt(model.email_verified, bool, "email_verified"),
            name=_opt(model.name, str, "name"),
            given_name=_opt(model.given_name, str, "given_name"),
            family_name=_opt(model.family_name, str, "family_name"),
            picture=_opt(model.picture, str, "picture"),
            locale=_opt(model.locale, str, "locale"),
            phone_number=_opt(model.phone_number, str, "phone_number"),
            phone_number_verified=_opt(model.phone_number_verified, bool, "phone_number_verified"),
            extra=_extra(model),
        )
