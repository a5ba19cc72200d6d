"""The measures of `scripts/bench`, one module each, and the few things they share.

Importing the package puts this work tree's contio and its generated client first on
sys.path, so that every measure (and every process it starts) measures the code beside it,
whatever the interpreter has installed. Nothing else happens here: the fresh-process child
imports the package too, before anything it times.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SCRIPTS = REPO / "scripts"

for _entry in (str(REPO / "generated"), str(REPO)):
    if _entry not in sys.path:
        sys.path.insert(0, _entry)
