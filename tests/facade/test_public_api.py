"""The public API's promises to an app (issue 19): the error that means "sign in again",
preconditions checked before anything is spent, `set_tokens` with `expires_in`, errors that
name public classes, Literal types, times as datetimes, one sequence type for scopes, an
optional redirect URI, and `on_tokens`."""

from __future__ import annotations

import gc
import logging
import subprocess
import sys
import typing
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import pytest

from contio import (
    AsyncOAuthClient,
    AuthTokens,
    BadRequestError,
    MissingTokenError,
    OAuthClient,
    SignInRequiredError,
)
from contio.testing import ContioMock
from contio.types import CodeChallengeMethod, TokensListener, TokenTypeHint
from tests.facade.conftest import (
    REFRESHES,
    AnyClient,
    ClientFactory,
    count,
    resolve,
    revoke_out_of_band,
    sign_in_any,
)

T0 = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture(params=["sync", "async"])
async def make(request: pytest.FixtureRequest, mock: ContioMock) -> AsyncIterator[ClientFactory]:
    factory = ClientFactory(mock, request.param)
    yield factory
    await factory.close_all()


# -- "the user must sign in again" --------------------------------------------------------------


async def signed_in(make: ClientFactory, mock: ContioMock) -> tuple[AnyClient, AuthTokens]:
    """A client of `make` holding a user's tokens (refresh and ID token included)."""
    client = make()
    await sign_in_any(client, mock)
    held = client.tokens
    assert held is not None
    assert held.refresh_token is not None
    assert held.id_token is not None
    return client, held


async def test_a_dead_refresh_token_is_sign_in_required_on_every_refreshing_path(
    make: ClientFactory, mock: ContioMock
) -> None:
    client, held = await signed_in(make, mock)
    assert held.refresh_token is not None
    revoke_out_of_band(mock, held.refresh_token, "refresh_token")
    before = count(mock, REFRESHES)
    with pytest.raises(SignInRequiredError) as refused:
        await resolve(client.refresh_access_token())
    error = refused.value
    assert isinstance(error, BadRequestError)  # code catching the old class still does
    assert error.code == "invalid_grant"
    assert error.status_code == 400
    assert held.refresh_token not in str(error)
    assert held.refresh_token not in repr(error)
    # The access token expires: get_valid_access_token refreshes, and says the same, without
    # sending the dead token again.
    mock.advance(2 * 86400)
    with pytest.raises(SignInRequiredError):
        await resolve(client.get_valid_access_token())
    assert count(mock, REFRESHES) == before + 1


def test_sign_in_required_through_the_auth_flow(oauth: OAuthClient, mock: ContioMock) -> None:
    mock.sign_in(oauth)
    held = oauth.tokens
    assert held is not None
    assert held.refresh_token is not None
    revoke_out_of_band(mock, held.refresh_token, "refresh_token")
    mock.advance(2 * 86400)
    with httpx2.Client(auth=oauth.auth) as api, pytest.raises(SignInRequiredError):
        api.get(f"{mock.base_url}/oauth2/userinfo")


def test_other_refresh_failures_are_not_sign_in_required(oauth: OAuthClient) -> None:
    oauth.set_tokens({"access_token": "cto_at_v1_x", "refresh_token": "cto_rt_v1_unknown"})
    with pytest.raises(SignInRequiredError):  # unknown to the server: invalid_grant too
        oauth.refresh_access_token()
    oauth.set_tokens({"access_token": "cto_at_v1_x"})
    with pytest.raises(MissingTokenError) as missing:  # no refresh token: nothing was sent
        oauth.refresh_access_token()
    assert not isinstance(missing.value, SignInRequiredError)


def test_sign_in_required_pickles() -> None:
    import pickle

    error = SignInRequiredError("gone", code="invalid_grant", status_code=400)
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert type(again) is SignInRequiredError
    assert again.code == "invalid_grant"


# -- preconditions before anything is spent -----------------------------------------------------


def test_a_nonce_without_the_oidc_extra_fails_before_the_code_is_spent(mock: ContioMock) -> None:
    script = f"""
import sys
sys.modules["joserfc"] = None
from contio import OAuthClient, ContioError
from contio.testing.sandbox import ContioMock
oauth = OAuthClient("{mock.client_id}", "{mock.client_secret}", "{mock.redirect_uri}",
                    base_url="{mock.base_url}")
try:
    oauth.exchange_code_for_token(sys.argv[1], nonce="n-123")
except ContioError as exc:
    print("refused:", exc)
tokens = oauth.exchange_code_for_token(sys.argv[1])
print("exchanged:", tokens.access_token.startswith("cto_at_"))
"""
    code = consented_code(mock)
    run = subprocess.run(
        [sys.executable, "-c", script, code], capture_output=True, text=True, timeout=60
    )
    out = run.stdout + run.stderr
    assert "refused:" in run.stdout, out
    assert "contio[oidc]" in run.stdout, out
    assert "exchanged: True" in run.stdout, run.stdout + run.stderr  # the code was not spent


def consented_code(mock: ContioMock, email: str = "ada@example.com") -> str:
    with OAuthClient(**mock.client_kwargs()) as helper:
        challenge = helper.initiate_partner_auth(email, "Ada")
        otp, _ = mock.last_code(email)
        helper.verify_partner_auth(email, otp, challenge.session)
    return mock.consent(email)


# -- set_tokens and expires_in ------------------------------------------------------------------


async def test_set_tokens_counts_expires_in_from_the_clients_clock(make: ClientFactory) -> None:
    client = make(clock=lambda: T0)
    await resolve(client.set_tokens({"access_token": "cto_at_v1_a", "expires_in": 3600}))
    assert client.tokens is not None
    assert client.tokens.expires_at == T0 + timedelta(hours=1)
    assert not client.is_token_expired()
    camel = {"accessToken": "cto_at_v1_b", "expiresIn": 60}
    await resolve(client.set_tokens(camel))
    assert client.tokens.expires_at == T0 + timedelta(seconds=60)


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        ({"access_token": "a", "expires_in": 60, "expires_at": T0}, "not both"),
        ({"access_token": "a", "expires_in": "3600"}, "number of seconds"),
        ({"access_token": "a", "expires_in": True}, "number of seconds"),
        ({"access_token": "a", "expires_in": -1}, "between"),
    ],
)
def test_set_tokens_refuses_an_unusable_expires_in(
    oauth: OAuthClient, tokens: dict[str, Any], message: str
) -> None:
    oauth.set_tokens({"access_token": "cto_at_v1_kept"})
    with pytest.raises(ValueError, match=message):
        oauth.set_tokens(tokens)
    assert oauth.get_access_token() == "cto_at_v1_kept"  # nothing half-done


def test_from_dict_needs_the_time_of_receipt_for_expires_in() -> None:
    with pytest.raises(ValueError, match="received_at"):
        AuthTokens.from_dict({"access_token": "a", "expires_in": 60})
    tokens = AuthTokens.from_dict({"access_token": "a", "expires_in": 60}, received_at=T0)
    assert tokens.expires_at == T0 + timedelta(minutes=1)


# -- an async store's write is never lost silently ----------------------------------------------


class SlowAsyncStore:
    """A store with asyncio methods whose writes take a while (as Redis's do)."""

    def __init__(self) -> None:
        self.saved: AuthTokens | None = None

    def load(self) -> AuthTokens | None:
        return self.saved

    def save(self, tokens: AuthTokens) -> None:
        self.saved = tokens

    def clear(self) -> None:
        self.saved = None

    async def aload(self) -> AuthTokens | None:
        return self.saved

    async def asave(self, tokens: AuthTokens) -> None:
        import asyncio

        await asyncio.sleep(0.5)
        self.saved = tokens

    async def aclear(self) -> None:
        self.saved = None


def test_set_tokens_then_the_loop_ends_is_warned_of() -> None:
    import asyncio

    store = SlowAsyncStore()

    async def main() -> None:
        client = AsyncOAuthClient("id", "secret", token_store=store)
        client.set_tokens({"access_token": "cto_at_v1_lost"})

    def run_and_forget() -> None:
        asyncio.run(main())
        gc.collect()  # the client is gone too: said again, at its end

    with pytest.warns(RuntimeWarning, match="store") as warned:
        run_and_forget()
    assert store.saved is None  # not written, and said so
    assert any("event loop ended" in str(w.message) for w in warned)


def test_aset_tokens_is_written_without_a_warning(recwarn: pytest.WarningsRecorder) -> None:
    import asyncio

    store = SlowAsyncStore()

    async def main() -> None:
        async with AsyncOAuthClient("id", "secret", token_store=store) as client:
            await client.aset_tokens({"access_token": "cto_at_v1_kept"})

    asyncio.run(main())
    assert store.saved is not None
    assert store.saved.access_token == "cto_at_v1_kept"
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


# -- errors name public classes, and typed arguments ----------------------------------------------


@pytest.mark.parametrize("cls", [OAuthClient, AsyncOAuthClient])
def test_type_errors_name_the_public_class(cls: type[AnyClient]) -> None:
    with pytest.raises(TypeError) as missing:
        cls()  # type: ignore[call-arg]
    assert f"{cls.__name__}.__init__()" in str(missing.value)
    client = cls("id", "secret", "https://app.example.com/cb")
    with pytest.raises(TypeError) as unknown:
        client.get_authorization_url(colour="blue")  # type: ignore[call-arg]
    assert f"{cls.__name__}.get_authorization_url()" in str(unknown.value)
    assert "_ClientBase" not in str(missing.value) + str(unknown.value)
    assert "_ClientBase" not in cls.get_authorization_url.__qualname__
    assert cls.__init__.__doc__ is None or "_ClientBase" not in cls.__init__.__doc__


def test_fixed_values_are_literal_types() -> None:
    def hint(function: Any, name: str) -> Any:
        return typing.get_type_hints(function)[name]

    assert hint(OAuthClient.revoke_token, "token_type") == TokenTypeHint
    assert hint(AsyncOAuthClient.revoke_token, "token_type") == TokenTypeHint
    assert hint(OAuthClient.get_authorization_url, "code_challenge_method") == (CodeChallengeMethod)
    assert typing.get_args(TokenTypeHint) == ("access_token", "refresh_token")
    assert typing.get_args(hint(AuthTokens, "token_type")) == ("Bearer",)
    assert AuthTokens(access_token="a", token_type="bearer").token_type == "Bearer"  # type: ignore[arg-type]


# -- times as datetimes, scopes as tuples ---------------------------------------------------------


async def test_claims_and_introspection_give_aware_datetimes(
    make: ClientFactory, mock: ContioMock
) -> None:
    client, held = await signed_in(make, mock)
    claims = await resolve(client.verify_id_token())
    assert claims.expires_at == datetime.fromtimestamp(claims.exp, tz=UTC)
    assert claims.issued_at == datetime.fromtimestamp(claims.iat, tz=UTC)
    assert claims.issued_at < claims.expires_at
    assert claims.expires_at.utcoffset() == timedelta(0)
    seen = await resolve(client.introspect_token(held.access_token))
    assert seen.expires_at is not None
    assert seen.issued_at is not None
    assert seen.expires_at == datetime.fromtimestamp(seen.exp or 0, tz=UTC)
    assert abs(seen.expires_at - held.expires_at) < timedelta(seconds=5)  # type: ignore[operator]


def test_claims_far_in_the_future_are_still_datetimes() -> None:
    from contio import IDTokenClaims

    claims = IDTokenClaims.from_payload(
        {"iss": "https://i", "sub": "s", "aud": "c", "exp": 10**12 - 1, "iat": 0}
    )
    assert claims.expires_at == datetime.max.replace(tzinfo=UTC)
    assert claims.authenticated_at is None


async def test_scopes_are_tuples_everywhere(make: ClientFactory) -> None:
    client = make()
    available = await resolve(client.get_available_scopes())
    assert isinstance(available, tuple)
    assert "openid" in available
    assert isinstance(client.scope, tuple)
    assert typing.get_type_hints(OAuthClient.get_available_scopes)["return"] == tuple[str, ...]


# -- redirect_uri only where it is used ----------------------------------------------------------


async def test_client_credentials_need_no_redirect_uri(
    make: ClientFactory, mock: ContioMock
) -> None:
    client = make(redirect_uri=None)
    assert client.redirect_uri is None
    tokens = await resolve(client.get_client_credentials_token())
    assert tokens.access_token
    sent = mock.stats()
    with pytest.raises(ValueError, match="redirect_uri"):
        client.get_authorization_url("state-1")
    with pytest.raises(ValueError, match="redirect_uri"):
        await resolve(client.exchange_code_for_token("some-code"))
    with pytest.raises(ValueError, match="redirect_uri"):
        await resolve(client.check_consent("ada@example.com"))
    assert mock.stats() == sent  # refused before sending


# -- on_tokens ---------------------------------------------------------------------------------


async def test_on_tokens_hears_every_change(make: ClientFactory, mock: ContioMock) -> None:
    heard: list[AuthTokens | None] = []
    client = make(on_tokens=heard.append)
    await sign_in_any(client, mock)
    assert heard == [client.tokens]  # the exchange
    signed_in = heard[-1]
    assert signed_in is not None
    assert signed_in.refresh_token is not None
    refreshed = await resolve(client.refresh_access_token())
    assert heard[-1] == refreshed
    assert len(heard) == 2
    await resolve(client.revoke_token(refreshed.refresh_token or "", "refresh_token"))
    assert heard[-1] is None
    assert len(heard) == 3
    if isinstance(client, AsyncOAuthClient):
        await client.aset_tokens({"access_token": "cto_at_v1_set"})
        await client.aclear_tokens()
    else:
        client.set_tokens({"access_token": "cto_at_v1_set"})
        client.clear_tokens()
    assert [t.access_token if t else None for t in heard[3:]] == ["cto_at_v1_set", None]


async def test_an_async_on_tokens_is_awaited(mock: ContioMock) -> None:
    import asyncio

    heard: list[str | None] = []

    async def listener(tokens: AuthTokens | None) -> None:
        await asyncio.sleep(0)
        heard.append(tokens.access_token if tokens else None)

    async with AsyncOAuthClient(**mock.client_kwargs(on_tokens=listener)) as client:
        await client.get_client_credentials_token()
        assert len(heard) == 1
        assert heard[0] is not None
        client.set_tokens({"access_token": "cto_at_v1_plain"})  # the plain method too
        for _ in range(10):
            await asyncio.sleep(0)
        assert heard[-1] == "cto_at_v1_plain"


def test_a_failing_on_tokens_is_logged_and_changes_nothing(
    mock: ContioMock, caplog: pytest.LogCaptureFixture
) -> None:
    def listener(tokens: AuthTokens | None) -> None:
        raise RuntimeError(f"db down while saving {tokens.access_token if tokens else ''}")

    with OAuthClient(**mock.client_kwargs(on_tokens=listener)) as oauth:
        with caplog.at_level(logging.ERROR, logger="contio"):
            tokens = oauth.get_client_credentials_token()
        assert oauth.tokens == tokens  # stored all the same
    assert "on_tokens raised RuntimeError" in caplog.text
    assert tokens.access_token not in caplog.text


def test_on_tokens_may_use_the_client(mock: ContioMock) -> None:
    seen: list[bool] = []
    holder: list[OAuthClient] = []

    def listener(tokens: AuthTokens | None) -> None:
        # Called with no lock held: the client answers from here without a deadlock.
        seen.append(holder[0].is_token_expired())
        if tokens is not None:
            holder[0].get_valid_access_token()

    with OAuthClient(**mock.client_kwargs(on_tokens=listener)) as oauth:
        holder.append(oauth)
        oauth.get_client_credentials_token()
    assert seen == [False]


def test_on_tokens_is_checked() -> None:
    async def listener(tokens: AuthTokens | None) -> None:
        return None

    with pytest.raises(TypeError, match="AsyncOAuthClient"):
        OAuthClient("id", "secret", on_tokens=listener)
    with pytest.raises(TypeError, match="on_tokens"):
        OAuthClient("id", "secret", on_tokens="not callable")  # type: ignore[arg-type]
    typed: TokensListener = listener  # an async function is a TokensListener
    AsyncOAuthClient("id", "secret", on_tokens=typed)


async def test_user_info_with_the_stored_token_refreshes_it_first(
    make: ClientFactory, mock: ContioMock
) -> None:
    client = make()
    await sign_in_any(client, mock)
    mock.advance(25 * 3600)  # the access token expired (the client's clock is the mock's)
    before = count(mock, REFRESHES)
    me = await resolve(client.get_user_info())
    assert me.email == "ada@example.com"
    assert count(mock, REFRESHES) == before + 1
    again = await resolve(client.get_user_info())  # fresh now: no second refresh
    assert again.sub == me.sub
    assert count(mock, REFRESHES) == before + 1


def test_an_on_tokens_that_sets_tokens_back_is_not_called_without_end(mock: ContioMock) -> None:
    calls: list[AuthTokens | None] = []
    holder: list[OAuthClient] = []

    def listener(tokens: AuthTokens | None) -> None:
        calls.append(tokens)
        if tokens is not None:
            holder[0].set_tokens(tokens)  # "persist" by writing them back

    with OAuthClient(**mock.client_kwargs(on_tokens=listener)) as oauth:
        holder.append(oauth)
        tokens = oauth.get_client_credentials_token()
        assert oauth.tokens == tokens
    assert 1 <= len(calls) <= 2


def test_a_subclass_keeps_its_overrides_and_errors_name_it() -> None:
    class MyClient(OAuthClient):
        def get_access_token(self) -> str | None:
            return "mine"

    class Deeper(MyClient):
        pass

    assert Deeper("id", "secret").get_access_token() == "mine"
    with pytest.raises(TypeError, match=r"Deeper\.__init__\(\)"):
        Deeper()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"OAuthClient\.is_token_expired\(\)"):
        OAuthClient("id", "secret").is_token_expired(1)  # type: ignore[call-arg]
