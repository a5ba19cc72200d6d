"""A gateway on loopback that serves the mock under a path prefix, and records what it saw.

`PrefixProxy` answers only paths under its prefix (anything else is a 404, so a client that
drops the prefix fails), forwards the rest of the path to the mock, and keeps each request's
path, Authorization header and form body, so tests can check what went on the wire.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import parse_qsl

import httpx2

from tests.loopback_server import LoopbackServer, QuietHandler


@dataclass(frozen=True)
class Seen:
    """One request the gateway received."""

    method: str
    path: str
    authorization: str | None
    form: dict[str, str]


class PrefixProxy(LoopbackServer):
    """Serve `target` at `http://127.0.0.1:<port><prefix>`; a context manager."""

    def __init__(self, target: str, prefix: str = "/contio") -> None:
        self.target = target
        self.prefix = prefix
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._http = httpx2.Client(base_url=target, timeout=30)
        super().__init__(self._handler())
        self.base_url = f"{self.origin}{prefix}"

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        super().__exit__(kind, error, traceback)
        self._http.close()

    def paths(self) -> list[str]:
        with self._lock:
            return [seen.path for seen in self.seen]

    def _handler(self) -> type[QuietHandler]:
        proxy = self

        class Handler(QuietHandler):
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
                    self.answer(404, b'{"error":"not_found"}')
                    return
                headers = {
                    name: value
                    for name, value in self.headers.items()
                    if name.lower() not in ("host", "content-length", "connection")
                }
                answer = proxy._http.request(
                    self.command, self.path[len(proxy.prefix) :], headers=headers, content=body
                )
                passed = {"Content-Type": answer.headers.get("content-type", "application/json")}
                if "cache-control" in answer.headers:
                    passed["Cache-Control"] = answer.headers["cache-control"]
                self.answer(answer.status_code, answer.content, passed)

        return Handler
