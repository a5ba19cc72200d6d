"""What each optional part of contio needs installed, and the error that says so.

A module of an extra imports its third-party dependencies inside ``with extra("redis"):``;
when one is missing the import fails with `MissingExtraError`, an `ImportError` that names
the extra to install instead of a bare `ModuleNotFoundError` from deep inside.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["EXTRAS", "MissingExtraError", "extra", "missing_modules"]

#: Each extra and the top-level modules it brings (those contio imports).
EXTRAS: dict[str, tuple[str, ...]] = {
    "mock": ("starlette", "uvicorn", "cryptography"),
    "cli": ("click", "rich"),
    "aiohttp": ("aiohttp",),
    "oidc": ("joserfc",),
    "redis": ("redis",),
    "starlette": ("starlette", "itsdangerous", "joserfc"),
    "flask": ("flask", "joserfc"),
    "django": ("django", "joserfc"),
    "sqlalchemy": ("sqlalchemy",),
    "sealed": ("cryptography",),
}


class MissingExtraError(ImportError):
    """A part of contio was used without the extra that installs what it needs."""

    def __init__(self, extra_name: str, module: str, feature: str) -> None:
        super().__init__(
            f"{feature} needs the '{extra_name}' extra (module {module!r} is not installed): "
            f"pip install 'contio[{extra_name}]'",
            name=module,
        )
        self.extra = extra_name


def missing_modules(extra_name: str) -> list[str]:
    """The modules of an extra that this environment lacks."""
    return [name for name in EXTRAS[extra_name] if importlib.util.find_spec(name) is None]


@contextmanager
def extra(extra_name: str, feature: str) -> Iterator[None]:
    """Imports made inside fail with a `MissingExtraError` naming `extra_name`."""
    try:
        yield
    except ModuleNotFoundError as exc:
        top = (exc.name or "").partition(".")[0]
        if top not in EXTRAS[extra_name]:
            raise
        raise MissingExtraError(extra_name, top, feature) from None
