from http import HTTPStatus
from typing import Any, cast

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    code: str | Unset = UNSET,
    state: str,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["code"] = code

    params["state"] = state

    params["error"] = error

    params["error_description"] = error_description

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partner/sso/callback",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Any | ApiError | None:
    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

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
) -> Response[Any | ApiError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    code: str | Unset = UNSET,
    state: str,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
) -> Response[Any | ApiError]:
    """The identity provider's redirect back to Contio

     The redirect URI Contio registers at the partner's identity provider: the browser comes
    back here with the provider's code (or error) and the state. Contio exchanges the code,
    checks the ID token, signs the user in, ends the session (`completed` or `failed`) and
    redirects the browser on to Contio's app. It always answers a redirect. Not called by
    partner code.

    Args:
        code (str | Unset):
        state (str):
        error (str | Unset):
        error_description (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ApiError]
    """

    kwargs = _get_kwargs(
        code=code,
        state=state,
        error=error,
        error_description=error_description,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    code: str | Unset = UNSET,
    state: str,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
) -> Any | ApiError | None:
    """The identity provider's redirect back to Contio

     The redirect URI Contio registers at the partner's identity provider: the browser comes
    back here with the provider's code (or error) and the state. Contio exchanges the code,
    checks the ID token, signs the user in, ends the session (`completed` or `failed`) and
    redirects the browser on to Contio's app. It always answers a redirect. Not called by
    partner code.

    Args:
        code (str | Unset):
        state (str):
        error (str | Unset):
        error_description (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ApiError
    """

    return sync_detailed(
        client=client,
        code=code,
        state=state,
        error=error,
        error_description=error_description,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    code: str | Unset = UNSET,
    state: str,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
) -> Response[Any | ApiError]:
    """The identity provider's redirect back to Contio

     The redirect URI Contio registers at the partner's identity provider: the browser comes
    back here with the provider's code (or error) and the state. Contio exchanges the code,
    checks the ID token, signs the user in, ends the session (`completed` or `failed`) and
    redirects the browser on to Contio's app. It always answers a redirect. Not called by
    partner code.

    Args:
        code (str | Unset):
        state (str):
        error (str | Unset):
        error_description (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ApiError]
    """

    kwargs = _get_kwargs(
        code=code,
        state=state,
        error=error,
        error_description=error_description,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    code: str | Unset = UNSET,
    state: str,
    error: str | Unset = UNSET,
    error_description: str | Unset = UNSET,
) -> Any | ApiError | None:
    """The identity provider's redirect back to Contio

     The redirect URI Contio registers at the partner's identity provider: the browser comes
    back here with the provider's code (or error) and the state. Contio exchanges the code,
    checks the ID token, signs the user in, ends the session (`completed` or `failed`) and
    redirects the browser on to Contio's app. It always answers a redirect. Not called by
    partner code.

    Args:
        code (str | Unset):
        state (str):
        error (str | Unset):
        error_description (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ApiError
    """

    return (
        await asyncio_detailed(
            client=client,
            code=code,
            state=state,
            error=error,
            error_description=error_description,
        )
    ).parsed
