"""Text from the network, made safe to print on a terminal."""

from __future__ import annotations

import unicodedata

__all__ = ["printable"]

#: Bidirectional overrides and isolates: they reorder what a terminal shows (Trojan Source).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def printable(text: str, limit: int = 500) -> str:
    """`text` with every control character (C0 and C1, ESC and DEL among them), bidi control
    and other invisible format character written as a `\\x..`/`\\u....` escape, and cut to
    `limit` characters: a terminal shows it as it is and runs no escape sequence of it."""
    out: list[str] = []
    for char in text[:limit]:
        if char in _BIDI or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out) + ("…" if len(text) > limit else "")
