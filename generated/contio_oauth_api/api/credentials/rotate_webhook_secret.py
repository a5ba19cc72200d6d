from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_error import AdminError
from ...models.credential_rotation import CredentialRotation
from ...models.credential_rotation_request import CredentialRotationRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CredentialRotationRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/partner/admin/credentials/webhook-secret/rotate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AdminError | CredentialRotation | None:
    if response.status_code == 200:
        response_200 = CredentialRotation.from_dict(response.json())

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
) -> Response[AdminError | CredentialRotation]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CredentialRotationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | CredentialRotation]:
    """Rotate the webhook signing secret

     A new webhook signing secret, answered once, in force at once: webhooks sent from now
    on are signed with it (`grace_period_ends_at` is the time of the rotation, and
    `grace_period_hours` is ignored). It has no rollback.

    Args:
        idempotency_key (str | Unset):
        body (CredentialRotationRequest): A rotation. `confirmation_token` confirms it is meant
            (any text the operator chooses,
            kept in the audit history); `grace_period_hours` (0-168, default 24) is how long the old
            value keeps working (the webhook secret has none).
             Example: {'confirmation_token': 'confirm-rotation-2026-01-05', 'grace_period_hours': 48}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | CredentialRotation]
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
    body: CredentialRotationRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | CredentialRotation | None:
    """Rotate the webhook signing secret

     A new webhook signing secret, answered once, in force at once: webhooks sent from now
    on are signed with it (`grace_period_ends_at` is the time of the rotation, and
    `grace_period_hours` is ignored). It has no rollback.

    Args:
        idempotency_key (str | Unset):
        body (CredentialRotationRequest): A rotation. `confirmation_token` confirms it is meant
            (any text the operator chooses,
            kept in the audit history); `grace_period_hours` (0-168, default 24) is how long the old
            value keeps working (the webhook secret has none).
             Example: {'confirmation_token': 'confirm-rotation-2026-01-05', 'grace_period_hours': 48}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | CredentialRotation
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CredentialRotationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | CredentialRotation]:
    """Rotate the webhook signing secret

     A new webhook signing secret, answered once, in force at once: webhooks sent from now
    on are signed with it (`grace_period_ends_at` is the time of the rotation, and
    `grace_period_hours` is ignored). It has no rollback.

    Args:
        idempotency_key (str | Unset):
        body (CredentialRotationRequest): A rotation. `confirmation_token` confirms it is meant
            (any text the operator chooses,
            kept in the audit history); `grace_period_hours` (0-168, default 24) is how long the old
            value keeps working (the webhook secret has none).
             Example: {'confirmation_token': 'confirm-rotation-2026-01-05', 'grace_period_hours': 48}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | CredentialRotation]
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
    body: CredentialRotationRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | CredentialRotation | None:
    """Rotate the webhook signing secret

     A new webhook signing secret, answered once, in force at once: webhooks sent from now
    on are signed with it (`grace_period_ends_at` is the time of the rotation, and
    `grace_period_hours` is ignored). It has no rollback.

    Args:
        idempotency_key (str | Unset):
        body (CredentialRotationRequest): A rotation. `confirmation_token` confirms it is meant
            (any text the operator chooses,
            kept in the audit history); `grace_period_hours` (0-168, default 24) is how long the old
            value keeps working (the webhook secret has none).
             Example: {'confirmation_token': 'confirm-rotation-2026-01-05', 'grace_period_hours': 48}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | CredentialRotation
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
