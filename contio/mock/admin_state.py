"""What the identity-administration paths keep per partner app: credentials, the IdP
configuration, domain verifications (and the DNS records the control API publishes), Sign-On
sessions and idempotency keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contio.mock.credential_state import CredentialSet
from contio.mock.idempotency import IdempotencyStore


@dataclass
class IdpRecord:
    """A partner's IdP configuration: its answer's fields, and the secret never answered."""

    config: dict[str, Any]
    secret: str


@dataclass
class DomainRecord:
    domain: str
    token: str
    status: str  # pending, verified
    expires_at: float | None
    verified_at: float | None = None


@dataclass
class SsoSessionRecord:
    id: str
    client_id: str
    state: str
    target: str | None
    expires_at: float
    status: str = "pending"
    user_id: str | None = None
    error: str | None = None


class AdminState:
    """Cleared in place by `reset()` so that references hold."""

    def __init__(self) -> None:
        self.credentials: dict[str, CredentialSet] = {}
        self.idp: dict[str, IdpRecord] = {}
        #: (client id, domain) -> its verification
        self.domains: dict[tuple[str, str], DomainRecord] = {}
        #: TXT records published through the control API: name -> values
        self.dns: dict[str, set[str]] = {}
        self.sso_sessions: dict[str, SsoSessionRecord] = {}
        self.idempotency = IdempotencyStore()

    def reset(self) -> None:
        for container in (self.credentials, self.idp, self.domains, self.dns, self.sso_sessions):
            container.clear()
        self.idempotency.clear()
