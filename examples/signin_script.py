"""Sign a user in from a script: the authorization code flow with PKCE over a loopback
redirect (RFC 8252), the tokens kept in a file for the next run.

    export CONTIO_CLIENT_ID=... CONTIO_CLIENT_SECRET=...   # the mock: demo-client, demo-secret
    export CONTIO_BASE_URL=http://127.0.0.1:8765            # unset: Contio itself
    python examples/signin_script.py [--no-browser] [--tokens tokens.json]
"""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

from contio import ContioError, FileTokenStore, OAuthClient, generate_pkce_pair, generate_state


class Callback(BaseHTTPRequestHandler):
    """Takes the one redirect to /callback; anything else is a 404."""

    query: dict[str, list[str]] | None = None

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/callback":
            self.send_error(404)
            return
        Callback.query = parse_qs(url.query)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"Signed in: you can close this tab.\n")

    def log_message(self, format: str, *args: object) -> None:  # the query holds the code
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="print the URL only")
    parser.add_argument("--tokens", default="tokens.json", help="where to keep the tokens")
    args = parser.parse_args()

    server = HTTPServer(("127.0.0.1", 0), Callback)  # a free loopback port
    server.timeout = 300
    oauth = OAuthClient(
        client_id=os.environ["CONTIO_CLIENT_ID"],
        client_secret=os.environ["CONTIO_CLIENT_SECRET"],
        redirect_uri=f"http://127.0.0.1:{server.server_port}/callback",
        base_url=os.environ.get("CONTIO_BASE_URL", "https://auth.contio.ai"),
        token_store=FileTokenStore(args.tokens),
    )
    state, pkce = generate_state(), generate_pkce_pair()
    url = oauth.get_authorization_url(state, code_challenge=pkce.challenge)
    print(f"Sign in at: {url}", flush=True)
    if not args.no_browser:
        webbrowser.open(url)
    with server:
        while Callback.query is None:
            server.handle_request()
    query = Callback.query
    if query.get("state") != [state]:
        sys.exit("sign-in refused: the state does not match (a forged redirect?)")
    if "error" in query or "code" not in query:
        sys.exit(f"sign-in refused: {query.get('error', ['no code'])[0]}")
    try:
        with oauth:
            oauth.exchange_code_for_token(query["code"][0], code_verifier=pkce.verifier)
            me = oauth.get_user_info()
    except ContioError as exc:
        sys.exit(f"sign-in failed: {exc}")
    print(f"Signed in as {me.email}; tokens kept in {args.tokens}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
