"""PKCE (RFC 7636) and state helpers for the authorization code flow."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import NamedTuple

__all__ = ["PkcePair", "generate_nonce", "generate_pkce_pair", "generate_state", "s256_challenge"]


class PkcePair(NamedTuple):
    """A code verifier (keep it secret, send it with the code) and its S256 challenge."""

    verifier: str
    challenge: str

    def __repr__(self) -> str:
        return f"PkcePair(verifier='…', challenge={self.challenge!r})"


def s256_challenge(verifier: str) -> str:
    """BASE64URL(SHA256(verifier)) without padding (RFC 7636 §4.2).

    Args:
        verifier: The PKCE code verifier.

    Returns:
        Its S256 code challenge.
    """
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def generate_pkce_pair(length: int = 64) -> PkcePair:
    """A fresh verifier of `length` characters and its S256 challenge.

    Args:
        length: The verifier's length, 43 to 128 (RFC 7636 §4.1).

    Returns:
        A `PkcePair`: send `challenge` in the URL, keep `verifier` for the exchange.

    Raises:
        ValueError: A length outside 43 to 128.
    """
    if not 43 <= length <= 128:
        raise ValueError("a PKCE verifier has 43 to 128 characters (RFC 7636 §4.1)")
    # token_urlsafe yields only unreserved characters: [A-Za-z0-9_-]
    verifier = secrets.token_urlsafe(length)[:length]
    return PkcePair(verifier, s256_challenge(verifier))


def generate_state() -> str:
    """An unguessable `state` value for CSRF protection (RFC 6749 §10.12)."""
    return secrets.token_urlsafe(32)


def generate_nonce() -> str:
    """An unguessable `nonce` that ties an ID token to this sign-in (OpenID Connect Core
    §3.1.2.1): keep it with `state`, give it to `exchange_code_for_token`."""
    return secrets.token_urlsafe(32)
