"""The version of contio: kept here only (pyproject.toml reads it; `contio --version` and the
User-Agent show it)."""

__version__ = "0.1.0"
