"""The loopback redirect of `contio login` (RFC 8252 §7.3).

A threaded server, so that an idle connection (a browser's preconnect) never blocks the real
redirect. Only a request to the redirect path that carries this login's `state` counts: it is
checked before anything of the request is kept or shown, and anything else (a forged or
stale redirect, a repeated parameter) gets a 400 page and is otherwise ignored, so the login
goes on waiting for the right one. The right one a second time gets a 409 page.
"""

from __future__ import annotations

import hmac
import html
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["LoopbackRedirect"]

#: How long one connection may sit idle before its thread lets it go, in seconds.
IDLE_TIMEOUT = 10.0
#: The longest request line the redirect may use (the code, the state and an error).
MAX_REQUEST_LINE = 8192


class LoopbackRedirect:
    """Serve `path` on `host:port` (port 0: a free one) until `wait` has the redirect."""

    def __init__(self, host: str, port: int, path: str, state: str) -> None:
        self.path = path
        self.query: dict[str, str] = {}
        self._state = state
        self._received = threading.Event()
        self._lock = threading.Lock()
        server_class = _IPv6Server if ":" in host else _Server
        self._server = server_class((host, port), self._handler())
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="contio-login", daemon=True
        )

    def start(self) -> LoopbackRedirect:
        self._thread.start()
        return self

    def wait(self, timeout: float) -> dict[str, str] | None:
        """The redirect's query (its state checked), or None after `timeout` seconds."""
        return self.query if self._received.wait(timeout) else None

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _accept(self, query: dict[str, str]) -> int:
        """200 for the first redirect of this login, 409 for it again."""
        with self._lock:
            if self._received.is_set():
                return 409
            self.query = query
            self._received.set()
            return 200

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        loopback = self

        class Handler(BaseHTTPRequestHandler):
            timeout = IDLE_TIMEOUT

            def do_GET(self) -> None:
                if len(self.path) > MAX_REQUEST_LINE:
                    self._page(414, "Sign-in failed", "The request is too long.")
                    return
                parts = urlsplit(self.path)
                if parts.path != loopback.path:
                    self._page(404, "Not found", "This is not the sign-in redirect.")
                    return
                pairs = parse_qsl(parts.query, keep_blank_values=True)
                query = dict(pairs)
                state = query.get("state", "")
                if len(query) != len(pairs) or not hmac.compare_digest(
                    state.encode(), loopback._state.encode()
                ):
                    self._page(
                        400,
                        "Sign-in refused",
                        "This redirect is not from the sign-in this command started.",
                    )
                    return
                status = loopback._accept(query)
                if status == 409:
                    self._page(409, "Already done", "This sign-in has already been handled.")
                elif "code" in query:
                    self._page(200, "Signed in", "You can close this window.")
                else:
                    error = html.escape(query.get("error", "no code"))
                    self._page(200, "Sign-in failed", f"The server said: {error}")

            def _page(self, status: int, title: str, text: str) -> None:
                body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{text}</p>"
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("Referrer-Policy", "no-referrer")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)
                self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                return  # the query holds the code: never log it

        return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _IPv6Server(_Server):
    address_family = socket.AF_INET6
