"""The facade's whole lifecycle against oidc-provider, an OpenID-Certified authorization
server written by others, on loopback (issue 18): PKCE, nonce, verified ID tokens (RS256 and
ES256), user info, introspection, refresh with rotation, revocation, a key rotation, a client
secret with reserved characters and a space (RFC 6749 §2.3.1's form-encoded Basic, and
client_secret_post), and the server under a path prefix. Sync and async.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from contio import AsyncOAuthClient, AuthTokens, ContioAPIError, OAuthClient
from contio.pkce import generate_nonce, generate_pkce_pair, generate_state
from tests.facade.conftest import AnyClient, resolve
from tests.interop.node import REDIRECT_URI, SECRET, Provider, free_port

#: The provider's clients: who signs ID tokens how, and how each authenticates.
CLIENTS = {
    "rs256-basic": ("interop-rs256", "client_secret_basic", "RS256"),
    "es256-post": ("interop-es256", "client_secret_post", "ES256"),
}
SCOPE = ["openid", "email", "offline_access"]


@pytest.fixture(scope="module", params=["", "/op"], ids=["root", "path-prefix"])
def provider(request: pytest.FixtureRequest) -> Iterator[Provider]:
    with Provider(free_port(), request.param) as running:
        yield running


def make(kind: str, provider: Provider, name: str, **options: Any) -> AnyClient:
    client_id, method, _ = CLIENTS[name]
    cls = OAuthClient if kind == "sync" else AsyncOAuthClient
    settings: dict[str, Any] = {"client_auth": method, "base_url": provider.issuer}
    settings.update(options)
    return cls(client_id, SECRET, REDIRECT_URI, SCOPE, **settings)


def make_sync(provider: Provider, name: str, **options: Any) -> OAuthClient:
    client = make("sync", provider, name, **options)
    assert isinstance(client, OAuthClient)
    return client


def authorize(client: AnyClient) -> tuple[str, str, str]:
    """The authorization request a browser would make; the provider approves at once.
    Returns the code, the PKCE verifier and the nonce."""
    state, pkce, nonce = generate_state(), generate_pkce_pair(), generate_nonce()
    url = client.get_authorization_url(state, nonce=nonce, code_challenge=pkce.challenge)
    assert "code_challenge_method=S256" in url
    with httpx2.Client() as browser:
        answer = browser.get(url)
        for _ in range(10):
            location = answer.headers.get("location")
            assert answer.status_code == 303, answer.text[:300]
            assert location is not None
            if location.startswith(REDIRECT_URI):
                params = httpx2.URL(location).params
                assert params["state"] == state
                return params["code"], pkce.verifier, nonce
            answer = browser.get(answer.url.join(location))
    raise AssertionError("the provider never redirected back")


async def lifecycle(client: AnyClient, alg: str) -> AuthTokens:
    code, verifier, nonce = authorize(client)
    exchange = client.exchange_code_for_token(code, code_verifier=verifier, nonce=nonce)
    tokens = await resolve(exchange)
    claims = tokens.id_token_claims
    assert claims is not None
    assert claims.sub == "interop-user"
    assert tokens.id_token is not None
    header = json.loads(base64.urlsafe_b64decode(tokens.id_token.split(".")[0] + "=="))
    assert header["alg"] == alg
    info = await resolve(client.get_user_info())
    assert (info.sub, info.email) == ("interop-user", "interop@example.com")
    assert (await resolve(client.introspect_token(tokens.access_token))).active
    refreshed = await resolve(client.refresh_access_token())
    assert refreshed.refresh_token not in (None, tokens.refresh_token)  # rotated
    assert (await resolve(client.verify_id_token())).sub == "interop-user"
    assert refreshed.refresh_token is not None
    await resolve(client.revoke_token(refreshed.refresh_token, "refresh_token"))
    assert not (await resolve(client.introspect_token(refreshed.access_token))).active
    return refreshed


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("name", list(CLIENTS))
async def test_the_whole_lifecycle(provider: Provider, kind: str, name: str) -> None:
    client = make(kind, provider, name)
    try:
        await lifecycle(client, CLIENTS[name][2])
        config = await resolve(client.get_openid_configuration())
        assert config.issuer == provider.issuer
    finally:
        if isinstance(client, AsyncOAuthClient):
            await client.aclose()
        else:
            client.close()


def test_the_sdks_raw_basic_is_refused_by_a_standards_server(provider: Provider) -> None:
    """Why RFC 6749 §2.3.1's form is the default: the raw form fails for this secret."""
    with make_sync(provider, "rs256-basic", client_auth="client_secret_basic_raw") as raw:
        code, verifier, nonce = authorize(raw)
        with pytest.raises(ContioAPIError) as refused:
            raw.exchange_code_for_token(code, code_verifier=verifier, nonce=nonce)
    # The server cannot form-decode `%d=`: the credentials are malformed, or wrong.
    assert refused.value.code in ("invalid_request", "invalid_client")
    assert refused.value.status_code in (400, 401)


def test_a_key_rotation_is_picked_up(provider: Provider) -> None:
    with make_sync(provider, "rs256-basic") as client:
        code, verifier, nonce = authorize(client)
        client.exchange_code_for_token(code, code_verifier=verifier, nonce=nonce)
        old_kids = {key.kid for key in client.get_jwks().keys}
        provider.restart()  # new signing keys, same issuer
        code, verifier, nonce = authorize(client)
        tokens = client.exchange_code_for_token(code, code_verifier=verifier, nonce=nonce)
        assert tokens.id_token_claims is not None  # verified with a key fetched again
        new_kids = {key.kid for key in client.get_jwks().keys}
    assert new_kids.isdisjoint(old_kids)
