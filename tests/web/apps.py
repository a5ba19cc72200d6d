"""The apps under test, one per framework, and a test client of each behind one interface.

Each app mounts the integration at the root (the mock registers `http://127.0.0.1/callback`
for any port) and has `/me`: who the integration says is signed in, and who Contio says
the access token belongs to (user info through the client it hands the route).
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import flask
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from contio.models import UserInfo
from contio.stores import TokenStore
from contio.web.core import SignedInUser
from contio.web.flask import FlaskSignIn
from contio.web.starlette import StarletteSignIn

SECRET_KEY = "test-session-signing-key"  # signs the test apps' cookies; not a Contio secret


@dataclass
class Answer:
    status: int
    location: str | None
    text: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.text)


class Browser(Protocol):
    """A test client with its own cookie jar: one person's browser."""

    def get(self, url: str) -> Answer: ...

    def post(self, url: str, headers: dict[str, str] | None = None) -> Answer: ...

    def cookie(self) -> str | None:
        """The session cookie as the browser holds it."""
        ...

    def session(self) -> dict[str, Any]:
        """The session cookie's content, decoded (it is signed, not encrypted)."""
        ...

    def set_cookie(self, value: str) -> None:
        """Hold this session cookie (one copied from another browser)."""
        ...

    #: The app's own origin, as a browser names it in `Origin`.
    origin: str


class WebApp(Protocol):
    name: str

    def browser(self) -> Browser: ...


def me_body(user: SignedInUser[Any], info: UserInfo) -> dict[str, Any]:
    """What every test app's `/me` answers: who the integration says is signed in, and who
    Contio says the access token belongs to."""
    return {
        "key": user.key,
        "sub": user.sub,
        "email": user.email,
        "name": user.name,
        "contio_sub": info.sub,
    }


# -- Starlette -----------------------------------------------------------------------------


def starlette_app(contio: StarletteSignIn) -> Starlette:
    async def me(request: Request) -> Response:
        user = await contio.user(request)
        if user is None:
            return JSONResponse({"signed_in": False}, status_code=401)
        return JSONResponse(me_body(user, await user.oauth.get_user_info()))

    return Starlette(
        routes=[Route("/me", me), Mount("/", app=contio.router)],
        middleware=[Middleware(SessionMiddleware, secret_key=SECRET_KEY)],
        lifespan=contio.lifespan,
    )


class StarletteBrowser:
    origin = "http://testserver"

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def set_cookie(self, value: str) -> None:
        self.client.cookies.set("session", value)

    def _answer(self, response: Any) -> Answer:
        return Answer(
            response.status_code,
            response.headers.get("location"),
            response.text,
            dict(response.headers),
        )

    def get(self, url: str) -> Answer:
        return self._answer(self.client.get(url, follow_redirects=False))

    def post(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        return self._answer(self.client.post(url, headers=headers, follow_redirects=False))

    def cookie(self) -> str | None:
        value: str | None = self.client.cookies.get("session")
        return value

    def session(self) -> dict[str, Any]:
        raw = self.cookie()
        if raw is None:
            return {}
        payload = raw.split(".", 1)[0]  # itsdangerous TimestampSigner: data.timestamp.sig
        decoded: dict[str, Any] = json.loads(base64.b64decode(payload + "=="))
        return decoded


class StarletteUnderTest:
    name = "starlette"

    def __init__(self, contio: StarletteSignIn, stack: contextlib.ExitStack) -> None:
        self.contio = contio
        self.app = starlette_app(contio)
        self._stack = stack

    def browser(self) -> StarletteBrowser:
        return StarletteBrowser(self._stack.enter_context(TestClient(self.app)))


# -- Flask ---------------------------------------------------------------------------------


def flask_app(contio: FlaskSignIn) -> flask.Flask:
    app = flask.Flask(__name__)
    app.secret_key = SECRET_KEY
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.register_blueprint(contio.blueprint)

    @app.get("/me")
    def me() -> Any:
        user = contio.current_user()
        if user is None:
            return {"signed_in": False}, 401
        return me_body(user, user.oauth.get_user_info())

    return app


class FlaskBrowser:
    origin = "http://localhost"

    def __init__(self, app: flask.Flask) -> None:
        self.app = app
        self.client = app.test_client()

    def set_cookie(self, value: str) -> None:
        self.client.set_cookie("session", value)

    def _answer(self, response: Any) -> Answer:
        return Answer(
            response.status_code,
            response.headers.get("Location"),
            response.get_data(as_text=True),
            dict(response.headers),
        )

    def get(self, url: str) -> Answer:
        return self._answer(self.client.get(url))

    def post(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        return self._answer(self.client.post(url, headers=headers))

    def cookie(self) -> str | None:
        cookie = self.client.get_cookie("session")
        return cookie.value if cookie is not None else None

    def session(self) -> dict[str, Any]:
        raw = self.cookie()
        if raw is None:
            return {}
        serializer = self.app.session_interface.get_signing_serializer(self.app)  # type: ignore[attr-defined]
        decoded: dict[str, Any] = serializer.loads(raw)
        return decoded


class FlaskUnderTest:
    name = "flask"

    def __init__(self, contio: FlaskSignIn) -> None:
        self.contio = contio
        self.app = flask_app(contio)

    def browser(self) -> FlaskBrowser:
        return FlaskBrowser(self.app)


@contextlib.contextmanager
def app_under_test(
    framework: str, store_for: Callable[[str], TokenStore], **options: Any
) -> Iterator[WebApp]:
    """The framework's test app over the integration configured with `options`."""
    if framework.startswith("django"):
        from tests.web.django_app import django_under_test

        with django_under_test(framework, store_for, **options) as django_app:
            yield django_app
        return
    if framework == "starlette":
        with contextlib.ExitStack() as stack:
            yield StarletteUnderTest(StarletteSignIn(store_for=store_for, **options), stack)
        return
    contio = FlaskSignIn(store_for=store_for, **options)
    try:
        yield FlaskUnderTest(contio)
    finally:
        contio.close()
