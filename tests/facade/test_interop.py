"""The facade by the standards (issue 18): client authentication per RFC 6749 §2.3.1, a
`base_url` with a path that reaches every endpoint, and the ID tokens' issuer taken from
`issuer=` or discovery rather than pinned to the configured host.

A mock whose client secret holds reserved characters and a space sits behind a gateway
(`PrefixProxy`) that serves it only under `/contio` and records what went on the wire.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from contio import AsyncOAuthClient, IDTokenError, OAuthClient
from contio.mock import MockConfig
from contio.mock.server import RunningMock, serve_in_thread
from contio.testing.sandbox import ContioMock
from tests.facade.conftest import AnyClient, resolve
from tests.facade.interop_support import PrefixProxy

#: A generated-looking secret with characters RFC 3986 reserves, a percent and a space.
SECRET = "a+b/c%d=e f%2B=="
#: RFC 6749 §2.3.1 / Appendix B: each part form-encoded before HTTP Basic joins them.
RFC_BASIC = "Basic " + base64.b64encode(b"demo-client:a%2Bb%2Fc%25d%3De+f%252B%3D%3D").decode()
RAW_BASIC = "Basic " + base64.b64encode(f"demo-client:{SECRET}".encode()).decode()
#: What a gateway at a path prefix must see: every call under the prefix.
EVERY_PATH = {
    "/contio/.well-known/openid_configuration",
    "/contio/.well-known/jwks.json",
    "/contio/oauth2/token",
    "/contio/oauth2/userInfo",
    "/contio/oauth2/introspect",
    "/contio/oauth2/revoke",
    "/contio/oauth2/scopes",
    "/contio/oauth2/check-consent",
    "/contio/auth/initiate",
    "/contio/auth/verify",
    "/contio/v1/partner/info/demo-client/public",
}
FORM_OPERATIONS = ("/contio/oauth2/token", "/contio/oauth2/revoke", "/contio/oauth2/introspect")


@pytest.fixture(scope="module")
def running() -> Iterator[RunningMock]:
    with serve_in_thread(MockConfig(client_secret=SECRET)) as mock:
        yield mock


@pytest.fixture
def sandbox(running: RunningMock) -> Iterator[ContioMock]:
    mock = ContioMock(running)
    mock.reset()
    yield mock
    mock.close()


@pytest.fixture
def gateway(sandbox: ContioMock) -> Iterator[PrefixProxy]:
    with PrefixProxy(sandbox.base_url) as proxy:
        yield proxy


@pytest.fixture(params=["sync", "async"])
async def make(
    request: pytest.FixtureRequest, sandbox: ContioMock, gateway: PrefixProxy
) -> AsyncIterator[Any]:
    made: list[AnyClient] = []

    def factory(**overrides: Any) -> AnyClient:
        kind = OAuthClient if request.param == "sync" else AsyncOAuthClient
        client = kind(**sandbox.client_kwargs(base_url=gateway.base_url, **overrides))
        made.append(client)
        return client

    yield factory
    for client in made:
        if isinstance(client, AsyncOAuthClient):
            await client.aclose()
        else:
            client.close()


async def lifecycle(client: AnyClient, sandbox: ContioMock) -> None:
    """Every operation the gateway must carry, from sign-in to revocation."""
    email = "ada@example.com"
    assert "openid" in await resolve(client.get_available_scopes())
    assert (await resolve(client.get_partner_info())).name
    challenge = await resolve(client.initiate_partner_auth(email, "Ada"))
    code, _ = sandbox.last_code(email)
    await resolve(client.verify_partner_auth(email, code, challenge.session))
    await resolve(client.check_consent(email))
    tokens = await resolve(client.exchange_code_for_token(sandbox.consent(email)))
    claims = await resolve(client.verify_id_token())
    assert claims.email == email
    assert (await resolve(client.get_user_info())).email == email
    assert (await resolve(client.introspect_token(tokens.access_token))).active
    refreshed = await resolve(client.refresh_access_token())
    await resolve(client.revoke_token(refreshed.access_token))
    assert not (await resolve(client.introspect_token(refreshed.access_token))).active


async def test_a_base_url_path_reaches_every_endpoint(
    make: Any, sandbox: ContioMock, gateway: PrefixProxy
) -> None:
    await lifecycle(make(), sandbox)
    paths = {path.split("?", 1)[0] for path in gateway.paths()}
    assert paths >= EVERY_PATH
    assert all(path.startswith("/contio/") for path in paths), paths


async def test_the_default_sends_rfc_6749_basic_credentials(
    make: Any, sandbox: ContioMock, gateway: PrefixProxy
) -> None:
    """A secret with `+ / % =` and a space authenticates at a server that form-decodes."""
    await lifecycle(make(), sandbox)
    sent = {seen.authorization for seen in gateway.seen if seen.authorization is not None}
    assert RFC_BASIC in sent
    assert RAW_BASIC not in sent
    assert all(not value.startswith("Basic ") or value == RFC_BASIC for value in sent)


async def test_the_raw_form_is_there_for_servers_that_take_the_sdks(
    make: Any, sandbox: ContioMock, gateway: PrefixProxy
) -> None:
    await lifecycle(make(client_auth="client_secret_basic_raw"), sandbox)
    basics = {s.authorization for s in gateway.seen if (s.authorization or "").startswith("Basic")}
    assert basics == {RAW_BASIC}


async def test_client_secret_post_puts_the_credentials_in_the_form(
    make: Any, sandbox: ContioMock, gateway: PrefixProxy
) -> None:
    await lifecycle(make(client_auth="client_secret_post"), sandbox)
    posted = [seen for seen in gateway.seen if seen.path in FORM_OPERATIONS]
    assert {seen.path for seen in posted} == set(FORM_OPERATIONS)
    for seen in posted:
        assert seen.authorization is None or seen.authorization.startswith("Bearer")
        assert seen.form["client_id"] == "demo-client"
        assert seen.form["client_secret"] == SECRET
    # Contio's own endpoints take HTTP Basic only.
    others = [seen for seen in gateway.seen if seen.path.startswith("/contio/auth/")]
    assert others
    assert all(seen.authorization == RFC_BASIC for seen in others)


def test_client_auth_must_be_a_known_method(sandbox: ContioMock) -> None:
    with pytest.raises(ValueError, match="client_secret_basic, client_secret_basic_raw"):
        OAuthClient(**sandbox.client_kwargs(client_auth="basic"))


def test_the_secret_is_never_shown_in_any_form(sandbox: ContioMock) -> None:
    client = OAuthClient(**sandbox.client_kwargs(client_secret=SECRET))
    with client:
        shown = repr(client) + repr(client._core.settings)
    for form in (SECRET, "a%2Bb%2Fc%25d%3De+f%252B%3D%3D", RFC_BASIC[6:], RAW_BASIC[6:]):
        assert form not in shown


async def test_the_issuer_is_discoverys_when_the_host_differs(
    make: Any, sandbox: ContioMock, gateway: PrefixProxy
) -> None:
    """Through the gateway the configured host is not the issuer (the mock's own URL is):
    ID tokens still verify, against discovery's issuer."""
    client = make()
    await lifecycle(client, sandbox)
    config = await resolve(client.get_openid_configuration())
    assert config.issuer == sandbox.base_url
    assert not gateway.base_url.startswith(config.issuer + "/contio/oauth2")


async def test_a_given_issuer_must_match_discovery(make: Any, sandbox: ContioMock) -> None:
    good = make(issuer=sandbox.base_url)
    await lifecycle(good, sandbox)
    wrong = make(issuer="https://auth.contio.io")
    with pytest.raises(IDTokenError) as caught:
        await resolve(wrong.get_openid_configuration())
    assert caught.value.reason == "issuer"
    with pytest.raises(ValueError, match="issuer"):
        make(issuer="http://auth.example.com")  # plain http off loopback
