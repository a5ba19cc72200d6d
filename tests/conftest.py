"""Options of the whole test suite: `--interop` runs tests/interop (the OpenID-Certified
server and relying party, which need `npm ci` in tests/interop first; see its run.sh)
instead of leaving it out of the run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

INTEROP = Path(__file__).parent / "interop"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--interop",
        action="store_true",
        help="run tests/interop against oidc-provider and openid-client (npm ci first)",
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path == INTEROP and not config.getoption("--interop"):
        return True  # not collected at all: `bash tests/interop/run.sh` runs it
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The SQLAlchemy URL of the session's real PostgreSQL: `CONTIO_TEST_POSTGRES_URL`, or a
    server started here on a free loopback port (tests/fleet/postgres.py; never a skip)."""
    given = os.environ.get("CONTIO_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    from tests.fleet.postgres import PostgresServer

    server = PostgresServer()
    try:
        server.start()
        yield server.url
    finally:
        server.close()


@pytest.fixture(scope="session")
def django_project(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tests' Django project, set up once for the session (tests/django_project.py): its
    "default" database a SQLite file, "postgres" the session's PostgreSQL; the SQLite path.
    Tests set CONTIO themselves (override_settings)."""
    from tests.django_project import configure

    path = str(tmp_path_factory.mktemp("django") / "site.sqlite3")
    configure(path, postgres_url)
    return path
