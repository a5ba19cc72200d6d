"""The token table (contio_tokens)."""

from __future__ import annotations

from typing import ClassVar

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: ClassVar[list[tuple[str, str]]] = []

    operations: ClassVar[list[migrations.operations.base.Operation]] = [
        migrations.CreateModel(
            name="ContioTokens",
            fields=[
                ("key", models.CharField(max_length=255, primary_key=True, serialize=False)),
                ("document", models.TextField(null=True)),
                ("version", models.BigIntegerField(default=0)),
                ("updated_at", models.DateTimeField(null=True)),
            ],
            options={
                "verbose_name": "Contio tokens",
                "verbose_name_plural": "Contio tokens",
                "db_table": "contio_tokens",
            },
        ),
    ]
