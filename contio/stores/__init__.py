"""Where a client keeps its tokens between calls and between runs."""

from __future__ import annotations

import threading
from typing import Protocol, runtime_checkable

# FileTokenStore lives in a module of its own and is named here, with the other stores.
from contio.stores.file import FileTokenStore
from contio.tokens import AuthTokens

__all__ = ["FileTokenStore", "MemoryTokenStore", "TokenStore"]


@runtime_checkable
class TokenStore(Protocol):
    """What a client needs of a token store. Implementations must be thread-safe."""

    def load(self) -> AuthTokens | None:
        """The saved tokens, or None when nothing is saved."""
        ...

    def save(self, tokens: AuthTokens) -> None:
        """Replace the saved tokens.

        Args:
            tokens: The tokens to keep.
        """
        ...

    def clear(self) -> None:
        """Forget the saved tokens."""
        ...


class MemoryTokenStore:
    """Tokens in this process only: the default."""

    def __init__(self, tokens: AuthTokens | None = None) -> None:
        """A store in this process's memory.

        Args:
            tokens: Tokens to start with (default: none).
        """
        self._tokens = tokens
        self._lock = threading.Lock()

    def load(self) -> AuthTokens | None:
        """The tokens held.

        Returns:
            The tokens held, or None.
        """
        with self._lock:
            return self._tokens

    def save(self, tokens: AuthTokens) -> None:
        """Keep `tokens` in place of what was held.

        Args:
            tokens: The tokens to keep.
        """
        with self._lock:
            self._tokens = tokens

    def clear(self) -> None:
        """Forget the tokens."""
        with self._lock:
            self._tokens = None

    def __repr__(self) -> str:
        return f"MemoryTokenStore(has_tokens={self._tokens is not None})"
