"""`oauth.auth`: an auth flow that calls the rest of the Partner API with the client's
current access token, refreshing shortly before expiry and once after a 401.

httpx2 and httpx accept only their own `Auth` subclasses; their auth-flow protocol is the
same. So `oauth.auth` is an `httpx2.Auth`, and, when the app has imported httpx (0.28, say,
for another SDK), an `httpx.Auth` as well: one object for either library's clients. httpx is
never imported for this.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncGenerator, Generator
from typing import TYPE_CHECKING, Any, Protocol

import httpx2

from contio._core.steps import Job
from contio.errors import MissingTokenError

if TYPE_CHECKING:
    from contio._core import Core

__all__ = ["ContioAuth", "auth_class"]

_AuthStep = Job[str] | httpx2.Request


def _replayable(request: httpx2.Request) -> bool:
    """Whether the request's body can be sent again: bytes can, a stream (an iterator, a
    file being uploaded) is read once, and sending it again would raise StreamConsumed.
    The request may be httpx's: its RequestNotRead is another class of the same name."""
    try:
        request.content  # noqa: B018 - raises for a body that was never read into memory
    except Exception as exc:
        if type(exc).__name__ == "RequestNotRead":
            return False
        raise
    return True


if TYPE_CHECKING:  # for type checkers: an auth of either library (see auth_class)
    import httpx

    class _Auth(httpx2.Auth, httpx.Auth):  # type: ignore[misc]  # same protocol, two classes
        ...

else:
    _Auth = httpx2.Auth


class _Client(Protocol):
    """What the flow needs of the OAuthClient or AsyncOAuthClient it serves."""

    _asyncio: bool
    _core: Core

    @property
    def client_id(self) -> str: ...

    def _run(self, job: Job[Any]) -> Any: ...


class ContioAuth(_Auth):
    """Adds `Authorization: Bearer …` with the client's access token to every request.

    It refreshes shortly before expiry and, after a 401, once (then repeats the request
    once). The app gets the 401 when the request cannot be repeated (its body is a stream)
    or no new token can be had (no refresh token). Use
    `OAuthClient.auth` with `httpx2.Client`, `AsyncOAuthClient.auth` with `httpx2.AsyncClient`.
    """

    def __init__(self, client: _Client) -> None:
        """The auth flow of `client` (use `client.auth` rather than making one).

        Args:
            client: The `OAuthClient` or `AsyncOAuthClient` whose tokens it uses.
        """
        self._client = client

    def __repr__(self) -> str:
        return f"ContioAuth(client_id={self._client.client_id!r})"

    def _flow(self, request: httpx2.Request) -> Generator[_AuthStep, Any, None]:
        grants = self._client._core.grants
        token = grants.ready_token()
        if token is None:
            token = yield grants.valid_access_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response: httpx2.Response = yield request
        if response.status_code == 401 and _replayable(request):
            token = yield grants.after_rejection(token)
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

    # Typed Any: the request is httpx2's or httpx's, whichever client sends it.
    def sync_auth_flow(self, request: Any) -> Generator[Any, Any, None]:
        """httpx2's blocking flow: the header, a refresh when needed, one retry after a 401.

        Args:
            request: The request being sent.

        Raises:
            SignInRequiredError: The refresh token is dead.
            MissingTokenError: No token at hand.
        """
        client = self._client
        if client._asyncio:
            raise TypeError("AsyncOAuthClient.auth works with httpx2.AsyncClient only")
        flow = self._flow(request)
        responded = False
        step = next(flow)
        while True:
            value: Any
            if isinstance(step, Job):
                try:
                    value = client._run(step)
                except MissingTokenError:
                    if responded:  # a 401 and no way to a new token: the 401 stands
                        return
                    raise
            else:
                value = yield step
                responded = True
            try:
                step = flow.send(value)
            except StopIteration:
                return

    async def async_auth_flow(self, request: Any) -> AsyncGenerator[Any, Any]:
        """httpx2's asyncio flow (an `AsyncOAuthClient`'s auth); see `sync_auth_flow`.

        Args:
            request: The request being sent.

        Raises:
            SignInRequiredError: The refresh token is dead.
            MissingTokenError: No token at hand.
        """
        client = self._client
        if not client._asyncio:
            raise TypeError("OAuthClient.auth works with httpx2.Client only")
        flow = self._flow(request)
        responded = False
        step = next(flow)
        while True:
            value: Any
            if isinstance(step, Job):
                try:
                    value = await client._run(step)
                except MissingTokenError:
                    if responded:
                        return
                    raise
            else:
                value = yield step
                responded = True
            try:
                step = flow.send(value)
            except StopIteration:
                return


_BOTH: dict[type, type[ContioAuth]] = {}


def auth_class() -> type[ContioAuth]:
    """ContioAuth, made an `httpx.Auth` too when the app has imported httpx (and httpx is
    not httpx2 aliased, see `httpx2.alias_httpx`)."""
    httpx = sys.modules.get("httpx")
    legacy = getattr(httpx, "Auth", None)
    if legacy is None or not isinstance(legacy, type) or issubclass(ContioAuth, legacy):
        return ContioAuth
    both = _BOTH.get(legacy)
    if both is None:
        both = _BOTH[legacy] = type(
            "ContioAuth",
            (ContioAuth, legacy),
            {"__module__": __name__, "__doc__": ContioAuth.__doc__},
        )
    return both
