from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.o_auth_error import OAuthError
from ...models.partner_auth_verification import PartnerAuthVerification
from ...models.partner_error import PartnerError
from ...models.verify_partner_auth_request import VerifyPartnerAuthRequest
from ...types import Response


def _get_kwargs(
    *,
    body: VerifyPartnerAuthRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/auth/verify",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | OAuthError | PartnerAuthVerification | PartnerError | None:
    if response.status_code == 200:
        response_200 = PartnerAuthVerification.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = PartnerError.from_dict(response.json())

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
) -> Response[ApiError | OAuthError | PartnerAuthVerification | PartnerError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: VerifyPartnerAuthRequest,
) -> Response[ApiError | OAuthError | PartnerAuthVerification | PartnerError]:
    """Complete passwordless sign-in

     Checks the one-time code sent by `/auth/initiate`. On success the user is signed in for
    the partner app and `redirect` says where to continue the authorization flow; tokens may
    also be included. Three wrong codes end the session (`session_expired`).

    Args:
        body (VerifyPartnerAuthRequest): The one-time code the user received. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'code': '482913', 'session':
            'ses_2b7e9f4c1a8d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | PartnerAuthVerification | PartnerError]
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
    body: VerifyPartnerAuthRequest,
) -> ApiError | OAuthError | PartnerAuthVerification | PartnerError | None:
    """Complete passwordless sign-in

     Checks the one-time code sent by `/auth/initiate`. On success the user is signed in for
    the partner app and `redirect` says where to continue the authorization flow; tokens may
    also be included. Three wrong codes end the session (`session_expired`).

    Args:
        body (VerifyPartnerAuthRequest): The one-time code the user received. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'code': '482913', 'session':
            'ses_2b7e9f4c1a8d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | PartnerAuthVerification | PartnerError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: VerifyPartnerAuthRequest,
) -> Response[ApiError | OAuthError | PartnerAuthVerification | PartnerError]:
    """Complete passwordless sign-in

     Checks the one-time code sent by `/auth/initiate`. On success the user is signed in for
    the partner app and `redirect` says where to continue the authorization flow; tokens may
    also be included. Three wrong codes end the session (`session_expired`).

    Args:
        body (VerifyPartnerAuthRequest): The one-time code the user received. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'code': '482913', 'session':
            'ses_2b7e9f4c1a8d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | PartnerAuthVerification | PartnerError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: VerifyPartnerAuthRequest,
) -> ApiError | OAuthError | PartnerAuthVerification | PartnerError | None:
    """Complete passwordless sign-in

     Checks the one-time code sent by `/auth/initiate`. On success the user is signed in for
    the partner app and `redirect` says where to continue the authorization flow; tokens may
    also be included. Three wrong codes end the session (`session_expired`).

    Args:
        body (VerifyPartnerAuthRequest): The one-time code the user received. Example:
            {'client_id': 'demo-client', 'email': 'ada@example.com', 'code': '482913', 'session':
            'ses_2b7e9f4c1a8d'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | PartnerAuthVerification | PartnerError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
