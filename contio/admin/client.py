"""PartnerAdmin: Contio's partner Sign-On, IdP configuration and credential endpoints,
blocking; a thin shell over the flows of `contio._core.admin` and `contio._core.sign_on`.
"""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, TypeVar

import httpx2

from contio._core.steps import Flow
from contio._io import SyncDriver
from contio._io.deadline import DeadlineTransport
from contio.admin._base import _AdminBase
from contio.admin_models import (
    CredentialHistory,
    CredentialRollback,
    CredentialRotation,
    CredentialStatus,
    DomainVerification,
    IdpConfig,
    SsoInfo,
    SsoInitiation,
    SsoSession,
)
from contio.secrets import SecretSource

__all__ = ["PartnerAdmin"]

T = TypeVar("T")
CredentialType = Literal["api_key", "client_secret", "webhook_secret"]
IdpMode = Literal["strict", "partner_managed"]


class PartnerAdmin(_AdminBase[httpx2.Client]):
    """Contio's identity administration for one partner app, blocking; safe to share between
    threads. Authenticated with the partner's API key; the same sender as `OAuthClient`
    (deadlines, read cap, no redirects, retries with backoff, errors by status, secrets
    redacted). Every mutation carries an Idempotency-Key (yours, or one made per call), so
    that its retries never do the work twice.
    """

    _http_type = httpx2.Client
    _driver: SyncDriver

    def _new_http_client(self) -> httpx2.Client:
        if urllib.request.getproxies():
            return httpx2.Client()
        return httpx2.Client(transport=DeadlineTransport())

    def _new_driver(self) -> SyncDriver:
        inline = self._owns_http and not urllib.request.getproxies()
        return SyncDriver(self._core, self._http, self._check_open, inline=inline)

    def _run(self, flow: Flow[T]) -> T:
        self._check_open()
        return self._driver.run(flow)

    def close(self) -> None:
        """Close the HTTP client if this client created it (`with` does it for you)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> PartnerAdmin:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- credentials -------------------------------------------------------------------------

    def get_credential_status(self) -> Mapping[str, CredentialStatus]:
        """Each credential's status (`api_key`, `client_secret`, `webhook_secret`): its age,
        last rotation and use, a grace period in progress, and the recommended action.

        Raises:
            AuthenticationError: The API key or client id was refused.
            ContioAPIError: Another error answer.
            ContioConnectionError: Contio could not be reached.
        """
        return self._run(self._core.admin.status())

    def list_credential_history(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        credential_type: CredentialType | None = None,
    ) -> CredentialHistory:
        """Past rotations and rollbacks, newest first (`limit` 1-100, default 20).

        Raises:
            ValueError: A limit, offset or credential type out of range.
            ContioAPIError: An error answer.
        """
        return self._run(self._core.admin.history(limit, offset, credential_type))

    def rotate_api_key(
        self,
        confirmation_token: str,
        *,
        grace_period_hours: int | None = None,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRotation:
        """Rotate the API key: the new one is answered once; the old one works until the
        grace period (`grace_period_hours`, 0-168, Contio's default 24) ends. This client goes
        on with the new key.

        Args:
            confirmation_token: Confirms the rotation is meant (kept in the audit history).
            grace_period_hours: How long the old key keeps working.
            reason: Why, for the audit history.
            idempotency_key: The key of this rotation (default: a new one); send a retry of
                the same rotation with the same key.
            publish_to: A secret source (`FileSecret`, `RedisSecret`) the fleet reads the key
                from: the new key is published there (the old one kept beside it).

        Raises:
            SecretPublishError: Rotated, but not published; its `result` holds the rotation.
            ContioAPIError: An error answer (a rotation in its grace period, too many rotations).
        """
        return self._run(
            self._core.admin.rotate(
                "api_key", confirmation_token, grace_period_hours, reason, idempotency_key,
                publish_to,
            )
        )  # fmt: skip

    def rotate_client_secret(
        self,
        confirmation_token: str,
        *,
        grace_period_hours: int | None = None,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRotation:
        """Rotate the OAuth client secret: the new one is answered once, and `publish_to`
        (the secret source every process reads it from) gets it, so that each moves to it
        within the source's `max_age`, before the old one stops working at the end of the
        grace period. The arguments and errors are `rotate_api_key`'s."""
        return self._run(
            self._core.admin.rotate(
                "client_secret", confirmation_token, grace_period_hours, reason,
                idempotency_key, publish_to,
            )
        )  # fmt: skip

    def rotate_webhook_secret(
        self,
        confirmation_token: str,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRotation:
        """Rotate the webhook signing secret, in force at once (no grace period, no rollback).
        The arguments and errors are `rotate_api_key`'s."""
        return self._run(
            self._core.admin.rotate(
                "webhook_secret", confirmation_token, None, reason, idempotency_key, publish_to
            )
        )

    def rollback_api_key(
        self,
        rollback_token: str,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRollback:
        """Make the API key before the last rotation current again, with the rotation's
        single-use `rollback_token` (valid about an hour). `publish_to`: the source the
        rotation published to, which gets the old value back.

        Raises:
            SecretPublishError: Rolled back, but the source was not restored.
            ContioAPIError: An error answer (a used or expired rollback token: 400).
        """
        return self._run(
            self._core.admin.rollback(
                "api_key", rollback_token, reason, idempotency_key, publish_to
            )
        )

    def rollback_client_secret(
        self,
        rollback_token: str,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRollback:
        """Make the client secret before the last rotation current again; as
        `rollback_api_key`."""
        return self._run(
            self._core.admin.rollback(
                "client_secret", rollback_token, reason, idempotency_key, publish_to
            )
        )

    # -- the IdP configuration and its domains ------------------------------------------------

    def get_idp_config(self) -> IdpConfig:
        """The partner's IdP configuration (its client secret is never returned).

        Raises:
            NotFoundError: None is configured.
        """
        return self._run(self._core.sign_on.get_idp())

    def create_idp_config(
        self,
        *,
        name: str,
        discovery_url: str,
        idp_client_id: str,
        idp_client_secret: str,
        mode: IdpMode,
        allowed_email_domains: Sequence[str] | None = None,
        claim_mappings: Mapping[str, str] | None = None,
        scopes: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> IdpConfig:
        """Configure the partner's OIDC identity provider for Sign-On (one per app).

        `discovery_url` must be https; public consumer providers are refused; `strict` mode
        needs `allowed_email_domains`, each verified first (`initiate_idp_domain_verification`).
        `idp_client_id` / `idp_client_secret` are the app's credentials at its identity
        provider, not its Contio ones.

        Raises:
            ValueError: A field Contio would refuse (not https, an unknown mode...).
            ContioAPIError: An error answer: `code` says which rule (`invalid_idp`,
                `domain_not_verified`, `idp_config_exists` (409)...).
        """
        fields = {
            "name": name, "discovery_url": discovery_url, "idp_client_id": idp_client_id,
            "idp_client_secret": idp_client_secret, "mode": mode,
            "allowed_email_domains": allowed_email_domains, "claim_mappings": claim_mappings,
            "scopes": scopes,
        }  # fmt: skip
        return self._run(self._core.sign_on.write_idp("create", fields, idempotency_key))

    def update_idp_config(self, *, idempotency_key: str | None = None, **fields: Any) -> IdpConfig:
        """Change the fields given (those of `create_idp_config`, and `is_active`), keeping
        the others.

        Raises:
            NotFoundError: None is configured.
            ContioAPIError: Another error answer.
        """
        return self._run(self._core.sign_on.write_idp("update", fields, idempotency_key))

    def replace_idp_config(self, *, idempotency_key: str | None = None, **fields: Any) -> IdpConfig:
        """Contio's deprecated PUT, which it treats as `update_idp_config`."""
        return self._run(self._core.sign_on.write_idp("replace", fields, idempotency_key))

    def delete_idp_config(self, *, idempotency_key: str | None = None) -> None:
        """Remove the IdP configuration; Sign-On stops until a new one is created.

        Raises:
            NotFoundError: None is configured.
        """
        self._run(self._core.sign_on.delete_idp(idempotency_key))

    def initiate_idp_domain_verification(
        self, domain: str, *, idempotency_key: str | None = None
    ) -> DomainVerification:
        """Start proving the partner owns an email domain: publish a DNS TXT record named
        `dns_record_name` with the value `dns_record_value`, then call
        `check_idp_domain_verification`.

        Raises:
            ValueError: Not a domain name.
            ContioAPIError: `invalid_domain`, `domain_is_generic`, `domain_reserved`.
        """
        return self._run(self._core.sign_on.domain("initiate", domain, idempotency_key))

    def get_idp_domain_verification(self, domain: str) -> DomainVerification:
        """A domain's verification as it stands (no DNS lookup)."""
        return self._run(self._core.sign_on.domain("get", domain, None))

    def check_idp_domain_verification(
        self, domain: str, *, idempotency_key: str | None = None
    ) -> DomainVerification:
        """Have Contio look the TXT record up: `status` is `verified` when it matches."""
        return self._run(self._core.sign_on.domain("check", domain, idempotency_key))

    # -- partner Sign-On (public: no API key needed) -------------------------------------------

    def get_sso_info(self, slug: str) -> SsoInfo:
        """A partner's Sign-On landing information: branding, and whether Sign-On is ready."""
        return self._run(self._core.sign_on.info(slug))

    def initiate_sso(self, slug: str, *, target: str | None = None) -> SsoInitiation:
        """Start a Sign-On: send the browser to `authorization_url`, then wait for
        `session_id` (`wait_for_sso_session`). `target`: `web`, `desktop`, `backlog` or
        `meeting:<id>`."""
        return self._run(self._core.sign_on.initiate(slug, target))

    def get_sso_session(self, session_id: str) -> SsoSession:
        """A Sign-On session's status: `pending`, `completed`, `failed` or `expired`."""
        return self._run(self._core.sign_on.session(session_id))

    def wait_for_sso_session(
        self,
        session_id: str,
        *,
        timeout: float = 300.0,
        cancel: threading.Event | None = None,
    ) -> SsoSession:
        """Poll a Sign-On session until it ends (every 1 s at first, backing off to 10 s).

        Args:
            session_id: What `initiate_sso` answered.
            timeout: The most seconds to wait (at most an hour).
            cancel: Set it (from another thread) to stop waiting at once.

        Returns:
            The session once `completed`, `failed` or `expired`; as last seen (`pending`)
            when `cancel` was set.

        Raises:
            ContioTimeoutError: It did not end within `timeout`.
        """
        return self._run(self._core.sign_on.wait(session_id, timeout, cancel))
