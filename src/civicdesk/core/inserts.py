"""Inserting one new row from a model instance, as `save()` would, for the hottest write paths.

`instance.save()` builds and compiles an INSERT query every time: for a service request (about 30
columns) that is most of the save's cost, more than the database's own work. `model_insert`
writes the same row with a statement made once per model and database and then kept: the same
values (each field's `pre_save` and `get_db_prep_save`, so `auto_now`, defaults, JSON and
datetimes are stored exactly as Django stores them), the same `pre_save`/`post_save` signals,
and the instance left as `save()` leaves it (its new primary key, no longer `adding`, bound to the
database).

It covers what these paths need and refuses the rest: a new row of a concrete model with an
automatic primary key, no parents (multi-table inheritance) and no database defaults or
generated columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_save, pre_save

from civicdesk.core.sql import bound_cursor


class ModelInsertError(ValueError):
    """The instance is not one `model_insert` can write (use `save()`)."""


@dataclass(frozen=True, slots=True)
class _Statement:
    sql: str
    fields: tuple[models.Field[Any, Any], ...]
    returns_pk: bool  # RETURNING the primary key, or read the cursor's last row id


# (model, database alias, vendor) → the statement; made on first use.
_statements: dict[tuple[type[models.Model], str, str], _Statement] = {}


def _statement(model: type[models.Model], database: BaseDatabaseWrapper) -> _Statement:
    key = (model, database.alias, database.vendor)
    statement = _statements.get(key)
    if statement is not None:
        return statement
    meta = model._meta
    auto_field = meta.auto_field
    if meta.parents or meta.proxy or meta.abstract or auto_field is None:
        raise ModelInsertError(f"{meta.label}: model_insert writes plain models with an auto id.")
    fields = tuple(field for field in meta.local_concrete_fields if field is not auto_field)
    for field in fields:
        if field.generated or field.db_default is not models.NOT_PROVIDED:
            raise ModelInsertError(f"{meta.label}.{field.name}: the database computes it.")
        if hasattr(field, "get_placeholder"):
            raise ModelInsertError(f"{meta.label}.{field.name}: needs its own placeholder.")
    quote = database.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - quoted names
    returns_pk = database.features.can_return_columns_from_insert
    if returns_pk:
        sql += f" RETURNING {table}.{quote(auto_field.column)}"
    statement = _statements[key] = _Statement(sql, fields, returns_pk)
    return statement


def model_insert(instance: models.Model) -> None:
    """Insert `instance` as a new row, as `instance.save()` would for an unsaved instance.

    Nothing is validated here (call `full_clean` first where `save()`'s callers did); the
    database's constraints apply as usual.
    """
    model = type(instance)
    meta = model._meta
    if instance.pk is not None or not instance._state.adding:
        raise ModelInsertError(f"{meta.label}: model_insert writes new rows only.")
    using = router.db_for_write(model, instance=instance)
    database = connections[using]
    statement = _statement(model, database)
    pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection=database)
        for field in statement.fields
    ]
    database.validate_no_broken_transaction()
    with bound_cursor(database, prepare=True) as cursor:
        cursor.execute(statement.sql, values)
        if statement.returns_pk:
            pk = cursor.fetchone()[0]
        else:  # pragma: no cover - SQLite before 3.35
            pk = database.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = using
    post_save.send(
        sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using
    )
