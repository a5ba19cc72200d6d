"""`contio admin`: the partner's credentials (status, history, rotation, rollback), its IdP
configuration and domain verification, from a terminal or a deployment script.

The API key is read from a file or the environment, never an argument (a process list shows
those). A new credential is written only to a file (mode 0600) the operator names, the
fleet's secret file itself with `--publish-file`: never to the terminal, nor `--json`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import click

from contio.cli.admin_context import AdminContext, run, show
from contio.cli.admin_idp import domain, idp
from contio.cli.terminal import printable

CREDENTIAL_KINDS = {"api-key": "api_key", "client-secret": "client_secret"}


def write_private(path: Path, value: str) -> None:
    """Write `value` to a new file readable by its owner only."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise click.UsageError(f"{path} exists: name a new file") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")


def keep_private(value: str, near: Path, suffix: str) -> Path:
    """Write `value` beside `near` in a file of its own (mode 0600), whatever is there
    already: a value Contio answered once is never lost to a name taken."""
    descriptor, name = tempfile.mkstemp(prefix=near.name + ".", suffix=suffix, dir=near.parent)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return Path(name)


@click.group()
@click.option("--client-id", envvar="CONTIO_CLIENT_ID", required=True, help="Partner app id.")
@click.option(
    "--api-key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CONTIO_API_KEY_FILE",
    help="File holding the partner API key [or set CONTIO_API_KEY].",
)
@click.option(
    "--base-url",
    envvar="CONTIO_API_URL",
    default="https://api.contio.ai",
    show_default=True,
    help="Contio's API (the mock's URL in tests).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def admin(
    ctx: click.Context, client_id: str, api_key_file: Path | None, base_url: str, as_json: bool
) -> None:
    """The partner's credentials, IdP configuration and domains."""
    ctx.obj = AdminContext(client_id, api_key_file, base_url, as_json)


@admin.command()
@click.pass_obj
def status(ctx: AdminContext) -> None:
    """Each credential's status and the recommended action."""
    with ctx.admin() as client:
        show(ctx, run(client.get_credential_status))


@admin.command()
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option(
    "--type",
    "credential_type",
    type=click.Choice(["api_key", "client_secret", "webhook_secret"]),
)
@click.pass_obj
def history(ctx: AdminContext, limit: int, offset: int, credential_type: str | None) -> None:
    """Past rotations and rollbacks, newest first."""
    with ctx.admin() as client:
        page = run(
            lambda: client.list_credential_history(
                limit=limit, offset=offset, credential_type=credential_type
            )
        )
    show(ctx, page)


def _publisher(publish_file: Path | None, redis_key: str | None, redis_url: str | None) -> Any:
    from contio.secrets import FileSecret, RedisSecret

    if publish_file is not None and redis_key is not None:
        raise click.UsageError("give --publish-file or --publish-redis-key, not both")
    if publish_file is not None:
        return FileSecret(publish_file)
    if redis_key is not None:
        if not redis_url:
            raise click.UsageError("--publish-redis-key needs --redis-url")
        try:
            import redis
        except ImportError:
            raise click.ClickException("publishing to Redis needs the 'redis' extra") from None
        return RedisSecret(redis_key, client=redis.Redis.from_url(redis_url))
    return None


publish_options = [
    click.option(
        "--publish-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The fleet's secret file: the new value replaces it (0600), the old kept beside.",
    ),
    click.option("--publish-redis-key", help="The fleet's Redis key for the secret."),
    click.option("--redis-url", envvar="CONTIO_REDIS_URL", help="Redis for --publish-redis-key."),
    click.option("--idempotency-key", help="Send a retry of the same change with the same key."),
]


def with_publishing(command: Any) -> Any:
    for option in reversed(publish_options):
        command = option(command)
    return command


def _rotate(kind: str) -> Any:
    @click.option("--confirm", "confirmation", required=True, help="Confirmation token.")
    @click.option("--grace-hours", type=click.IntRange(0, 168), default=None)
    @click.option("--reason", default=None)
    @click.option(
        "--write-secret",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A new file (0600) for the new value, when it is not published.",
    )
    @with_publishing
    @click.pass_obj
    def command(ctx: AdminContext, confirmation: str, grace_hours: int | None, reason: str | None,
                write_secret: Path | None, publish_file: Path | None,
                publish_redis_key: str | None, redis_url: str | None,
                idempotency_key: str | None) -> None:  # fmt: skip
        source = _publisher(publish_file, publish_redis_key, redis_url)
        if source is None and write_secret is None:
            raise click.UsageError(
                "the new value is shown once: give --publish-file, --publish-redis-key or "
                "--write-secret FILE"
            )
        if write_secret is not None and write_secret.exists():
            raise click.UsageError(f"{write_secret} exists: name a new file")
        from contio.errors import SecretPublishError
        from contio.secrets import FileSecret, SecretSourceError

        with ctx.admin() as client:
            rotate = getattr(client, f"rotate_{kind}")
            extra = {"grace_period_hours": grace_hours} if kind != "webhook_secret" else {}
            failure = None
            try:
                rotation = run(
                    lambda: rotate(confirmation, reason=reason, idempotency_key=idempotency_key,
                                   publish_to=source, **extra)
                )  # fmt: skip
            except SecretPublishError as exc:
                # Rotated, not published: the value exists nowhere else, so it is kept.
                rotation, failure = exc.result, printable(str(exc))
                if write_secret is None:
                    kept = keep_private(rotation.new_credential, Path(f"contio-{kind}"), ".new")
                    click.echo(f"the new value was written to {kept} (0600)", err=True)
        if write_secret is not None:
            write_private(write_secret, rotation.new_credential)
            click.echo(f"the new value was written to {write_secret} (0600)", err=True)
        if rotation.rollback_token is not None:
            token_file = (write_secret or publish_file or Path(kind)).absolute()
            token_file = token_file.with_name(token_file.name + ".rollback-token")
            try:  # the last rotation's: replaced whole, readable by its owner only
                FileSecret(token_file).publish(rotation.rollback_token)
            except SecretSourceError:
                token_file = keep_private(rotation.rollback_token, token_file, "")
            click.echo(f"rollback token written to {token_file} (0600)", err=True)
        if failure is not None:
            raise click.ClickException(failure)
        show(ctx, rotation)

    command.__doc__ = f"Rotate the {kind.replace('_', ' ')}; the new value goes only to a file."
    return command


def _rollback(kind: str) -> Any:
    @click.option(
        "--rollback-token-file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        required=True,
        help="The file the rotation wrote its rollback token to.",
    )
    @click.option("--reason", default=None)
    @with_publishing
    @click.pass_obj
    def command(ctx: AdminContext, rollback_token_file: Path, reason: str | None,
                publish_file: Path | None, publish_redis_key: str | None,
                redis_url: str | None, idempotency_key: str | None) -> None:  # fmt: skip
        source = _publisher(publish_file, publish_redis_key, redis_url)
        token = rollback_token_file.read_text(encoding="utf-8").strip()
        with ctx.admin() as client:
            rollback = getattr(client, f"rollback_{kind}")
            done = run(
                lambda: rollback(token, reason=reason, idempotency_key=idempotency_key,
                                 publish_to=source)
            )  # fmt: skip
        show(ctx, done)

    command.__doc__ = f"Restore the {kind.replace('_', ' ')} the last rotation replaced."
    return command


for _name, _kind in (*CREDENTIAL_KINDS.items(), ("webhook-secret", "webhook_secret")):
    admin.command(f"rotate-{_name}")(_rotate(_kind))
for _name, _kind in CREDENTIAL_KINDS.items():
    admin.command(f"rollback-{_name}")(_rollback(_kind))


admin.add_command(idp)
admin.add_command(domain)
