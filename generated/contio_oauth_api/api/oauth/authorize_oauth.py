from http import HTTPStatus
from typing import Any, cast

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.code_challenge_method import (
    CodeChallengeMethod,
)
from ...models.o_auth_error import OAuthError
from ...models.response_type import ResponseType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    response_type: ResponseType,
    client_id: str,
    redirect_uri: str,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: CodeChallengeMethod | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_response_type: str = response_type
    params["response_type"] = json_response_type

    params["client_id"] = client_id

    params["redirect_uri"] = redirect_uri

    params["scope"] = scope

    params["state"] = state

    params["login_hint"] = login_hint

    params["code_challenge"] = code_challenge

    json_code_challenge_method: str | Unset = UNSET
    if not isinstance(code_challenge_method, Unset):
        json_code_challenge_method = code_challenge_method

    params["code_challenge_method"] = json_code_challenge_method

    params["nonce"] = nonce

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/oauth2/authorize",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Any | ApiError | OAuthError | None:
    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

    if response.status_code == 400:
        response_400 = OAuthError.from_dict(response.json())

        return response_400

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
    client: AuthenticatedClient | Client,
    response_type: ResponseType,
    client_id: str,
    redirect_uri: str,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: CodeChallengeMethod | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> Response[Any | ApiError | OAuthError]:
    """Start an authorization code flow

     The authorization endpoint (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2). The user's
    browser is sent here; Contio answers with a redirect, either to its sign-in and consent
    pages or, when the user is signed in and has already consented, straight back to the
    partner app's `redirect_uri` with `code` and `state`.

    A request whose `client_id` or `redirect_uri` is unknown, unregistered or malformed is
    answered with a 400 and never redirected (RFC 6749 §4.1.2.1). Loopback redirect URIs
    (`http://127.0.0.1/...`, `http://localhost/...`) match with any port (RFC 8252 §7.3).
    No client authentication: this endpoint is visited by the user's browser.

    Build the URL, do not call it: the server URL, `/oauth2/authorize` and the query
    parameters below, form-encoded; then send the user's browser there. Its success is a
    302 redirect, not a 2xx, which a generated API client would report as an error, so the
    operation is marked `x-internal` and openapi-generator leaves it out of the clients it
    generates. Clients generated from the types alone (openapi-typescript, hey-api) can
    build the URL from the typed query; hey-api's `client.buildUrl` does it.

    Args:
        response_type (ResponseType): The OAuth response type; only the authorization code flow is
            supported. Example: code.
        client_id (str):
        redirect_uri (str):
        scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
            `openid profile meetings:read meetings:write`.
             Example: openid profile meetings:read meetings:write.
        state (str | Unset):
        login_hint (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (CodeChallengeMethod | Unset): PKCE code challenge method (RFC 7636
            §4.3). Example: S256.
        nonce (str | Unset): OpenID Connect Core 1.0 §3.1.2.1: a value the client chooses to bind
            the ID token to one
            sign-in and so detect a replayed ID token. The ID token issued for the resulting code
            carries it unchanged in its `nonce` claim. Contio's published description does not list
            it; this description follows OIDC Core.
             Example: n-0S6_WzA2Mj.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ApiError | OAuthError]
    """

    kwargs = _get_kwargs(
        response_type=response_type,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        state=state,
        login_hint=login_hint,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        nonce=nonce,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    response_type: ResponseType,
    client_id: str,
    redirect_uri: str,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: CodeChallengeMethod | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> Any | ApiError | OAuthError | None:
    """Start an authorization code flow

     The authorization endpoint (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2). The user's
    browser is sent here; Contio answers with a redirect, either to its sign-in and consent
    pages or, when the user is signed in and has already consented, straight back to the
    partner app's `redirect_uri` with `code` and `state`.

    A request whose `client_id` or `redirect_uri` is unknown, unregistered or malformed is
    answered with a 400 and never redirected (RFC 6749 §4.1.2.1). Loopback redirect URIs
    (`http://127.0.0.1/...`, `http://localhost/...`) match with any port (RFC 8252 §7.3).
    No client authentication: this endpoint is visited by the user's browser.

    Build the URL, do not call it: the server URL, `/oauth2/authorize` and the query
    parameters below, form-encoded; then send the user's browser there. Its success is a
    302 redirect, not a 2xx, which a generated API client would report as an error, so the
    operation is marked `x-internal` and openapi-generator leaves it out of the clients it
    generates. Clients generated from the types alone (openapi-typescript, hey-api) can
    build the URL from the typed query; hey-api's `client.buildUrl` does it.

    Args:
        response_type (ResponseType): The OAuth response type; only the authorization code flow is
            supported. Example: code.
        client_id (str):
        redirect_uri (str):
        scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
            `openid profile meetings:read meetings:write`.
             Example: openid profile meetings:read meetings:write.
        state (str | Unset):
        login_hint (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (CodeChallengeMethod | Unset): PKCE code challenge method (RFC 7636
            §4.3). Example: S256.
        nonce (str | Unset): OpenID Connect Core 1.0 §3.1.2.1: a value the client chooses to bind
            the ID token to one
            sign-in and so detect a replayed ID token. The ID token issued for the resulting code
            carries it unchanged in its `nonce` claim. Contio's published description does not list
            it; this description follows OIDC Core.
             Example: n-0S6_WzA2Mj.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ApiError | OAuthError
    """

    return sync_detailed(
        client=client,
        response_type=response_type,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        state=state,
        login_hint=login_hint,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        nonce=nonce,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    response_type: ResponseType,
    client_id: str,
    redirect_uri: str,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: CodeChallengeMethod | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> Response[Any | ApiError | OAuthError]:
    """Start an authorization code flow

     The authorization endpoint (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2). The user's
    browser is sent here; Contio answers with a redirect, either to its sign-in and consent
    pages or, when the user is signed in and has already consented, straight back to the
    partner app's `redirect_uri` with `code` and `state`.

    A request whose `client_id` or `redirect_uri` is unknown, unregistered or malformed is
    answered with a 400 and never redirected (RFC 6749 §4.1.2.1). Loopback redirect URIs
    (`http://127.0.0.1/...`, `http://localhost/...`) match with any port (RFC 8252 §7.3).
    No client authentication: this endpoint is visited by the user's browser.

    Build the URL, do not call it: the server URL, `/oauth2/authorize` and the query
    parameters below, form-encoded; then send the user's browser there. Its success is a
    302 redirect, not a 2xx, which a generated API client would report as an error, so the
    operation is marked `x-internal` and openapi-generator leaves it out of the clients it
    generates. Clients generated from the types alone (openapi-typescript, hey-api) can
    build the URL from the typed query; hey-api's `client.buildUrl` does it.

    Args:
        response_type (ResponseType): The OAuth response type; only the authorization code flow is
            supported. Example: code.
        client_id (str):
        redirect_uri (str):
        scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
            `openid profile meetings:read meetings:write`.
             Example: openid profile meetings:read meetings:write.
        state (str | Unset):
        login_hint (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (CodeChallengeMethod | Unset): PKCE code challenge method (RFC 7636
            §4.3). Example: S256.
        nonce (str | Unset): OpenID Connect Core 1.0 §3.1.2.1: a value the client chooses to bind
            the ID token to one
            sign-in and so detect a replayed ID token. The ID token issued for the resulting code
            carries it unchanged in its `nonce` claim. Contio's published description does not list
            it; this description follows OIDC Core.
             Example: n-0S6_WzA2Mj.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ApiError | OAuthError]
    """

    kwargs = _get_kwargs(
        response_type=response_type,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        state=state,
        login_hint=login_hint,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        nonce=nonce,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    response_type: ResponseType,
    client_id: str,
    redirect_uri: str,
    scope: str | Unset = UNSET,
    state: str | Unset = UNSET,
    login_hint: str | Unset = UNSET,
    code_challenge: str | Unset = UNSET,
    code_challenge_method: CodeChallengeMethod | Unset = UNSET,
    nonce: str | Unset = UNSET,
) -> Any | ApiError | OAuthError | None:
    """Start an authorization code flow

     The authorization endpoint (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2). The user's
    browser is sent here; Contio answers with a redirect, either to its sign-in and consent
    pages or, when the user is signed in and has already consented, straight back to the
    partner app's `redirect_uri` with `code` and `state`.

    A request whose `client_id` or `redirect_uri` is unknown, unregistered or malformed is
    answered with a 400 and never redirected (RFC 6749 §4.1.2.1). Loopback redirect URIs
    (`http://127.0.0.1/...`, `http://localhost/...`) match with any port (RFC 8252 §7.3).
    No client authentication: this endpoint is visited by the user's browser.

    Build the URL, do not call it: the server URL, `/oauth2/authorize` and the query
    parameters below, form-encoded; then send the user's browser there. Its success is a
    302 redirect, not a 2xx, which a generated API client would report as an error, so the
    operation is marked `x-internal` and openapi-generator leaves it out of the clients it
    generates. Clients generated from the types alone (openapi-typescript, hey-api) can
    build the URL from the typed query; hey-api's `client.buildUrl` does it.

    Args:
        response_type (ResponseType): The OAuth response type; only the authorization code flow is
            supported. Example: code.
        client_id (str):
        redirect_uri (str):
        scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
            `openid profile meetings:read meetings:write`.
             Example: openid profile meetings:read meetings:write.
        state (str | Unset):
        login_hint (str | Unset):
        code_challenge (str | Unset):
        code_challenge_method (CodeChallengeMethod | Unset): PKCE code challenge method (RFC 7636
            §4.3). Example: S256.
        nonce (str | Unset): OpenID Connect Core 1.0 §3.1.2.1: a value the client chooses to bind
            the ID token to one
            sign-in and so detect a replayed ID token. The ID token issued for the resulting code
            carries it unchanged in its `nonce` claim. Contio's published description does not list
            it; this description follows OIDC Core.
             Example: n-0S6_WzA2Mj.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ApiError | OAuthError
    """

    return (
        await asyncio_detailed(
            client=client,
            response_type=response_type,
            client_id=client_id,
            redirect_uri=redirect_uri,
            scope=scope,
            state=state,
            login_hint=login_hint,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            nonce=nonce,
        )
    ).parsed
