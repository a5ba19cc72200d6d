from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_error import AdminError
from ...models.domain_verification import DomainVerification
from ...types import UNSET, Response, Unset


def _get_kwargs(
    domain: str,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/partner/admin/idp/domains/{domain}/check".format(
            domain=quote(str(domain), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AdminError | DomainVerification | None:
    if response.status_code == 200:
        response_200 = DomainVerification.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = AdminError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = AdminError.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = AdminError.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = AdminError.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = AdminError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = AdminError.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[AdminError | DomainVerification]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    domain: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | DomainVerification]:
    """Check a domain's DNS challenge

     Looks the challenge's TXT record up and marks the domain verified when it matches;
    otherwise the verification stays as it was. A verified domain is answered unchanged.

    Args:
        domain (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | DomainVerification]
    """

    kwargs = _get_kwargs(
        domain=domain,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    domain: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | DomainVerification | None:
    """Check a domain's DNS challenge

     Looks the challenge's TXT record up and marks the domain verified when it matches;
    otherwise the verification stays as it was. A verified domain is answered unchanged.

    Args:
        domain (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | DomainVerification
    """

    return sync_detailed(
        domain=domain,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    domain: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdminError | DomainVerification]:
    """Check a domain's DNS challenge

     Looks the challenge's TXT record up and marks the domain verified when it matches;
    otherwise the verification stays as it was. A verified domain is answered unchanged.

    Args:
        domain (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | DomainVerification]
    """

    kwargs = _get_kwargs(
        domain=domain,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    domain: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> AdminError | DomainVerification | None:
    """Check a domain's DNS challenge

     Looks the challenge's TXT record up and marks the domain verified when it matches;
    otherwise the verification stays as it was. A verified domain is answered unchanged.

    Args:
        domain (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | DomainVerification
    """

    return (
        await asyncio_detailed(
            domain=domain,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
