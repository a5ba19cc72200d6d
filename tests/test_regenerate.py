"""`scripts/regenerate --check` passes on a clean tree and catches a hand edit (issue 2)."""

from __future__ import annotations

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
