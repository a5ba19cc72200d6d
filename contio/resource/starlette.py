"""Protecting Starlette and FastAPI routes with Contio access tokens:

    guard = AsyncBearerGuard(AsyncOAuthClient(client_id, client_secret))
    Token = Annotated[Checked, Depends(require_token(guard, "meetings:read"))]

    @app.get("/meetings")
    async def meetings(token: Token) -> ...:  # token.sub, token.scope

A refusal is an HTTPException with the RFC 6750 challenge (401 `invalid_token`, 403
`insufficient_scope`, 400 `invalid_request`), or a 503 when Contio cannot be asked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from contio._extras import extra

with extra("starlette", "contio.resource.starlette"):
    from starlette.exceptions import HTTPException
    from starlette.requests import Request

from contio.resource.core import Checked
from contio.resource.guard import AsyncBearerGuard

__all__ = ["require_token"]


def require_token(guard: AsyncBearerGuard, *scopes: str) -> Callable[[Request], Awaitable[Checked]]:
    """A dependency that lets a request through with a token holding every one of `scopes`.

    Args:
        guard: The guard (one per app: it holds the cache and the client).
        *scopes: The scopes the route needs.

    Returns:
        `dependency(request)`: the token's facts, or an HTTPException.
    """

    async def dependency(request: Request) -> Checked:
        verdict = await guard.check(request.headers.get("authorization"), scopes)
        if not verdict.allowed or verdict.checked is None:
            raise HTTPException(verdict.status, verdict.message(), headers=verdict.headers())
        return verdict.checked

    return dependency
