"""Rotate the client secret of a running fleet: every process reads it from one file.

The processes are given `FileSecret(path)` as their client secret; this script rotates the
secret at Contio and publishes the new one to that file (the old one kept as FILE.previous,
both mode 0600). Each process picks it up within a minute, and at once when Contio refuses
the old one; the old one keeps working until the grace period ends. The rollback token is
kept in FILE.rollback-token: `--rollback` uses it.

    export CONTIO_CLIENT_ID=... CONTIO_API_KEY=...
    export CONTIO_API_URL=http://127.0.0.1:8765        # the mock; unset: Contio itself
    python examples/rotate_client_secret.py /run/secrets/contio-client-secret [--grace-hours 24]
    python examples/rotate_client_secret.py /run/secrets/contio-client-secret --rollback
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from contio import ContioError
from contio.admin import PartnerAdmin
from contio.secrets import FileSecret


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("secret_file", type=Path, help="the file every process reads")
    parser.add_argument("--grace-hours", type=int, default=24)
    parser.add_argument("--rollback", action="store_true", help="undo the last rotation")
    args = parser.parse_args()
    source = FileSecret(args.secret_file)
    token_file = args.secret_file.with_name(args.secret_file.name + ".rollback-token")
    with PartnerAdmin(
        os.environ["CONTIO_CLIENT_ID"],
        api_key=os.environ["CONTIO_API_KEY"],
        base_url=os.environ.get("CONTIO_API_URL", "https://api.contio.ai"),
    ) as admin:
        try:
            if args.rollback:
                token = token_file.read_text(encoding="utf-8").strip()
                done = admin.rollback_client_secret(token, publish_to=source)
                print(f"rolled back; the rotated-to secret works until {done.grace_period_ends_at}")
                return 0
            rotation = admin.rotate_client_secret(
                "rotate_client_secret.py", grace_period_hours=args.grace_hours, publish_to=source
            )
        except (ContioError, OSError) as exc:
            print(f"not done: {exc}", file=sys.stderr)
            return 1
        if rotation.rollback_token is not None:
            token_file.touch(mode=0o600)
            token_file.write_text(rotation.rollback_token + "\n", encoding="utf-8")
        status = admin.get_credential_status()["client_secret"]
        print(f"rotated: published to {args.secret_file}; the old secret works until "
              f"{rotation.grace_period_ends_at} ({status.status})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
