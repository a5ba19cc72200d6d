from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.introspect_request import IntrospectRequest
from ...models.o_auth_error import OAuthError
from ...models.token_introspection import TokenIntrospection
from ...types import Response


def _get_kwargs(
    *,
    body: IntrospectRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth2/introspect",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | OAuthError | TokenIntrospection | None:
    if response.status_code == 200:
        response_200 = TokenIntrospection.from_dict(response.json())

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
) -> Response[ApiError | OAuthError | TokenIntrospection]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: IntrospectRequest,
) -> Response[ApiError | OAuthError | TokenIntrospection]:
    """Introspect a token

     Token introspection (RFC 7662). Unknown, expired and revoked tokens, and tokens of other
    clients, answer `{"active": false}` and nothing else.

    Args:
        body (IntrospectRequest): A token to introspect (RFC 7662 §2.1). Example: {'token':
            'cto_at_v1_4f2a9c1e7b3d5a8f0c6e'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | TokenIntrospection]
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
    body: IntrospectRequest,
) -> ApiError | OAuthError | TokenIntrospection | None:
    """Introspect a token

     Token introspection (RFC 7662). Unknown, expired and revoked tokens, and tokens of other
    clients, answer `{"active": false}` and nothing else.

    Args:
        body (IntrospectRequest): A token to introspect (RFC 7662 §2.1). Example: {'token':
            'cto_at_v1_4f2a9c1e7b3d5a8f0c6e'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | TokenIntrospection
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: IntrospectRequest,
) -> Response[ApiError | OAuthError | TokenIntrospection]:
    """Introspect a token

     Token introspection (RFC 7662). Unknown, expired and revoked tokens, and tokens of other
    clients, answer `{"active": false}` and nothing else.

    Args:
        body (IntrospectRequest): A token to introspect (RFC 7662 §2.1). Example: {'token':
            'cto_at_v1_4f2a9c1e7b3d5a8f0c6e'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | TokenIntrospection]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: IntrospectRequest,
) -> ApiError | OAuthError | TokenIntrospection | None:
    """Introspect a token

     Token introspection (RFC 7662). Unknown, expired and revoked tokens, and tokens of other
    clients, answer `{"active": false}` and nothing else.

    Args:
        body (IntrospectRequest): A token to introspect (RFC 7662 §2.1). Example: {'token':
            'cto_at_v1_4f2a9c1e7b3d5a8f0c6e'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | TokenIntrospection
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
