"""A real PostgreSQL server of the test session, on a free loopback port.

The binaries: Debian's (`initdb` on PATH, or `/usr/lib/postgresql/<version>/bin`, which CI
installs), or else those the `pgserver` wheel of the dev extra ships, so that a fresh machine
needs no system package. Without any the tests fail (they never skip). PostgreSQL refuses to
run as root: as root, the server runs as `nobody`. `CONTIO_TEST_POSTGRES_URL` names a server
to use instead (SQLAlchemy form: `postgresql+psycopg://user@host:port/db`).
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO, Any

import psycopg
import pytest

from tests.fleet.processes import end, free_port

__all__ = ["PostgresServer", "postgres_binaries"]


def postgres_binaries() -> Path:
    """The folder of `initdb` and `postgres`: Debian's, else the pgserver wheel's."""
    on_path = shutil.which("initdb")
    if on_path is not None:
        return Path(on_path).resolve().parent
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if debian:
        return Path(debian[-1]).parent
    spec = importlib.util.find_spec("pgserver")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        bundled = Path(folder) / "pginstall" / "bin"
        if os.access(bundled / "initdb", os.X_OK):
            return bundled
    pytest.fail(
        "no PostgreSQL: no initdb on PATH or in /usr/lib/postgresql, no pgserver wheel (the dev "
        "extra brings it on Python 3.11 and 3.12) and CONTIO_TEST_POSTGRES_URL is not set; "
        "the database stores' tests need a real PostgreSQL (Debian: apt-get install postgresql)"
    )


def _as_server_user() -> dict[str, Any]:
    """Popen arguments that run PostgreSQL as `nobody` when this process is root."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder; `start`, `stop`, `kill` and `start` again
    on the same port and data."""

    def __init__(self) -> None:
        self.bin = postgres_binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="contio-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.dsn = f"host=127.0.0.1 port={self.port} user=contio dbname=postgres"
        #: The SQLAlchemy URL of its database (psycopg 3: for sync and asyncio engines).
        self.url = f"postgresql+psycopg://contio@127.0.0.1:{self.port}/postgres"

    def __repr__(self) -> str:
        return f"PostgresServer(port={self.port})"

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, **_as_server_user()
        )
        if done.returncode != 0:
            pytest.fail(f"{command[0]} failed ({done.returncode}):\n{done.stdout}{done.stderr}")

    def init(self) -> None:
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
        os.chmod(self.folder, 0o700)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "contio",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )

    def log(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-3000:]

    def start(self) -> None:
        """Start it and wait until it answers."""
        if not self.data.exists():
            self.init()
        if self._log is None:
            self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        command = [
            str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
            "-k", str(self.folder), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
            "-c", "max_connections=200", "-c", "synchronous_commit=off",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            **_as_server_user(),
        )
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"postgres exited with {self.process.returncode}:\n{self.log()}")
            try:
                psycopg.connect(self.dsn, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    pytest.fail(f"postgres on port {self.port} never answered:\n{self.log()}")
                time.sleep(0.05)

    def stop(self, fast: bool = True) -> None:
        """Stop it (SIGINT: the fast shutdown, which ends every session)."""
        process, self.process = self.process, None
        end(process, signal.SIGINT if fast else signal.SIGTERM, 30)

    def close(self) -> None:
        self.stop()
        if self._log is not None:
            self._log.close()
            self._log = None
        with contextlib.suppress(OSError):
            shutil.rmtree(self.folder)
