"""AsyncPartnerAdmin: PartnerAdmin for asyncio; the same methods, coroutines, driven by
`contio._io.awaited` over the same flows. (Their documentation is PartnerAdmin's.)
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

import httpx2

from contio._core.steps import Flow
from contio._io import AsyncDriver
from contio._io.aiohttp_session import AiohttpSession, aiohttp_available
from contio.admin._base import _AdminBase
from contio.admin.client import CredentialType, IdpMode, PartnerAdmin
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

__all__ = ["AsyncPartnerAdmin"]

T = TypeVar("T")


class AsyncPartnerAdmin(_AdminBase[httpx2.AsyncClient]):
    """`PartnerAdmin` for asyncio; safe to share between tasks of one event loop. Cancel a
    `wait_for_sso_session` by cancelling its task."""

    _http_type = httpx2.AsyncClient
    _driver: AsyncDriver

    def _new_http_client(self) -> Any:
        if aiohttp_available():
            return AiohttpSession()
        return httpx2.AsyncClient()

    def _new_driver(self) -> AsyncDriver:
        return AsyncDriver(self._core, self._http, self._check_open)

    async def _run(self, flow: Flow[T]) -> T:
        self._check_open()
        return await self._driver.run(flow)

    async def aclose(self) -> None:
        """Close the HTTP client if this client created it (`async with` does it for you)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncPartnerAdmin:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # -- credentials -------------------------------------------------------------------------

    async def get_credential_status(self) -> Mapping[str, CredentialStatus]:
        return await self._run(self._core.admin.status())

    async def list_credential_history(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        credential_type: CredentialType | None = None,
    ) -> CredentialHistory:
        return await self._run(self._core.admin.history(limit, offset, credential_type))

    async def rotate_api_key(
        self,
        confirmation_token: str,
        *,
        grace_period_hours: int | None = None,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRotation:
        return await self._run(
            self._core.admin.rotate(
                "api_key", confirmation_token, grace_period_hours, reason, idempotency_key,
                publish_to,
            )
        )  # fmt: skip

    async def rotate_client_secret(
        self,
        confirmation_token: str,
        *,
        grace_period_hours: int | None = None,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRotation:
        return await self._run(
            self._core.admin.rotate(
                "client_secret", confirmation_token, grace_period_hours, reason,
                idempotency_key, publish_to,
            )
        )  # fmt: skip

    async def rotate_webhook_secret(
        self,
        confirmation_token: str,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRotation:
        return await self._run(
            self._core.admin.rotate(
                "webhook_secret", confirmation_token, None, reason, idempotency_key, publish_to
            )
        )

    async def rollback_api_key(
        self,
        rollback_token: str,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRollback:
        return await self._run(
            self._core.admin.rollback(
                "api_key", rollback_token, reason, idempotency_key, publish_to
            )
        )

    async def rollback_client_secret(
        self,
        rollback_token: str,
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
        publish_to: SecretSource | None = None,
    ) -> CredentialRollback:
        return await self._run(
            self._core.admin.rollback(
                "client_secret", rollback_token, reason, idempotency_key, publish_to
            )
        )

    # -- the IdP configuration and its domains ------------------------------------------------

    async def get_idp_config(self) -> IdpConfig:
        return await self._run(self._core.sign_on.get_idp())

    async def create_idp_config(
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
        fields = {
            "name": name, "discovery_url": discovery_url, "idp_client_id": idp_client_id,
            "idp_client_secret": idp_client_secret, "mode": mode,
            "allowed_email_domains": allowed_email_domains, "claim_mappings": claim_mappings,
            "scopes": scopes,
        }  # fmt: skip
        return await self._run(self._core.sign_on.write_idp("create", fields, idempotency_key))

    async def update_idp_config(
        self, *, idempotency_key: str | None = None, **fields: Any
    ) -> IdpConfig:
        return await self._run(self._core.sign_on.write_idp("update", fields, idempotency_key))

    async def replace_idp_config(
        self, *, idempotency_key: str | None = None, **fields: Any
    ) -> IdpConfig:
        return await self._run(self._core.sign_on.write_idp("replace", fields, idempotency_key))

    async def delete_idp_config(self, *, idempotency_key: str | None = None) -> None:
        await self._run(self._core.sign_on.delete_idp(idempotency_key))

    async def initiate_idp_domain_verification(
        self, domain: str, *, idempotency_key: str | None = None
    ) -> DomainVerification:
        return await self._run(self._core.sign_on.domain("initiate", domain, idempotency_key))

    async def get_idp_domain_verification(self, domain: str) -> DomainVerification:
        return await self._run(self._core.sign_on.domain("get", domain, None))

    async def check_idp_domain_verification(
        self, domain: str, *, idempotency_key: str | None = None
    ) -> DomainVerification:
        return await self._run(self._core.sign_on.domain("check", domain, idempotency_key))

    # -- partner Sign-On (public: no API key needed) -------------------------------------------

    async def get_sso_info(self, slug: str) -> SsoInfo:
        return await self._run(self._core.sign_on.info(slug))

    async def initiate_sso(self, slug: str, *, target: str | None = None) -> SsoInitiation:
        return await self._run(self._core.sign_on.initiate(slug, target))

    async def get_sso_session(self, session_id: str) -> SsoSession:
        return await self._run(self._core.sign_on.session(session_id))

    async def wait_for_sso_session(
        self,
        session_id: str,
        *,
        timeout: float = 300.0,  # noqa: ASYNC109 - the polls' deadline, the blocking twin's
        cancel: threading.Event | None = None,
    ) -> SsoSession:
        return await self._run(self._core.sign_on.wait(session_id, timeout, cancel))


def _share_docs() -> None:
    """Each coroutine says what its PartnerAdmin twin says: written once."""
    for name, method in vars(PartnerAdmin).items():
        twin = vars(AsyncPartnerAdmin).get(name)
        if callable(method) and twin is not None and not twin.__doc__ and method.__doc__:
            twin.__doc__ = method.__doc__


_share_docs()
