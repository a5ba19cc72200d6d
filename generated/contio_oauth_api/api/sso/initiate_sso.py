from http import HTTPStatus
from typing import Any, cast

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_error import AdminError
from ...models.api_error import ApiError
from ...models.sso_initiation import SsoInitiation
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    slug: str,
    target: str | Unset = UNSET,
    auto: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["slug"] = slug

    params["target"] = target

    params["auto"] = auto

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partner/sso/initiate",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AdminError | Any | ApiError | SsoInitiation | None:
    if response.status_code == 200:
        response_200 = SsoInitiation.from_dict(response.json())

        return response_200

    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

    if response.status_code == 400:
        response_400 = AdminError.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = ApiError.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ApiError.from_dict(response.json())

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
) -> Response[AdminError | Any | ApiError | SsoInitiation]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    slug: str,
    target: str | Unset = UNSET,
    auto: bool | Unset = False,
) -> Response[AdminError | Any | ApiError | SsoInitiation]:
    """Start a partner Sign-On

     Starts a sign-in at the partner's identity provider: Contio looks the partner up by its
    slug, prepares PKCE and a state, and answers the provider's authorization URL and the
    id of a session to poll (`getSsoSession`); with `auto=true` it redirects the browser
    there at once. The partner needs an active IdP configuration. No authentication.

    Args:
        slug (str): A partner's slug in Sign-On URLs. Example: demo.
        target (str | Unset): Where a signed-in user lands - `web`, `desktop`, `backlog` or
            `meeting:{id}`. Example: web.
        auto (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | Any | ApiError | SsoInitiation]
    """

    kwargs = _get_kwargs(
        slug=slug,
        target=target,
        auto=auto,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    slug: str,
    target: str | Unset = UNSET,
    auto: bool | Unset = False,
) -> AdminError | Any | ApiError | SsoInitiation | None:
    """Start a partner Sign-On

     Starts a sign-in at the partner's identity provider: Contio looks the partner up by its
    slug, prepares PKCE and a state, and answers the provider's authorization URL and the
    id of a session to poll (`getSsoSession`); with `auto=true` it redirects the browser
    there at once. The partner needs an active IdP configuration. No authentication.

    Args:
        slug (str): A partner's slug in Sign-On URLs. Example: demo.
        target (str | Unset): Where a signed-in user lands - `web`, `desktop`, `backlog` or
            `meeting:{id}`. Example: web.
        auto (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | Any | ApiError | SsoInitiation
    """

    return sync_detailed(
        client=client,
        slug=slug,
        target=target,
        auto=auto,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    slug: str,
    target: str | Unset = UNSET,
    auto: bool | Unset = False,
) -> Response[AdminError | Any | ApiError | SsoInitiation]:
    """Start a partner Sign-On

     Starts a sign-in at the partner's identity provider: Contio looks the partner up by its
    slug, prepares PKCE and a state, and answers the provider's authorization URL and the
    id of a session to poll (`getSsoSession`); with `auto=true` it redirects the browser
    there at once. The partner needs an active IdP configuration. No authentication.

    Args:
        slug (str): A partner's slug in Sign-On URLs. Example: demo.
        target (str | Unset): Where a signed-in user lands - `web`, `desktop`, `backlog` or
            `meeting:{id}`. Example: web.
        auto (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | Any | ApiError | SsoInitiation]
    """

    kwargs = _get_kwargs(
        slug=slug,
        target=target,
        auto=auto,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    slug: str,
    target: str | Unset = UNSET,
    auto: bool | Unset = False,
) -> AdminError | Any | ApiError | SsoInitiation | None:
    """Start a partner Sign-On

     Starts a sign-in at the partner's identity provider: Contio looks the partner up by its
    slug, prepares PKCE and a state, and answers the provider's authorization URL and the
    id of a session to poll (`getSsoSession`); with `auto=true` it redirects the browser
    there at once. The partner needs an active IdP configuration. No authentication.

    Args:
        slug (str): A partner's slug in Sign-On URLs. Example: demo.
        target (str | Unset): Where a signed-in user lands - `web`, `desktop`, `backlog` or
            `meeting:{id}`. Example: web.
        auto (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | Any | ApiError | SsoInitiation
    """

    return (
        await asyncio_detailed(
            client=client,
            slug=slug,
            target=target,
            auto=auto,
        )
    ).parsed
