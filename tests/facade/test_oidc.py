"""OpenID Connect in the facade, against the live mock: discovery and the key set, verified ID
tokens, the nonce at the code exchange, and what the client refuses.

Forged tokens are made with PyJWT (and by hand for what PyJWT will not make), with the mock's
own signing key where a test needs a good signature over bad claims.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from contio import (
    AsyncOAuthClient,
    IDTokenClaims,
    IDTokenError,
    MemoryTokenStore,
    OAuthClient,
    generate_nonce,
)
from contio.testing import ContioMock
from tests.facade.conftest import ACCESS_TOKEN_LIFETIME, AnyClient, ClientFactory, resolve

EMAIL = "ada@example.com"


async def signed_in_token(client: AnyClient, mock: ContioMock, nonce: str | None) -> str:
    """A fresh ID token from the mock for `client` (a code consented with `nonce`)."""
    challenge = await resolve(client.initiate_partner_auth(EMAIL, "Ada Lovelace"))
    code, _ = mock.last_code(EMAIL)
    await resolve(client.verify_partner_auth(EMAIL, code, challenge.session))
    fields = {"nonce": nonce} if nonce is not None else {}
    tokens = await resolve(client.exchange_code_for_token(mock.consent(EMAIL, **fields)))
    assert tokens.id_token is not None
    token: str = tokens.id_token
    return token


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload, _ = token.split(".")

    def decoded(segment: str) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(base64.urlsafe_b64decode(segment + "==="))
        return value

    return decoded(header), decoded(payload)


def resigned(mock: ContioMock, token: str, **changes: Any) -> str:
    """`token` with its claims changed, signed again with the mock's current key."""
    _header, claims = parts(token)
    key = mock.running.state.keys.current
    return jwt.encode(
        {**claims, **changes}, key.private_key, algorithm="RS256", headers={"kid": key.kid}
    )


def count(mock: ContioMock, operation: str) -> int:
    return mock.stats().get(operation, 0)


# -- the happy path --------------------------------------------------------------------------


async def test_an_exchange_with_a_nonce_verifies_the_id_token_before_storing(
    any_client: AnyClient, mock: ContioMock
) -> None:
    nonce = generate_nonce()
    url = any_client.get_authorization_url("st", nonce=nonce)
    assert f"nonce={nonce}" in url
    challenge = await resolve(any_client.initiate_partner_auth(EMAIL, "Ada Lovelace"))
    code, _ = mock.last_code(EMAIL)
    await resolve(any_client.verify_partner_auth(EMAIL, code, challenge.session))
    tokens = await resolve(
        any_client.exchange_code_for_token(mock.consent(EMAIL, nonce=nonce), nonce=nonce)
    )
    claims = tokens.id_token_claims
    assert isinstance(claims, IDTokenClaims)
    assert claims.nonce == nonce
    assert claims.aud == (mock.client_id,)
    assert claims.iss == mock.base_url
    assert claims.email == EMAIL
    assert nonce not in repr(claims)
    assert any_client.tokens == tokens
    # An independent JOSE library agrees on the same token.
    header, _ = parts(tokens.id_token or "")
    jwks = jwt.PyJWKSet.from_dict(mock.http.get("/.well-known/jwks.json").json())
    agreed = jwt.decode(
        tokens.id_token or "",
        jwks[header["kid"]].key,
        algorithms=["RS256"],
        audience=mock.client_id,
        issuer=mock.base_url,
        leeway=mock.running.state.clock.offset,
    )
    assert agreed["nonce"] == nonce
    assert agreed["sub"] == claims.sub


async def test_discovery_and_the_key_set_are_typed_and_kept(
    any_client: AnyClient, mock: ContioMock
) -> None:
    config = await resolve(any_client.get_openid_configuration())
    assert config.issuer == mock.base_url
    assert config.token_endpoint == f"{mock.base_url}/oauth2/token"
    assert "RS256" in config.id_token_signing_alg_values_supported
    assert "S256" in config.code_challenge_methods_supported
    assert "refresh_token" in config.grant_types_supported
    assert "client_secret_basic" in config.introspection_endpoint_auth_methods_supported
    keys = await resolve(any_client.get_jwks())
    assert keys.keys[0].kty == "RSA"
    assert keys.keys[0].kid
    token = await signed_in_token(any_client, mock, None)
    for _ in range(3):
        await resolve(any_client.verify_id_token(token))
    assert count(mock, "getOpenidConfiguration") == 1
    assert count(mock, "getOauthJwks") == 1


async def test_the_stored_id_token_is_verified_by_default(
    any_client: AnyClient, mock: ContioMock
) -> None:
    await signed_in_token(any_client, mock, None)
    claims = await resolve(any_client.verify_id_token())
    assert claims.email == EMAIL


# -- what is refused -----------------------------------------------------------------------


def flipped(token: str) -> str:
    head, payload, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[len(raw) // 2] ^= 0x01
    return f"{head}.{payload}.{b64(bytes(raw))}"


def alg_none(token: str) -> str:
    header, claims = parts(token)
    head = b64(json.dumps({**header, "alg": "none"}).encode())
    return f"{head}.{b64(json.dumps(claims).encode())}."


def hs256_with_the_public_key(mock: ContioMock, token: str) -> str:
    """The classic confusion: HMAC keyed with the published public key."""
    header, claims = parts(token)
    public = json.dumps(mock.running.state.keys.current.public_jwk()).encode()
    head = b64(json.dumps({**header, "alg": "HS256"}).encode())
    body = b64(json.dumps(claims).encode())
    signature = hmac.new(public, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(signature)}"


Forge = Callable[[ContioMock, str], str]
FORGERIES: dict[str, tuple[Forge, str]] = {
    "flipped signature byte": (lambda m, t: flipped(t), "signature"),
    "alg none": (lambda m, t: alg_none(t), "alg"),
    "HS256 with the public key": (hs256_with_the_public_key, "alg"),
    "wrong aud": (lambda m, t: resigned(m, t, aud="other-client"), "aud"),
    "wrong iss": (lambda m, t: resigned(m, t, iss="https://evil.example"), "iss"),
    "other azp": (lambda m, t: resigned(m, t, azp="other-client"), "azp"),
    "issued in the future": (
        lambda m, t: resigned(m, t, iat=int(m.clock().timestamp()) + 3600),
        "iat",
    ),
    "no sub": (lambda m, t: resigned(m, t, sub=None), "claims"),
    "not a JWT": (lambda m, t: "a.b", "malformed"),
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
async def test_a_forged_or_foreign_id_token_is_refused(
    any_client: AnyClient, mock: ContioMock, forgery: str
) -> None:
    token = await signed_in_token(any_client, mock, None)
    forge, reason = FORGERIES[forgery]
    bad = forge(mock, token)
    with pytest.raises(IDTokenError) as refused:
        await resolve(any_client.verify_id_token(bad))
    assert refused.value.reason == reason
    assert bad not in str(refused.value)
    assert token.split(".")[1] not in str(refused.value)


async def test_an_expired_id_token_is_refused(any_client: AnyClient, mock: ContioMock) -> None:
    token = await signed_in_token(any_client, mock, None)
    await resolve(any_client.verify_id_token(token))
    mock.advance(ACCESS_TOKEN_LIFETIME + 120)  # ID tokens live 24 h; past the 60 s leeway
    with pytest.raises(IDTokenError) as refused:
        await resolve(any_client.verify_id_token(token))
    assert refused.value.reason == "exp"


async def test_max_age_checks_auth_time(any_client: AnyClient, mock: ContioMock) -> None:
    token = await signed_in_token(any_client, mock, None)
    await resolve(any_client.verify_id_token(token, max_age=3600))
    mock.advance(2 * 3600)
    with pytest.raises(IDTokenError, match="max_age") as refused:
        await resolve(any_client.verify_id_token(token, max_age=3600))
    assert refused.value.reason == "auth_time"


@pytest.mark.parametrize("sent", ["other-nonce", None])
async def test_a_wrong_or_missing_nonce_at_exchange_stores_nothing(
    make_client: ClientFactory, mock: ContioMock, sent: str | None
) -> None:
    store = MemoryTokenStore()
    client = make_client(token_store=store)
    challenge = await resolve(client.initiate_partner_auth(EMAIL, "Ada Lovelace"))
    code, _ = mock.last_code(EMAIL)
    await resolve(client.verify_partner_auth(EMAIL, code, challenge.session))
    await resolve(client.clear_tokens())  # verify may have stored its own tokens
    if isinstance(client, AsyncOAuthClient):
        await client.aclear_tokens()
    fields = {"nonce": sent} if sent is not None else {}
    code = mock.consent(EMAIL, **fields)
    with pytest.raises(IDTokenError) as refused:
        await resolve(client.exchange_code_for_token(code, nonce="the-nonce-of-this-sign-in"))
    assert refused.value.reason == "nonce"
    assert client.tokens is None
    assert store.load() is None


async def test_after_a_key_rotation_new_tokens_verify_and_the_dropped_keys_do_not(
    any_client: AnyClient, mock: ContioMock
) -> None:
    old = await signed_in_token(any_client, mock, None)
    await resolve(any_client.verify_id_token(old))
    mock.http.post("/_mock/keys/rotate", json={"keep_old": False}).raise_for_status()
    new = await signed_in_token(any_client, mock, None)
    assert parts(new)[0]["kid"] != parts(old)[0]["kid"]
    claims = await resolve(any_client.verify_id_token(new))  # the set is fetched again
    assert claims.email == EMAIL
    assert count(mock, "getOauthJwks") == 2
    with pytest.raises(IDTokenError) as refused:
        await resolve(any_client.verify_id_token(old))
    assert refused.value.reason == "kid"


async def test_forged_kids_cannot_make_the_client_hammer_contio(
    any_client: AnyClient, mock: ContioMock
) -> None:
    token = await signed_in_token(any_client, mock, None)
    header, _claims = parts(token)
    for n in range(5):
        head = b64(json.dumps({**header, "kid": f"forged-{n}"}).encode())
        forged = f"{head}.{token.split('.', 1)[1]}"
        with pytest.raises(IDTokenError, match="key"):
            await resolve(any_client.verify_id_token(forged))
    assert count(mock, "getOauthJwks") == 2  # the first fetch, and one refetch a minute


def test_without_the_oidc_extra_verify_names_it(mock: ContioMock) -> None:
    script = f"""
import sys
sys.modules["joserfc"] = None
from contio import OAuthClient, ContioError
oauth = OAuthClient("demo-client", "demo-secret", "http://127.0.0.1/cb", base_url="{mock.base_url}")
try:
    oauth.verify_id_token("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
except ContioError as exc:
    print(exc)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "pip install 'contio[oidc]'" in run.stdout, run.stdout + run.stderr


def test_arguments_of_verify_are_checked() -> None:
    oauth = OAuthClient("c", "s", "https://app.example.com/cb")
    with pytest.raises(TypeError, match="id_token"):
        oauth.verify_id_token(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="max_age"):
        oauth.verify_id_token("a.b.c", max_age="1h")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="nonce"):
        oauth.get_authorization_url(nonce="bad\nnonce")
    with pytest.raises(IDTokenError, match="no ID token"):
        oauth.verify_id_token()
