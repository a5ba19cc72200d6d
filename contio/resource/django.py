"""Protecting Django views with Contio access tokens, sync and async:

guard = BearerGuard(OAuthClient(client_id, client_secret))        # sync views
aguard = AsyncBearerGuard(AsyncOAuthClient(client_id, client_secret))  # async views

@token_required(guard, "meetings:read")
def meetings(request):  # request.contio_token: the token's facts
    ...
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

from contio._extras import extra

with extra("django", "contio.resource.django"):
    from django.http import HttpRequest, HttpResponse

from contio.resource.core import Verdict
from contio.resource.guard import AsyncBearerGuard, BearerGuard

__all__ = ["token_required"]

F = TypeVar("F", bound=Callable[..., Any])


def _refusal(verdict: Verdict) -> HttpResponse:
    return HttpResponse(verdict.message(), status=verdict.status, headers=verdict.headers())


def token_required(guard: BearerGuard | AsyncBearerGuard, *scopes: str) -> Callable[[F], F]:
    """A decorator: the view runs for a token holding every one of `scopes`; else the RFC 6750
    refusal. An async view takes an `AsyncBearerGuard`, a sync one a `BearerGuard`.

    Args:
        guard: The guard.
        *scopes: The scopes the view needs.

    Returns:
        The decorator.
    """

    def decorate(view: F) -> F:
        if inspect.iscoroutinefunction(view):
            if not isinstance(guard, AsyncBearerGuard):
                raise TypeError("an async view needs an AsyncBearerGuard")
            aguard = guard

            @functools.wraps(view)
            async def aguarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                verdict = await aguard.check(request.headers.get("Authorization"), scopes)
                if not verdict.allowed:
                    return _refusal(verdict)
                request.contio_token = verdict.checked  # type: ignore[attr-defined]
                return await view(request, *args, **kwargs)

            return cast(F, aguarded)
        if not isinstance(guard, BearerGuard):
            raise TypeError("a sync view needs a BearerGuard")
        sguard = guard

        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            verdict = sguard.check(request.headers.get("Authorization"), scopes)
            if not verdict.allowed:
                return _refusal(verdict)
            request.contio_token = verdict.checked  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return cast(F, guarded)

    return decorate
