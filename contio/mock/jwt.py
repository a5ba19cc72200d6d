"""Minimal HS256 JSON Web Tokens (RFC 7519) with the standard library.

ID tokens are signed with the client secret, which OpenID Connect Core §10.1 allows for
confidential clients, so a client can verify them without a key endpoint.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

_HEADER = {"alg": "HS256", "typ": "JWT"}


class InvalidJWT(ValueError):
    """The token is malformed or its signature does not verify."""


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(segment: str) -> bytes:
    padded = segment + "=" * (-len(segment) % 4)
    try:
        return base64.urlsafe_b64decode(padded.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise InvalidJWT("bad base64url segment") from exc


def _sign(signing_input: bytes, secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), signing_input, hashlib.sha256).digest()


def encode_hs256(claims: dict[str, Any], secret: str) -> str:
    """Serialise `claims` as a compact JWS signed with HMAC-SHA256."""
    header = _b64encode(json.dumps(_HEADER, separators=(",", ":")).encode())
    payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    return f"{header}.{payload}.{_b64encode(_sign(signing_input, secret))}"


def decode_hs256(token: str, secret: str) -> dict[str, Any]:
    """Verify the signature and return the claims; expiry is the caller's business."""
    parts = token.split(".")
    if len(parts) != 3 or not token.isascii():
        raise InvalidJWT("a JWT has three dot-separated parts")
    header_segment, payload_segment, signature_segment = parts
    try:
        header = json.loads(_b64decode(header_segment))
    except ValueError as exc:
        raise InvalidJWT("header is not JSON") from exc
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise InvalidJWT("only HS256 is supported")
    expected = _sign(f"{header_segment}.{payload_segment}".encode("ascii"), secret)
    if not hmac.compare_digest(expected, _b64decode(signature_segment)):
        raise InvalidJWT("signature does not verify")
    try:
        claims = json.loads(_b64decode(payload_segment))
    except ValueError as exc:
        raise InvalidJWT("payload is not JSON") from exc
    if not isinstance(claims, dict):
        raise InvalidJWT("payload is not a JSON object")
    return claims
