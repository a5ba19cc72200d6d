"""No secret ever shows in a file store's errors, and what the `contio` logger does log: the
method, path, status and request id of each request, and nothing secret.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from contio import (
    AuthTokens,
    ContioConnectionError,
    FileTokenStore,
    NotFoundError,
    OAuthClient,
    TokenStoreError,
)
from contio.mock import DEMO_CLIENT_ID, UNKNOWN_WORKSPACE_ID
from tests.facade.conftest import MockControl, client_kwargs, sign_in
from tests.facade.secrets_support import NEVER_ISSUED_ACCESS, Evidence

# -- file stores ---------------------------------------------------------------------------------


def test_file_store_errors_leak_no_secret(
    mock: MockControl, evidence: Evidence, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    ev = evidence
    path = tmp_path / "tokens.json"
    store = FileTokenStore(path)
    with OAuthClient(**client_kwargs(mock, token_store=store)) as oauth:
        sign_in(oauth, mock)
        ev.tokens(oauth.tokens)
        ev.show(store, oauth)
    saved = json.loads(path.read_text())
    tokens = saved["tokens"]

    bad_files: list[tuple[str, bytes | str]] = [
        ("truncated", path.read_text()[:-40]),
        ("not JSON", f"access_token={tokens['access_token']}\n"),
        ("foreign", json.dumps({"access_token": tokens["access_token"]})),
        ("newer version", json.dumps({**saved, "version": 99})),
        (
            "invalid tokens",
            json.dumps({**saved, "tokens": {**tokens, "expires_at": tokens["access_token"]}}),
        ),
        ("wrong token type", json.dumps({**saved, "tokens": {**tokens, "refresh_token": 5}})),
        ("binary", b"\xff\xfe" + tokens["refresh_token"].encode()),
    ]
    for label, content in bad_files:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        error = ev.expect(TokenStoreError, store.load)
        assert str(path) in str(error), label
        ev.expect(TokenStoreError, lambda: OAuthClient(**client_kwargs(mock, token_store=store)))
        ev.expect(TokenStoreError, lambda: store.save(AuthTokens(access_token="replacement")))
        assert path.read_bytes() == (content if isinstance(content, bytes) else content.encode())

    (tmp_path / "folder").mkdir()
    directory_store = FileTokenStore(tmp_path / "folder")  # a folder, not a file
    ev.expect(TokenStoreError, directory_store.load)
    ev.show(directory_store)

    ev.issued_by(mock)
    ev.logs(caplog)
    ev.assert_clean()


# -- what the `contio` logger does log -----------------------------------------------------------


@pytest.mark.usefixtures("fast_backoff")
def test_contio_logger_logs_method_path_status_and_request_id(
    mock: MockControl, oauth: OAuthClient, evidence: Evidence, caplog: pytest.LogCaptureFixture
) -> None:
    oauth.get_partner_info()
    with pytest.raises(NotFoundError):
        oauth.initiate_partner_auth("new@example.com", workspace_id=UNKNOWN_WORKSPACE_ID)
    mock.fault("getOauthUserInfo", status=None, drop_connection=True, count=5)
    with pytest.raises(ContioConnectionError):
        oauth.get_user_info(NEVER_ISSUED_ACCESS)

    lines = [
        record.getMessage()
        for record in caplog.records
        if record.name == "contio" and record.levelno == logging.DEBUG
    ]
    ok = [
        line for line in lines if line.startswith(f"GET /v1/partner/info/{DEMO_CLIENT_ID}/public")
    ]
    assert len(ok) == 1, lines
    assert "-> 200" in ok[0]
    assert "request_id=req_" in ok[0]
    assert ok[0].endswith("ms")
    assert any(line.startswith("POST /auth/initiate -> 404 request_id=req_") for line in lines)
    assert any(line.startswith("GET /oauth2/userInfo -> ") for line in lines)
    # The transport failure is logged by its type.
    dropped = [line for line in lines if line.startswith("GET /oauth2/userInfo")]
    assert dropped
    assert dropped[-1] == "GET /oauth2/userInfo -> RemoteProtocolError"
    # Nothing but method, path, status, request id and latency: no host, no query, no body.
    assert not any("127.0.0.1" in line or "{" in line for line in lines)
