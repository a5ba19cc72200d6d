"""scripts/upstream-diff against Contio's published description, run as a real process.

The reference copy must show no undocumented difference; a copy with a new response field and a
new operation must name both as news; a git repository of Contio's SDK is read at a ref.
The modifications are chosen so that no plausible change of this project's spec (new
operations, `nonce`, the reshaping) can make them known differences.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "upstream-diff"
REFERENCE_NAME = "contio-published-oauth-1.10.0.json"
ADMIN_REFERENCE_NAME = "contio-published-identity-admin-1.10.0.json"
NEW_FIELD = "issued_token_type_v2"
NEW_OPERATION = "startDeviceAuthorizationV2"


#: Contio's published description of the release the spec was last compared with, committed
#: unchanged so that the tests (and CI, in any clone) read the same bytes.
REFERENCE = ROOT / "openapi" / "upstream" / REFERENCE_NAME
#: Its identity-administration part (partner Sign-On, IdP configuration, credentials).
ADMIN_REFERENCE = ROOT / "openapi" / "upstream" / ADMIN_REFERENCE_NAME
REFERENCES = (REFERENCE, ADMIN_REFERENCE)


def full_reference() -> dict[str, Any]:
    """Both parts as one document, as Contio's SDK repository holds it."""
    doc: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    admin: dict[str, Any] = json.loads(ADMIN_REFERENCE.read_text(encoding="utf-8"))
    doc["paths"] = {**doc["paths"], **admin["paths"]}
    doc["definitions"] = {**doc["definitions"], **admin["definitions"]}
    return doc


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def section(output: str, title: str) -> str:
    """The lines of the report from the line starting with `title` to the next blank line."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[start:end])


def modified_reference() -> dict[str, Any]:
    """Contio's description with a new token response field and a new OAuth operation."""
    changed = copy.deepcopy(full_reference())
    token = changed["definitions"]["rome_api_controllers_external_partner_oauth.TokenResponse"]
    token["properties"][NEW_FIELD] = {"type": "string"}
    changed["paths"]["/oauth2/device_authorization_v2"] = {
        "post": {
            "operationId": NEW_OPERATION,
            "consumes": ["application/x-www-form-urlencoded"],
            "parameters": [{"name": "client_id", "in": "formData", "type": "string"}],
            "responses": {"200": {"description": "OK"}},
        }
    }
    return changed


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def test_reference_copy_shows_no_undocumented_difference() -> None:
    result = run(*REFERENCES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "News: 0 undocumented difference(s)" in result.stdout
    # The differences are there, explained: the known file is what keeps them out of the news.
    known = section(result.stdout, "Known differences, kept on purpose")
    assert "exchangeOauthToken" in known
    assert "[security-declared]" in known
    # The OpenID Connect additions are explained too: the nonce, the required discovery metadata.
    assert "request field query.nonce: only here  [oidc-nonce]" in known
    issuer = "response 200 required issuer: required only here  [rfc-required-response-fields]"
    assert issuer in known
    assert "Swagger 2.0, version 1.10.0" in result.stdout
    # Every entry of the known file still matches something: none is stale.
    assert "not seen any more" not in result.stdout
    # The 19 identity-administration operations are compared too.
    assert "rotateClientSecret  POST /v1/partner/admin/credentials/client-secret/rotate" in known
    assert "contio-published-identity-admin-1.10.0.json" in result.stdout.splitlines()[0]


def test_each_part_alone_names_the_others_operations_as_news() -> None:
    result = run(ADMIN_REFERENCE)
    assert result.returncode == 1, result.stdout + result.stderr
    news = section(result.stdout, "News:")
    assert "exchangeOauthToken  POST /oauth2/token" in news
    assert "rotateClientSecret" not in news


def test_parts_describing_one_path_differently_are_refused(tmp_path: Path) -> None:
    clash = full_reference()
    clash["paths"]["/oauth2/token"] = {"post": {"responses": {"200": {"description": "OK"}}}}
    result = run(REFERENCE, write(tmp_path / "clash.json", clash))
    assert result.returncode == 2
    assert "/oauth2/token is described differently" in result.stderr


def test_without_the_known_file_the_same_differences_are_news(tmp_path: Path) -> None:
    empty = tmp_path / "known.yaml"
    empty.write_text("scope: [/oauth2/, /auth/]\ndifferences: []\n", encoding="utf-8")
    result = run(REFERENCE, "--known", empty)
    assert result.returncode == 1, result.stdout + result.stderr
    news = section(result.stdout, "News:")
    assert "security: http basic here, none in Contio's description" in news
    # Out of scope: nothing under /.well-known/ or /v1/partner/info/ is compared.
    assert "getPublicPartnerInfo" not in result.stdout


def test_modified_copy_names_the_new_field_and_the_new_operation(tmp_path: Path) -> None:
    result = run(write(tmp_path / "partner-openapi.json", modified_reference()))
    assert result.returncode == 1, result.stdout + result.stderr
    news = section(result.stdout, "News:")
    assert f"response 200 field {NEW_FIELD}: only in Contio's description" in news
    assert f"{NEW_OPERATION}  POST /oauth2/device_authorization_v2" in news
    assert "operation: new in Contio's description" in news
    assert "exchangeOauthToken" in news  # the new field is reported under its operation


def test_openapi3_yaml_description_is_read_too(tmp_path: Path) -> None:
    """Contio may publish OpenAPI 3: this project's own spec with one more response field."""
    spec = yaml.safe_load((ROOT / "openapi" / "contio-oauth.yaml").read_text(encoding="utf-8"))
    introspection = spec["components"]["schemas"]["TokenIntrospection"]
    introspection["properties"][NEW_FIELD] = {"type": "string"}
    upstream = tmp_path / "partner-openapi.yaml"
    upstream.write_text(yaml.safe_dump(spec), encoding="utf-8")
    empty = tmp_path / "known.yaml"
    empty.write_text("differences: []\n", encoding="utf-8")
    result = run(upstream, "--known", empty)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "OpenAPI 3.1.0" in result.stdout
    news = section(result.stdout, "News:")
    assert "News: 1 undocumented difference(s)" in news
    assert "introspectOauthToken  POST /oauth2/introspect" in news
    assert f"response 200 field {NEW_FIELD}: only in Contio's description" in news


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def sdk_repo(tmp_path: Path) -> Path:
    """A git repository laid out like Contio's SDK: the reference at v1.10.0, a change after."""
    repo = tmp_path / "partner-sdk"
    repo.mkdir()
    git(repo, "init", "--quiet")
    (repo / "package.json").write_text('{"name": "partner-sdk"}\n', encoding="utf-8")
    write(repo / "specs" / "api" / "partner-openapi.json", full_reference())
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "1.10.0")
    git(repo, "tag", "v1.10.0")
    write(repo / "specs" / "api" / "partner-openapi.json", modified_reference())
    git(repo, "commit", "--quiet", "-am", "next release")
    return repo


def test_git_repository_at_a_ref(sdk_repo: Path) -> None:
    released = run(f"{sdk_repo}@v1.10.0")
    assert released.returncode == 0, released.stdout + released.stderr
    assert "specs/api/partner-openapi.json" in released.stdout

    same = run(sdk_repo, "--ref", "v1.10.0")
    assert same.returncode == 0, same.stdout + same.stderr

    head = run(sdk_repo)  # HEAD by default: the next release, with news
    assert head.returncode == 1, head.stdout + head.stderr
    assert NEW_OPERATION in section(head.stdout, "News:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/contio.json"], "no such file or folder"),
        (["{tmp}/not-a-description.json"], "not a Swagger 2.0 or OpenAPI 3 description"),
        (["{tmp}/broken.json"], "neither JSON nor YAML"),
        (["{tmp}/empty-repo"], "no Swagger or OpenAPI file"),
        (["{tmp}/empty-repo", "--ref", "no-such-ref"], "git ls-tree"),
        (["{reference}", "--ref", "v1"], "--ref needs a git repository"),
        (["{reference}", "--known", "{tmp}/broken-known.yaml"], "needs an id, a reason and match"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "not-a-description.json").write_text('{"paths": {}}', encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"swagger": ', encoding="utf-8")
    (tmp_path / "broken-known.yaml").write_text("differences:\n  - id: x\n", encoding="utf-8")
    (tmp_path / "empty-repo").mkdir()
    git(tmp_path / "empty-repo", "init", "--quiet")
    (tmp_path / "empty-repo" / "README.md").write_text("no spec here\n", encoding="utf-8")
    git(tmp_path / "empty-repo", "add", "-A")
    git(tmp_path / "empty-repo", "commit", "--quiet", "-m", "readme")
    filled = [a.format(tmp=tmp_path, reference=REFERENCE) for a in args]
    result = run(*filled)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("upstream-diff: ")
