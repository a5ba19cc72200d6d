"""Which key of the provider's set may verify an ID token (RFC 7517, RFC 7518).

Only a key for signatures (`use` "sig" or none, `key_ops` with "verify" or none), of the
type and curve the token's algorithm needs, for that algorithm when the key names one, and
for RSA at least 2048 bits (RFC 7518 §3.3): a key meant for encryption or too weak to trust
never verifies, whatever the token's `kid` says.
"""

from __future__ import annotations

import base64
import binascii

from contio.oidc import JSONWebKey, JSONWebKeySet

__all__ = ["ALGORITHMS", "MIN_RSA_BITS", "usable_key"]

#: The algorithms an ID token may use, with the key type and curve each needs.
ALGORITHMS = {"RS256": ("RSA", None), "ES256": ("EC", "P-256")}
MIN_RSA_BITS = 2048


def _rsa_bits(modulus: str | None) -> int:
    if not modulus:
        return 0
    try:
        raw = base64.urlsafe_b64decode(modulus + "=" * (-len(modulus) % 4))
    except (ValueError, binascii.Error):
        return 0
    return int.from_bytes(raw, "big").bit_length()


def _usable(key: JSONWebKey, alg: str) -> bool:
    kty, crv = ALGORITHMS[alg]
    ops = key.extra.get("key_ops")
    return (
        key.kty == kty
        and (crv is None or key.crv == crv)
        and key.use in (None, "sig")
        and (ops is None or (isinstance(ops, list) and "verify" in ops))
        and key.alg in (None, alg)
        and (kty != "RSA" or _rsa_bits(key.n) >= MIN_RSA_BITS)
    )


def usable_key(keys: JSONWebKeySet, kid: str | None, alg: str) -> JSONWebKey | None:
    """The key that verifies a token of `alg` and `kid`, or None. A token without `kid`
    is verified only by a set with one usable key: nothing else says which."""
    usable = [key for key in keys.keys if _usable(key, alg)]
    if kid is None:
        return usable[0] if len(usable) == 1 else None
    return next((key for key in usable if key.kid == kid), None)
