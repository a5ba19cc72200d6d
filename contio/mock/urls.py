"""URLs the mock hands out: its own base, its issuer and its sign-in page."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from starlette.requests import Request

from contio.mock.state import MockState

LOGIN_PATH = "/_mock/login"


def public_base(request: Request) -> str:
    """The URL the client reached us on, so links work whichever host and port it used."""
    return str(request.base_url).rstrip("/")


def issuer(state: MockState, request: Request) -> str:
    return state.config.issuer or public_base(request)


def login_page_url(request: Request, params: Mapping[str, str | None]) -> str:
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{public_base(request)}{LOGIN_PATH}?{query}"
