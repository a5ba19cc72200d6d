"""Setting the integrations up: clear errors for a wrong configuration, FastAPI's
dependencies, Flask's `login_required`.

No `from __future__ import annotations` here: FastAPI reads the routes' annotations at run
time, and they name the integration made inside a fixture.
"""

import subprocess
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import flask
import pytest
from fastapi import Depends, FastAPI
from starlette.applications import Starlette
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount
from starlette.testclient import TestClient

from contio.client import AsyncOAuthClient
from contio.stores import MemoryTokenStore
from contio.testing import ContioMock
from contio.web import SignedInUser
from contio.web.flask import FlaskSignIn
from contio.web.starlette import StarletteSignIn
from tests.web.apps import SECRET_KEY, FlaskBrowser, StarletteBrowser
from tests.web.conftest import ADA, SCOPE, Stores, sign_in

OPTIONS: dict[str, Any] = {
    "client_id": "demo-client",
    "client_secret": "demo-secret",
    "redirect_uri": "http://127.0.0.1:8400/callback",
}


@pytest.mark.parametrize("integration", [StarletteSignIn, FlaskSignIn])
@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"token_store": MemoryTokenStore()}, TypeError, "store_for"),
        ({"http_client": None}, TypeError, "pools connections"),
        ({"scope": ["profile", "email"]}, ValueError, "'openid' scope"),
        ({"after_sign_in": "https://evil.example/"}, ValueError, "after_sign_in"),
        ({"redirect_uri": "not a url"}, ValueError, "redirect_uri"),
        ({"redirect_uri": None}, TypeError, "needs redirect_uri"),
        ({"store_for": "not callable"}, TypeError, "store_for"),
    ],
)
def test_a_wrong_configuration_fails_at_start_up_with_a_clear_message(
    integration: Any, options: dict[str, Any], error: type[Exception], message: str
) -> None:
    arguments: dict[str, Any] = {**OPTIONS, "store_for": lambda key: MemoryTokenStore()}
    arguments.update(options)
    with pytest.raises(error, match=message) as raised:
        integration(**arguments)
    assert "demo-secret" not in str(raised.value)
    assert "demo-secret" not in repr(integration(**OPTIONS, store_for=lambda key: None))


def test_starlette_without_a_session_middleware_says_what_to_add() -> None:
    contio = StarletteSignIn(**OPTIONS, store_for=lambda key: MemoryTokenStore())
    app = Starlette(routes=[Mount("/", app=contio.router)])
    with TestClient(app) as client, pytest.raises(RuntimeError, match="SessionMiddleware"):
        client.get("/login")


@pytest.fixture
def fastapi_browser(contio_mock: ContioMock, stores: Stores) -> Iterator[StarletteBrowser]:
    contio = StarletteSignIn(**contio_mock.client_kwargs(scope=SCOPE), store_for=stores)
    app = FastAPI(lifespan=contio.lifespan)
    app.add_middleware(SessionMiddleware, secret_key=SECRET_KEY)
    SignedIn = Annotated[SignedInUser[AsyncOAuthClient], Depends(contio.require_user)]
    MaybeSignedIn = Annotated[SignedInUser[AsyncOAuthClient] | None, Depends(contio.user)]

    @app.get("/me")
    async def me(user: SignedIn) -> dict[str, Any]:
        info = await user.oauth.get_user_info()
        return {"email": user.email, "contio_sub": info.sub, "key": user.key, "sub": user.sub}

    @app.get("/")
    async def home(user: MaybeSignedIn) -> dict[str, Any]:
        return {"greeting": f"Signed in as {user.display_name}" if user else "Hello"}

    app.mount("/", contio.router)
    with TestClient(app) as client:
        yield StarletteBrowser(client)


def test_fastapi_dependencies_give_the_signed_in_user_or_a_401(
    fastapi_browser: StarletteBrowser,
) -> None:
    browser = fastapi_browser
    assert browser.get("/me").status == 401
    assert browser.get("/").json() == {"greeting": "Hello"}
    assert sign_in(browser, ADA).status == 303
    me = browser.get("/me").json()
    assert me["email"] == ADA
    assert me["contio_sub"] == me["sub"]
    assert browser.get("/").json()["greeting"].startswith("Signed in as ")
    assert browser.post("/logout").status == 303
    assert browser.get("/me").status == 401


def test_flask_login_required_goes_through_sign_in_and_comes_back(
    contio_mock: ContioMock, stores: Stores
) -> None:
    contio = FlaskSignIn(**contio_mock.client_kwargs(scope=SCOPE), store_for=stores)
    app = flask.Flask(__name__)
    app.secret_key = SECRET_KEY
    app.register_blueprint(contio.blueprint)

    @app.get("/private")
    @contio.login_required
    def private() -> str:
        user = contio.current_user()
        assert user is not None
        return f"Hello {user.email}"

    browser = FlaskBrowser(app)
    answer = browser.get("/private?tab=2")
    assert (answer.status, answer.location) == (303, "/login?next=/private?tab%3D2")
    assert sign_in(browser, ADA, "/login?next=/private?tab%3D2").location == "/private?tab=2"
    assert browser.get("/private?tab=2").text == f"Hello {ADA}"
    contio.close()


def test_the_neutral_core_needs_no_web_framework() -> None:
    """The base install stays small: only the adapters import Starlette or Flask."""
    code = (
        "import sys\n"
        "for name in ('starlette', 'flask', 'fastapi', 'werkzeug', 'itsdangerous'):\n"
        "    sys.modules[name] = None  # importing it now fails\n"
        "import contio.web, contio.web.runner, contio.web.pages\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
