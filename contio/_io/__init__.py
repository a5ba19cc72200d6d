"""Carrying out a flow's steps: with blocking I/O (`SyncDriver`) or awaited (`AsyncDriver`).

This is the only code written twice, because one blocks and the other awaits. Each driver
sends a request and reads its whole answer within the attempt's deadline and under the read
cap, never following a redirect, and applies the store steps under its locks:
`LOCK` takes the store's refresh lock for the rest of the job; `FLUSH` writes what the token
state holds under the store's lock (unless the job holds it) and the client's write lock.

The blocking driver sends from a worker thread and waits for it at most the deadline: httpx2
bounds each read, not the whole answer, so a server that drips a byte a second would
otherwise hold a call for as long as it likes. The async driver cancels at the deadline.
"""

from __future__ import annotations

from contio._io.awaited import AsyncDriver
from contio._io.blocking import SyncDriver

__all__ = ["AsyncDriver", "SyncDriver"]
