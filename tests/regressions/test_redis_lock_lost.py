"""RedisTokenStore's fence is the lock's value: a holder whose lock key is gone saves
nothing. But a lock key also goes when nobody else took it: a failover to a replica that had
not got it yet, a restart, an eviction (it is the key with a TTL, the first a `volatile-*`
policy evicts). The holder then throws away the tokens of a refresh the server has done;
the store keeps the refresh token that refresh rotated, and the next refresh with it is
`invalid_grant`: the user is signed out though no other worker ever touched their tokens.
A fence on the tokens themselves (save only if the store still holds what this holder read
under the lock) would refuse exactly the late saves the lease fence is for, and keep these.
"""

from __future__ import annotations

import threading
import time

import redis

from contio import ContioAPIError, OAuthClient
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.facade.conftest import ACCESS_TOKEN_LIFETIME, count


def test_a_refresh_whose_lock_key_vanished_untouched_does_not_sign_the_user_out(
    contio_mock: ContioMock, redis_url: str, redis_key: str, raw_redis: redis.Redis
) -> None:
    mock = contio_mock
    store = RedisTokenStore(redis_key, url=redis_url)
    with OAuthClient(**mock.client_kwargs(token_store=store)) as oauth:
        mock.sign_in(oauth)
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        mock.fault("exchangeOauthToken", status=None, delay_ms=800)
        outcome: list[object] = []

        def refresh() -> None:
            try:
                outcome.append(oauth.get_valid_access_token())
            except Exception as exc:
                outcome.append(exc)

        worker = threading.Thread(target=refresh)
        worker.start()
        end = time.monotonic() + 10
        while count(mock, "exchangeOauthToken") < 2:  # the refresh is at the server
            assert time.monotonic() < end
            time.sleep(0.01)
        assert raw_redis.exists(store.lock_key)
        raw_redis.delete(store.lock_key)  # a failover: the tokens are there, the lock is not
        worker.join(timeout=30)
        assert outcome
        # Whatever that call answered, the user is still signed in: nobody else saved.
        try:
            token = oauth.get_valid_access_token()
        except ContioAPIError as exc:
            raise AssertionError(f"the user was signed out: {exc!r}") from None
        assert token
    store.close()
