"""The admin tests run each call through PartnerAdmin and AsyncPartnerAdmin alike, against the
live mock (reset for each test)."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from contio.admin import AsyncPartnerAdmin, PartnerAdmin
from contio.testing import ContioMock
from tests.fleet.conftest import redis_url  # noqa: F401 - the session's real Redis


class Admin:
    """Either client, its calls awaited when they are coroutines: one test, both clients."""

    def __init__(self, client: PartnerAdmin | AsyncPartnerAdmin) -> None:
        self.client = client
        self.kind = "async" if isinstance(client, AsyncPartnerAdmin) else "sync"

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.client, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        return call


async def open_admin(kind: str, mock: ContioMock, **overrides: Any) -> Admin:
    kwargs = mock.admin_kwargs(**overrides)
    return Admin(AsyncPartnerAdmin(**kwargs) if kind == "async" else PartnerAdmin(**kwargs))


async def close_admin(admin: Admin) -> None:
    client = admin.client
    if isinstance(client, AsyncPartnerAdmin):
        await client.aclose()
    else:
        client.close()


@pytest.fixture
def mock(contio_mock: ContioMock) -> ContioMock:
    return contio_mock


@pytest.fixture(params=["sync", "async"])
async def admin(request: pytest.FixtureRequest, mock: ContioMock) -> AsyncIterator[Admin]:
    opened = await open_admin(request.param, mock)
    yield opened
    await close_admin(opened)


def history(mock: ContioMock, kind: str | None = None) -> list[dict[str, Any]]:
    """The demo partner's audit events (newest last), read from the mock's state."""
    events = mock.running.state.admin.credentials[mock.client_id].history
    return [e for e in events if kind is None or e["credential_type"] == kind]
