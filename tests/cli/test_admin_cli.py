"""`contio admin` against the live mock: credential status, history, rotation and rollback,
the IdP configuration and domains, `--json`; a new secret is written to a 0600 file and never
printed."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from contio.cli.main import main
from contio.testing import ContioMock


def admin(mock: ContioMock, tmp_path: Path, *args: str, key: str | None = None) -> Result:
    key_file = tmp_path / "api-key"
    key_file.write_text((key or mock.api_key) + "\n", encoding="utf-8")
    base = ["admin", "--client-id", mock.client_id, "--api-key-file", str(key_file)]
    return CliRunner().invoke(main, [*base, "--base-url", mock.base_url, *args])


def printed(result: Result) -> str:
    return result.output + (result.stderr if result.stderr_bytes is not None else "")


def test_status_as_json(contio_mock: ContioMock, tmp_path: Path) -> None:
    result = admin(contio_mock, tmp_path, "--json", "status")
    assert result.exit_code == 0, result.output
    status = json.loads(result.stdout)
    assert status["client_secret"]["recommended_action"] == "healthy"
    assert contio_mock.api_key not in printed(result)


def test_rotation_publishes_to_the_fleets_file_and_rolls_back(
    contio_mock: ContioMock, tmp_path: Path
) -> None:
    fleet_file = tmp_path / "client-secret"
    fleet_file.write_text(contio_mock.client_secret, encoding="utf-8")
    result = admin(
        contio_mock, tmp_path, "--json", "rotate-client-secret", "--confirm", "yes",
        "--grace-hours", "2", "--publish-file", str(fleet_file),
    )  # fmt: skip
    assert result.exit_code == 0, printed(result)
    new = fleet_file.read_text(encoding="utf-8").strip()
    assert new.startswith("cs_live_")
    token_file = tmp_path / "client-secret.rollback-token"
    for private in (fleet_file, token_file, tmp_path / "client-secret.previous"):
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    shown = json.loads(result.stdout)
    assert shown["credential_type"] == "client_secret"
    assert "new_credential" not in shown
    assert "rollback_token" not in shown
    for secret in (new, token_file.read_text(encoding="utf-8").strip()):
        assert secret not in printed(result)
    back = admin(
        contio_mock, tmp_path, "rollback-client-secret", "--rollback-token-file", str(token_file),
        "--publish-file", str(fleet_file),
    )  # fmt: skip
    assert back.exit_code == 0, printed(back)
    assert "rolled_back" in back.stdout
    assert fleet_file.read_text(encoding="utf-8").strip() == contio_mock.client_secret


def test_a_rotation_with_nowhere_to_keep_the_value_is_refused(
    contio_mock: ContioMock, tmp_path: Path
) -> None:
    result = admin(contio_mock, tmp_path, "rotate-api-key", "--confirm", "yes")
    assert result.exit_code == 2
    assert "shown once" in result.output
    taken = tmp_path / "taken"
    taken.write_text("something", encoding="utf-8")
    result = admin(
        contio_mock, tmp_path, "rotate-api-key", "--confirm", "yes", "--write-secret", str(taken)
    )
    assert result.exit_code == 2
    assert contio_mock.stats().get("rotateApiKey", 0) == 0


def test_rotate_the_webhook_secret_to_a_new_file(contio_mock: ContioMock, tmp_path: Path) -> None:
    target = tmp_path / "webhook-secret"
    result = admin(
        contio_mock, tmp_path, "rotate-webhook-secret", "--confirm", "y", "--write-secret",
        str(target),
    )  # fmt: skip
    assert result.exit_code == 0, printed(result)
    value = target.read_text(encoding="utf-8").strip()
    assert value.startswith("whsec_")
    assert value not in printed(result)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    history = admin(contio_mock, tmp_path, "--json", "history", "--type", "webhook_secret")
    assert [e["action"] for e in json.loads(history.stdout)["events"]] == ["rotated"]


def test_the_idp_and_a_domain(contio_mock: ContioMock, tmp_path: Path) -> None:
    secret = tmp_path / "idp-secret"
    secret.write_text("idp-client-secret", encoding="utf-8")
    created = admin(
        contio_mock, tmp_path, "--json", "idp", "create", "--name", "Okta",
        "--discovery-url", "https://acme.okta.com/.well-known/openid-configuration",
        "--idp-client-id", "0oa1", "--idp-client-secret-file", str(secret),
        "--mode", "partner_managed",
    )  # fmt: skip
    assert created.exit_code == 0, printed(created)
    assert json.loads(created.stdout)["issuer"] == "https://acme.okta.com"
    assert "idp-client-secret" not in printed(created)
    updated = admin(contio_mock, tmp_path, "--json", "idp", "update", "--inactive")
    assert json.loads(updated.stdout)["is_active"] is False
    started = admin(contio_mock, tmp_path, "--json", "domain", "verify", "acme.com")
    record = json.loads(started.stdout)
    contio_mock.publish_dns(record["dns_record_name"], record["dns_record_value"])
    checked = admin(contio_mock, tmp_path, "--json", "domain", "check", "acme.com")
    assert json.loads(checked.stdout)["status"] == "verified"
    shown = admin(contio_mock, tmp_path, "domain", "show", "acme.com")
    assert "status: verified" in shown.stdout
    assert admin(contio_mock, tmp_path, "idp", "delete", "--yes").exit_code == 0
    missing = admin(contio_mock, tmp_path, "idp", "show")
    assert missing.exit_code == 1
    assert "not_found" in missing.output


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["status"], 1, "unauthorized"),
        (["domain", "verify", "gmail.com"], 1, "domain_is_generic"),
        (["domain", "verify", "not a domain"], 2, "domain"),
    ],
)
def test_errors_are_messages_not_tracebacks(
    contio_mock: ContioMock, tmp_path: Path, args: list[str], code: int, text: str
) -> None:
    key = "wrong-key" if args == ["status"] else None
    result = admin(contio_mock, tmp_path, *args, key=key)
    assert result.exit_code == code, printed(result)
    assert text in result.output
    assert "Traceback" not in result.output
    assert "wrong-key" not in result.output


def test_without_an_api_key(contio_mock: ContioMock) -> None:
    result = CliRunner(env={"CONTIO_API_KEY": ""}).invoke(
        main, ["admin", "--client-id", "demo-client", "--base-url", contio_mock.base_url, "status"]
    )
    assert result.exit_code == 2
    assert "--api-key-file" in result.output
