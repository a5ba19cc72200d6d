"""The mock's ID token signing keys: RS256 (RFC 7518 §3.3) with `cryptography`, and the
public key set (RFC 7517) that `/.well-known/jwks.json` publishes.

The JWS is built by hand rather than with a JOSE library, so that the mock shares no code
with whatever verifies its tokens (the client, or the tests' independent verifier).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ALGORITHM = "RS256"
KEY_BITS = 2048


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _uint(value: int) -> str:
    """An unsigned big-endian integer as base64url (RFC 7518 §2, "Base64urlUInt")."""
    return b64url(value.to_bytes((value.bit_length() + 7) // 8 or 1, "big"))


def _compact_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")


@dataclass(frozen=True)
class SigningKey:
    """One RSA key pair; `kid` is its RFC 7638 thumbprint, so it names the key itself."""

    private_key: rsa.RSAPrivateKey
    kid: str

    @classmethod
    def generate(cls) -> SigningKey:
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        numbers = private_key.public_key().public_numbers()
        required = {"e": _uint(numbers.e), "kty": "RSA", "n": _uint(numbers.n)}
        thumbprint = hashlib.sha256(_compact_json(required)).digest()
        return cls(private_key, b64url(thumbprint))

    def public_jwk(self) -> dict[str, str]:
        """The public half as a JWK: never `d` or any other private member."""
        numbers = self.private_key.public_key().public_numbers()
        return {
            "kty": "RSA",
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
            "n": _uint(numbers.n),
            "e": _uint(numbers.e),
        }

    def sign(self, claims: dict[str, Any]) -> str:
        """`claims` as a compact JWS (RFC 7515 §7.1) with this key's `kid` in the header."""
        header = {"alg": ALGORITHM, "kid": self.kid, "typ": "JWT"}
        signing_input = f"{b64url(_compact_json(header))}.{b64url(_compact_json(claims))}"
        signature = self.private_key.sign(
            signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256()
        )
        return f"{signing_input}.{b64url(signature)}"


class KeyRing:
    """The current signing key and the keys the key set still publishes.

    Made once per mock: RSA key generation is slow, so `reset()` goes back to the key the
    mock started with instead of making a new one.
    """

    def __init__(self) -> None:
        self._initial = SigningKey.generate()
        self.current = self._initial
        #: Published keys, newest first; `current` is always the first.
        self.published: list[SigningKey] = [self._initial]

    def rotate(self, *, keep_old: bool) -> SigningKey:
        """Sign with a new key from now on; keep the old ones in the key set or drop them."""
        self.current = SigningKey.generate()
        self.published = [self.current, *self.published] if keep_old else [self.current]
        return self.current

    def reset(self) -> None:
        self.current = self._initial
        self.published = [self._initial]

    def sign(self, claims: dict[str, Any]) -> str:
        return self.current.sign(claims)

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        return {"keys": [key.public_jwk() for key in self.published]}
