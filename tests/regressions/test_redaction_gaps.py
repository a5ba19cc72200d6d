"""Texts that reach an error message or a repr without going through `redact`: the origin a
redirect points to (a server-provided Location, named in the InvalidResponseError), and a
Redis URL whose password holds a character that should have been percent-encoded.
"""

from __future__ import annotations

from typing import Any

import pytest

from contio import AsyncOAuthClient, InvalidResponseError
from contio.stores.redis import RedisTokenStore
from tests.facade.conftest import resolve
from tests.hostile import Exchange, hostile
from tests.regressions.helpers import hostile_client

#: Lowercase on purpose: urlsplit lowercases the host it names, so the secret still matches.
REFRESH = "cto_rt_v1_lowercaserefreshtokenvalue"
LOWER_SECRET = "lowercase-client-secret-7"


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("echoed", ["refresh_token", "client_secret"])
async def test_the_origin_a_redirect_names_is_redacted(kind: str, echoed: str) -> None:
    # SECRET in lowercase would not be the client's secret: use a client whose secret is.
    secret = REFRESH if echoed == "refresh_token" else LOWER_SECRET

    def redirect(ex: Exchange) -> None:
        ex.answer(307, headers={"Location": f"https://{secret}.attacker.test/collect"})

    with hostile(redirect) as server:
        client: Any = hostile_client(kind, server, client_secret=LOWER_SECRET)
        try:
            with pytest.raises(InvalidResponseError) as refused:
                await resolve(client.refresh_access_token(REFRESH))
        finally:
            if isinstance(client, AsyncOAuthClient):
                await client.aclose()
            else:
                client.close()
    assert secret not in str(refused.value), str(refused.value)
    assert secret not in repr(refused.value)


PASSWORD = "s3cretHead#s3cretTail"


@pytest.mark.parametrize("separator", ["#", "?", "/"])
def test_a_redis_password_never_shows_in_an_error_or_a_repr(separator: str) -> None:
    """`redis://:<password>@host` with an unencoded '#', '?' or '/' in the password (a
    common slip): the URL is refused, and the message prints it whole, password included
    (and redis-py's own text names the password's first part as a port)."""
    password = PASSWORD.replace("#", separator)
    url = f"redis://:{password}@redis.internal:6379/0"
    try:
        store = RedisTokenStore("user-1", url=url)
    except ValueError as exc:
        text = str(exc)
    else:
        text = repr(store) + " " + store._name
    assert "s3cretHead" not in text, text
    assert "s3cretTail" not in text, text
