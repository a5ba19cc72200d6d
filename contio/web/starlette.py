"""Sign in with Contio for Starlette and FastAPI apps (`pip install 'contio[starlette]'`).

    contio = StarletteSignIn(
        client_id=..., client_secret=..., redirect_uri="https://app.example.com/auth/callback",
        store_for=lambda user: FileTokenStore(f"/var/lib/app/tokens/{user}.json"),
    )
    app = Starlette(
        routes=[Mount("/auth", app=contio.router), ...],
        middleware=[Middleware(SessionMiddleware, secret_key=...)],
        lifespan=contio.lifespan,
    )

`/auth/login` starts a sign-in (`?next=/path` to come back there), `/auth/callback` is the
redirect URI, `POST /auth/logout` signs out. In a route, `await contio.user(request)` is the
signed-in user (or None) with an `AsyncOAuthClient` holding their tokens; with FastAPI,
`Depends(contio.user)` or `Depends(contio.require_user)` (401 when nobody is signed in).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from contio._extras import extra

with extra("starlette", "contio.web.starlette"):
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import BaseRoute, Route, Router

from contio.client import AsyncOAuthClient
from contio.stores import TokenStore
from contio.web.callback import finish_sign_in
from contio.web.core import (
    SignedInUser,
    SignInError,
    WebSettings,
    current_user,
    sign_out,
    sign_out_allowed,
    signed_in_user,
    start_sign_in,
)
from contio.web.pages import HEADERS, error_page
from contio.web.records import SignInRecords
from contio.web.runner import AsyncRunner

__all__ = ["StarletteSignIn"]

_CACHED = "contio_user"  # request.state: the user, found once per request


def _session(request: Request) -> dict[str, Any]:
    if "session" not in request.scope:
        raise RuntimeError(
            "contio.web.starlette keeps the sign-in in Starlette's signed session: add "
            "Middleware(SessionMiddleware, secret_key=...) to the app"
        )
    return request.session


class StarletteSignIn:
    """The routes and the dependency of "Sign in with Contio" for one Starlette app.

    `store_for(user_key)` gives the store of one user's tokens (user_key: 64 hexadecimal
    digits, a hash of the issuer and the ID token's `sub`, safe in any store): a
    `MemoryTokenStore` kept per user, a `FileTokenStore` per user, a `RedisTokenStore` per
    user... It is called once per user seen recently, so it must return a store over the
    same place each time. `sign_ins` keeps which sign-ins stand (default: in this process;
    give every process one shared `SignInRecords`). Every other keyword is an
    `AsyncOAuthClient` argument (client_id, client_secret, redirect_uri, scope, base_url...).
    """

    def __init__(
        self,
        *,
        store_for: Callable[[str], TokenStore],
        after_sign_in: str = "/",
        after_sign_out: str = "/",
        max_clients: int = 1024,
        sign_ins: SignInRecords | None = None,
        **client_options: Any,
    ) -> None:
        """The sign-in routes, configured and checked (nothing is sent yet).

        Args:
            store_for: `store_for(user_key)`: the store of one user's tokens, over the same
                place each time it is called for that user.
            after_sign_in: Where the callback sends the user without a `next`.
            after_sign_out: Where sign-out sends the user.
            max_clients: How many users' clients are kept in memory (for single-flight refresh).
            sign_ins: Which sign-ins stand (default: in this process's memory).
            **client_options: `AsyncOAuthClient` arguments: client_id, client_secret,
                redirect_uri (required), scope (with `openid`), base_url, timeout...

        Raises:
            TypeError: `token_store` or `http_client` given, no `redirect_uri`, or a
                `store_for` that is not callable.
            ValueError: No `openid` scope, or an `after_*` that is not a path of this site.
        """
        self.settings = WebSettings(
            client_options,
            store_for,
            after_sign_in,
            after_sign_out,
            max_clients,
            **({"sign_ins": sign_ins} if sign_ins is not None else {}),
        )
        self._runner = AsyncRunner(self.settings)
        self.routes: list[BaseRoute] = [
            Route("/login", self.login, methods=["GET"], name="contio_login"),
            Route("/callback", self.callback, methods=["GET"], name="contio_callback"),
            Route("/logout", self.logout, methods=["POST"], name="contio_logout"),
        ]
        #: Mount it where the redirect URI points: `Mount("/auth", app=contio.router)`.
        self.router = Router(routes=self.routes)

    def __repr__(self) -> str:
        return f"StarletteSignIn(client_id={self.settings.client_options.get('client_id')!r})"

    # -- the routes ----------------------------------------------------------------------

    async def login(self, request: Request) -> Response:
        """`GET /login`: start a sign-in and redirect to Contio (`?next=/path` to come back there).

        Args:
            request: The request.

        Returns:
            A redirect to Contio's authorization URL.
        """
        url = start_sign_in(
            _session(request),
            self.settings,
            self._runner.authorization_url,
            request.query_params.get("next"),
        )
        return RedirectResponse(url, status_code=303, headers=HEADERS)

    async def callback(self, request: Request) -> Response:
        """`GET /callback`: check the state, exchange the code, verify the ID token, save the
        tokens, and redirect to where the sign-in began.

        Args:
            request: The request from Contio's redirect.

        Returns:
            A redirect (303), or a 400 page saying what went wrong (nothing stored).
        """
        try:
            next_path = await self._runner.run(
                finish_sign_in(
                    _session(request),
                    request.query_params.multi_items(),
                    self.settings.sign_ins,
                )
            )
        except SignInError as exc:
            login_path = request.url.path.rsplit("/", 1)[0] + "/login"
            page = error_page(exc.message, login_path)
            return HTMLResponse(page, status_code=exc.status, headers=exc.headers())
        return RedirectResponse(next_path, status_code=303, headers=HEADERS)

    async def logout(self, request: Request) -> Response:
        """`POST /logout` from this site: end every sign-in of the user, revoke, clear the store.

        Args:
            request: The request.

        Returns:
            A redirect (303) to `after_sign_out`, or a 403 for a cross-site request.
        """
        headers = request.headers
        if not sign_out_allowed(
            headers.get("sec-fetch-site"), headers.get("origin"), headers.get("host")
        ):
            return PlainTextResponse("sign-out must come from this site", status_code=403)
        await self._runner.run(sign_out(_session(request), self.settings.sign_ins))
        return RedirectResponse(self.settings.after_sign_out, status_code=303, headers=HEADERS)

    # -- for the app's own routes -------------------------------------------------------

    async def user(self, request: Request) -> SignedInUser[AsyncOAuthClient] | None:
        """The signed-in user of this request, or None; their tokens refreshed if need be.
        A FastAPI dependency as it is: `Depends(contio.user)`.

        Args:
            request: The request.

        Returns:
            A `SignedInUser` whose `oauth` is an `AsyncOAuthClient`, or None.
        """
        cached = getattr(request.state, _CACHED, None)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        found = await self._runner.run(current_user(_session(request), self.settings.sign_ins))
        user = signed_in_user(found, self._runner.client_for)
        if user is not None:
            setattr(request.state, _CACHED, user)
        return user

    async def require_user(self, request: Request) -> SignedInUser[AsyncOAuthClient]:
        """`user`, with an HTTP 401 when nobody is signed in: `Depends(contio.require_user)`.

        Args:
            request: The request.

        Returns:
            The signed-in user.

        Raises:
            HTTPException: 401 when nobody is signed in.
        """
        user = await self.user(request)
        if user is None:
            raise HTTPException(401, "sign in first")
        return user

    # -- the app's life ------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool of this event loop (at the app's shutdown)."""
        await self._runner.aclose()

    @contextlib.asynccontextmanager
    async def lifespan(self, app: object) -> AsyncIterator[None]:
        """A lifespan that closes the pool at shutdown: `Starlette(lifespan=contio.lifespan)`.

        Args:
            app: The application (unused).
        """
        yield
        await self.aclose()
