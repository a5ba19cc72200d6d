"""The `contio` command line (the `cli` extra): the console script's entry point.

`main` gives a clear message, not a traceback, when the `cli` extra is not installed; the
commands themselves live in `contio.cli.main`.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Run the `contio` command (the console script)."""
    try:
        from contio.cli.main import main as cli
    except ImportError as exc:
        if exc.name in ("click", "rich"):
            sys.exit(f"contio: the command line needs {exc.name}: pip install 'contio[cli]'")
        raise
    cli(prog_name="contio")
