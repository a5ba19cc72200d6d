"""Typed results of the identity-administration calls (`contio.admin`): frozen, snake_case
as on the wire, times as aware datetimes, and no secret in any repr (a new credential, a
rollback token)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from contio._wire import WireTypeError, _any_map, _empty, _extra, _opt, _req, _str_list, _str_map

__all__ = [
    "CredentialEvent",
    "CredentialHistory",
    "CredentialRollback",
    "CredentialRotation",
    "CredentialStatus",
    "DomainVerification",
    "IdpConfig",
    "SsoInfo",
    "SsoInitiation",
    "SsoSession",
]


def _time(value: object, name: str) -> datetime | None:
    checked = _opt(value, datetime, name)
    if checked is not None and checked.tzinfo is None:
        raise WireTypeError(f"field {name!r} has no time zone")
    return checked.astimezone(UTC) if checked is not None else None


def _lenient_time(model: Any, name: str) -> datetime | None:
    """A time of an answer that must not be lost for it: unreadable, it is None."""
    try:
        return _time(getattr(model, name), name)
    except WireTypeError:
        return None


def _req_time(value: object, name: str) -> datetime:
    checked = _time(value, name)
    if checked is None:
        raise WireTypeError(f"field {name!r} is missing")
    return checked


@dataclass(frozen=True, kw_only=True)
class CredentialStatus:
    """One credential's state: `pending_rotation` while a rotation's grace period runs (the
    old value still works until `grace_period_ends_at`); `recommended_action` is `healthy`,
    `rotate_soon` or `rotate_now`."""

    credential_type: str
    status: str
    age_days: int
    recommended_action: str
    created_at: datetime | None = None
    last_rotated_at: datetime | None = None
    last_used_at: datetime | None = None
    grace_period_ends_at: datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=_empty)

    @classmethod
    def from_wire(cls, model: Any, kind: str) -> CredentialStatus:
        return cls(
            credential_type=_opt(model.credential_type, str, "credential_type") or kind,
            status=_req(model.status, str, "status"),
            age_days=_opt(model.age_days, int, "age_days") or 0,
            recommended_action=_req(model.recommended_action, str, "recommended_action"),
            created_at=_time(model.created_at, "created_at"),
            last_rotated_at=_time(model.last_rotated_at, "last_rotated_at"),
            last_used_at=_time(model.last_used_at, "last_used_at"),
            grace_period_ends_at=_time(model.grace_period_ends_at, "grace_period_ends_at"),
            extra=_extra(model),
        )


@dataclass(frozen=True, kw_only=True)
class CredentialEvent:
    """One audited action on a credential (`rotated`, `rollback`, ...)."""

    id: str
    action: str
    credential_type: str
    created_at: datetime
    initiated_by: str | None = None
    partner_app_id: str | None = None
    ip_address: str | None = None
    user_agent: str | None = None
    reason: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=_empty)

    @classmethod
    def from_wire(cls, model: Any) -> CredentialEvent:
        return cls(
            id=_req(model.id, str, "id"),
            action=_req(model.action, str, "action"),
            credential_type=_req(model.credential_type, str, "credential_type"),
            created_at=_req_time(model.created_at, "created_at"),
            initiated_by=_opt(model.initiated_by, str, "initiated_by"),
            partner_app_id=_opt(model.partner_app_id, str, "partner_app_id"),
            ip_address=_opt(model.ip_address, str, "ip_address"),
            user_agent=_opt(model.user_agent, str, "user_agent"),
            reason=_opt(model.reason, str, "reason"),
            metadata=_any_map(model.metadata, "metadata"),
        )


@dataclass(frozen=True, kw_only=True)
class CredentialHistory:
    """One page of the credentials' history, newest first."""

    events: tuple[CredentialEvent, ...]
    count: int
    limit: int
    offset: int

    @classmethod
    def from_wire(cls, model: Any) -> CredentialHistory:
        raw = _opt(model.events, list, "events") or []
        events = tuple(CredentialEvent.from_wire(event) for event in raw)
        page = model.pagination
        if page is None or type(page).__name__ == "Unset":
            return cls(events=events, count=len(events), limit=len(events), offset=0)
        return cls(
            events=events,
            count=_opt(page.count, int, "pagination.count") or len(events),
            limit=_opt(page.limit, int, "pagination.limit") or len(events),
            offset=_opt(page.offset, int, "pagination.offset") or 0,
        )


@dataclass(frozen=True, kw_only=True)
class CredentialRotation:
    """A rotated credential. `new_credential` is shown this once: keep it (or let the rotation
    publish it to the fleet's secret source). `rollback_token` restores the old value until
    `rollback_expires_at` (none for the webhook secret). Neither shows in a repr."""

    credential_type: str
    new_credential: str = field(repr=False)
    grace_period_ends_at: datetime | None = None
    rollback_token: str | None = field(default=None, repr=False)
    rollback_expires_at: datetime | None = None

    @classmethod
    def from_wire(cls, model: Any, kind: str = "") -> CredentialRotation:
        """The rotation; `kind`, the credential rotated, when the answer does not say (the
        new value is the one thing it must carry: it exists nowhere else)."""
        new = _req(model.new_credential, str, "new_credential")
        if not new or not new.isprintable():
            raise WireTypeError("field 'new_credential' is not a usable credential")
        return cls(
            credential_type=_opt(model.credential_type, str, "credential_type") or kind,
            new_credential=new,
            grace_period_ends_at=_lenient_time(model, "grace_period_ends_at"),
            rollback_token=_opt(model.rollback_token, str, "rollback_token"),
            rollback_expires_at=_lenient_time(model, "rollback_expires_at"),
        )


@dataclass(frozen=True, kw_only=True)
class CredentialRollback:
    """A rolled-back rotation: the value before it is current again; the one it made works
    until `grace_period_ends_at`."""

    credential_type: str
    status: str
    rolled_back_at: datetime | None = None
    grace_period_ends_at: datetime | None = None

    @classmethod
    def from_wire(cls, model: Any) -> CredentialRollback:
        return cls(
            credential_type=_req(model.credential_type, str, "credential_type"),
            status=_opt(model.status, str, "status") or "rolled_back",
            rolled_back_at=_time(model.rolled_back_at, "rolled_back_at"),
            grace_period_ends_at=_time(model.grace_period_ends_at, "grace_period_ends_at"),
        )


@dataclass(frozen=True, kw_only=True)
class IdpConfig:
    """The partner's OIDC identity provider for Sign-On (its client secret is never
    returned)."""

    id: str
    name: str
    discovery_url: str
    idp_client_id: str
    mode: str
    is_active: bool
    partner_app_id: str | None = None
    type: str = "oidc"
    issuer: str | None = None
    authorization_endpoint: str | None = None
    token_endpoint: str | None = None
    userinfo_endpoint: str | None = None
    jwks_uri: str | None = None
    allowed_email_domains: tuple[str, ...] = ()
    claim_mappings: Mapping[str, str] = field(default_factory=_empty)
    scopes: tuple[str, ...] = ()
    discovery_last_fetched_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_wire(cls, model: Any) -> IdpConfig:
        text = {
            name: _opt(getattr(model, name), str, name)
            for name in (
                "partner_app_id",
                "issuer",
                "authorization_endpoint",
                "token_endpoint",
                "userinfo_endpoint",
                "jwks_uri",
            )
        }
        return cls(
            id=_req(model.id, str, "id"),
            name=_req(model.name, str, "name"),
            discovery_url=_req(model.discovery_url, str, "discovery_url"),
            idp_client_id=_req(model.idp_client_id, str, "idp_client_id"),
            mode=_req(model.mode, str, "mode"),
            is_active=_req(model.is_active, bool, "is_active"),
            type=_opt(model.type_, str, "type") or "oidc",
            allowed_email_domains=_str_list(model.allowed_email_domains, "allowed_email_domains"),
            claim_mappings=_str_map(model.claim_mappings, "claim_mappings"),
            scopes=_str_list(model.scopes, "scopes"),
            discovery_last_fetched_at=_time(
                model.discovery_last_fetched_at, "discovery_last_fetched_at"
            ),
            created_at=_time(model.created_at, "created_at"),
            updated_at=_time(model.updated_at, "updated_at"),
            **text,
        )


@dataclass(frozen=True, kw_only=True)
class DomainVerification:
    """An email domain's ownership check: publish a TXT record named `dns_record_name` with
    the value `dns_record_value`, then check it. `status`: `pending`, `verified`, `expired`."""

    domain: str
    status: str
    dns_record_name: str
    dns_record_value: str
    expires_at: datetime | None = None
    verified_at: datetime | None = None

    @classmethod
    def from_wire(cls, model: Any) -> DomainVerification:
        return cls(
            domain=_req(model.domain, str, "domain"),
            status=_req(model.status, str, "status"),
            dns_record_name=_req(model.dns_record_name, str, "dns_record_name"),
            dns_record_value=_req(model.dns_record_value, str, "dns_record_value"),
            expires_at=_time(model.expires_at, "expires_at"),
            verified_at=_time(model.verified_at, "verified_at"),
        )


@dataclass(frozen=True, kw_only=True)
class SsoInfo:
    """A partner's Sign-On landing information."""

    name: str
    slug: str
    has_idp_config: bool
    is_active: bool
    co_brand_name: str | None = None
    co_brand_logo_url: str | None = None

    @classmethod
    def from_wire(cls, model: Any) -> SsoInfo:
        return cls(
            name=_req(model.name, str, "name"),
            slug=_req(model.slug, str, "slug"),
            has_idp_config=bool(_opt(model.has_idp_config, bool, "has_idp_config")),
            is_active=bool(_opt(model.is_active, bool, "is_active")),
            co_brand_name=_opt(model.co_brand_name, str, "co_brand_name"),
            co_brand_logo_url=_opt(model.co_brand_logo_url, str, "co_brand_logo_url"),
        )


@dataclass(frozen=True, kw_only=True)
class SsoInitiation:
    """A started Sign-On: send the browser to `authorization_url`; poll `session_id`."""

    authorization_url: str
    session_id: str

    @classmethod
    def from_wire(cls, model: Any) -> SsoInitiation:
        return cls(
            authorization_url=_req(model.authorization_url, str, "authorization_url"),
            session_id=_req(model.session_id, str, "session_id"),
        )


#: The session states that end a Sign-On.
SSO_ENDED = frozenset({"completed", "failed", "expired"})


@dataclass(frozen=True, kw_only=True)
class SsoSession:
    """A Sign-On session: `pending`, then `completed` (`user_id`, `target`), `failed`
    (`error`) or `expired`."""

    status: str
    user_id: str | None = None
    target: str | None = None
    error: str | None = None

    @property
    def ended(self) -> bool:
        """Whether the session will not change any more."""
        return self.status in SSO_ENDED

    @classmethod
    def from_wire(cls, model: Any) -> SsoSession:
        return cls(
            status=_req(model.status, str, "status"),
            user_id=_opt(model.user_id, str, "user_id"),
            target=_opt(model.target, str, "target"),
            error=_opt(model.error, str, "error"),
        )
