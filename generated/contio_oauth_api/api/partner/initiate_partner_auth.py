from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.initiate_partner_auth_request import InitiatePartnerAuthRequest
from ...models.o_auth_error import OAuthError
from ...models.partner_auth_challenge import PartnerAuthChallenge
from ...models.partner_error import PartnerError
from ...types import Response


def _get_kwargs(
    *,
    body: InitiatePartnerAuthRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/auth/initiate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | OAuthError | PartnerAuthChallenge | PartnerError | None:
    if response.status_code == 200:
        response_200 = PartnerAuthChallenge.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = PartnerError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OAuthError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = PartnerError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = PartnerError.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = PartnerError.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = OAuthError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ApiError.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[ApiError | OAuthError | PartnerAuthChallenge | PartnerError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: InitiatePartnerAuthRequest,
) -> Response[ApiError | OAuthError | PartnerAuthChallenge | PartnerError]:
    """Start passwordless sign-in

     Starts the passwordless sign-in of a user on behalf of the partner app: finds the user by
    email or provisions a new one (`user_provisioned`), and emails a one-time code. With
    `workspace_id` a new user joins that shared workspace (as admin when `is_admin`);
    without it a personal workspace is created.

    Workspace errors carry a `code`: `workspace_not_found` (the SDK's documentation says 400,
    the API answers 404: key on `code`), `workspace_not_authorized` (403: the workspace is
    not owned by a user of the same partner), `workspace_conflict` (409: the user already
    belongs to another workspace, named by `workspace_id`). A malformed `workspace_id` is a
    400 `validation_error`.

    Args:
        body (InitiatePartnerAuthRequest): Who signs in, and optionally which shared workspace a
            new user joins. Example: {'client_id': 'demo-client', 'email': 'ada@example.com'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | PartnerAuthChallenge | PartnerError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: InitiatePartnerAuthRequest,
) -> ApiError | OAuthError | PartnerAuthChallenge | PartnerError | None:
    """Start passwordless sign-in

     Starts the passwordless sign-in of a user on behalf of the partner app: finds the user by
    email or provisions a new one (`user_provisioned`), and emails a one-time code. With
    `workspace_id` a new user joins that shared workspace (as admin when `is_admin`);
    without it a personal workspace is created.

    Workspace errors carry a `code`: `workspace_not_found` (the SDK's documentation says 400,
    the API answers 404: key on `code`), `workspace_not_authorized` (403: the workspace is
    not owned by a user of the same partner), `workspace_conflict` (409: the user already
    belongs to another workspace, named by `workspace_id`). A malformed `workspace_id` is a
    400 `validation_error`.

    Args:
        body (InitiatePartnerAuthRequest): Who signs in, and optionally which shared workspace a
            new user joins. Example: {'client_id': 'demo-client', 'email': 'ada@example.com'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | PartnerAuthChallenge | PartnerError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: InitiatePartnerAuthRequest,
) -> Response[ApiError | OAuthError | PartnerAuthChallenge | PartnerError]:
    """Start passwordless sign-in

     Starts the passwordless sign-in of a user on behalf of the partner app: finds the user by
    email or provisions a new one (`user_provisioned`), and emails a one-time code. With
    `workspace_id` a new user joins that shared workspace (as admin when `is_admin`);
    without it a personal workspace is created.

    Workspace errors carry a `code`: `workspace_not_found` (the SDK's documentation says 400,
    the API answers 404: key on `code`), `workspace_not_authorized` (403: the workspace is
    not owned by a user of the same partner), `workspace_conflict` (409: the user already
    belongs to another workspace, named by `workspace_id`). A malformed `workspace_id` is a
    400 `validation_error`.

    Args:
        body (InitiatePartnerAuthRequest): Who signs in, and optionally which shared workspace a
            new user joins. Example: {'client_id': 'demo-client', 'email': 'ada@example.com'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | PartnerAuthChallenge | PartnerError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: InitiatePartnerAuthRequest,
) -> ApiError | OAuthError | PartnerAuthChallenge | PartnerError | None:
    """Start passwordless sign-in

     Starts the passwordless sign-in of a user on behalf of the partner app: finds the user by
    email or provisions a new one (`user_provisioned`), and emails a one-time code. With
    `workspace_id` a new user joins that shared workspace (as admin when `is_admin`);
    without it a personal workspace is created.

    Workspace errors carry a `code`: `workspace_not_found` (the SDK's documentation says 400,
    the API answers 404: key on `code`), `workspace_not_authorized` (403: the workspace is
    not owned by a user of the same partner), `workspace_conflict` (409: the user already
    belongs to another workspace, named by `workspace_id`). A malformed `workspace_id` is a
    400 `validation_error`.

    Args:
        body (InitiatePartnerAuthRequest): Who signs in, and optionally which shared workspace a
            new user joins. Example: {'client_id': 'demo-client', 'email': 'ada@example.com'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | PartnerAuthChallenge | PartnerError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
