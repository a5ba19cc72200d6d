from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_error import AdminError
from ...models.idp_config import IdpConfig
from ...models.update_idp_config_request import UpdateIdpConfigRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: UpdateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/partner/admin/idp",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AdminError | IdpConfig | None:
    if response.status_code == 200:
        response_200 = IdpConfig.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = AdminError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = AdminError.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = AdminError.from_dict(response.json())

        return response_404

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
    body: UpdateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | IdpConfig]:
    """Change the partner's IdP configuration

     Changes the fields given and keeps the others, with the rules of `createIdpConfig`;
    `is_active: false` pauses Sign-On without losing the configuration.

    Args:
        idempotency_key (str | Unset):
        body (UpdateIdpConfigRequest): The fields of the configuration to change; those left out
            stay as they are. Example: {'is_active': False}.

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
    body: UpdateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | IdpConfig | None:
    """Change the partner's IdP configuration

     Changes the fields given and keeps the others, with the rules of `createIdpConfig`;
    `is_active: false` pauses Sign-On without losing the configuration.

    Args:
        idempotency_key (str | Unset):
        body (UpdateIdpConfigRequest): The fields of the configuration to change; those left out
            stay as they are. Example: {'is_active': False}.

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
    body: UpdateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | IdpConfig]:
    """Change the partner's IdP configuration

     Changes the fields given and keeps the others, with the rules of `createIdpConfig`;
    `is_active: false` pauses Sign-On without losing the configuration.

    Args:
        idempotency_key (str | Unset):
        body (UpdateIdpConfigRequest): The fields of the configuration to change; those left out
            stay as they are. Example: {'is_active': False}.

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
    body: UpdateIdpConfigRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | IdpConfig | None:
    """Change the partner's IdP configuration

     Changes the fields given and keeps the others, with the rules of `createIdpConfig`;
    `is_active: false` pauses Sign-On without losing the configuration.

    Args:
        idempotency_key (str | Unset):
        body (UpdateIdpConfigRequest): The fields of the configuration to change; those left out
            stay as they are. Example: {'is_active': False}.

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
