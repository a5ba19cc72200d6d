"""`contio demo`, `contio login`, `contio whoami` and `contio token …`.

Configuration comes from options or the environment (`CONTIO_CLIENT_ID`,
`CONTIO_CLIENT_SECRET`, `CONTIO_REDIRECT_URI`, `CONTIO_BASE_URL`, `CONTIO_TOKEN_FILE`).
Every failure prints one line on stderr and exits 1: no tracebacks for expected errors.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit, urlunsplit

import attrs
import click

from contio.cli.loopback import LoopbackRedirect
from contio.cli.terminal import printable
from contio.client import OAuthClient
from contio.errors import ContioError
from contio.pkce import generate_pkce_pair, generate_state
from contio.stores import FileTokenStore
from contio.tokens import mask

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_BASE_URL = "https://auth.contio.ai"
DEFAULT_REDIRECT_URI = "http://127.0.0.1/callback"


def default_token_file() -> Path:
    """`$XDG_CONFIG_HOME/contio/tokens.json`, or `~/.config/contio/tokens.json`."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "contio" / "tokens.json"


def fail(message: str) -> NoReturn:
    # Messages carry the server's words (an error description): no escape sequence of
    # theirs reaches the terminal.
    click.echo(f"contio: {printable(message, limit=2000)}", err=True)
    sys.exit(1)


def friendly_errors(func: F) -> F:
    """Turn expected errors into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ContioError, ValueError, OSError) as exc:
            fail(f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc))

    return wrapper  # type: ignore[return-value]


def config_options(func: F) -> F:
    """The options every command that talks to Contio shares."""
    options = [
        click.option("--client-id", envvar="CONTIO_CLIENT_ID", help="[env: CONTIO_CLIENT_ID]"),
        click.option(
            "--client-secret",
            envvar="CONTIO_CLIENT_SECRET",
            help="[env: CONTIO_CLIENT_SECRET; prefer the environment to the command line]",
        ),
        click.option(
            "--redirect-uri",
            envvar="CONTIO_REDIRECT_URI",
            default=DEFAULT_REDIRECT_URI,
            show_default=True,
            help="Loopback redirect URI; no port: a free one [env: CONTIO_REDIRECT_URI]",
        ),
        click.option(
            "--base-url",
            envvar="CONTIO_BASE_URL",
            default=DEFAULT_BASE_URL,
            show_default=True,
            help="Contio's auth server, or a mock [env: CONTIO_BASE_URL]",
        ),
        click.option(
            "--token-file",
            envvar="CONTIO_TOKEN_FILE",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help=f"Where tokens are kept [env: CONTIO_TOKEN_FILE; default: {default_token_file()}]",
        ),
    ]

    @functools.wraps(func)
    def collapse(
        *args: Any,
        client_id: str | None,
        client_secret: str | None,
        redirect_uri: str,
        base_url: str,
        token_file: Path | None,
        **kwargs: Any,
    ) -> Any:
        settings = Settings(client_id, client_secret, redirect_uri, base_url, token_file)
        return func(*args, settings=settings, **kwargs)

    wrapped: Any = collapse
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped  # type: ignore[no-any-return]


@attrs.frozen(repr=False)
class Settings:
    """The configuration every command that talks to Contio shares."""

    client_id: str | None
    client_secret: str | None
    redirect_uri: str
    base_url: str
    token_file: Path | None

    def store(self) -> FileTokenStore:
        return FileTokenStore(self.token_file or default_token_file())

    def client(self, redirect_uri: str | None = None) -> OAuthClient:
        if not self.client_id:
            fail("no client id: pass --client-id or set CONTIO_CLIENT_ID")
        if not self.client_secret:
            fail("no client secret: set CONTIO_CLIENT_SECRET (or pass --client-secret)")
        return OAuthClient(
            self.client_id,
            self.client_secret,
            redirect_uri or self.redirect_uri,
            base_url=self.base_url,
            token_store=self.store(),
        )

    def signed_in_client(self) -> OAuthClient:
        """A client holding the saved tokens; exits with a hint when there are none."""
        oauth = self.client()
        if oauth.tokens is None:
            oauth.close()
            fail("not signed in: run `contio login` first")
        return oauth


def describe(name: str | None, email: str | None, sub: str) -> str:
    """`Name <email>`, or whichever of them the granted scopes revealed, or the user id."""
    if name and email:
        return printable(f"{name} <{email}>")
    return printable(name or email or sub)


# -- contio demo -----------------------------------------------------------------------------


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the steps as JSON.")
@click.option("--web", is_flag=True, help="Serve a web app to sign in to, in a browser.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="With --web: the app's port on 127.0.0.1 (0: a free one)  [default: 8000]",
)
@click.option(
    "--framework",
    type=click.Choice(["starlette", "flask", "django"]),
    default=None,
    help="With --web: the web framework of the example app  [default: starlette]",
)
def demo(as_json: bool, web: bool, port: int | None, framework: str | None) -> None:
    """Walk the whole OAuth lifecycle against an in-process mock (no network needed).

    With --web: serve an example app ("Sign in with Contio") on the framework you choose and
    the mock on loopback, and print the URL to open in a browser.
    """
    if web:
        if as_json:
            raise click.UsageError("--json and --web do not go together")
        framework = framework or "starlette"
        try:
            from contio.cli.demo_web import main as serve

            sys.exit(serve(port=8000 if port is None else port, framework=framework))
        except ImportError as exc:  # the mock or the framework's extra is missing
            fail(
                f"the web demo on {framework} needs pip install 'contio[mock,{framework}]' "
                f"({exc.name} is missing)"
            )
    for option, given in (("--port", port), ("--framework", framework)):
        if given is not None:
            raise click.UsageError(f"{option} goes with --web")
    try:
        from contio.cli.demo import main as run
    except ImportError as exc:  # the mock extra is missing
        fail(f"the demo needs the mock: pip install 'contio[mock]' ({exc.name} is missing)")
    sys.exit(run(as_json=as_json))


# -- contio login ------------------------------------------------------------------------------


@click.command()
@config_options
@click.option("--no-browser", is_flag=True, help="Print the URL instead of opening a browser.")
@click.option("--timeout", default=300.0, show_default=True, help="Seconds to wait for sign-in.")
@friendly_errors
def login(
    settings: Settings,
    no_browser: bool,
    timeout: float,
) -> None:
    """Sign in with the authorization code flow and PKCE over a loopback redirect (RFC 8252)."""
    parts = urlsplit(settings.redirect_uri)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        fail("the redirect URI must be a loopback http URI such as http://127.0.0.1/callback")
    host = "127.0.0.1" if parts.hostname == "localhost" else str(parts.hostname)
    state, pkce = generate_state(), generate_pkce_pair()
    server = LoopbackRedirect(host, parts.port or 0, parts.path or "/", state).start()
    netloc = f"[{host}]:{server.port}" if ":" in host else f"{parts.hostname}:{server.port}"
    redirect_uri = urlunsplit(("http", netloc, parts.path or "/", "", ""))
    try:
        with settings.client(redirect_uri) as oauth:
            url = oauth.get_authorization_url(state, code_challenge=pkce.challenge)
            click.echo("Open this URL in a browser to sign in:")
            click.echo(f"  {url}")
            sys.stdout.flush()
            if not no_browser:
                webbrowser.open(url)
            query = server.wait(timeout)  # only a redirect with this state comes back
            if query is None:
                fail(f"no sign-in within {timeout:g} seconds")
            if "error" in query:
                said = f"{query['error']} {query.get('error_description', '')}".strip()
                fail(f"sign-in failed: {printable(said)}")
            if not query.get("code"):
                fail("the redirect carried no authorization code")
            tokens = oauth.exchange_code_for_token(query["code"], code_verifier=pkce.verifier)
            user = oauth.get_user_info()
            who = describe(user.name, user.email, user.sub)
            click.echo(f"Signed in as {who}")
            click.echo(f"Tokens saved to {oauth.token_store!r} (expire {tokens.expires_at})")
    finally:
        server.close()


@click.command()
@config_options
@friendly_errors
def whoami(settings: Settings) -> None:
    """Who the saved tokens belong to (refreshing them first when they expire)."""
    with settings.signed_in_client() as oauth:
        user = oauth.get_user_info(oauth.get_valid_access_token())
        click.echo(f"{describe(user.name, user.email, user.sub)} (sub={user.sub})")


# -- contio token ------------------------------------------------------------------------------


@click.group()
def token() -> None:
    """Show, refresh, revoke or introspect the saved tokens."""


@token.command("show")
@config_options
@click.option("--reveal", is_flag=True, help="Print the tokens in full.")
@friendly_errors
def token_show(settings: Settings, reveal: bool) -> None:
    """The saved tokens, masked unless --reveal."""
    tokens = settings.store().load()
    if tokens is None:
        fail("not signed in: run `contio login` first")
    show: Callable[[str | None], str] = (lambda t: t or "-") if reveal else mask
    click.echo(f"access_token:  {show(tokens.access_token)}")
    click.echo(f"refresh_token: {show(tokens.refresh_token)}")
    click.echo(f"id_token:      {show(tokens.id_token)}")
    click.echo(f"expires_at:    {tokens.expires_at.isoformat() if tokens.expires_at else '-'}")
    click.echo(f"scope:         {' '.join(tokens.scope) or '-'}")


@token.command("refresh")
@config_options
@friendly_errors
def token_refresh(settings: Settings) -> None:
    """Refresh now and save the new tokens."""
    with settings.signed_in_client() as oauth:
        tokens = oauth.refresh_access_token()
        click.echo(f"refreshed: access {mask(tokens.access_token)}, expires {tokens.expires_at}")


@token.command("revoke")
@config_options
@friendly_errors
def token_revoke(settings: Settings) -> None:
    """Revoke the saved tokens at Contio and forget them."""
    with settings.signed_in_client() as oauth:
        tokens = oauth.tokens
        assert tokens is not None
        if tokens.refresh_token:
            oauth.revoke_token(tokens.refresh_token, "refresh_token")
        oauth.revoke_token(tokens.access_token, "access_token")
        oauth.clear_tokens()
        click.echo("revoked; the saved tokens are gone")


@token.command("introspect")
@config_options
@friendly_errors
def token_introspect(settings: Settings) -> None:
    """What Contio knows of the saved access token."""
    with settings.signed_in_client() as oauth:
        tokens = oauth.tokens
        assert tokens is not None
        info = oauth.introspect_token(tokens.access_token)
        fields = {
            "active": info.active,
            "scope": " ".join(info.scope) or None,
            "client_id": info.client_id,
            "username": info.username,
            "sub": info.sub,
            "exp": info.exp,
            "token_type": info.token_type,
        }
        click.echo(json.dumps({k: v for k, v in fields.items() if v is not None}, indent=2))


def register(group: click.Group) -> None:
    """Add these commands to the `contio` group."""
    for command in (demo, login, whoami, token):
        group.add_command(command)
