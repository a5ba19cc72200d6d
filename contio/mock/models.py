"""The records the mock keeps in memory: partners, workspaces, users, sessions, codes, tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TokenKind = Literal["access_token", "refresh_token"]

ROLE_OWNER = "WORKSPACE_OWNER"
ROLE_ADMIN = "WORKSPACE_ADMIN"
ROLE_MEMBER = "WORKSPACE_MEMBER"


@dataclass
class Partner:
    """A registered partner app (an OAuth client) and its public profile; its credentials
    live in `MockState.admin.credentials` (they rotate)."""

    client_id: str
    name: str
    company_name: str
    co_brand_name: str
    redirect_uris: tuple[str, ...]
    #: Its name in Sign-On URLs (`https://app.contio.ai/p/{slug}`).
    slug: str = ""


@dataclass
class Workspace:
    id: str
    name: str
    #: The partner whose users own it; only that partner may place users in it.
    owner_client_id: str


@dataclass
class User:
    id: str
    #: Lower-cased: users are found by email case-insensitively.
    email: str
    name: str | None
    workspace_id: str
    role: str
    email_verified: bool = False
    locale: str | None = "en-US"
    picture: str | None = None


@dataclass
class OutboxMessage:
    """A one-time code the mock "emailed"; tests read it through `GET /_mock/outbox`."""

    email: str
    code: str
    session: str
    sent_at: float


@dataclass
class LoginSession:
    """A passwordless sign-in in progress, from `/auth/initiate` to `/auth/verify`."""

    id: str
    client_id: str
    email: str
    code: str
    expires_at: float
    attempts_left: int
    active: bool = True


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    user_id: str
    code_challenge: str | None
    code_challenge_method: str | None
    expires_at: float
    #: When the user signed in (`auth_time` of the ID token, OIDC Core §2).
    auth_time: float
    #: The authorization request's OIDC `nonce`, for the ID token of the exchange.
    nonce: str | None = None
    used: bool = False
    #: The grant its tokens belong to, once exchanged: reuse of the code revokes it.
    grant_id: str | None = None


@dataclass
class Grant:
    """One authorization (a token "family"): every token descended from one code or request."""

    id: str
    client_id: str
    user_id: str | None
    #: The scopes originally granted; a refresh may narrow them, never widen them.
    scopes: tuple[str, ...]
    #: When the user signed in; every ID token of the grant keeps it (OIDC Core §12.2).
    auth_time: float | None = None
    tokens: list[str] = field(default_factory=list)
    revoked: bool = False


@dataclass
class Token:
    value: str
    kind: TokenKind
    client_id: str
    user_id: str | None
    scopes: tuple[str, ...]
    issued_at: float
    expires_at: float
    grant_id: str
    revoked: bool = False
    #: A refresh token that was exchanged (rotated out); presenting it again is reuse.
    rotated: bool = False

    def is_active(self, now: float) -> bool:
        return not self.revoked and not self.rotated and now < self.expires_at
