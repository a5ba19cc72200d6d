"""What `import contio` loads: no attrs (issue 11's import-time target).

The facade's results (`AuthTokens`, `contio.models`, `contio.oidc`) are stdlib dataclasses:
attrs and the building of attrs classes were about a sixth of `import contio`. attrs stays a
dependency for the generated client, which loads at the first call, not at the import. Run in
a fresh interpreter, as `test_httpx_compat` checks httpx; no timing is asserted (the bench
measures it: scripts/bench, section (b)).
"""

from __future__ import annotations

import subprocess
import sys

NO_ATTRS = (
    "import contio, sys; "
    "print(sorted(m for m in sys.modules if m.split('.')[0] in ('attr', 'attrs')))"
)


def test_import_contio_loads_no_attrs() -> None:
    run = subprocess.run(
        [sys.executable, "-c", NO_ATTRS], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "[]", run.stdout
