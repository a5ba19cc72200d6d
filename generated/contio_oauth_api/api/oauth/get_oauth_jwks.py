from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.json_web_key_set import JSONWebKeySet
from ...models.o_auth_error import OAuthError
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/.well-known/jwks.json",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | JSONWebKeySet | OAuthError | None:
    if response.status_code == 200:
        response_200 = JSONWebKeySet.from_dict(response.json())

        return response_200

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
) -> Response[ApiError | JSONWebKeySet | OAuthError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | JSONWebKeySet | OAuthError]:
    """The keys that sign ID tokens

     The provider's public signing keys as a JSON Web Key Set (RFC 7517 §5). An ID token's
    header names its key by `kid`. Keys rotate: a client that meets a `kid` it does not know
    fetches the set again (OpenID Connect Core 1.0 §10.1.1), and a key that has left the set
    no longer verifies anything. No authentication.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | JSONWebKeySet | OAuthError]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | JSONWebKeySet | OAuthError | None:
    """The keys that sign ID tokens

     The provider's public signing keys as a JSON Web Key Set (RFC 7517 §5). An ID token's
    header names its key by `kid`. Keys rotate: a client that meets a `kid` it does not know
    fetches the set again (OpenID Connect Core 1.0 §10.1.1), and a key that has left the set
    no longer verifies anything. No authentication.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | JSONWebKeySet | OAuthError
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | JSONWebKeySet | OAuthError]:
    """The keys that sign ID tokens

     The provider's public signing keys as a JSON Web Key Set (RFC 7517 §5). An ID token's
    header names its key by `kid`. Keys rotate: a client that meets a `kid` it does not know
    fetches the set again (OpenID Connect Core 1.0 §10.1.1), and a key that has left the set
    no longer verifies anything. No authentication.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | JSONWebKeySet | OAuthError]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | JSONWebKeySet | OAuthError | None:
    """The keys that sign ID tokens

     The provider's public signing keys as a JSON Web Key Set (RFC 7517 §5). An ID token's
    header names its key by `kid`. Keys rotate: a client that meets a `kid` it does not know
    fetches the set again (OpenID Connect Core 1.0 §10.1.1), and a key that has left the set
    no longer verifies anything. No authentication.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | JSONWebKeySet | OAuthError
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
