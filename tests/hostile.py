"""A hostile HTTP server on a free loopback port, for the tests that try the client as a bad
server would: answers that drip a byte a second, bodies of hundreds of megabytes, redirects
to another origin. It speaks just enough HTTP/1.1 by hand (a real socket, a thread per
connection) to misbehave in ways a well-made server library would not allow.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

Handler = Callable[["Exchange"], None]


class Exchange:
    """One request received, and the socket to answer on."""

    def __init__(self, server: HostileServer, conn: socket.socket, head: bytes, body: bytes):
        self.server = server
        self.conn = conn
        self.head = head
        self.body = body
        first = head.split(b"\r\n", 1)[0].decode("latin-1")
        self.method, self.target, _ = first.split(" ", 2)

    def send(self, data: bytes) -> None:
        self.conn.sendall(data)

    def answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send(response_bytes(status, body, headers))

    def json(self, status: int, document: Any, headers: dict[str, str] | None = None) -> None:
        merged = {"Content-Type": "application/json", **(headers or {})}
        self.answer(status, json.dumps(document).encode(), merged)

    def drip(self, data: bytes, interval: float = 1.0) -> None:
        """Send `data` one byte every `interval` seconds, until the client hangs up or the
        server closes."""
        for byte in data:
            if self.server.closed.wait(interval):
                return
            try:
                self.conn.sendall(bytes([byte]))
            except OSError:
                return

    def stream(self, total: int, chunk: int = 64 * 1024, *, chunked: bool = False) -> int:
        """A 200 with `total` bytes of JSON-ish filler; returns how many bytes went out
        before the client hung up."""
        headers = {"Content-Type": "application/json"}
        if chunked:
            headers["Transfer-Encoding"] = "chunked"
        else:
            headers["Content-Length"] = str(total)
        self.send(head_bytes(200, headers))
        block = b" " * chunk
        sent = 0
        try:
            while sent < total and not self.server.closed.is_set():
                piece = block[: min(chunk, total - sent)]
                self.conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
            if chunked:
                self.conn.sendall(b"0\r\n\r\n")
        except OSError:
            pass
        return sent


def head_bytes(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} Whatever"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def response_bytes(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    merged = {"Content-Length": str(len(body)), **(headers or {})}
    return head_bytes(status, merged) + body


class HostileServer:
    """Accepts connections on 127.0.0.1 and hands each request to `handler`."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.closed = threading.Event()
        self.requests: list[bytes] = []  # every byte each connection sent, head and body
        self.connections = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        with contextlib.suppress(OSError), conn:
            while not self.closed.is_set():
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                fields = {}
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    fields[name.strip().lower()] = value.strip()
                if fields.get(b"transfer-encoding") == b"chunked":
                    body = self._read_chunked(conn, body)
                else:
                    length = int(fields.get(b"content-length", b"0"))
                    while len(body) < length:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        body += chunk
                self.requests.append(head + b"\r\n\r\n" + body)
                self.handler(Exchange(self, conn, head, body))

    @staticmethod
    def _read_chunked(conn: socket.socket, data: bytes) -> bytes:
        """A chunked request body, decoded."""
        body = b""
        while True:
            while b"\r\n" not in data:
                data += conn.recv(65536)
            size_line, _, data = data.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            while len(data) < size + 2:
                data += conn.recv(65536)
            body, data = body + data[:size], data[size + 2 :]
            if size == 0:
                return body

    def received(self) -> bytes:
        return b"".join(self.requests)

    def close(self) -> None:
        self.closed.set()
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._thread.join(timeout=5)


@contextlib.contextmanager
def hostile(handler: Handler) -> Iterator[HostileServer]:
    server = HostileServer(handler)
    try:
        yield server
    finally:
        server.close()


def elapsed(start: float) -> float:
    return time.monotonic() - start
