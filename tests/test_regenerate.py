"""`scripts/regenerate --check` passes on a clean tree and catches a hand edit (issue 2)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "regenerate"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_check_passes_then_fails_after_a_hand_edit(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    for folder in ("openapi", "scripts", "generated"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))

    clean = run_check(copy)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "up to date" in clean.stdout

    edited = copy / "generated" / "contio_oauth_api" / "models" / "token_response.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# a hand edit\n", encoding="utf-8")
    (copy / "generated" / "contio_oauth_api" / "stray.py").write_text("x = 1\n", encoding="utf-8")

    dirty = run_check(copy)
    assert dirty.returncode == 1
    assert "+# a hand edit" not in dirty.stdout  # the diff turns committed code into generated code
    assert "-# a hand edit" in dirty.stdout
    assert "generated/contio_oauth_api/models/token_response.py" in dirty.stdout
    assert "generated/contio_oauth_api/stray.py" in dirty.stdout
    assert "run scripts/regenerate" in dirty.stdout


def test_check_fails_when_the_spec_changes_without_regeneration(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    for folder in ("openapi", "scripts", "generated"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    spec = copy / "openapi" / "contio-oauth.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("description: Whether the token is currently valid.", "description: Live?"),
        encoding="utf-8",
    )
    result = run_check(copy)
    assert result.returncode == 1
    assert "token_introspection.py" in result.stdout


def _stock_to_contio(text: str) -> str:
    """The two changes contio makes to the generator's templates (see the README)."""
    text = re.sub(r"^import httpx$", "import httpx2", text, flags=re.MULTILINE)
    text = re.sub(r"\bhttpx\.(?=[A-Z])", "httpx2.", text)
    return text.replace(
        "from typing import Any, Self\n",
        "from typing import TYPE_CHECKING, Any\n\nif TYPE_CHECKING:\n"
        "    from typing_extensions import Self\n",
    )


def test_the_custom_templates_are_the_generators_with_contios_changes() -> None:
    import openapi_python_client

    stock = Path(openapi_python_client.__file__).parent / "templates"
    for ours in sorted((ROOT / "openapi" / "templates").glob("*.jinja")):
        text = ours.read_text(encoding="utf-8")
        # Our own lines: a Jinja comment saying why, and `from __future__` for 3.10.
        text = re.sub(r"^\{# contio: .* #\}\n", "", text)
        text = text.replace("from __future__ import annotations\n\n", "", 1)
        expected = _stock_to_contio((stock / ours.name).read_text(encoding="utf-8"))
        assert text == expected, f"{ours.name} no longer matches the generator's; refresh it"
        assert "import httpx\n" not in text
