"""One process of a fleet whose client secret lives in a shared file:
`python -m tests.admin.rotation_worker CONFIG_JSON`.

It asks for a client-credentials token without pause until the test's `stop` file appears,
its secret read from the file (`FileSecret`, `max_age` short), and every 0.1 s writes to
`status/<n>` the hash of the secret it holds and its counts, so that the test sees when each
process has moved. At the end it prints one JSON line: requests served, failures by type.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from contio import OAuthClient
from contio.errors import ContioError
from contio.secrets import FileSecret


def fingerprint(value: str | None) -> str:
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]


def main(config: dict[str, Any]) -> dict[str, Any]:
    status = Path(config["status"])
    stop = Path(config["stop"])
    source = FileSecret(config["secret_file"], max_age=config["max_age"])
    report: dict[str, Any] = {"ok": 0, "failed": {}}
    written = 0.0
    with OAuthClient(
        config["client_id"], source, base_url=config["base_url"], max_retries=0
    ) as oauth:
        credential = oauth._core.settings.credential
        while not stop.exists():
            try:
                oauth.get_client_credentials_token()
                report["ok"] += 1
            except ContioError as exc:
                name = f"{type(exc).__name__}:{getattr(exc, 'code', '')}"
                report["failed"][name] = report["failed"].get(name, 0) + 1
            now = time.monotonic()
            if now - written >= 0.1:
                state = {"holds": fingerprint(credential.known), **report}
                temporary = status.with_suffix(".tmp")
                temporary.write_text(json.dumps(state), encoding="utf-8")
                temporary.replace(status)
                written = now
    return report


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))), flush=True)
