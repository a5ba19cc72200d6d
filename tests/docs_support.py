"""What the README's and the documentation's code blocks run against (see conftest.py at the
repository's root): a live mock configured as the docs tell the reader to start it, a real
Redis, and the environment variables the blocks read, as a reader would set them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from contio.mock import MockConfig, RunningMock, serve_in_thread

#: The web pages' redirect URI, registered with the docs' mock as the page says to.
WEB_REDIRECT_URI = "https://app.example.com/auth/callback"
#: The key the docs' blocks seal tokens with (CONTIO_TOKEN_KEYS).
DOCS_TOKEN_KEY = "Yzk3b2Q0N2Z6cjB1c3Y1bXE4d2V0eTJpYWdoMW5sNng"
#: Who the docs' mock approves at once (`contio mock --auto-approve ada@example.com`).
USER = "ada@example.com"


@pytest.fixture(scope="session")
def docs_mock() -> Iterator[RunningMock]:
    config = MockConfig(auto_approve_email=USER, extra_redirect_uris=(WEB_REDIRECT_URI,))
    with serve_in_thread(config) as running:
        yield running


@pytest.fixture
def docs_environment(
    docs_mock: RunningMock,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """Per block: the reader's environment, a scratch working directory (files a block
    writes land there), and the mock reset when a new page begins. The Django page's blocks
    run in the tests' Django project (Django is set up once per process)."""
    page = str(request.node.path)
    if page.endswith("django.md"):
        request.getfixturevalue("django_project")
    if getattr(docs_mock, "_docs_page", None) != page:
        docs_mock.reset()
        docs_mock._docs_page = page  # type: ignore[attr-defined]
    monkeypatch.setenv("CONTIO_CLIENT_ID", docs_mock.config.client_id)
    monkeypatch.setenv("CONTIO_CLIENT_SECRET", docs_mock.config.client_secret)
    monkeypatch.setenv("CONTIO_BASE_URL", docs_mock.base_url)
    # The identity administration (PartnerAdmin, `contio admin`): the partner's API key.
    monkeypatch.setenv("CONTIO_API_KEY", docs_mock.config.api_key)
    monkeypatch.setenv("CONTIO_API_URL", docs_mock.base_url)
    monkeypatch.setenv("CONTIO_REDIRECT_URI", WEB_REDIRECT_URI)
    monkeypatch.setenv("SESSION_SECRET", "docs-session-secret-" + "x" * 24)
    monkeypatch.setenv("REDIS_URL", redis_url)
    # The token keys the docs tell the reader to make (TokenSealer.generate_key()).
    monkeypatch.setenv("CONTIO_TOKEN_KEYS", DOCS_TOKEN_KEY)
    scratch = Path(os.environ.get("CONTIO_DOCS_SCRATCH", tmp_path.parent)) / "docs-scratch"
    scratch.mkdir(exist_ok=True)
    monkeypatch.chdir(scratch)
