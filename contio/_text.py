"""What the facade does with text a server or a library sent: redacts secrets from it, and
reads a `Retry-After` header."""

from __future__ import annotations

import re
from datetime import UTC

__all__ = ["parse_retry_after", "redact"]

# Opaque Contio tokens, JWTs and Basic/Bearer credentials: never echoed into a message.
_SECRET_PATTERNS = re.compile(
    r"cto_[a-z]{2}_v\d+_[A-Za-z0-9_\-.~+/=]+"
    r"|eyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]*"
    r"|(?i:(?:basic|bearer)\s+)[A-Za-z0-9_\-.~+/=]{8,}"
)
_MAX_MESSAGE = 500


def redact(text: str, *secrets: str | None) -> str:
    """Remove anything that looks like a token, and the given secrets, from `text`.

    Args:
        text: What a server or a library said.
        *secrets: Values that must not appear (a client secret, tokens held), in any case.

    Returns:
        The text with each of them `[redacted]`, cut at 500 characters.
    """
    # Longest first: a secret that holds another must not be half-replaced; in any case, as
    # a server may have lowercased it (in a host name, say).
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = re.sub(re.escape(secret), "[redacted]", text, flags=re.IGNORECASE)
    text = _SECRET_PATTERNS.sub("[redacted]", text)
    if len(text) > _MAX_MESSAGE:
        text = text[:_MAX_MESSAGE] + "…"
    return text


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3).

    Args:
        value: The header's value, or None.

    Returns:
        The seconds to wait (0 for a date in the past), or None for no or an unreadable value.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from datetime import datetime
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN or infinite
        return None
    return max(0.0, seconds)
