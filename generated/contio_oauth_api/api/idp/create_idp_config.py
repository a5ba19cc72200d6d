from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_error import AdminError
from ...models.create_idp_config_request import CreateIdpConfigRequest
from ...models.idp_config import IdpConfig
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/partner/admin/idp",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AdminError | IdpConfig | None:
    if response.status_code == 201:
        response_201 = IdpConfig.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = AdminError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = AdminError.from_dict(response.json())

        return response_401

    if response.status_code == 409:
        response_409 = AdminError.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = AdminError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = AdminError.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[AdminError | IdpConfig]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | IdpConfig]:
    """Configure the partner's IdP

     Configures the partner app's OIDC identity provider (one per app). Contio reads the
    provider's discovery document; `discovery_url` must be https, and public consumer
    providers (Google, Microsoft consumer accounts, Zoho) are refused. In `strict` mode only
    users of `allowed_email_domains` may sign in, and each domain must be verified first
    (`initiateIdpDomainVerification`). `idp_client_id` and `idp_client_secret` are the
    credentials of the partner's application at its identity provider, not its Contio ones.

    Args:
        idempotency_key (str | Unset):
        body (CreateIdpConfigRequest): A new IdP configuration. `idp_client_id` /
            `idp_client_secret` are the partner's
            application at its identity provider (not its Contio credentials).
             Example: {'name': 'Okta SSO', 'discovery_url': 'https://company.okta.com/.well-
            known/openid-configuration', 'idp_client_id': '0oa1234567890abcdef', 'idp_client_secret':
            'IdP-secret-from-okta', 'mode': 'strict', 'allowed_email_domains': ['company.com']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | IdpConfig]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CreateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | IdpConfig | None:
    """Configure the partner's IdP

     Configures the partner app's OIDC identity provider (one per app). Contio reads the
    provider's discovery document; `discovery_url` must be https, and public consumer
    providers (Google, Microsoft consumer accounts, Zoho) are refused. In `strict` mode only
    users of `allowed_email_domains` may sign in, and each domain must be verified first
    (`initiateIdpDomainVerification`). `idp_client_id` and `idp_client_secret` are the
    credentials of the partner's application at its identity provider, not its Contio ones.

    Args:
        idempotency_key (str | Unset):
        body (CreateIdpConfigRequest): A new IdP configuration. `idp_client_id` /
            `idp_client_secret` are the partner's
            application at its identity provider (not its Contio credentials).
             Example: {'name': 'Okta SSO', 'discovery_url': 'https://company.okta.com/.well-
            known/openid-configuration', 'idp_client_id': '0oa1234567890abcdef', 'idp_client_secret':
            'IdP-secret-from-okta', 'mode': 'strict', 'allowed_email_domains': ['company.com']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | IdpConfig
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | IdpConfig]:
    """Configure the partner's IdP

     Configures the partner app's OIDC identity provider (one per app). Contio reads the
    provider's discovery document; `discovery_url` must be https, and public consumer
    providers (Google, Microsoft consumer accounts, Zoho) are refused. In `strict` mode only
    users of `allowed_email_domains` may sign in, and each domain must be verified first
    (`initiateIdpDomainVerification`). `idp_client_id` and `idp_client_secret` are the
    credentials of the partner's application at its identity provider, not its Contio ones.

    Args:
        idempotency_key (str | Unset):
        body (CreateIdpConfigRequest): A new IdP configuration. `idp_client_id` /
            `idp_client_secret` are the partner's
            application at its identity provider (not its Contio credentials).
             Example: {'name': 'Okta SSO', 'discovery_url': 'https://company.okta.com/.well-
            known/openid-configuration', 'idp_client_id': '0oa1234567890abcdef', 'idp_client_secret':
            'IdP-secret-from-okta', 'mode': 'strict', 'allowed_email_domains': ['company.com']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | IdpConfig]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | IdpConfig | None:
    """Configure the partner's IdP

     Configures the partner app's OIDC identity provider (one per app). Contio reads the
    provider's discovery document; `discovery_url` must be https, and public consumer
    providers (Google, Microsoft consumer accounts, Zoho) are refused. In `strict` mode only
    users of `allowed_email_domains` may sign in, and each domain must be verified first
    (`initiateIdpDomainVerification`). `idp_client_id` and `idp_client_secret` are the
    credentials of the partner's application at its identity provider, not its Contio ones.

    Args:
        idempotency_key (str | Unset):
        body (CreateIdpConfigRequest): A new IdP configuration. `idp_client_id` /
            `idp_client_secret` are the partner's
            application at its identity provider (not its Contio credentials).
             Example: {'name': 'Okta SSO', 'discovery_url': 'https://company.okta.com/.well-
            known/openid-configuration', 'idp_client_id': '0oa1234567890abcdef', 'idp_client_secret':
            'IdP-secret-from-okta', 'mode': 'strict', 'allowed_email_domains': ['company.com']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | IdpConfig
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
