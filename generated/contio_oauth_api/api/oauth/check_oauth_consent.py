from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.check_consent_request import CheckConsentRequest
from ...models.consent_status import ConsentStatus
from ...models.o_auth_error import OAuthError
from ...types import Response


def _get_kwargs(
    *,
    body: CheckConsentRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth2/check-consent",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | ConsentStatus | OAuthError | None:
    if response.status_code == 200:
        response_200 = ConsentStatus.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = OAuthError.from_dict(response.json())

        return response_401

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
) -> Response[ApiError | ConsentStatus | OAuthError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CheckConsentRequest,
) -> Response[ApiError | ConsentStatus | OAuthError]:
    """Has the user already consented?

     Tells a partner app whether the user has already granted the requested scopes, so that a
    returning user can skip the consent screen. The API describes the scopes as the array
    `scopes`; the TypeScript SDK sends the space-separated string `scope`. Both are accepted;
    when both are sent they are combined.

    Args:
        body (CheckConsentRequest): Which user and which scopes to check consent for. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'scopes': ['openid', 'profile']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ConsentStatus | OAuthError]
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
    body: CheckConsentRequest,
) -> ApiError | ConsentStatus | OAuthError | None:
    """Has the user already consented?

     Tells a partner app whether the user has already granted the requested scopes, so that a
    returning user can skip the consent screen. The API describes the scopes as the array
    `scopes`; the TypeScript SDK sends the space-separated string `scope`. Both are accepted;
    when both are sent they are combined.

    Args:
        body (CheckConsentRequest): Which user and which scopes to check consent for. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'scopes': ['openid', 'profile']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ConsentStatus | OAuthError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CheckConsentRequest,
) -> Response[ApiError | ConsentStatus | OAuthError]:
    """Has the user already consented?

     Tells a partner app whether the user has already granted the requested scopes, so that a
    returning user can skip the consent screen. The API describes the scopes as the array
    `scopes`; the TypeScript SDK sends the space-separated string `scope`. Both are accepted;
    when both are sent they are combined.

    Args:
        body (CheckConsentRequest): Which user and which scopes to check consent for. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'scopes': ['openid', 'profile']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | ConsentStatus | OAuthError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CheckConsentRequest,
) -> ApiError | ConsentStatus | OAuthError | None:
    """Has the user already consented?

     Tells a partner app whether the user has already granted the requested scopes, so that a
    returning user can skip the consent screen. The API describes the scopes as the array
    `scopes`; the TypeScript SDK sends the space-separated string `scope`. Both are accepted;
    when both are sent they are combined.

    Args:
        body (CheckConsentRequest): Which user and which scopes to check consent for. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'scopes': ['openid', 'profile']}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | ConsentStatus | OAuthError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
