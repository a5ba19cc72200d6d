from http import HTTPStatus
from typing import Any, cast

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.o_auth_error import OAuthError
from ...models.revoke_request import RevokeRequest
from ...types import Response


def _get_kwargs(
    *,
    body: RevokeRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth2/revoke",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Any | ApiError | OAuthError | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 400:
        response_400 = OAuthError.from_dict(response.json())

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
) -> Response[Any | ApiError | OAuthError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RevokeRequest,
) -> Response[Any | ApiError | OAuthError]:
    """Revoke a token

     Token revocation (RFC 7009). Answers 200 with an empty body for known and unknown tokens
    alike, so that a client cannot probe for valid tokens. Revoking a refresh token also
    revokes the access tokens issued from it.

    Args:
        body (RevokeRequest): A token to revoke (RFC 7009 §2.1). Example: {'token':
            'cto_rt_v1_9d0b6f3a1c7e4b2d8f5a', 'token_type_hint': 'refresh_token'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ApiError | OAuthError]
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
    body: RevokeRequest,
) -> Any | ApiError | OAuthError | None:
    """Revoke a token

     Token revocation (RFC 7009). Answers 200 with an empty body for known and unknown tokens
    alike, so that a client cannot probe for valid tokens. Revoking a refresh token also
    revokes the access tokens issued from it.

    Args:
        body (RevokeRequest): A token to revoke (RFC 7009 §2.1). Example: {'token':
            'cto_rt_v1_9d0b6f3a1c7e4b2d8f5a', 'token_type_hint': 'refresh_token'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ApiError | OAuthError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RevokeRequest,
) -> Response[Any | ApiError | OAuthError]:
    """Revoke a token

     Token revocation (RFC 7009). Answers 200 with an empty body for known and unknown tokens
    alike, so that a client cannot probe for valid tokens. Revoking a refresh token also
    revokes the access tokens issued from it.

    Args:
        body (RevokeRequest): A token to revoke (RFC 7009 §2.1). Example: {'token':
            'cto_rt_v1_9d0b6f3a1c7e4b2d8f5a', 'token_type_hint': 'refresh_token'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ApiError | OAuthError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RevokeRequest,
) -> Any | ApiError | OAuthError | None:
    """Revoke a token

     Token revocation (RFC 7009). Answers 200 with an empty body for known and unknown tokens
    alike, so that a client cannot probe for valid tokens. Revoking a refresh token also
    revokes the access tokens issued from it.

    Args:
        body (RevokeRequest): A token to revoke (RFC 7009 §2.1). Example: {'token':
            'cto_rt_v1_9d0b6f3a1c7e4b2d8f5a', 'token_type_hint': 'refresh_token'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ApiError | OAuthError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
