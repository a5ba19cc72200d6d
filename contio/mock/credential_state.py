"""A partner's credentials (API key, client secret, webhook secret) and their rotation rules.

A rotation makes a new value, shown once; the old one keeps working until the grace period
ends (the webhook secret has none: it changes at once). A single-use rollback token, valid an
hour, makes the old value current again; the value it replaced keeps working until the same
grace period ends. Every action is kept in the partner's audit history.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from contio.mock.clock import isoformat
from contio.mock.errors import PartnerError

API_KEY, CLIENT_SECRET, WEBHOOK_SECRET = "api_key", "client_secret", "webhook_secret"
CREDENTIAL_TYPES = (API_KEY, CLIENT_SECRET, WEBHOOK_SECRET)
#: What a new value of each starts with, so that a leaked one says what it is.
PREFIXES = {API_KEY: "pk_live_", CLIENT_SECRET: "cs_live_", WEBHOOK_SECRET: "whsec_"}
DEFAULT_GRACE_HOURS = 24
MAX_GRACE_HOURS = 168
ROLLBACK_SECONDS = 3600
#: At most this many rotations of one credential in any hour (`rate_limit_exceeded`).
ROTATIONS_PER_HOUR = 10
ROTATE_SOON_DAYS, ROTATE_NOW_DAYS = 60, 90
DAY = 86_400.0


def bad_request(message: str, code: str = "bad_request") -> PartnerError:
    return PartnerError(400, code, message)


@dataclass
class Rollback:
    """What a rotation's rollback token restores, until when, and whether it was spent."""

    token: str
    expires_at: float
    used: bool = False


@dataclass
class Credential:
    """One credential: its current value, and the one a rotation replaced while it still works."""

    kind: str
    value: str
    created_at: float
    previous: str | None = None
    grace_ends_at: float | None = None
    last_rotated_at: float | None = None
    last_used_at: float | None = None
    rollback: Rollback | None = None
    rotations: list[float] = field(default_factory=list)

    def accepts(self, given: str, now: float) -> bool:
        """Whether `given` authenticates now (the current value, or the old one in grace)."""
        candidate = given.encode("utf-8", "surrogatepass")
        ok = hmac.compare_digest(self.value.encode(), candidate)
        if self.in_grace(now):
            assert self.previous is not None
            ok = hmac.compare_digest(self.previous.encode(), candidate) or ok
        if ok:
            self.last_used_at = now
        return ok

    def in_grace(self, now: float) -> bool:
        ends = self.grace_ends_at
        return self.previous is not None and ends is not None and now < ends

    def rotate(self, grace_hours: int, now: float) -> dict[str, Any]:
        """A new value (the answer of the rotation, with the only copy of it)."""
        if self.kind != WEBHOOK_SECRET and self.in_grace(now):
            assert self.grace_ends_at is not None
            raise bad_request(
                f"a rotation of {self.kind} is in its grace period until "
                f"{isoformat(self.grace_ends_at)}: roll it back or wait"
            )
        self.rotations = [t for t in self.rotations if now - t < 3600]
        if len(self.rotations) >= ROTATIONS_PER_HOUR:
            raise bad_request(
                f"{self.kind} was rotated {ROTATIONS_PER_HOUR} times within the hour; try later",
                "rate_limit_exceeded",
            )
        self.rotations.append(now)
        new = PREFIXES[self.kind] + secrets.token_hex(16)
        answer: dict[str, Any] = {"credential_type": self.kind, "new_credential": new}
        if self.kind == WEBHOOK_SECRET:  # no grace, no rollback: in force at once
            self.previous, self.grace_ends_at, self.rollback = None, now, None
            answer["grace_period_ends_at"] = isoformat(now)
        else:
            self.previous, self.grace_ends_at = self.value, now + grace_hours * 3600
            self.rollback = Rollback("rbk_" + secrets.token_hex(16), now + ROLLBACK_SECONDS)
            answer["grace_period_ends_at"] = isoformat(self.grace_ends_at)
            answer["rollback_token"] = self.rollback.token
            answer["rollback_expires_at"] = isoformat(self.rollback.expires_at)
        self.value, self.created_at, self.last_rotated_at = new, now, now
        return answer

    def roll_back(self, token: str, now: float) -> dict[str, Any]:
        """Make the value before the last rotation current again, with its rollback token."""
        rollback = self.rollback
        if rollback is None or not hmac.compare_digest(
            rollback.token.encode(), token.encode("utf-8", "surrogatepass")
        ):
            raise bad_request("the rollback token is not the last rotation's")
        if rollback.used:
            raise bad_request("the rollback token was used already")
        if now >= rollback.expires_at:
            raise bad_request(f"the rollback token expired at {isoformat(rollback.expires_at)}")
        assert self.previous is not None
        assert self.grace_ends_at is not None
        rollback.used = True
        # The rotated-to value keeps working as long as the old one would have.
        self.value, self.previous = self.previous, self.value
        self.grace_ends_at = max(self.grace_ends_at, now)
        self.created_at = now
        return {
            "credential_type": self.kind,
            "status": "rolled_back",
            "rolled_back_at": isoformat(now),
            "grace_period_ends_at": isoformat(self.grace_ends_at),
        }

    def status(self, now: float) -> dict[str, Any]:
        age_days = max(0, int((now - self.created_at) // DAY))
        action = (
            "rotate_now"
            if age_days >= ROTATE_NOW_DAYS
            else "rotate_soon"
            if age_days >= ROTATE_SOON_DAYS
            else "healthy"
        )
        pending = self.kind != WEBHOOK_SECRET and self.in_grace(now)
        answer: dict[str, Any] = {
            "credential_type": self.kind,
            "status": "pending_rotation" if pending else "active",
            "created_at": isoformat(self.created_at),
            "age_days": age_days,
            "recommended_action": action,
        }
        for name, when in (
            ("last_rotated_at", self.last_rotated_at),
            ("last_used_at", self.last_used_at),
            ("grace_period_ends_at", self.grace_ends_at if pending else None),
        ):
            if when is not None:
                answer[name] = isoformat(when)
        return answer


@dataclass
class CredentialSet:
    """A partner app's three credentials and their audit history (newest last)."""

    client_id: str
    credentials: dict[str, Credential]
    history: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def seeded(cls, client_id: str, api_key: str, client_secret: str, now: float) -> CredentialSet:
        webhook = "whsec_" + secrets.token_hex(16)
        values = {API_KEY: api_key, CLIENT_SECRET: client_secret, WEBHOOK_SECRET: webhook}
        return cls(client_id, {kind: Credential(kind, v, now) for kind, v in values.items()})

    def __getitem__(self, kind: str) -> Credential:
        return self.credentials[kind]

    def record(
        self, action: str, kind: str, now: float, who: dict[str, str], reason: str | None
    ) -> None:
        event: dict[str, Any] = {
            "id": "evt_" + secrets.token_hex(8),
            "action": action,
            "credential_type": kind,
            "created_at": isoformat(now),
            "initiated_by": "partner",
            "partner_app_id": self.client_id,
            **who,
            "metadata": {},
        }
        if reason:
            event["reason"] = reason
        self.history.append(event)

    def page(self, kind: str | None, limit: int, offset: int) -> dict[str, Any]:
        events = [e for e in reversed(self.history) if kind is None or e["credential_type"] == kind]
        chosen = events[offset : offset + limit]
        return {
            "events": chosen,
            "pagination": {"count": len(chosen), "limit": limit, "offset": offset},
        }
