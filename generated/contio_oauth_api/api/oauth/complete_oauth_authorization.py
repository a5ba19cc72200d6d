from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.authorization_code_response import AuthorizationCodeResponse
from ...models.complete_authorization_request import CompleteAuthorizationRequest
from ...models.o_auth_error import OAuthError
from ...types import Response


def _get_kwargs(
    *,
    body: CompleteAuthorizationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth2/authorize",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | AuthorizationCodeResponse | OAuthError | None:
    if response.status_code == 200:
        response_200 = AuthorizationCodeResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ApiError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ApiError.from_dict(response.json())

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
) -> Response[ApiError | AuthorizationCodeResponse | OAuthError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CompleteAuthorizationRequest,
) -> Response[ApiError | AuthorizationCodeResponse | OAuthError]:
    """Record the user's consent and issue an authorization code

     Used by Contio's own consent page once the user has signed in (for example through
    `/auth/verify`). Records the user's decision and, when consent is given, issues a
    single-use authorization code bound to the client, redirect URI, scope and PKCE challenge,
    valid for 5 minutes. There is no HTTP authentication scheme: the server requires that the
    user named by `email` is signed in for this client, and answers 401 `unauthorized`
    otherwise.

    Args:
        body (CompleteAuthorizationRequest): The signed-in user's consent decision. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'redirect_uri':
            'https://app.example.com/callback', 'response_type': 'code', 'consent': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | AuthorizationCodeResponse | OAuthError]
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
    client: AuthenticatedClient | Client,
    body: CompleteAuthorizationRequest,
) -> ApiError | AuthorizationCodeResponse | OAuthError | None:
    """Record the user's consent and issue an authorization code

     Used by Contio's own consent page once the user has signed in (for example through
    `/auth/verify`). Records the user's decision and, when consent is given, issues a
    single-use authorization code bound to the client, redirect URI, scope and PKCE challenge,
    valid for 5 minutes. There is no HTTP authentication scheme: the server requires that the
    user named by `email` is signed in for this client, and answers 401 `unauthorized`
    otherwise.

    Args:
        body (CompleteAuthorizationRequest): The signed-in user's consent decision. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'redirect_uri':
            'https://app.example.com/callback', 'response_type': 'code', 'consent': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | AuthorizationCodeResponse | OAuthError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CompleteAuthorizationRequest,
) -> Response[ApiError | AuthorizationCodeResponse | OAuthError]:
    """Record the user's consent and issue an authorization code

     Used by Contio's own consent page once the user has signed in (for example through
    `/auth/verify`). Records the user's decision and, when consent is given, issues a
    single-use authorization code bound to the client, redirect URI, scope and PKCE challenge,
    valid for 5 minutes. There is no HTTP authentication scheme: the server requires that the
    user named by `email` is signed in for this client, and answers 401 `unauthorized`
    otherwise.

    Args:
        body (CompleteAuthorizationRequest): The signed-in user's consent decision. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'redirect_uri':
            'https://app.example.com/callback', 'response_type': 'code', 'consent': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | AuthorizationCodeResponse | OAuthError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CompleteAuthorizationRequest,
) -> ApiError | AuthorizationCodeResponse | OAuthError | None:
    """Record the user's consent and issue an authorization code

     Used by Contio's own consent page once the user has signed in (for example through
    `/auth/verify`). Records the user's decision and, when consent is given, issues a
    single-use authorization code bound to the client, redirect URI, scope and PKCE challenge,
    valid for 5 minutes. There is no HTTP authentication scheme: the server requires that the
    user named by `email` is signed in for this client, and answers 401 `unauthorized`
    otherwise.

    Args:
        body (CompleteAuthorizationRequest): The signed-in user's consent decision. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'redirect_uri':
            'https://app.example.com/callback', 'response_type': 'code', 'consent': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | AuthorizationCodeResponse | OAuthError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
