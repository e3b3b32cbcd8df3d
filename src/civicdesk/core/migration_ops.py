"""Helpers for migrations that must stay cheap on tables of millions of rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import migrations


def foreign_key_indexes_dropped(fields: Sequence[tuple[str, str, str]]) -> migrations.RunPython:
    """Drop the one-column index Django made for each foreign key (app label, model, field).

    `AlterField(db_index=False)` on a foreign key also drops and re-adds its constraint, which
    re-checks every row under a lock: minutes on a city's history. This only drops the index
    (found by its column, so its generated name need not be known); going back re-creates it.
    """

    def drop(apps: Any, schema_editor: Any) -> None:
        for app_label, model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            column = model._meta.get_field(field_name).column
            for name in schema_editor._constraint_names(
                model, [column], index=True, unique=False, primary_key=False
            ):
                schema_editor.execute(schema_editor._delete_index_sql(model, name))

    def create(apps: Any, schema_editor: Any) -> None:
        for app_label, model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            field = model._meta.get_field(field_name)
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))

    return migrations.RunPython(drop, create)
