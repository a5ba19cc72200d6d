"""The `contio` command line.

Only click is imported at module level: each command imports what it needs when it runs,
so that `contio --help` works without the optional server dependencies.
"""

from __future__ import annotations

from contio._extras import extra

with extra("cli", "the contio command line"):
    import click

from contio._version import __version__
from contio.cli.auth import register

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


@click.group()
@click.version_option(__version__, "--version", "-V", prog_name="contio")
def main() -> None:
    """Tools for Contio's OAuth 2.0 / OpenID Connect API."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one.",
)
@click.option("--client-id", default="demo-client", show_default=True, help="Partner app id.")
@click.option(
    "--client-secret", default="demo-secret", show_default=True, help="Partner app secret."
)
@click.option(
    "--redirect-uri",
    "redirect_uris",
    multiple=True,
    metavar="URI",
    help="Register another redirect URI (repeatable).",
)
@click.option("--issuer", default=None, metavar="URL", help="`iss` of tokens [default: base URL].")
@click.option(
    "--auto-approve",
    "auto_approve_email",
    default=None,
    metavar="EMAIL",
    help="Approve every authorization request at once, as this user.",
)
@click.option(
    "--rate-limit",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Contio's WAF rule: allow N requests per rolling window per client address, "
    "blocked ones counted (Contio: 100) [default: no limit].",
)
@click.option(
    "--rate-limit-window",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="Length of the rate-limit window.",
)
@click.option(
    "--rate-limit-address-header",
    default=None,
    metavar="NAME",
    help="Take the client address from this request header (e.g. X-Forwarded-For), so that "
    "one test plays several egress addresses [default: the connection's].",
)
@click.option(
    "--expose-control-api",
    "control_api_hosts",
    multiple=True,
    metavar="HOST",
    help="Answer the control API (/_mock/*) on this host name too (repeatable) "
    "[default: loopback names only].",
)
@click.option("--log-level", type=click.Choice(LOG_LEVELS), default="info", show_default=True)
@click.option("--access-log/--no-access-log", default=True, show_default=True)
def mock(
    host: str,
    port: int,
    client_id: str,
    client_secret: str,
    redirect_uris: tuple[str, ...],
    issuer: str | None,
    auto_approve_email: str | None,
    rate_limit: int | None,
    rate_limit_window: float,
    rate_limit_address_header: str | None,
    control_api_hosts: tuple[str, ...],
    log_level: str,
    access_log: bool,
) -> None:
    """Serve a stateful mock of Contio's OAuth server.

    The mock keeps everything in memory and offers a control API under /_mock/
    (outbox, clock, stats, faults, reset). Stop it with Ctrl-C.
    """
    try:
        import uvicorn

        from contio.mock import MockConfig, create_app
        from contio.mock.connections import server_config
        from contio.mock.server import base_url_of, bind_socket
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise click.ClickException(
            f"the mock needs the 'mock' extra (pip install 'contio[mock]'): {exc}"
        ) from exc

    try:
        config = MockConfig(
            client_id=client_id,
            client_secret=client_secret,
            issuer=issuer,
            extra_redirect_uris=redirect_uris,
            auto_approve_email=auto_approve_email,
            rate_limit=rate_limit,
            rate_limit_window=rate_limit_window,
            rate_limit_address_header=rate_limit_address_header,
            control_api_hosts=control_api_hosts,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        sock = bind_socket(host, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from exc
    base_url = base_url_of(sock)
    # The socket already listens, so a client that reads this line can connect at once.
    click.echo(f"Contio mock OAuth server at {base_url}")
    click.echo(f"  client_id:     {config.client_id}")
    click.echo(f"  client_secret: {config.client_secret}")
    click.echo(f"  API key:       {config.api_key} (X-API-Key, identity administration)")
    click.echo(f"  Sign-On slug:  {config.slug}")
    click.echo(f"  redirect URIs: {', '.join(config.all_redirect_uris)}")
    if auto_approve_email:
        click.echo(f"  auto-approve:  {auto_approve_email}")
    click.echo(
        f"  control API:   {base_url}/_mock/ (outbox, clock, stats, faults, dns, sso, reset)"
    )
    server = uvicorn.Server(
        server_config(
            create_app(config),
            log_level=log_level,
            access_log=access_log,
            timeout_graceful_shutdown=2,
        )
    )
    server.run(sockets=[sock])


register(main)  # demo, login, whoami, token


def _register_admin(group: click.Group) -> None:
    from contio.cli.admin import admin

    group.add_command(admin)


_register_admin(main)  # admin: credentials, IdP configuration, domains

if __name__ == "__main__":  # pragma: no cover
    main()
