"""`oauth.auth`: an httpx auth flow that calls the rest of the Partner API with the client's
current access token, refreshing shortly before expiry and once after a 401."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from typing import TYPE_CHECKING, Any

import httpx

from contio._core.steps import Job

if TYPE_CHECKING:
    from contio.client import AsyncOAuthClient, OAuthClient, _ClientBase

__all__ = ["ContioAuth"]

_AuthStep = Job[str] | httpx.Request


def _replayable(request: httpx.Request) -> bool:
    """Whether the request's body can be sent again: bytes can, a stream (an iterator, a
    file being uploaded) is read once, and sending it again would raise StreamConsumed."""
    try:
        request.content  # noqa: B018 - raises for a body that was never read into memory
    except httpx.RequestNotRead:
        return False
    return True


class ContioAuth(httpx.Auth):
    """Adds `Authorization: Bearer …` with the client's access token to every request.

    It refreshes shortly before expiry and, after a 401, once (then repeats the request
    once; a request whose body is a stream cannot be repeated: the app gets the 401). Use
    `OAuthClient.auth` with `httpx.Client`, `AsyncOAuthClient.auth` with `httpx.AsyncClient`.
    """

    def __init__(self, client: OAuthClient | AsyncOAuthClient | _ClientBase[Any]) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"ContioAuth(client_id={self._client.client_id!r})"

    def _flow(self, request: httpx.Request) -> Generator[_AuthStep, Any, None]:
        grants = self._client._core.grants
        token: str = yield grants.valid_access_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response: httpx.Response = yield request
        if response.status_code == 401 and _replayable(request):
            token = yield grants.after_rejection(token)
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        from contio.client import OAuthClient

        client = self._client
        if not isinstance(client, OAuthClient):
            raise TypeError("AsyncOAuthClient.auth works with httpx.AsyncClient only")
        flow = self._flow(request)
        step = next(flow)
        while True:
            value: Any
            if isinstance(step, Job):
                value = client._run(step)
            else:
                value = yield step
            try:
                step = flow.send(value)
            except StopIteration:
                return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        from contio.client import AsyncOAuthClient

        client = self._client
        if not isinstance(client, AsyncOAuthClient):
            raise TypeError("OAuthClient.auth works with httpx.Client only")
        flow = self._flow(request)
        step = next(flow)
        while True:
            value: Any
            if isinstance(step, Job):
                value = await client._run(step)
            else:
                value = yield step
            try:
                step = flow.send(value)
            except StopIteration:
                return
