"""What every `contio admin` command shares: its context (the partner, where Contio is, the
API key's source), showing an answer (text or `--json`, never a secret), and turning errors
into messages."""

from __future__ import annotations

import json
import os
from dataclasses import fields, is_dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from contio.cli.terminal import printable

_HIDDEN = frozenset({"new_credential", "rollback_token"})


class AdminContext:
    def __init__(self, client_id: str, api_key_file: Path | None, base_url: str, as_json: bool):
        self.client_id = client_id
        self.api_key_file = api_key_file
        self.base_url = base_url
        self.as_json = as_json

    def admin(self) -> Any:
        from contio.admin import PartnerAdmin
        from contio.secrets import FileSecret

        key: Any = None
        if self.api_key_file is not None:
            key = FileSecret(self.api_key_file)
        elif os.environ.get("CONTIO_API_KEY"):
            key = os.environ["CONTIO_API_KEY"]
        else:
            raise click.UsageError("give --api-key-file FILE (or set CONTIO_API_KEY)")
        try:
            return PartnerAdmin(self.client_id, api_key=key, base_url=self.base_url)
        except (TypeError, ValueError) as exc:
            raise click.UsageError(str(exc)) from None


def plain(value: Any) -> Any:
    """A result as JSON-ready data, without its secrets."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name)) for f in fields(value) if f.name not in _HIDDEN
        }
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | type({}.keys())) or hasattr(value, "items"):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def show(ctx: AdminContext, value: Any) -> None:
    data = plain(value)
    if ctx.as_json:
        click.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    rows = data.items() if isinstance(data, dict) else enumerate(data)
    for name, item in rows:
        text = json.dumps(item) if isinstance(item, dict | list) else str(item)
        click.echo(f"{name}: {printable(text)}")


def run(call: Any) -> Any:
    """The call's result, or its error as a message (secrets are redacted by the client)."""
    from contio.errors import ContioError, SecretPublishError

    try:
        return call()
    except SecretPublishError:
        raise
    except ContioError as exc:
        raise click.ClickException(printable(str(exc))) from None
    except (TypeError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
