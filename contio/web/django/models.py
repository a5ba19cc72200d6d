"""The tables of the Django ORM store and budget.

`ContioTokens` (`contio.stores.django.DjangoTokenStore`): one row per user key, the token
document (sealed when the store has a sealer; NULL once cleared) and a version that every
write increases. `ContioBudget` (`contio.budget.django.DjangoBudget`): one row per egress
address, the OAuth budget's window. They are the tables SQLAlchemyTokenStore and
SQLAlchemyBudget use (`contio_tokens`, `contio_budget`), so a Django site and its SQLAlchemy
workers can share them.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models

__all__ = ["ContioBudget", "ContioTokens"]


class ContioTokens(models.Model):
    """The tokens of one user key."""

    key: models.CharField[str, str] = models.CharField(max_length=255, primary_key=True)
    #: NULL once cleared.
    document: models.TextField[str | None, str | None] = models.TextField(null=True)
    version: models.BigIntegerField[int, int] = models.BigIntegerField(default=0)
    updated_at: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        null=True
    )

    class Meta:
        app_label = "contio"
        db_table = "contio_tokens"
        verbose_name = "Contio tokens"
        verbose_name_plural = "Contio tokens"

    def __str__(self) -> str:
        return f"Contio tokens of {self.key}"  # never the document


class ContioBudget(models.Model):
    """The OAuth budget of one egress address."""

    address: models.CharField[str, str] = models.CharField(max_length=200, primary_key=True)
    #: JSON: the send times in the window.
    sent: models.TextField[str, str] = models.TextField()
    paused_until: models.FloatField[float, float] = models.FloatField()
    #: JSON: refused credential ids and until when.
    refused: models.TextField[str, str] = models.TextField()

    class Meta:
        app_label = "contio"
        db_table = "contio_budget"
        verbose_name = "Contio OAuth budget"

    def __str__(self) -> str:
        return f"Contio OAuth budget of {self.address}"
