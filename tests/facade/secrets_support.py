"""Shared pieces of the no-secret-ever-shows tests (the modules split from the former
`test_secrets.py`): the secrets that must never show, and `Evidence`, which gathers every text a
user could see and asserts none of them holds one. Its fixture, `evidence`, is in conftest.py.
"""

from __future__ import annotations

import base64
import traceback
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import httpx2
import pytest

from contio import AuthTokens
from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET

if TYPE_CHECKING:  # conftest imports this module for the `evidence` fixture
    from tests.facade.conftest import MockControl

WRONG_SECRET = "wrong-secret-Zq7xv93LpQ"
NEVER_ISSUED_REFRESH = "cto_rt_v1_NeverIssuedRefreshTokenValue0123456789abcdef"
NEVER_ISSUED_ACCESS = "cto_at_v1_NeverIssuedAccessTokenValue0123456789abcdef"
EMAIL = "ada@example.com"


def basic(client_id: str, secret: str) -> str:
    return base64.b64encode(f"{client_id}:{secret}".encode()).decode("ascii")


class Evidence:
    """Every text a user could see, and every secret that must not be in any of them."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []  # (where, text)
        self.secrets: dict[str, str] = {}  # value -> what it is
        self.add_secret(DEMO_CLIENT_SECRET, "client secret")
        self.add_secret(basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET), "Basic credentials")
        self.add_secret(WRONG_SECRET, "wrong client secret")
        self.add_secret(basic(DEMO_CLIENT_ID, WRONG_SECRET), "wrong Basic credentials")
        self.add_secret(NEVER_ISSUED_REFRESH, "unknown refresh token")
        self.add_secret(NEVER_ISSUED_ACCESS, "unknown access token")

    def add_secret(self, value: str | None, what: str) -> None:
        if value:
            self.secrets[value] = what

    def tokens(self, *token_sets: AuthTokens | None) -> None:
        for tokens in token_sets:
            if tokens is None:
                continue
            self.add_secret(tokens.access_token, "access token")
            self.add_secret(tokens.refresh_token, "refresh token")
            self.add_secret(tokens.id_token, "ID token")
            self.show(tokens)

    def show(self, *objects: object) -> None:
        for obj in objects:
            self.texts.append((f"repr({type(obj).__name__})", repr(obj)))
            self.texts.append((f"str({type(obj).__name__})", str(obj)))

    def error(self, exc: BaseException) -> None:
        self.show(exc)
        formatted = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.texts.append((f"traceback({type(exc).__name__})", formatted))
        response = getattr(exc, "response", None)
        if isinstance(response, httpx2.Response):
            self.texts.append(("repr(request)", repr(response.request)))
            self.texts.append(("repr(request headers)", repr(response.request.headers)))

    def expect(self, kind: type[BaseException], call: Callable[[], object]) -> Any:
        with pytest.raises(kind) as caught:
            call()
        self.error(caught.value)
        return caught.value

    async def aexpect(
        self, kind: type[BaseException], call: Callable[[], Awaitable[object]]
    ) -> Any:
        with pytest.raises(kind) as caught:
            await call()
        self.error(caught.value)
        return caught.value

    def logs(self, caplog: pytest.LogCaptureFixture) -> None:
        records = caplog.records
        assert records, "DEBUG logging captured nothing"
        for record in records:
            self.texts.append((f"log {record.name}", record.getMessage()))
        self.texts.append(("formatted logs", caplog.text))

    def issued_by(self, mock: MockControl) -> None:
        """Every access and refresh token the mock issued, whether the client kept it or not."""
        for value in list(mock.running.state.tokens):
            self.add_secret(value, "token issued by the mock")

    def assert_clean(self) -> None:
        assert len(self.secrets) > 6, "no tokens were collected"
        leaks = [
            f"{what} ({value[:6]}…) in {where}: …{text[max(0, text.find(value) - 60) :][:160]}…"
            for value, what in self.secrets.items()
            for where, text in self.texts
            if value in text
        ]
        assert not leaks, "secrets leaked:\n" + "\n".join(leaks)
