"""A failed save after a refresh keeps the new tokens: when the store fails to save them, they
are kept in memory and saved first at the next call (no second refresh, no reuse of the rotated
refresh token), on both clients and with each store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contio import (
    AsyncOAuthClient,
    AuthTokens,
    FileTokenStore,
    MemoryTokenStore,
    OAuthClient,
    TokenStore,
    TokenStoreError,
)
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    async_sign_in,
    count,
    is_active,
    sign_in,
)

# -- 1. a failed save after a refresh keeps the new tokens ------------------------------------


class FlakyStore:
    """A TokenStore that delegates to another, whose next save fails when told to."""

    def __init__(self, inner: TokenStore) -> None:
        self.inner = inner
        self.fail_next_save = False
        self.failed = 0

    def _maybe_fail(self) -> None:
        if self.fail_next_save:
            self.fail_next_save = False
            self.failed += 1
            raise TokenStoreError("the token store is down (injected by the test)")

    def load(self) -> AuthTokens | None:
        return self.inner.load()

    def save(self, tokens: AuthTokens) -> None:
        self._maybe_fail()
        self.inner.save(tokens)

    def clear(self) -> None:
        self.inner.clear()


class AsyncFlakyStore(FlakyStore):
    """FlakyStore with the async methods an AsyncOAuthClient prefers (FileTokenStore's)."""

    inner: FileTokenStore

    def __init__(self, inner: FileTokenStore) -> None:
        super().__init__(inner)

    async def aload(self) -> AuthTokens | None:
        return await self.inner.aload()

    async def asave(self, tokens: AuthTokens) -> None:
        self._maybe_fail()
        await self.inner.asave(tokens)

    async def aclear(self) -> None:
        await self.inner.aclear()


@pytest.fixture(params=["memory", "file"])
def inner_store(request: pytest.FixtureRequest, tmp_path: Path) -> TokenStore:
    if request.param == "memory":
        return MemoryTokenStore()
    return FileTokenStore(tmp_path / "tokens.json")


def test_a_save_failure_after_a_refresh_keeps_the_new_tokens_and_saves_them_next(
    mock: ContioMock, inner_store: TokenStore
) -> None:
    store = FlakyStore(inner_store)
    with OAuthClient(**mock.client_kwargs(token_store=store)) as oauth:
        sign_in(oauth, mock)
        old = oauth.tokens
        assert old is not None
        assert old.refresh_token is not None
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)

        store.fail_next_save = True
        with pytest.raises(TokenStoreError):
            oauth.get_valid_access_token()
        assert store.failed == 1
        assert count(mock, REFRESHES) == 1  # the server rotated the refresh token
        new = oauth.tokens
        assert new is not None
        assert new.access_token != old.access_token
        assert new.refresh_token not in (None, old.refresh_token)  # the rotated one is kept
        assert store.inner.load() == old  # the store did not take them

        # The store is back: the kept tokens are saved first, and no second refresh (which
        # would present the rotated-out refresh token: invalid_grant, the grant revoked).
        assert oauth.get_valid_access_token() == new.access_token
        assert store.inner.load() == new
        assert oauth.tokens == new
        assert count(mock, REFRESHES) == 1
        assert is_active(mock, new.access_token)  # no reuse of the old refresh token


def test_after_a_failed_save_a_forced_refresh_uses_the_kept_refresh_token(
    mock: ContioMock, inner_store: TokenStore
) -> None:
    store = FlakyStore(inner_store)
    with OAuthClient(**mock.client_kwargs(token_store=store)) as oauth:
        sign_in(oauth, mock)
        old = oauth.tokens
        assert old is not None
        store.fail_next_save = True
        with pytest.raises(TokenStoreError):
            oauth.refresh_access_token()
        kept = oauth.tokens
        assert kept is not None
        assert kept.refresh_token != old.refresh_token
        # The next refresh presents the kept (current) refresh token, not the rotated one.
        newer = oauth.refresh_access_token()
        assert count(mock, REFRESHES) == 2
        assert newer.access_token not in (old.access_token, kept.access_token)
        assert store.inner.load() == newer
        assert is_active(mock, newer.access_token)


async def test_async_a_save_failure_after_a_refresh_keeps_the_new_tokens(
    mock: ContioMock, tmp_path: Path
) -> None:
    store = AsyncFlakyStore(FileTokenStore(tmp_path / "tokens.json"))
    async with AsyncOAuthClient(**mock.client_kwargs(token_store=store)) as aoauth:
        await async_sign_in(aoauth, mock)
        old = aoauth.tokens
        assert old is not None
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)

        store.fail_next_save = True
        with pytest.raises(TokenStoreError):
            await aoauth.get_valid_access_token()
        new = aoauth.tokens
        assert new is not None
        assert new.refresh_token not in (None, old.refresh_token)
        assert store.inner.load() == old

        assert await aoauth.get_valid_access_token() == new.access_token
        assert store.inner.load() == new
        assert count(mock, REFRESHES) == 1
        assert is_active(mock, new.access_token)
