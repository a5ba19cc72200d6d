"""Contio's identity administration: partner Sign-On, the IdP configuration and its email
domains, and the partner's credentials (status, history, rotation and rollback).

    from contio.admin import PartnerAdmin

    with PartnerAdmin("demo-client", api_key="demo-api-key", base_url=mock_url) as admin:
        print(admin.get_credential_status()["client_secret"].recommended_action)

`AsyncPartnerAdmin` is the same for asyncio. `build_sso_entry_url` makes the Sign-On link.
"""

from contio.admin.async_client import AsyncPartnerAdmin
from contio.admin.client import PartnerAdmin
from contio.admin.entry import DEFAULT_APP_URL, build_sso_entry_url
from contio.admin_models import (
    CredentialEvent,
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

__all__ = [
    "DEFAULT_APP_URL",
    "AsyncPartnerAdmin",
    "CredentialEvent",
    "CredentialHistory",
    "CredentialRollback",
    "CredentialRotation",
    "CredentialStatus",
    "DomainVerification",
    "IdpConfig",
    "PartnerAdmin",
    "SsoInfo",
    "SsoInitiation",
    "SsoSession",
    "build_sso_entry_url",
]
