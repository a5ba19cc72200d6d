"""ID tokens against a hostile identity provider (issue 18).

- A cold client (empty caches) facing many concurrent tokens fetches discovery and the key
  set once, not once per token; a provider answering 503 or junk is not asked again for
  every token (failures are kept briefly); tokens naming unknown `kid`s refetch the set at
  most once a minute however many arrive, and a real rotation under a flood is one refetch
  that every waiting token then uses.
- Keys that must not verify do not: RSA under 2048 bits, keys for encryption (`use`,
  `key_ops`), keys of another type than the algorithm's.
- Every malformed header or claim is an IDTokenError with a reason (never a TypeError, a
  500 in a web callback), and `sub` follows OpenID Connect Core §2.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import contio._core.oidc
from contio import AsyncOAuthClient, ContioAPIError, ContioError, IDTokenError, OAuthClient
from tests.facade.oidc_support import CLIENT_ID, DISCOVERY, JWKS, IdentityProvider, Key

THREADS = 50
TASKS = 200


@pytest.fixture(scope="module")
def rsa_key() -> Key:
    return Key.rsa("rsa-1")


@pytest.fixture(scope="module")
def ec_key() -> Key:
    return Key.ec("ec-1")


@pytest.fixture
def idp(rsa_key: Key, ec_key: Key) -> Iterator[IdentityProvider]:
    with IdentityProvider([rsa_key, ec_key]) as provider:
        yield provider


def sync_client(idp: IdentityProvider) -> OAuthClient:
    return OAuthClient(
        CLIENT_ID, "secret", "https://app.example.com/cb", base_url=idp.base_url, max_retries=0
    )


def async_client(idp: IdentityProvider) -> AsyncOAuthClient:
    return AsyncOAuthClient(
        CLIENT_ID, "secret", "https://app.example.com/cb", base_url=idp.base_url, max_retries=0
    )


def flood(client: OAuthClient, tokens: list[str]) -> list[Any]:
    """Verify every token at once from its own thread; each result or error."""

    def one(token: str) -> Any:
        try:
            return client.verify_id_token(token)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        return list(pool.map(one, tokens))


async def aflood(client: AsyncOAuthClient, tokens: list[str]) -> list[Any]:
    return list(
        await asyncio.gather(*(client.verify_id_token(t) for t in tokens), return_exceptions=True)
    )


# -- single flight on a cold client -------------------------------------------------------


def test_a_cold_sync_client_fetches_once_for_a_flood(idp: IdentityProvider, rsa_key: Key) -> None:
    idp.delay = 0.2  # everyone arrives while the first fetch is under way
    with sync_client(idp) as client:
        results = flood(client, [idp.token(rsa_key) for _ in range(THREADS)])
    assert all(getattr(result, "sub", None) == "user-1" for result in results), results[:3]
    assert idp.fetches[DISCOVERY] == 1
    assert idp.fetches[JWKS] == 1


async def test_a_cold_async_client_fetches_once_for_a_flood(
    idp: IdentityProvider, ec_key: Key
) -> None:
    idp.delay = 0.2
    async with async_client(idp) as client:
        results = await aflood(client, [idp.token(ec_key) for _ in range(TASKS)])
    assert all(getattr(result, "sub", None) == "user-1" for result in results), results[:3]
    assert idp.fetches[DISCOVERY] == 1
    assert idp.fetches[JWKS] == 1


# -- failures kept briefly -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "error"),
    [((503, b'{"code": "unavailable"}'), ContioAPIError), ((200, b"<html>junk"), ContioError)],
    ids=["503", "junk"],
)
def test_a_failing_provider_is_not_asked_again_for_every_token(
    idp: IdentityProvider,
    rsa_key: Key,
    monkeypatch: pytest.MonkeyPatch,
    fault: tuple[int, bytes],
    error: type[Exception],
) -> None:
    now = [1000.0]
    monkeypatch.setattr(contio._core.oidc, "_monotonic", lambda: now[0])
    idp.fault = lambda path: fault if path == DISCOVERY else None
    with sync_client(idp) as client:
        results = flood(client, [idp.token(rsa_key) for _ in range(THREADS)])
        assert all(isinstance(result, error) for result in results), results[:3]
        assert idp.fetches[DISCOVERY] == 1  # the others got the kept failure
        now[0] += contio._core.oidc.FAILURE_BACKOFF + 1
        idp.fault = lambda path: None  # the provider is back
        assert client.verify_id_token(idp.token(rsa_key)).sub == "user-1"
    assert idp.fetches[DISCOVERY] == 2


async def test_a_failing_key_set_is_kept_for_the_async_client_too(
    idp: IdentityProvider, rsa_key: Key
) -> None:
    idp.fault = lambda path: (503, b"{}") if path == JWKS else None
    async with async_client(idp) as client:
        results = await aflood(client, [idp.token(rsa_key) for _ in range(TASKS)])
    assert all(isinstance(result, ContioAPIError) for result in results)
    assert idp.fetches[JWKS] == 1


# -- refetch limits ------------------------------------------------------------------------


def test_unknown_kids_refetch_at_most_once_under_a_flood(idp: IdentityProvider) -> None:
    strangers = [Key.rsa(f"forged-{n}") for n in range(3)]
    tokens = [idp.token(strangers[n % 3]) for n in range(THREADS)]
    with sync_client(idp) as client:
        results = flood(client, tokens)
        again = flood(client, tokens)
    assert all(isinstance(r, IDTokenError) and r.reason == "kid" for r in results + again)
    assert idp.fetches[JWKS] == 2  # the first fill and one refetch, not one per token


async def test_a_rotation_under_a_flood_is_one_refetch_that_all_use(
    idp: IdentityProvider, rsa_key: Key
) -> None:
    async with async_client(idp) as client:
        assert (await client.verify_id_token(idp.token(rsa_key))).sub == "user-1"
        rotated = Key.rsa("rsa-2")
        idp.keys.append(rotated)
        idp.delay = 0.2
        results = await aflood(client, [idp.token(rotated) for _ in range(TASKS)])
    assert all(getattr(result, "sub", None) == "user-1" for result in results), results[:3]
    assert idp.fetches[JWKS] == 2


# -- keys that must not verify ---------------------------------------------------------------


@pytest.mark.parametrize(
    "published",
    [
        {"bits": 1024},
        {"use": "enc"},
        {"key_ops": ["encrypt", "wrapKey"]},
        {"alg": "RS512"},
    ],
    ids=["rsa-1024", "use-enc", "key_ops-encrypt", "other-alg"],
)
def test_keys_that_must_not_verify_do_not(published: dict[str, Any]) -> None:
    bits = published.pop("bits", 2048)
    key = Key.rsa("only", bits, **published)
    with IdentityProvider([key]) as idp, sync_client(idp) as client:
        with pytest.raises(IDTokenError) as refused:
            client.verify_id_token(idp.token(key))
        assert refused.value.reason == "kid"


def test_a_key_of_another_type_than_the_algorithm_does_not_verify(ec_key: Key) -> None:
    impostor = Key.ec("rsa-looking")
    with IdentityProvider([impostor]) as idp, sync_client(idp) as client:
        token = idp.token(impostor, header={"alg": "RS256"})
        with pytest.raises(IDTokenError) as refused:
            client.verify_id_token(token)
        assert refused.value.reason == "kid"


def test_a_key_for_signatures_verifies(rsa_key: Key) -> None:
    good = Key.rsa("good", use="sig", key_ops=["verify"], alg="RS256")
    with IdentityProvider([good]) as idp, sync_client(idp) as client:
        assert client.verify_id_token(idp.token(good)).sub == "user-1"


# -- malformed headers and claims -------------------------------------------------------------


MALFORMED_HEADERS = [
    ({"alg": ["RS256"]}, "alg"),
    ({"alg": {"RS256": True}}, "alg"),
    ({"alg": None}, "alg"),
    ({"alg": "none"}, "alg"),
    ({"alg": "HS256"}, "alg"),
    ({"kid": 7}, "malformed"),
    ({"kid": ["rsa-1"]}, "malformed"),
    ({"typ": ["JWT"]}, "malformed"),
    ({"crit": ["exp"]}, "crit"),
    ({"crit": "b64", "b64": False}, "crit"),
]

MALFORMED_CLAIMS = [
    ({"sub": ""}, "sub"),
    ({"sub": "u" * 256}, "sub"),
    ({"sub": "usér"}, "sub"),
    ({"sub": None}, "claims"),
    ({"sub": 42}, "claims"),
    ({"iss": 5}, "claims"),
    ({"aud": [CLIENT_ID, 1]}, "claims"),
    ({"aud": {"client": CLIENT_ID}}, "claims"),
    ({"exp": "tomorrow"}, "claims"),
    ({"exp": True}, "claims"),
    ({"iat": [1]}, "claims"),
    ({"nonce": 5}, "claims"),
    ({"azp": ["x"]}, "claims"),
    ({"auth_time": "now"}, "claims"),
]


@pytest.mark.parametrize(("header", "reason"), MALFORMED_HEADERS, ids=lambda v: str(v))
def test_every_malformed_header_is_an_id_token_error(
    idp: IdentityProvider, rsa_key: Key, header: dict[str, Any], reason: str
) -> None:
    with sync_client(idp) as client, pytest.raises(IDTokenError) as refused:
        client.verify_id_token(idp.token(rsa_key, header=header))
    assert refused.value.reason == reason


@pytest.mark.parametrize(("claims", "reason"), MALFORMED_CLAIMS, ids=lambda v: str(v))
def test_every_malformed_claim_is_an_id_token_error(
    idp: IdentityProvider, rsa_key: Key, claims: dict[str, Any], reason: str
) -> None:
    with sync_client(idp) as client, pytest.raises(IDTokenError) as refused:
        client.verify_id_token(idp.token(rsa_key, claims))
    assert refused.value.reason == reason


@pytest.mark.parametrize("payload", [[1, 2], "claims", 7, True])
def test_a_payload_that_is_no_object_is_malformed(
    idp: IdentityProvider, rsa_key: Key, payload: Any
) -> None:
    with sync_client(idp) as client, pytest.raises(IDTokenError) as refused:
        client.verify_id_token(idp.token(rsa_key, payload=payload))
    assert refused.value.reason == "malformed"


def test_a_sub_of_255_ascii_characters_is_fine(idp: IdentityProvider, rsa_key: Key) -> None:
    with sync_client(idp) as client:
        assert client.verify_id_token(idp.token(rsa_key, {"sub": "u" * 255})).sub == "u" * 255
