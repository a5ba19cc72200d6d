"""A hostile identity provider on loopback for the ID-token tests: it serves discovery and
a key set the test controls, counts every fetch, can answer slowly, with a 503 or with junk,
and signs tokens with any key, header or claims (malformed ones included).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from tests.loopback_server import LoopbackServer, QuietHandler

CLIENT_ID = "idp-test-client"
DISCOVERY = "/.well-known/openid_configuration"
JWKS = "/.well-known/jwks.json"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int(value: int) -> str:
    return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class Key:
    """A signing key and how its public half is published."""

    kid: str
    private: Any
    published: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def rsa(cls, kid: str, bits: int = 2048, **published: Any) -> Key:
        private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        numbers = private.public_key().public_numbers()
        jwk = {"kty": "RSA", "kid": kid, "n": _int(numbers.n), "e": _int(numbers.e)}
        return cls(kid, private, {**jwk, **published})

    @classmethod
    def ec(cls, kid: str, **published: Any) -> Key:
        private = ec.generate_private_key(ec.SECP256R1())
        numbers = private.public_key().public_numbers()
        coords = {"x": b64(numbers.x.to_bytes(32, "big")), "y": b64(numbers.y.to_bytes(32, "big"))}
        return cls(kid, private, {"kty": "EC", "crv": "P-256", "kid": kid, **coords, **published})

    def sign(self, signing_input: bytes) -> bytes:
        if isinstance(self.private, rsa.RSAPrivateKey):
            return self.private.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        r, s = decode_dss_signature(self.private.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")


class IdentityProvider(LoopbackServer):
    """Serves discovery and the key set on a free loopback port; a context manager."""

    def __init__(self, keys: list[Key]) -> None:
        self.keys = keys
        self.fetches: Counter[str] = Counter()
        self.delay = 0.0  # seconds before each answer: lets concurrent callers pile up
        self.fault: Callable[[str], tuple[int, bytes] | None] = lambda path: None
        self._lock = threading.Lock()
        super().__init__(self._handler())
        self.base_url = self.origin

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.base_url,
            "authorization_endpoint": f"{self.base_url}/oauth2/authorize",
            "token_endpoint": f"{self.base_url}/oauth2/token",
            "jwks_uri": f"{self.base_url}{JWKS}",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        }

    def token(
        self,
        key: Key,
        claims: dict[str, Any] | None = None,
        header: dict[str, Any] | None = None,
        *,
        payload: Any = None,
    ) -> str:
        """An ID token signed by `key`: good claims unless `claims` change them (a value of
        None drops the claim), `header` changes the header, `payload` replaces the claims."""
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": self.base_url,
            "sub": "user-1",
            "aud": CLIENT_ID,
            "exp": now + 3600,
            "iat": now,
        }
        for name, value in (claims or {}).items():
            if value is None:
                body.pop(name, None)
            else:
                body[name] = value
        alg = "RS256" if key.published["kty"] == "RSA" else "ES256"
        head = {"alg": alg, "typ": "JWT", "kid": key.kid, **(header or {})}
        segments = [
            b64(json.dumps(head).encode()),
            b64(json.dumps(body if payload is None else payload).encode()),
        ]
        signature = key.sign(".".join(segments).encode())
        return ".".join([*segments, b64(signature)])

    def _answer(self, path: str) -> tuple[int, bytes]:
        with self._lock:
            self.fetches[path] += 1
        if self.delay:
            time.sleep(self.delay)
        faulty = self.fault(path)
        if faulty is not None:
            return faulty
        if path == DISCOVERY:
            return 200, json.dumps(self.discovery()).encode()
        if path == JWKS:
            return 200, json.dumps({"keys": [key.published for key in self.keys]}).encode()
        return 404, b'{"error": "not_found"}'

    def _handler(self) -> type[QuietHandler]:
        provider = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                self.answer(*provider._answer(self.path.split("?", 1)[0]))

        return Handler
