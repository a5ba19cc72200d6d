"""Sign in with Contio for Flask apps (`pip install 'contio[flask]'`).

    contio = FlaskSignIn(
        client_id=..., client_secret=..., redirect_uri="https://app.example.com/auth/callback",
        store_for=lambda user: FileTokenStore(f"/var/lib/app/tokens/{user}.json"),
    )
    app.register_blueprint(contio.blueprint, url_prefix="/auth")

`/auth/login` starts a sign-in (`?next=/path` to come back there), `/auth/callback` is the
redirect URI, `POST /auth/logout` signs out. In a view, `contio.current_user()` is the
signed-in user (or None) with an `OAuthClient` holding their tokens; `@contio.login_required`
sends whoever is not signed in to the sign-in first. Flask's session needs `app.secret_key`;
set `SESSION_COOKIE_SAMESITE="Lax"` too, so that no other site can post the sign-out form.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from contio._extras import extra

with extra("flask", "contio.web.flask"):
    from flask import Blueprint, g, redirect, request, session, url_for
    from flask.typing import ResponseReturnValue

from contio.client import OAuthClient
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
from contio.web.runner import SyncRunner

__all__ = ["FlaskSignIn"]


def _lax_cookie(state: Any) -> None:
    """The session cookie `SameSite=Lax` unless the app chose otherwise: it is sent on the
    redirect back from Contio, never on another site's POST (Flask's default sets none)."""
    if state.app.config.get("SESSION_COOKIE_SAMESITE") is None:
        state.app.config["SESSION_COOKIE_SAMESITE"] = "Lax"


F = TypeVar("F", bound=Callable[..., Any])
_UNSET = object()


class FlaskSignIn:
    """The blueprint and the current-user helper of "Sign in with Contio" for Flask.

    `store_for(user_key)` gives the store of one user's tokens (user_key: 64 hexadecimal
    digits, a hash of the issuer and the ID token's `sub`, safe in any store); it is called
    once per user seen recently, so it must return a store over the same place each time.
    `sign_ins` keeps which sign-ins stand (default: in this process; give every process one
    shared `SignInRecords`). Every other keyword is an `OAuthClient` argument (client_id,
    client_secret, redirect_uri, scope, base_url...).
    """

    def __init__(
        self,
        *,
        store_for: Callable[[str], TokenStore],
        name: str = "contio",
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
            name: The blueprint's name (`url_for(f"{name}.login")`).
            after_sign_in: Where the callback sends the user without a `next`.
            after_sign_out: Where sign-out sends the user.
            max_clients: How many users' clients are kept in memory (for single-flight refresh).
            sign_ins: Which sign-ins stand (default: in this process's memory).
            **client_options: `OAuthClient` arguments: client_id, client_secret,
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
        self._runner = SyncRunner(self.settings)
        self.name = name
        #: Register it where the redirect URI points: `url_prefix="/auth"`.
        self.blueprint = Blueprint(name, __name__)
        self.blueprint.add_url_rule("/login", "login", self._login, methods=["GET"])
        self.blueprint.add_url_rule("/callback", "callback", self._callback, methods=["GET"])
        self.blueprint.add_url_rule("/logout", "logout", self._logout, methods=["POST"])
        self.blueprint.record_once(_lax_cookie)

    def __repr__(self) -> str:
        return f"FlaskSignIn(client_id={self.settings.client_options.get('client_id')!r})"

    # -- the routes ----------------------------------------------------------------------

    def _login(self) -> ResponseReturnValue:
        url = start_sign_in(
            session, self.settings, self._runner.authorization_url, request.args.get("next")
        )
        return redirect(url, 303), HEADERS

    def _callback(self) -> ResponseReturnValue:
        try:
            pairs = request.args.items(multi=True)
            next_path = self._runner.run(finish_sign_in(session, pairs, self.settings.sign_ins))
        except SignInError as exc:
            page = error_page(exc.message, url_for(f"{self.name}.login"))
            return page, exc.status, exc.headers()
        return redirect(next_path, 303), HEADERS

    def _logout(self) -> ResponseReturnValue:
        headers = request.headers
        if not sign_out_allowed(
            headers.get("Sec-Fetch-Site"), headers.get("Origin"), headers.get("Host")
        ):
            return "sign-out must come from this site", 403
        self._runner.run(sign_out(session, self.settings.sign_ins))
        g.pop("_contio_user", None)
        return redirect(self.settings.after_sign_out, 303), HEADERS

    # -- for the app's own views --------------------------------------------------------

    def current_user(self) -> SignedInUser[OAuthClient] | None:
        """The signed-in user of this request, or None; their tokens refreshed if need be."""
        cached = g.get("_contio_user", _UNSET)
        if cached is not _UNSET:
            return cast("SignedInUser[OAuthClient] | None", cached)
        found = self._runner.run(current_user(session, self.settings.sign_ins))
        user = signed_in_user(found, self._runner.client_for)
        g._contio_user = user
        return user

    def login_required(self, view: F) -> F:
        """A view only the signed-in see; others go through the sign-in and come back.

        Args:
            view: The view function.

        Returns:
            The guarded view.
        """

        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self.current_user() is None:
                next_path = request.full_path.rstrip("?")
                return redirect(url_for(f"{self.name}.login", next=next_path), 303)
            return view(*args, **kwargs)

        return cast(F, guarded)

    def close(self) -> None:
        """Close the connection pool (at the app's shutdown)."""
        self._runner.close()
