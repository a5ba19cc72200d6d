"""The admin client and the secret sources as a hostile server and a careless operator
would try them: answers that say too little or too much, redirects, huge bodies, sources
that fail at the worst moment, files in the way."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from contio import AuthenticationError, InvalidResponseError, OAuthClient
from contio.admin import PartnerAdmin
from contio.cli.main import main
from contio.secrets import FunctionSecret, SecretSourceError
from contio.testing import ContioMock
from tests.hostile import Exchange, hostile

SECRET_ANSWER = "cs_live_0123456789abcdef0123456789abcdef"


def test_a_rotation_answer_with_only_the_new_value_is_kept() -> None:
    """The new value exists nowhere else: an answer that carries it is a rotation, even when
    it says nothing else, or says it badly."""

    def answer(exchange: Exchange) -> None:
        exchange.json(200, {"new_credential": SECRET_ANSWER, "grace_period_ends_at": "soon"})

    with hostile(answer) as server:
        admin = PartnerAdmin("demo-client", api_key="k", base_url=server.base_url)
        with admin:
            rotation = admin.rotate_client_secret("confirm")
    assert (rotation.credential_type, rotation.new_credential) == ("client_secret", SECRET_ANSWER)
    assert rotation.grace_period_ends_at is None
    assert SECRET_ANSWER not in repr(rotation)


@pytest.mark.parametrize(
    "document",
    [{"credential_type": "client_secret"}, {"new_credential": ""}, {"new_credential": "a\nb"}],
)
def test_a_rotation_answer_without_a_usable_value_fails_clearly(document: object) -> None:
    with hostile(lambda exchange: exchange.json(200, document)) as server:
        admin = PartnerAdmin("demo-client", api_key="the-api-key", base_url=server.base_url)
        with admin, pytest.raises(InvalidResponseError, match="new_credential") as caught:
            admin.rotate_client_secret("confirm")
    assert "the-api-key" not in str(caught.value)


def test_an_admin_call_follows_no_redirect() -> None:
    def redirect(exchange: Exchange) -> None:
        exchange.answer(307, headers={"Location": "https://attacker.example/steal"})

    with hostile(redirect) as server:
        admin = PartnerAdmin("demo-client", api_key="k", base_url=server.base_url)
        with admin, pytest.raises(InvalidResponseError, match="redirect"):
            admin.get_credential_status()
        assert server.received().count(b"X-API-Key") == 1  # sent once, to where it was meant


def test_a_huge_answer_is_not_read() -> None:
    def huge(exchange: Exchange) -> None:
        exchange.stream(64 * 1024 * 1024)

    with hostile(huge) as server:
        admin = PartnerAdmin(
            "demo-client", api_key="k", base_url=server.base_url, max_response_bytes=64 * 1024
        )
        with admin, pytest.raises(InvalidResponseError, match="not read"):
            admin.get_idp_config()


def test_a_source_that_fails_after_a_refusal_leaves_the_refusal(
    contio_mock: ContioMock, caplog: pytest.LogCaptureFixture
) -> None:
    reads = {"n": 0}

    def flaky() -> str:
        reads["n"] += 1
        if reads["n"] > 1:
            raise OSError("vault unreachable; token=hunter2")
        return "demo-secret"

    caplog.set_level(logging.WARNING, logger="contio")
    client_kwargs = contio_mock.client_kwargs(client_secret=FunctionSecret(flaky, max_age=3600))
    with OAuthClient(**client_kwargs) as oauth:
        oauth.get_client_credentials_token()
        credentials = contio_mock.running.state.admin.credentials[contio_mock.client_id]
        credentials["client_secret"].value = "rotated"
        with pytest.raises(AuthenticationError):
            oauth.get_client_credentials_token()
    assert "could not be read again" in caplog.text
    assert "hunter2" not in caplog.text
    assert "demo-secret" not in caplog.text


def test_a_source_that_fails_at_the_first_read() -> None:
    source = FunctionSecret(lambda: str(1 / 0))
    with (
        OAuthClient("demo-client", source, base_url="http://127.0.0.1:9") as oauth,
        pytest.raises(SecretSourceError, match="ZeroDivisionError"),
    ):
        oauth.get_client_credentials_token()


def admin_cli(mock: ContioMock, tmp_path: Path, *args: str) -> tuple[int, str]:
    os.environ.pop("CONTIO_API_KEY", None)
    runner = CliRunner(env={"CONTIO_API_KEY": mock.api_key})
    result = runner.invoke(
        main, ["admin", "--client-id", mock.client_id, "--base-url", mock.base_url, *args]
    )
    return result.exit_code, result.output


def test_a_second_rotation_replaces_the_rollback_token(
    contio_mock: ContioMock, tmp_path: Path
) -> None:
    fleet_file = tmp_path / "secret"
    fleet_file.write_text("demo-secret", encoding="utf-8")
    first = ["rotate-webhook-secret", "--confirm", "y", "--publish-file", str(fleet_file)]
    assert admin_cli(contio_mock, tmp_path, *first)[0] == 0
    rotate = ["rotate-client-secret", "--confirm", "y", "--publish-file", str(fleet_file)]
    code, output = admin_cli(contio_mock, tmp_path, *rotate, "--grace-hours", "0")
    assert code == 0, output
    token_file = tmp_path / "secret.rollback-token"
    contio_mock.advance(1)
    code, output = admin_cli(contio_mock, tmp_path, *rotate, "--grace-hours", "0")
    assert code == 0, output  # the token file from before is replaced, not in the way
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    back = ["rollback-client-secret", "--rollback-token-file", str(token_file)]
    assert admin_cli(contio_mock, tmp_path, *back)[0] == 0  # the second rotation's token


def test_a_rotation_that_cannot_be_published_keeps_the_value(
    contio_mock: ContioMock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    fleet_file = locked / "secret"
    fleet_file.write_text("demo-secret", encoding="utf-8")
    locked.chmod(0o500)  # the fleet's folder cannot be written
    monkeypatch.chdir(tmp_path)
    try:
        code, output = admin_cli(
            contio_mock, tmp_path, "rotate-client-secret", "--confirm", "y",
            "--publish-file", str(fleet_file),
        )  # fmt: skip
    finally:
        locked.chmod(0o700)
    if os.geteuid() == 0:  # root writes anyway: then it was published
        assert code == 0, output
        return
    assert code == 1
    assert "could not be published" in output
    [kept] = tmp_path.glob("contio-client_secret.*.new")
    assert kept.read_text(encoding="utf-8").startswith("cs_live_")
    assert kept.read_text(encoding="utf-8").strip() not in output
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
