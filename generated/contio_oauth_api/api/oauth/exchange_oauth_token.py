from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.authorization_code_grant import AuthorizationCodeGrant
from ...models.client_credentials_grant import ClientCredentialsGrant
from ...models.o_auth_error import OAuthError
from ...models.refresh_token_grant import RefreshTokenGrant
from ...models.token_response import TokenResponse
from ...types import Response


def _get_kwargs(
    *,
    body: AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth2/token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | OAuthError | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

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
) -> Response[ApiError | OAuthError | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant,
) -> Response[ApiError | OAuthError | TokenResponse]:
    """Obtain tokens

     The token endpoint (RFC 6749 §3.2). Exchanges an authorization code (with an optional
    PKCE `code_verifier`), a refresh token, or the client's own credentials for tokens.

    Refresh tokens rotate: every refresh answers with a new refresh token and retires the old
    one. Presenting a retired refresh token is `invalid_grant` and, as RFC 9700 §4.14.2
    recommends, revokes every token of that grant. A refresh may narrow the scope, never widen
    it. The client credentials grant gets no refresh token. An ID token is included when the
    `openid` scope was granted.

    Args:
        body (AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant): A token
            request; `grant_type` says which grant. `grant_type` is also named here, outside
            the `oneOf`, for the generators that flatten a form body into one parameter list
            (openapi-generator): so they keep it required. The other fields are the grant's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | TokenResponse]
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
    body: AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant,
) -> ApiError | OAuthError | TokenResponse | None:
    """Obtain tokens

     The token endpoint (RFC 6749 §3.2). Exchanges an authorization code (with an optional
    PKCE `code_verifier`), a refresh token, or the client's own credentials for tokens.

    Refresh tokens rotate: every refresh answers with a new refresh token and retires the old
    one. Presenting a retired refresh token is `invalid_grant` and, as RFC 9700 §4.14.2
    recommends, revokes every token of that grant. A refresh may narrow the scope, never widen
    it. The client credentials grant gets no refresh token. An ID token is included when the
    `openid` scope was granted.

    Args:
        body (AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant): A token
            request; `grant_type` says which grant. `grant_type` is also named here, outside
            the `oneOf`, for the generators that flatten a form body into one parameter list
            (openapi-generator): so they keep it required. The other fields are the grant's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant,
) -> Response[ApiError | OAuthError | TokenResponse]:
    """Obtain tokens

     The token endpoint (RFC 6749 §3.2). Exchanges an authorization code (with an optional
    PKCE `code_verifier`), a refresh token, or the client's own credentials for tokens.

    Refresh tokens rotate: every refresh answers with a new refresh token and retires the old
    one. Presenting a retired refresh token is `invalid_grant` and, as RFC 9700 §4.14.2
    recommends, revokes every token of that grant. A refresh may narrow the scope, never widen
    it. The client credentials grant gets no refresh token. An ID token is included when the
    `openid` scope was granted.

    Args:
        body (AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant): A token
            request; `grant_type` says which grant. `grant_type` is also named here, outside
            the `oneOf`, for the generators that flatten a form body into one parameter list
            (openapi-generator): so they keep it required. The other fields are the grant's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | OAuthError | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant,
) -> ApiError | OAuthError | TokenResponse | None:
    """Obtain tokens

     The token endpoint (RFC 6749 §3.2). Exchanges an authorization code (with an optional
    PKCE `code_verifier`), a refresh token, or the client's own credentials for tokens.

    Refresh tokens rotate: every refresh answers with a new refresh token and retires the old
    one. Presenting a retired refresh token is `invalid_grant` and, as RFC 9700 §4.14.2
    recommends, revokes every token of that grant. A refresh may narrow the scope, never widen
    it. The client credentials grant gets no refresh token. An ID token is included when the
    `openid` scope was granted.

    Args:
        body (AuthorizationCodeGrant | ClientCredentialsGrant | RefreshTokenGrant): A token
            request; `grant_type` says which grant. `grant_type` is also named here, outside
            the `oneOf`, for the generators that flatten a form body into one parameter list
            (openapi-generator): so they keep it required. The other fields are the grant's.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | OAuthError | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
