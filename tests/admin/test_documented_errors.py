"""Every documented error status of every identity-administration call, as the spec lists
them, reaches the app as the error of its status, with Contio's code and request id, through
both clients (the mock answers each status when told to: `/_mock/faults`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from contio import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ContioAPIError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from contio.testing import ContioMock
from tests.admin.conftest import Admin, close_admin, open_admin
from tests.spec_facts import IDENTITY_ADMIN

SPEC: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "openapi" / "contio-oauth.yaml").read_text("utf-8")
)
OKTA = {
    "name": "Okta",
    "discovery_url": "https://acme.okta.com/.well-known/openid-configuration",
    "idp_client_id": "0oa1",
    "idp_client_secret": "s",
    "mode": "partner_managed",
}
#: Each operation as the app calls it (the callback is the identity provider's, not the app's).
CALLS: dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]] = {
    "getSsoInfo": ("get_sso_info", ("demo",), {}),
    "initiateSso": ("initiate_sso", ("demo",), {}),
    "getSsoSession": ("get_sso_session", ("sess_0123456789abcdef",), {}),
    "getIdpConfig": ("get_idp_config", (), {}),
    "createIdpConfig": ("create_idp_config", (), OKTA),
    "replaceIdpConfig": ("replace_idp_config", (), {"name": "x"}),
    "updateIdpConfig": ("update_idp_config", (), {"name": "x"}),
    "deleteIdpConfig": ("delete_idp_config", (), {}),
    "getIdpDomainVerification": ("get_idp_domain_verification", ("acme.com",), {}),
    "initiateIdpDomainVerification": ("initiate_idp_domain_verification", ("acme.com",), {}),
    "checkIdpDomainVerification": ("check_idp_domain_verification", ("acme.com",), {}),
    "getCredentialStatus": ("get_credential_status", (), {}),
    "listCredentialHistory": ("list_credential_history", (), {}),
    "rotateApiKey": ("rotate_api_key", ("confirm",), {}),
    "rollbackApiKey": ("rollback_api_key", ("rbk_token",), {}),
    "rotateClientSecret": ("rotate_client_secret", ("confirm",), {}),
    "rollbackClientSecret": ("rollback_client_secret", ("rbk_token",), {}),
    "rotateWebhookSecret": ("rotate_webhook_secret", ("confirm",), {}),
}
ERRORS: dict[int, type[ContioAPIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
    500: InternalServerError,
}


def documented() -> list[Any]:
    cases = []
    for item in SPEC["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or operation.get("operationId") not in CALLS:
                continue
            for status in operation["responses"]:
                if status[0] in "45":
                    name = operation["operationId"]
                    cases.append(pytest.param(name, int(status), id=f"{name}-{status}"))
    return cases


def test_every_call_of_the_app_is_here() -> None:
    assert set(CALLS) == IDENTITY_ADMIN - {"verifySsoCallback"}
    assert len(documented()) > 80


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(("operation", "status"), documented())
async def test_each_documented_error(
    mock: ContioMock, kind: str, operation: str, status: int
) -> None:
    admin: Admin = await open_admin(kind, mock, max_retries=0)
    method, args, kwargs = CALLS[operation]
    mock.fault(operation, status=status)
    try:
        with pytest.raises(ERRORS[status]) as caught:
            await getattr(admin, method)(*args, **kwargs)
    finally:
        await close_admin(admin)
    error = caught.value
    assert error.status_code == status
    assert error.code
    assert error.request_id
    assert mock.api_key not in str(error) + repr(error)
    if status == 429:
        assert error.retry_after == 1
