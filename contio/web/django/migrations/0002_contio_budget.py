"""The OAuth budget's table (contio_budget)."""

from __future__ import annotations

from typing import ClassVar

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies: ClassVar[list[tuple[str, str]]] = [("contio", "0001_initial")]

    operations: ClassVar[list[migrations.operations.base.Operation]] = [
        migrations.CreateModel(
            name="ContioBudget",
            fields=[
                ("address", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("sent", models.TextField()),
                ("paused_until", models.FloatField()),
                ("refused", models.TextField()),
            ],
            options={
                "verbose_name": "Contio OAuth budget",
                "db_table": "contio_budget",
            },
        ),
    ]
