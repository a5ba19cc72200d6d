from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_error import AdminError
from ...models.credential_history import CredentialHistory
from ...models.credential_type import CredentialType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    credential_type: CredentialType | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    json_credential_type: str | Unset = UNSET
    if not isinstance(credential_type, Unset):
        json_credential_type = credential_type

    params["credential_type"] = json_credential_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partner/admin/credentials/history",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AdminError | CredentialHistory | None:
    if response.status_code == 200:
        response_200 = CredentialHistory.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = AdminError.from_dict(response.json())

        return response_400

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
) -> Response[AdminError | CredentialHistory]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    credential_type: CredentialType | Unset = UNSET,
) -> Response[AdminError | CredentialHistory]:
    """The credentials' audit history

     Past rotations and rollbacks, newest first.

    Args:
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.
        credential_type (CredentialType | Unset): A partner credential. Example: client_secret.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | CredentialHistory]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        credential_type=credential_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    credential_type: CredentialType | Unset = UNSET,
) -> AdminError | CredentialHistory | None:
    """The credentials' audit history

     Past rotations and rollbacks, newest first.

    Args:
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.
        credential_type (CredentialType | Unset): A partner credential. Example: client_secret.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | CredentialHistory
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
        credential_type=credential_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    credential_type: CredentialType | Unset = UNSET,
) -> Response[AdminError | CredentialHistory]:
    """The credentials' audit history

     Past rotations and rollbacks, newest first.

    Args:
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.
        credential_type (CredentialType | Unset): A partner credential. Example: client_secret.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | CredentialHistory]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        credential_type=credential_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
    credential_type: CredentialType | Unset = UNSET,
) -> AdminError | CredentialHistory | None:
    """The credentials' audit history

     Past rotations and rollbacks, newest first.

    Args:
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.
        credential_type (CredentialType | Unset): A partner credential. Example: client_secret.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | CredentialHistory
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
            credential_type=credential_type,
        )
    ).parsed
