"""`contio admin idp …` and `contio admin domain …`: the partner's identity provider for
Sign-On and the email domains it proves it owns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from contio.cli.admin_context import AdminContext, run, show


@click.group()
def idp() -> None:
    """The partner's OIDC identity provider for Sign-On."""


@idp.command("show")
@click.pass_obj
def idp_show(ctx: AdminContext) -> None:
    """The IdP configuration (its client secret is never shown)."""
    with ctx.admin() as client:
        show(ctx, run(client.get_idp_config))


def _fields(
    name: str | None,
    discovery_url: str | None,
    idp_client_id: str | None,
    secret_file: Path | None,
    mode: str | None,
    domains: tuple[str, ...],
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "name": name,
        "discovery_url": discovery_url,
        "idp_client_id": idp_client_id,
        "mode": mode,
        "allowed_email_domains": list(domains) if domains else None,
    }
    if secret_file is not None:
        found["idp_client_secret"] = secret_file.read_text(encoding="utf-8").strip()
    return {k: v for k, v in found.items() if v is not None}


idp_options = [
    click.option("--name"),
    click.option("--discovery-url", help="https://…/.well-known/openid-configuration"),
    click.option("--idp-client-id", help="The client id at your identity provider."),
    click.option(
        "--idp-client-secret-file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="File holding the client secret at your identity provider.",
    ),
    click.option("--mode", type=click.Choice(["strict", "partner_managed"])),
    click.option("--domain", "domains", multiple=True, help="An allowed email domain."),
]


def with_idp_options(command: Any) -> Any:
    for option in reversed(idp_options):
        command = option(command)
    return command


@idp.command("create")
@with_idp_options
@click.pass_obj
def idp_create(ctx: AdminContext, name: str | None, discovery_url: str | None,
               idp_client_id: str | None, idp_client_secret_file: Path | None,
               mode: str | None, domains: tuple[str, ...]) -> None:  # fmt: skip
    """Configure the identity provider."""
    found = _fields(name, discovery_url, idp_client_id, idp_client_secret_file, mode, domains)
    with ctx.admin() as client:
        show(ctx, run(lambda: client.create_idp_config(**found)))


@idp.command("update")
@with_idp_options
@click.option("--active/--inactive", default=None, help="Turn Sign-On on or off.")
@click.pass_obj
def idp_update(ctx: AdminContext, name: str | None, discovery_url: str | None,
               idp_client_id: str | None, idp_client_secret_file: Path | None,
               mode: str | None, domains: tuple[str, ...],
               active: bool | None) -> None:  # fmt: skip
    """Change the fields given."""
    found = _fields(name, discovery_url, idp_client_id, idp_client_secret_file, mode, domains)
    if active is not None:
        found["is_active"] = active
    with ctx.admin() as client:
        show(ctx, run(lambda: client.update_idp_config(**found)))


@idp.command("delete")
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.pass_obj
def idp_delete(ctx: AdminContext, yes: bool) -> None:
    """Remove the IdP configuration (Sign-On stops)."""
    if not yes:
        click.confirm("Remove the IdP configuration? Sign-On stops", abort=True)
    with ctx.admin() as client:
        run(client.delete_idp_config)
    show(ctx, {"deleted": True})


@click.group()
def domain() -> None:
    """Prove the partner owns an email domain (a DNS TXT record)."""


@domain.command("verify")
@click.argument("name")
@click.pass_obj
def domain_verify(ctx: AdminContext, name: str) -> None:
    """Start: prints the TXT record to publish."""
    with ctx.admin() as client:
        show(ctx, run(lambda: client.initiate_idp_domain_verification(name)))


@domain.command("show")
@click.argument("name")
@click.pass_obj
def domain_show(ctx: AdminContext, name: str) -> None:
    """The verification as it stands."""
    with ctx.admin() as client:
        show(ctx, run(lambda: client.get_idp_domain_verification(name)))


@domain.command("check")
@click.argument("name")
@click.pass_obj
def domain_check(ctx: AdminContext, name: str) -> None:
    """Have Contio look the TXT record up."""
    with ctx.admin() as client:
        show(ctx, run(lambda: client.check_idp_domain_verification(name)))
