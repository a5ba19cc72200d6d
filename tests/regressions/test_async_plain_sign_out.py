"""`AsyncOAuthClient.clear_tokens()` (plain, as the TypeScript SDK's) hands the store's write
to a task of the running loop. When the store is busy for a moment (another process of the
same CLI holding the token file's lock across its refresh), that task is still waiting when
the app closes the client and its loop ends: `aclose()` does not wait for it, the loop
cancels it, and the sign-out never reaches the file. The next run is still signed in.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from contio import AsyncOAuthClient, AuthTokens, FileTokenStore, TokenStoreError

TOKENS = AuthTokens.from_dict(
    {
        "access_token": "cto_at_v1_SignedInUsersAccessToken0123",
        "refresh_token": "cto_rt_v1_SignedInUsersRefreshToken0123",
        "expires_at": "2099-01-01T00:00:00+00:00",
    }
)


def test_a_plain_sign_out_is_not_lost_when_the_client_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    FileTokenStore(path).save(TOKENS)
    held = threading.Event()
    release = threading.Event()

    def other_process() -> None:  # holds the file's lock for a moment, as a refresh does
        with FileTokenStore(path).lock():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=other_process)
    holder.start()
    assert held.wait(10)
    threading.Timer(0.5, release.set).start()

    async def sign_out() -> str:
        oauth = AsyncOAuthClient(
            "cli-client",
            "cli-secret-123456",
            "http://127.0.0.1:8400/callback",
            base_url="http://127.0.0.1:9",
            token_store=FileTokenStore(path),
        )
        oauth.clear_tokens()
        try:
            await oauth.aclose()
        except TokenStoreError:
            return "told"  # the app hears that the sign-out did not land: acceptable
        return "closed"

    outcome = asyncio.run(sign_out())
    holder.join(timeout=10)
    assert outcome == "told" or FileTokenStore(path).load() is None, (
        "aclose() returned, no error, and the file still holds the signed-out user's tokens"
    )
