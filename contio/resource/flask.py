"""Protecting Flask views with Contio access tokens:

guard = BearerGuard(OAuthClient(client_id, client_secret))

@app.get("/meetings")
@token_required(guard, "meetings:read")
def meetings():  # flask.g.contio_token: the token's facts
    ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from contio._extras import extra

with extra("flask", "contio.resource.flask"):
    from flask import Response, g, request

from contio.resource.guard import BearerGuard

__all__ = ["token_required"]

F = TypeVar("F", bound=Callable[..., Any])


def token_required(guard: BearerGuard, *scopes: str) -> Callable[[F], F]:
    """A decorator: the view runs for a token holding every one of `scopes`; else the RFC 6750
    refusal (401, 403, 400) or a 503 when Contio cannot be asked.

    Args:
        guard: The guard.
        *scopes: The scopes the view needs.

    Returns:
        The decorator.
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            verdict = guard.check(request.headers.get("Authorization"), scopes)
            if not verdict.allowed:
                return Response(verdict.message(), verdict.status, verdict.headers())
            g.contio_token = verdict.checked
            return view(*args, **kwargs)

        return cast(F, guarded)

    return decorate
