"""What a user meets first: the version, and the error of a module used without its extra.
(scripts/check-dist, run by CI, installs the built wheel with each extra in clean venvs.)"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest
from click.testing import CliRunner

import contio
from contio._extras import EXTRAS
from contio.cli.main import main

EXTRA_MODULES = [
    ("contio.stores.redis", "redis", "redis"),
    ("contio.web.starlette", "starlette", "starlette"),
    ("contio.web.flask", "flask", "flask"),
    ("contio.mock", "mock", "starlette"),
    ("contio.cli.main", "cli", "click"),
    ("contio.web.django", "django", "django"),
    ("contio.stores.django", "django", "django"),
    ("contio.stores.sqlalchemy", "sqlalchemy", "sqlalchemy"),
    ("contio.stores.sealing", "sealed", "cryptography"),
    ("contio.resource.starlette", "starlette", "starlette"),
    ("contio.resource.flask", "flask", "flask"),
    ("contio.resource.django", "django", "django"),
]


def test_one_version_everywhere() -> None:
    assert importlib.metadata.version("contio") == contio.__version__
    shown = CliRunner().invoke(main, ["--version"])
    assert shown.exit_code == 0
    assert shown.output.strip() == f"contio, version {contio.__version__}"


@pytest.mark.parametrize(("module", "extra", "dependency"), EXTRA_MODULES)
def test_a_module_without_its_extra_names_the_extra(
    module: str, extra: str, dependency: str
) -> None:
    script = f"""
import sys
sys.modules[{dependency!r}] = None  # as if the extra were not installed
try:
    import {module}
except ImportError as exc:
    print(type(exc).__name__, exc.name, "|", exc)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"MissingExtraError {dependency} |"), run.stdout + run.stderr
    assert f"pip install 'contio[{extra}]'" in run.stdout
    assert dependency in EXTRAS[extra]


def test_an_unrelated_missing_module_is_not_blamed_on_an_extra() -> None:
    from contio._extras import extra

    with pytest.raises(ModuleNotFoundError) as raised, extra("redis", "a feature"):
        import contio_no_such_module  # type: ignore[import-not-found]  # noqa: F401
    assert type(raised.value) is ModuleNotFoundError
