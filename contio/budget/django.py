"""The budget of a fleet in a Django project's own database, through the ORM (`pip install
'contio[django]'`): for a Django fleet that has no Redis.

Add `"contio.web.django"` to `INSTALLED_APPS` and run `manage.py migrate`: its model
`ContioBudget` (table `contio_budget`, the one `SQLAlchemyBudget` uses) keeps one row per egress
address. Each draw is one short transaction on a connection of its own (the threads of
`DjangoTokenStore`), never inside the view's transaction (`ATOMIC_REQUESTS`), which would hold
the row's lock until the view ends: it takes the row's lock (an UPDATE first: the row lock on
PostgreSQL, the write lock on SQLite), decides as the memory budget does, and writes the row
back. Times are the processes' own clocks: keep the fleet's clocks in step (NTP).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any, TypeVar, Unpack

from contio._extras import extra

with extra("django", "contio.budget.django (DjangoBudget)"):
    from django.apps import apps
    from django.db import DatabaseError, IntegrityError, InterfaceError, transaction
    from django.db.models import F

from contio.budget._base import Limits, LimitSettings, Window
from contio.budget._row import EMPTY, RowBudget, as_row, from_row
from contio.stores.django import submit

__all__ = ["DjangoBudget"]

T = TypeVar("T")


class DjangoBudget(RowBudget):
    """One OAuth request budget for every process of a Django fleet behind one egress
    address, in the project's database (`using`). A database that cannot be reached is
    `BudgetUnavailableError` and nothing is sent."""

    def __init__(
        self,
        *,
        address: str = "default",
        using: str = "default",
        **settings: Unpack[LimitSettings],
    ) -> None:
        """A fleet's budget of `limit` requests per rolling `window` seconds, kept
        `headroom` under it; see `contio.budget` for each setting.

        Args:
            address: The egress address's name: the processes giving the same one share.
            using: The database alias of `DATABASES`.
        """
        limits = Limits(**settings)
        super().__init__(address, limits)
        self.using = using

    def _rows(self) -> Any:
        try:
            model = apps.get_model("contio", "ContioBudget")
        except LookupError:
            raise ValueError(
                "DjangoBudget keeps its window in the model of the app 'contio.web.django': "
                "add it to INSTALLED_APPS and run manage.py migrate"
            ) from None
        return model.objects.using(self.using).filter(address=self.address)

    def _change(self, act: Callable[[Window, float], T]) -> T:
        """On a store thread: the row locked, read, acted on and written, in one transaction."""
        rows = self._rows()
        try:
            with transaction.atomic(using=self.using):
                while not rows.update(address=F("address")):  # the row's lock
                    try:
                        with transaction.atomic(using=self.using):
                            rows.create(address=self.address, **EMPTY)
                    except IntegrityError:
                        continue  # another process made it first: take its lock
                found = rows.values_list("sent", "paused_until", "refused").get()
                window = from_row(*found)
                outcome = act(window, time.time())
                rows.update(**as_row(window))
                return outcome
        except (DatabaseError, InterfaceError) as exc:
            raise self._failed(exc) from None

    def _run(self, act: Callable[[Window, float], T]) -> T:
        return submit(self.using, lambda: self._change(act)).result()

    async def _arun(self, act: Callable[[Window, float], T]) -> T:
        return await asyncio.wrap_future(submit(self.using, lambda: self._change(act)))
