from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.o_auth_error import OAuthError
from ...models.user_info import UserInfo
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/oauth2/userInfo",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | OAuthError | UserInfo | None:
    if response.status_code == 200:
        response_200 = UserInfo.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = OAuthError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = OAuthError.from_dict(response.json())

        return response_403

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
) -> Response[ApiError | OAuthError | UserInfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | OAuthError | UserInfo]:
    """Claims about the signed-in user

     The OpenID Connect UserInfo endpoint (OIDC Core §5.3), called with the user's access
    token as a Bearer token (RFC 6750). Requires the `openid` scope; which claims appear
    depends on the granted scopes (`profile`, `email`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | UserInfo]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ApiError | OAuthError | UserInfo | None:
    """Claims about the signed-in user

     The OpenID Connect UserInfo endpoint (OIDC Core §5.3), called with the user's access
    token as a Bearer token (RFC 6750). Requires the `openid` scope; which claims appear
    depends on the granted scopes (`profile`, `email`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | UserInfo
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ApiError | OAuthError | UserInfo]:
    """Claims about the signed-in user

     The OpenID Connect UserInfo endpoint (OIDC Core §5.3), called with the user's access
    token as a Bearer token (RFC 6750). Requires the `openid` scope; which claims appear
    depends on the granted scopes (`profile`, `email`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | UserInfo]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ApiError | OAuthError | UserInfo | None:
    """Claims about the signed-in user

     The OpenID Connect UserInfo endpoint (OIDC Core §5.3), called with the user's access
    token as a Bearer token (RFC 6750). Requires the `openid` scope; which claims appear
    depends on the granted scopes (`profile`, `email`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | UserInfo
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
