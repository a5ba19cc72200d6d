"""`contio demo --web`: "Sign in with Contio" in a real browser, with no Contio account.

It serves, on loopback, a small site built on the web integration of the framework asked for
(`--framework starlette|flask|django`; see contio.cli.demo_sites) and, beside it, the mock of
Contio's auth server whose pages the person signs in on (any email; the code the mock
"emails" is shown on its page).
"""

from __future__ import annotations

import importlib
import sys
from typing import TextIO

from contio.testing.sandbox import ContioMock

__all__ = ["FRAMEWORKS", "main"]

#: The frameworks of the demo, and the extra each needs.
FRAMEWORKS = {"starlette": "starlette", "flask": "flask", "django": "django"}


def main(
    host: str = "127.0.0.1",
    port: int = 8000,
    framework: str = "starlette",
    out: TextIO | None = None,
) -> int:
    """Serve the site and the mock until interrupted; 0 then, 1 with one line if they cannot."""
    from contio.mock import MockConfig, serve_in_thread
    from contio.mock.server import base_url_of, bind_socket

    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {sorted(FRAMEWORKS)}, not {framework!r}")
    site = importlib.import_module(f"contio.cli.demo_sites.{framework}")
    stream = out if out is not None else sys.stdout
    try:
        sock = bind_socket(host, port)
    except OSError as exc:
        sys.stderr.write(f"contio: cannot listen on {host}:{port}: {exc} (--port 0: any free)\n")
        return 1
    app_url = base_url_of(sock)
    config = MockConfig(extra_redirect_uris=(f"{app_url}/auth/callback",))
    with serve_in_thread(config, host=host) as running:
        mock = ContioMock(running, redirect_uri=f"{app_url}/auth/callback")
        try:
            stream.write(f"contio web demo ({framework}) at {app_url}/ : open it in a browser\n")
            stream.write(f"  Contio (the mock) at {mock.base_url}, control API under /_mock/\n")
            stream.write("  Ctrl-C stops both\n")
            stream.flush()
            site.serve(mock, app_url, sock)
        finally:
            mock.close()
            sock.close()
    return 0
