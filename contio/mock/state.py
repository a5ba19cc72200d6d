"""All of one mock's state, in memory, with the small operations the endpoints share.

The app runs on a single event loop and no handler awaits between reading and writing
state, so plain dicts are enough: no locks.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable

from contio.mock.admin_state import AdminState
from contio.mock.clock import MockClock
from contio.mock.config import (
    DEMO_WORKSPACE_ID,
    EXISTING_USER_EMAIL,
    EXISTING_USER_ID,
    EXISTING_USER_NAME,
    EXISTING_USER_WORKSPACE_ID,
    OTHER_API_KEY,
    OTHER_CLIENT_ID,
    OTHER_CLIENT_SECRET,
    OTHER_PARTNER_NAME,
    OTHER_REDIRECT_URIS,
    OTHER_SLUG,
    OTHER_WORKSPACE_ID,
    MockConfig,
)
from contio.mock.credential_state import CredentialSet
from contio.mock.faults import FaultInjector
from contio.mock.keys import KeyRing
from contio.mock.models import (
    ROLE_OWNER,
    AuthorizationCode,
    Grant,
    LoginSession,
    OutboxMessage,
    Partner,
    Token,
    TokenKind,
    User,
    Workspace,
)
from contio.mock.ratelimit import RateLimiter

ACCESS_TOKEN_PREFIX = "cto_at_v1_"
REFRESH_TOKEN_PREFIX = "cto_rt_v1_"


class MockState:
    """The mock's data, clock, counters and faults; `reset()` returns it to the seeded start."""

    def __init__(self, config: MockConfig) -> None:
        self.config = config
        self.clock = MockClock()
        self.faults = FaultInjector()
        self.keys = KeyRing()
        self.rate_limiter: RateLimiter | None = (
            RateLimiter(config.rate_limit, config.rate_limit_window)
            if config.rate_limit is not None
            else None
        )
        self.stats: dict[str, int] = {}
        self.partners: dict[str, Partner] = {}
        self.workspaces: dict[str, Workspace] = {}
        self.users_by_email: dict[str, User] = {}
        self.users_by_id: dict[str, User] = {}
        self.sessions: dict[str, LoginSession] = {}
        self.outbox: list[OutboxMessage] = []
        #: (user id, client id) -> end of the sign-in
        self.signins: dict[tuple[str, str], float] = {}
        #: (user id, client id) -> when the user last signed in (an ID token's `auth_time`)
        self.auth_times: dict[tuple[str, str], float] = {}
        #: (user id, client id) -> scopes the user consented to for that client
        self.consents: dict[tuple[str, str], set[str]] = {}
        self.codes: dict[str, AuthorizationCode] = {}
        self.grants: dict[str, Grant] = {}
        self.tokens: dict[str, Token] = {}
        #: Credentials, IdP configuration, domains, Sign-On sessions, idempotency keys.
        self.admin = AdminState()
        self.reset()

    # -- lifecycle -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget everything that happened; containers are cleared in place so references hold."""
        self.clock.reset()
        self.faults.clear()
        self.keys.reset()
        if self.rate_limiter is not None:
            self.rate_limiter.reset()
        for container in (
            self.stats,
            self.partners,
            self.workspaces,
            self.users_by_email,
            self.users_by_id,
            self.sessions,
            self.signins,
            self.auth_times,
            self.consents,
            self.codes,
            self.grants,
            self.tokens,
        ):
            container.clear()
        self.outbox.clear()
        self._seed()

    def _seed(self) -> None:
        config = self.config
        self.partners[config.client_id] = Partner(
            client_id=config.client_id,
            name=config.partner_name,
            company_name=config.company_name,
            co_brand_name=config.co_brand_name,
            redirect_uris=config.all_redirect_uris,
            slug=config.slug,
        )
        self.partners[OTHER_CLIENT_ID] = Partner(
            client_id=OTHER_CLIENT_ID,
            name=OTHER_PARTNER_NAME,
            company_name="Other Partner Ltd.",
            co_brand_name="Other Partner",
            redirect_uris=OTHER_REDIRECT_URIS,
            slug=OTHER_SLUG,
        )
        self.reset_admin()
        for workspace in (
            Workspace(DEMO_WORKSPACE_ID, "Demo Shared Workspace", config.client_id),
            Workspace(OTHER_WORKSPACE_ID, "Other Partner Workspace", OTHER_CLIENT_ID),
            Workspace(EXISTING_USER_WORKSPACE_ID, "Existing User's Workspace", config.client_id),
        ):
            self.workspaces[workspace.id] = workspace
        self._add_user(
            User(
                id=EXISTING_USER_ID,
                email=EXISTING_USER_EMAIL,
                name=EXISTING_USER_NAME,
                workspace_id=EXISTING_USER_WORKSPACE_ID,
                role=ROLE_OWNER,
                email_verified=True,
            )
        )

    def reset_admin(self) -> None:
        """The identity administration as seeded: each partner's credentials as configured,
        no IdP configuration, domain, Sign-On session or idempotency key."""
        self.admin.reset()
        now = self.now()
        for client_id, api_key, secret in (
            (self.config.client_id, self.config.api_key, self.config.client_secret),
            (OTHER_CLIENT_ID, OTHER_API_KEY, OTHER_CLIENT_SECRET),
        ):
            seeded = CredentialSet.seeded(client_id, api_key, secret, now)
            self.admin.credentials[client_id] = seeded

    def now(self) -> float:
        return self.clock.now()

    def count(self, key: str) -> None:
        self.stats[key] = self.stats.get(key, 0) + 1

    # -- users and workspaces ----------------------------------------------------------------

    def _add_user(self, user: User) -> User:
        self.users_by_email[user.email] = user
        self.users_by_id[user.id] = user
        return user

    def find_user(self, email: str) -> User | None:
        return self.users_by_email.get(email.lower())

    def provision_user(
        self, email: str, name: str | None, *, workspace_id: str | None, role: str, client_id: str
    ) -> User:
        """Create a user in `workspace_id`, or in a new personal workspace of their own."""
        if workspace_id is None:
            workspace = Workspace(
                str(uuid.uuid4()), f"{name or email}'s workspace", owner_client_id=client_id
            )
            self.workspaces[workspace.id] = workspace
            workspace_id, role = workspace.id, ROLE_OWNER
        return self._add_user(
            User(
                id=str(uuid.uuid4()),
                email=email.lower(),
                name=name,
                workspace_id=workspace_id,
                role=role,
            )
        )

    # -- passwordless sign-in ----------------------------------------------------------------

    def start_login(self, client_id: str, email: str) -> LoginSession:
        """Open a sign-in session and "email" its six-digit code to the outbox."""
        now = self.now()
        session = LoginSession(
            id=secrets.token_urlsafe(32),
            client_id=client_id,
            email=email.lower(),
            code=f"{secrets.randbelow(1_000_000):06d}",
            expires_at=now + self.config.login_session_lifetime,
            attempts_left=self.config.login_max_attempts,
        )
        self.sessions[session.id] = session
        self.outbox.append(OutboxMessage(session.email, session.code, session.id, now))
        return session

    def sign_in(self, user: User, client_id: str) -> None:
        user.email_verified = True
        now = self.now()
        self.signins[(user.id, client_id)] = now + self.config.signin_lifetime
        self.auth_times[(user.id, client_id)] = now

    def is_signed_in(self, user: User, client_id: str) -> bool:
        until = self.signins.get((user.id, client_id))
        return until is not None and self.now() < until

    def has_consent(self, user: User, client_id: str, scopes: Iterable[str]) -> bool:
        granted = self.consents.get((user.id, client_id))
        return granted is not None and granted.issuperset(scopes)

    def record_consent(self, user: User, client_id: str, scopes: Iterable[str]) -> None:
        self.consents.setdefault((user.id, client_id), set()).update(scopes)

    # -- authorization codes -----------------------------------------------------------------

    def issue_code(
        self,
        *,
        client_id: str,
        redirect_uri: str,
        scopes: tuple[str, ...],
        user: User,
        code_challenge: str | None,
        code_challenge_method: str | None,
        nonce: str | None = None,
    ) -> AuthorizationCode:
        now = self.now()
        code = AuthorizationCode(
            code=secrets.token_urlsafe(32),
            client_id=client_id,
            redirect_uri=redirect_uri,
            scopes=scopes,
            user_id=user.id,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            expires_at=now + self.config.code_lifetime,
            auth_time=self.auth_times.get((user.id, client_id), now),
            nonce=nonce,
        )
        self.codes[code.code] = code
        return code

    # -- grants and tokens -------------------------------------------------------------------

    def new_grant(
        self,
        client_id: str,
        user_id: str | None,
        scopes: tuple[str, ...],
        auth_time: float | None = None,
    ) -> Grant:
        grant = Grant(
            id=secrets.token_hex(16),
            client_id=client_id,
            user_id=user_id,
            scopes=scopes,
            auth_time=auth_time,
        )
        self.grants[grant.id] = grant
        return grant

    def issue_token(self, grant: Grant, kind: TokenKind, scopes: tuple[str, ...]) -> Token:
        now = self.now()
        if kind == "access_token":
            value = ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
            lifetime = self.config.access_token_lifetime
        else:
            value = REFRESH_TOKEN_PREFIX + secrets.token_urlsafe(32)
            lifetime = self.config.refresh_token_lifetime
        token = Token(
            value=value,
            kind=kind,
            client_id=grant.client_id,
            user_id=grant.user_id,
            scopes=scopes,
            issued_at=now,
            expires_at=now + lifetime,
            grant_id=grant.id,
        )
        self.tokens[value] = token
        grant.tokens.append(value)
        return token

    def active_token(self, value: str) -> Token | None:
        """The token if it is live now: known, not expired, not revoked, not rotated out."""
        token = self.tokens.get(value)
        if token is None or not token.is_active(self.now()):
            return None
        return token

    def revoke_grant(self, grant_id: str) -> None:
        """Revoke every token of one grant (a refresh token's whole family)."""
        grant = self.grants.get(grant_id)
        if grant is None:
            return
        grant.revoked = True
        for value in grant.tokens:
            token = self.tokens.get(value)
            if token is not None:
                token.revoked = True
