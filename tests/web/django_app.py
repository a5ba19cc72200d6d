"""The Django app under test, behind the web tests' Browser interface: Django's test client
with CSRF checks on (a POST carries the token a page of the site gives, as a form would), and
its database session read on the server (Django keeps only the session's key in the cookie).

`django` runs the site's sync views through Django's WSGI handler; `django-async` its async
ones (tests.web.django_site_async) through its ASGI handler, on one event loop that lives
as long as the test session, as under an ASGI server.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from django.contrib.sessions.backends.db import SessionStore
from django.test import AsyncClient, Client, override_settings

from contio.stores import TokenStore
from tests.web.apps import Answer

URLCONFS = {"django": "tests.web.django_site", "django-async": "tests.web.django_site_async"}
COOKIE = "sessionid"


_loop: asyncio.AbstractEventLoop | None = None


def _on_the_loop(call: Coroutine[Any, Any, Any]) -> Any:
    """Run `call` on the session's ASGI loop (started at the first call)."""
    global _loop
    if _loop is None:
        _loop = asyncio.new_event_loop()
        threading.Thread(target=_loop.run_forever, name="django-asgi-tests", daemon=True).start()
    return asyncio.run_coroutine_threadsafe(call, _loop).result(60)


class _OnTheLoop:
    """Django's AsyncClient with a blocking face: each request on the session's loop."""

    def __init__(self) -> None:
        self.client = AsyncClient(enforce_csrf_checks=True)
        self.cookies = self.client.cookies

    def get(self, url: str) -> Any:
        return _on_the_loop(self.client.get(url))

    def post(self, url: str, headers: dict[str, str] | None = None) -> Any:
        return _on_the_loop(self.client.post(url, headers=headers))


class DjangoBrowser:
    origin = "http://testserver"

    def __init__(self, asgi: bool = False) -> None:
        self.client: Any = _OnTheLoop() if asgi else Client(enforce_csrf_checks=True)

    def _answer(self, response: Any) -> Answer:
        headers = dict(response.headers)
        cookies = [morsel.OutputString() for morsel in response.cookies.values()]
        if cookies:  # Django's test response keeps them apart from its headers
            headers["Set-Cookie"] = ", ".join(cookies)
        return Answer(
            response.status_code,
            response.headers.get("Location"),
            response.content.decode(),
            headers,
        )

    def get(self, url: str) -> Answer:
        return self._answer(self.client.get(url))

    def post(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        token = self.client.get("/csrf").content.decode()
        sent = {"X-CSRFToken": token, **(headers or {})}
        return self._answer(self.client.post(url, headers=sent))

    def post_without_token(self, url: str) -> Answer:
        """A POST as another site's form would send it: no CSRF token."""
        return self._answer(self.client.post(url))

    def cookie(self) -> str | None:
        morsel = self.client.cookies.get(COOKIE)
        return morsel.value if morsel is not None and morsel.value else None

    def session(self) -> dict[str, Any]:
        key = self.cookie()
        if key is None:
            return {}
        loaded: dict[str, Any] = SessionStore(session_key=key).load()
        return loaded

    def set_cookie(self, value: str) -> None:
        self.client.cookies[COOKIE] = value


class DjangoUnderTest:
    def __init__(self, name: str) -> None:
        self.name = name

    def browser(self) -> DjangoBrowser:
        return DjangoBrowser(asgi=self.name == "django-async")


@contextlib.contextmanager
def django_under_test(
    framework: str, store_for: Callable[[str], TokenStore], **options: Any
) -> Iterator[DjangoUnderTest]:
    """The site configured with `options` (CONTIO) for the length of a test."""
    contio = {**options, "store_for": store_for}
    with override_settings(CONTIO=contio, ROOT_URLCONF=URLCONFS[framework]):
        yield DjangoUnderTest(framework)
