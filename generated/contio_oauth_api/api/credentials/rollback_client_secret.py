from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_error import AdminError
from ...models.credential_rollback import CredentialRollback
from ...models.credential_rollback_request import CredentialRollbackRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CredentialRollbackRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/partner/admin/credentials/client-secret/rollback",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AdminError | CredentialRollback | None:
    if response.status_code == 200:
        response_200 = CredentialRollback.from_dict(response.json())

        return response_200

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
) -> Response[AdminError | CredentialRollback]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CredentialRollbackRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | CredentialRollback]:
    """Restore the client secret a rotation replaced

     Makes the secret before the last rotation the current one again, with its rotation's
    single-use `rollback_token`, before the token expires. The rotated-to secret keeps
    working until the grace period ends.

    Args:
        idempotency_key (str | Unset):
        body (CredentialRollbackRequest): A rollback of the last rotation. Example:
            {'rollback_token': 'rbk_7d2e9f1a3c5b7d9e1f3a5c7e9b1d3f5a'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | CredentialRollback]
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
    body: CredentialRollbackRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | CredentialRollback | None:
    """Restore the client secret a rotation replaced

     Makes the secret before the last rotation the current one again, with its rotation's
    single-use `rollback_token`, before the token expires. The rotated-to secret keeps
    working until the grace period ends.

    Args:
        idempotency_key (str | Unset):
        body (CredentialRollbackRequest): A rollback of the last rotation. Example:
            {'rollback_token': 'rbk_7d2e9f1a3c5b7d9e1f3a5c7e9b1d3f5a'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | CredentialRollback
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CredentialRollbackRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | CredentialRollback]:
    """Restore the client secret a rotation replaced

     Makes the secret before the last rotation the current one again, with its rotation's
    single-use `rollback_token`, before the token expires. The rotated-to secret keeps
    working until the grace period ends.

    Args:
        idempotency_key (str | Unset):
        body (CredentialRollbackRequest): A rollback of the last rotation. Example:
            {'rollback_token': 'rbk_7d2e9f1a3c5b7d9e1f3a5c7e9b1d3f5a'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | CredentialRollback]
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
    body: CredentialRollbackRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | CredentialRollback | None:
    """Restore the client secret a rotation replaced

     Makes the secret before the last rotation the current one again, with its rotation's
    single-use `rollback_token`, before the token expires. The rotated-to secret keeps
    working until the grace period ends.

    Args:
        idempotency_key (str | Unset):
        body (CredentialRollbackRequest): A rollback of the last rotation. Example:
            {'rollback_token': 'rbk_7d2e9f1a3c5b7d9e1f3a5c7e9b1d3f5a'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | CredentialRollback
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
