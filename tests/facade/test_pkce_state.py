"""PKCE and state: generate_pkce_pair against RFC 7636 appendix B and its S256 challenges, and
generate_state unique and URL-safe.
"""

from __future__ import annotations

import base64
import hashlib
import string

import pytest

from contio import generate_pkce_pair, generate_state

# -- PKCE and state ----------------------------------------------------------------------------

UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")


def b64url_sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def test_pkce_matches_rfc7636_appendix_b() -> None:
    from contio.pkce import s256_challenge

    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert s256_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_generate_pkce_pair() -> None:
    pairs = [generate_pkce_pair() for _ in range(50)]
    assert len({pair.verifier for pair in pairs}) == 50
    for pair in pairs:
        assert 43 <= len(pair.verifier) <= 128
        assert set(pair.verifier) <= UNRESERVED
        assert pair.challenge == b64url_sha256(pair.verifier)
        assert "=" not in pair.challenge
        assert len(pair.challenge) == 43
        assert pair.verifier not in repr(pair)
    for length in (43, 128):
        assert len(generate_pkce_pair(length).verifier) == length
    for length in (42, 129):
        with pytest.raises(ValueError, match="43 to 128"):
            generate_pkce_pair(length)


def test_generate_state_is_unique_and_url_safe() -> None:
    states = [generate_state() for _ in range(500)]
    assert len(set(states)) == 500
    for state in states:
        assert len(state) >= 32
        assert set(state) <= UNRESERVED
