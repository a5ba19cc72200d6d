"""For the project's own views: the signed-in user, and `login_required`."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from contio.client import AsyncOAuthClient, OAuthClient
from contio.web.core import SignedInUser, current_user, signed_in_user
from contio.web.django.signin import get_sign_in
from contio.web.django.views import CACHED
from contio.web.session import USER_KEY

__all__ = ["aget_user", "get_user", "login_required"]

F = TypeVar("F", bound=Callable[..., Any])
_ACACHED = CACHED + "_async"


def get_user(request: HttpRequest) -> SignedInUser[OAuthClient] | None:
    """The signed-in user of this request, or None; their tokens refreshed if need be.

    Args:
        request: The request.

    Returns:
        A `SignedInUser` whose `oauth` is an `OAuthClient`, or None.
    """
    if hasattr(request, CACHED):
        return cast("SignedInUser[OAuthClient] | None", getattr(request, CACHED))
    contio = get_sign_in()
    found = contio.runner.run(current_user(request.session, contio.settings.sign_ins))
    user = signed_in_user(found, contio.runner.client_for)
    setattr(request, CACHED, user)
    return user


async def aget_user(request: HttpRequest) -> SignedInUser[AsyncOAuthClient] | None:
    """`get_user` for async views: the user's client is an `AsyncOAuthClient`.

    Args:
        request: The request.

    Returns:
        A `SignedInUser` whose `oauth` is an `AsyncOAuthClient`, or None.
    """
    if hasattr(request, _ACACHED):
        return cast("SignedInUser[AsyncOAuthClient] | None", getattr(request, _ACACHED))
    # Read the session without blocking the loop; the flow then finds it loaded.
    await request.session.aget(USER_KEY)
    contio = get_sign_in()
    runner = contio.async_runner
    found = await runner.run(current_user(request.session, contio.settings.sign_ins))
    user = signed_in_user(found, runner.client_for)
    setattr(request, _ACACHED, user)
    return user


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    response = HttpResponseRedirect(f"{reverse('contio:login')}?{query}")
    response.status_code = 303
    return response


def login_required(view: F) -> F:
    """A view only the signed-in see (sync or async); others go through the sign-in and
    come back.

    Args:
        view: The view function.

    Returns:
        The guarded view.
    """
    if inspect.iscoroutinefunction(view):

        @functools.wraps(view)
        async def aguarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if await aget_user(request) is None:
                return _to_sign_in(request)
            return await view(request, *args, **kwargs)

        return cast(F, aguarded)

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if get_user(request) is None:
            return _to_sign_in(request)
        return view(request, *args, **kwargs)

    return cast(F, guarded)
