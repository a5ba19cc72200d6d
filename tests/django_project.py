"""The tests' Django project: settings made once per process, in code, for the web tests, the
fleet's Django workers and the demo's browser test.

`configure(sqlite_path, postgres_url, contio)` sets Django up with sessions in the database,
CSRF on, the contio app installed and `contio_tokens` migrated: "default" is a SQLite file,
"postgres" (when a URL is given) a real PostgreSQL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import django
from django.conf import settings
from django.core.management import call_command

__all__ = ["configure", "database_settings"]

#: Signs the test project's sessions and CSRF tokens; not a Contio secret.
SECRET_KEY = "test-django-project-secret-key-not-for-production"


def database_settings(url: str) -> dict[str, Any]:
    """A DATABASES entry from a SQLAlchemy-style URL (`sqlite:///path`,
    `postgresql+psycopg://user@host:port/db`)."""
    if url.startswith("sqlite"):
        # WAL: a view's open read transaction does not block the token store's commits
        # (in SQLite's default journal it does, until the view's transaction ends).
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": url.split(":///", 1)[1],
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL"},
        }
    parts = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


def configure(
    sqlite_path: str,
    postgres_url: str | None = None,
    contio: dict[str, Any] | None = None,
    urlconf: str = "tests.web.django_site",
    migrate: bool = True,
) -> None:
    """Set the project up (once per process: later calls change nothing); `migrate=False`
    for a process that only uses what another one migrated (a fleet worker)."""
    if settings.configured:
        return
    databases = {"default": database_settings(f"sqlite:///{sqlite_path}")}
    if postgres_url is not None:
        databases["postgres"] = database_settings(postgres_url)
    settings.configure(
        DEBUG=False,
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"],
        INSTALLED_APPS=["django.contrib.sessions", "contio.web.django"],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ],
        ROOT_URLCONF=urlconf,
        DATABASES=databases,
        USE_TZ=True,
        # "shared": a cache every process of the tests sees (in the SQLite database).
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "shared": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "contio_test_cache",
            },
        },
        SESSION_COOKIE_SAMESITE="Lax",
        CONTIO=contio,
        LOGGING_CONFIG=None,
    )
    django.setup()
    for alias in databases if migrate else ():
        # fake_initial: the SQLAlchemy tests may have made contio_tokens (the same table) first.
        call_command("migrate", database=alias, verbosity=0, fake_initial=True)
    if migrate:
        call_command("createcachetable", verbosity=0)
