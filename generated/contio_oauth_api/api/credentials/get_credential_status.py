from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_error import AdminError
from ...models.credential_status_map import CredentialStatusMap
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partner/admin/credentials",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AdminError | CredentialStatusMap | None:
    if response.status_code == 200:
        response_200 = CredentialStatusMap.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = AdminError.from_dict(response.json())

        return response_401

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
) -> Response[AdminError | CredentialStatusMap]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AdminError | CredentialStatusMap]:
    """The partner's credentials' status

     For each credential (`api_key`, `client_secret`, `webhook_secret`): its status, age,
    last rotation and use, the end of a grace period in progress, and what to do next.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | CredentialStatusMap]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> AdminError | CredentialStatusMap | None:
    """The partner's credentials' status

     For each credential (`api_key`, `client_secret`, `webhook_secret`): its status, age,
    last rotation and use, the end of a grace period in progress, and what to do next.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | CredentialStatusMap
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AdminError | CredentialStatusMap]:
    """The partner's credentials' status

     For each credential (`api_key`, `client_secret`, `webhook_secret`): its status, age,
    last rotation and use, the end of a grace period in progress, and what to do next.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | CredentialStatusMap]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> AdminError | CredentialStatusMap | None:
    """The partner's credentials' status

     For each credential (`api_key`, `client_secret`, `webhook_secret`): its status, age,
    last rotation and use, the end of a grace period in progress, and what to do next.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | CredentialStatusMap
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
