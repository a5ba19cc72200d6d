"""Every Python block of the README and of docs/ runs in the test suite (Sybil), against a
live mock (tests/docs_support.py), so that no example can rot. A page's blocks share one
namespace, in order; `<!-- invisible-code-block: python -->` blocks check what a page shows.

The session's PostgreSQL and the tests' Django project are fixtures of the whole run (the
docs' Django page and the tests share them: Django is set up once per process)."""

import os
from collections.abc import Iterator

import pytest
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

from tests.docs_support import docs_environment, docs_mock
from tests.fleet.conftest import redis_url

__all__ = [
    "django_project",
    "docs_environment",
    "docs_mock",
    "postgres_url",
    "pytest_collect_file",
    "redis_url",
]


def _as_a_script(namespace: dict[str, object]) -> None:
    """A page's blocks run as a reader's script would: `__name__` is "__main__" (which
    `Flask(__name__)` needs to find the app's folder)."""
    namespace["__name__"] = "__main__"


pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    setup=_as_a_script,
    patterns=["README.md", "docs/*.md"],
    fixtures=["docs_environment"],
).pytest()


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
