from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.sso_info import SsoInfo
from ...types import Response


def _get_kwargs(
    slug: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partner/sso/info/{slug}".format(
            slug=quote(str(slug), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ApiError | SsoInfo | None:
    if response.status_code == 200:
        response_200 = SsoInfo.from_dict(response.json())

        return response_200

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
) -> Response[ApiError | SsoInfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | SsoInfo]:
    """A partner's Sign-On landing information

     The partner's branding for a Sign-On landing page, and whether its identity provider is
    configured and active. Public (no authentication) and rate limited. Served by
    `https://api.contio.ai`.

    Args:
        slug (str): A partner's slug in Sign-On URLs. Example: demo.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | SsoInfo]
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | SsoInfo | None:
    """A partner's Sign-On landing information

     The partner's branding for a Sign-On landing page, and whether its identity provider is
    configured and active. Public (no authentication) and rate limited. Served by
    `https://api.contio.ai`.

    Args:
        slug (str): A partner's slug in Sign-On URLs. Example: demo.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | SsoInfo
    """

    return sync_detailed(
        slug=slug,
        client=client,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ApiError | SsoInfo]:
    """A partner's Sign-On landing information

     The partner's branding for a Sign-On landing page, and whether its identity provider is
    configured and active. Public (no authentication) and rate limited. Served by
    `https://api.contio.ai`.

    Args:
        slug (str): A partner's slug in Sign-On URLs. Example: demo.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiError | SsoInfo]
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> ApiError | SsoInfo | None:
    """A partner's Sign-On landing information

     The partner's branding for a Sign-On landing page, and whether its identity provider is
    configured and active. Public (no authentication) and rate limited. Served by
    `https://api.contio.ai`.

    Args:
        slug (str): A partner's slug in Sign-On URLs. Example: demo.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiError | SsoInfo
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
        )
    ).parsed
