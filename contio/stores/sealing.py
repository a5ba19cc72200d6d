"""Tokens sealed at rest: AES-256-GCM under a key the app gives, with key rotation.

A store given a `TokenSealer` keeps its tokens as one sealed string instead of readable JSON:
a database dump, a Redis backup or a copied token file then shows nothing of any token. The
sealer holds one or more keys: the first seals, any of them opens, so a rotation adds the new
key first, keeps the old ones until every value was saved again (each save seals with the
first key), then drops them. A value that opens with none of the keys, or that was changed,
is a `TokensUnreadableError` (a `TokenStoreError`): the user signs in again and the next save
replaces it; nothing else is lost. Install with `pip install 'contio[sealed]'`.

Each sealed value is bound to the store's key (the user's key, for the Redis and database
stores): a value copied into another user's row or key does not open there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable, Mapping

from contio._extras import extra
from contio.errors import TokensUnreadableError

with extra("sealed", "contio.stores.sealing (TokenSealer)"):
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["SEALED_PREFIX", "TokenSealer"]

#: What every sealed value begins with: the format and its version.
SEALED_PREFIX = "contio-sealed.v1."
_KEY_BYTES = 32
_NONCE_BYTES = 12
#: The environment variable `TokenSealer.from_env` reads by default.
KEYS_VARIABLE = "CONTIO_TOKEN_KEYS"


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key_bytes(key: object, position: int) -> bytes:
    """A key as 32 bytes: given as bytes, or as text in URL-safe base64 (what generate_key
    prints). The error never shows the key."""
    if isinstance(key, str):
        try:
            key = _b64decode(key.strip())
        except (binascii.Error, ValueError):
            raise ValueError(
                f"key {position} is not URL-safe base64 (make one with "
                "TokenSealer.generate_key()); it is not shown"
            ) from None
    if not isinstance(key, bytes):
        raise TypeError(f"key {position} must be bytes or str, not {type(key).__name__}")
    if len(key) != _KEY_BYTES:
        raise ValueError(
            f"key {position} must be {_KEY_BYTES} bytes (AES-256), not {len(key)}; it is not shown"
        )
    return key


def _key_id(key: bytes) -> str:
    """A short public name for a key: it tells keys apart, and says nothing of the key."""
    return _b64encode(hashlib.sha256(b"contio token key id\x00" + key).digest()[:6])


class TokenSealer:
    """Seals and opens a store's token document (AES-256-GCM, a random nonce per seal).

    Args:
        keys: One or more 32-byte keys (bytes, or URL-safe base64 text): the first seals,
            every one opens. Keep the old keys after the new one until each value was saved
            again.
        accept_unsealed: Also read values saved before sealing was turned on (readable JSON);
            they are sealed at their next save. Off by default: a readable value where sealed
            ones are expected is refused.

    Raises:
        ValueError: No key, a key of the wrong size, or the same key twice.
        TypeError: A key that is neither bytes nor str.
    """

    def __init__(self, keys: Iterable[bytes | str], *, accept_unsealed: bool = False) -> None:
        if isinstance(keys, (bytes, str)):
            keys = [keys]
        raw = [_key_bytes(key, position) for position, key in enumerate(keys, 1)]
        if not raw:
            raise ValueError("give at least one key")
        self._ciphers: dict[str, AESGCM] = {}
        for key in raw:
            key_id = _key_id(key)
            if key_id in self._ciphers:
                raise ValueError(f"the key set has the same key twice (key id {key_id})")
            self._ciphers[key_id] = AESGCM(key)
        self.key_ids: tuple[str, ...] = tuple(self._ciphers)
        self.accept_unsealed = accept_unsealed

    @staticmethod
    def generate_key() -> str:
        """A new random key, as URL-safe base64 text (keep it like a password).

        Returns:
            32 random bytes in URL-safe base64.
        """
        return _b64encode(os.urandom(_KEY_BYTES))

    @classmethod
    def from_env(
        cls,
        name: str = KEYS_VARIABLE,
        *,
        environ: Mapping[str, str] | None = None,
        accept_unsealed: bool = False,
    ) -> TokenSealer:
        """A sealer from an environment variable: keys separated by commas, newest first.

        Args:
            name: The variable (`CONTIO_TOKEN_KEYS`).
            environ: Where to look (default: `os.environ`).
            accept_unsealed: As for the constructor.

        Returns:
            The sealer.

        Raises:
            ValueError: The variable is unset or empty, or holds a bad key.
        """
        value = (os.environ if environ is None else environ).get(name, "")
        keys = [part for part in (piece.strip() for piece in value.split(",")) if part]
        if not keys:
            raise ValueError(f"environment variable {name} holds no key (keys, newest first)")
        return cls(keys, accept_unsealed=accept_unsealed)

    def __repr__(self) -> str:
        return f"TokenSealer(sealing_key_id={self.key_ids[0]!r}, keys={len(self.key_ids)})"

    def seal(self, document: str, context: str) -> str:
        """`document` sealed under the first key, bound to `context` (the store's key).

        Args:
            document: The text to seal.
            context: What the value belongs to: opening it elsewhere fails.

        Returns:
            The sealed value (ASCII).
        """
        key_id = self.key_ids[0]
        nonce = os.urandom(_NONCE_BYTES)
        header = f"{SEALED_PREFIX}{key_id}."
        sealed = self._ciphers[key_id].encrypt(
            nonce, document.encode(), (header + context).encode()
        )
        return header + _b64encode(nonce + sealed)

    def open(self, value: str, context: str, name: str) -> str:
        """The document sealed in `value`.

        Args:
            value: What `seal` returned.
            context: The context it was sealed with.
            name: The store, for the error.

        Returns:
            The document.

        Raises:
            TokensUnreadableError: Sealed with a key not in this set, changed, or sealed for
                another context.
        """
        key_id, _, body = value[len(SEALED_PREFIX) :].partition(".")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise TokensUnreadableError(
                f"{name}: the tokens were sealed with key {key_id[:16]!r}, which is not in this "
                f"store's key set {list(self.key_ids)} (a key dropped too early?): the user "
                "signs in again, and the next save replaces them"
            )
        header = f"{SEALED_PREFIX}{key_id}."
        try:
            data = _b64decode(body)
            if len(data) <= _NONCE_BYTES:
                raise ValueError("too short")
            plain = cipher.decrypt(
                data[:_NONCE_BYTES], data[_NONCE_BYTES:], (header + context).encode()
            )
            return plain.decode()
        except (InvalidTag, ValueError, binascii.Error):
            raise TokensUnreadableError(
                f"{name}: the sealed tokens do not open with key {key_id!r} (changed, or "
                "sealed for another user): the user signs in again, and the next save "
                "replaces them"
            ) from None
