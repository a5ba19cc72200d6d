"""What the sign-in steps of `contio.web.core` ask a runner (`contio.web.runner`) to do.

A step is a generator: it yields one of these, and the runner sends back the result (or
throws in the facade's error), with blocking or awaited I/O as its framework needs.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeVar

import attrs

from contio.tokens import AuthTokens

__all__ = ["Clear", "Effect", "Exchange", "Flow", "Fresh", "Revoke", "RevokeToken", "Save"]

T = TypeVar("T")


@attrs.frozen
class Exchange:
    """Exchange the code (with the verifier) and verify the ID token (with the nonce), in
    a client of its own: nothing reaches a user's store before the checks pass."""

    code: str = attrs.field(repr=False)
    verifier: str = attrs.field(repr=False)
    nonce: str = attrs.field(repr=False)


@attrs.frozen
class Save:
    """Give the user's client (and so the user's store) these tokens; returns the tokens
    they replace, or None."""

    key: str
    tokens: AuthTokens


@attrs.frozen
class RevokeToken:
    """Revoke one refresh token at Contio, in a client of its own (no store touched)."""

    token: str = attrs.field(repr=False)


@attrs.frozen
class Fresh:
    """Read the user's store again (another worker may have signed them out), then make sure
    the access token is good, refreshing it if not; MissingTokenError when none is stored."""

    key: str


@attrs.frozen
class Revoke:
    """Revoke the user's stored refresh token at Contio (the access token when there is none)."""

    key: str


@attrs.frozen
class Clear:
    """Forget the user's tokens, in the store and in the client kept for them."""

    key: str


Effect = Exchange | Save | RevokeToken | Fresh | Revoke | Clear
Flow = Generator[Effect, Any, T]
