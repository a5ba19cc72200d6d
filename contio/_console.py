"""The `contio` console script: a clear message, not a traceback, without the cli extra."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from contio.cli import main as cli
    except ImportError as exc:
        if exc.name in ("click", "rich"):
            sys.exit(f"contio: the command line needs {exc.name}: pip install 'contio[cli]'")
        raise
    cli(prog_name="contio")
