"""The token table of the Django ORM store (`contio.stores.django.DjangoTokenStore`).

One row per user key: the token document (sealed when the store has a sealer; NULL once
cleared) and a version that every write increases. It is the table SQLAlchemyTokenStore uses
(`contio_tokens`), so a Django site and its SQLAlchemy workers can share it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models

__all__ = ["ContioTokens"]


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
