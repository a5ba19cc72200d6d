"""A gateway on loopback that serves the mock under a path prefix, and records what it saw.

`PrefixProxy` answers only paths under its prefix (anything else is a 404, so a client that
drops the prefix fails), forwards the rest of the path to the mock, and keeps each request's
path, Authorization header and form body, so tests can check what went on the wire.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl

import httpx2


@dataclass(frozen=True)
class Seen:
    """One request the gateway received."""

    method: str
    path: str
    authorization: str | None
    form: dict[str, str]


class PrefixProxy:
    """Serve `target` at `http://127.0.0.1:<port><prefix>`; a context manager."""

    def __init__(self, target: str, prefix: str = "/contio") -> None:
        self.target = target
        self.prefix = prefix
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._http = httpx2.Client(base_url=target, timeout=30)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}{prefix}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> PrefixProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._http.close()

    def paths(self) -> list[str]:
        with self._lock:
            return [seen.path for seen in self.seen]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                self._forward()

            def do_POST(self) -> None:
                self._forward()

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                form = dict(parse_qsl(body.decode("latin-1"), keep_blank_values=True))
                if "json" in (self.headers.get("Content-Type") or ""):
                    form = {}
                seen = Seen(self.command, self.path, self.headers.get("Authorization"), form)
                with proxy._lock:
                    proxy.seen.append(seen)
                if not self.path.startswith(proxy.prefix + "/"):
                    self._answer(404, b'{"error":"not_found"}', "application/json")
                    return
                headers = {
                    name: value
                    for name, value in self.headers.items()
                    if name.lower() not in ("host", "content-length", "connection")
                }
                answer = proxy._http.request(
                    self.command, self.path[len(proxy.prefix) :], headers=headers, content=body
                )
                self._answer(
                    answer.status_code,
                    answer.content,
                    answer.headers.get("content-type", "application/json"),
                    answer.headers.get("cache-control"),
                )

            def _answer(
                self, status: int, body: bytes, kind: str, cache: str | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if cache:
                    self.send_header("Cache-Control", cache)
                self.end_headers()
                self.wfile.write(body)

        return Handler
