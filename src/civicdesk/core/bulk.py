"""Writing many rows of one table at once, without a model instance per row.

For bulk loads (history imports) where `bulk_create` costs more than the database does: the
caller hands plain tuples of column values; `TableWriter` adds every other column's model
default once, and sends the rows with PostgreSQL's `COPY … FROM STDIN` or, on SQLite (or when
asked), with one `executemany`. Nothing here validates: the caller has already checked each row
as the model would, and the database's constraints still apply.

Values the caller gives are the database's, not the model's:

- datetimes through `writer.adapt_datetime` (aware datetimes on PostgreSQL, UTC text on SQLite,
  as Django itself stores them);
- JSON columns as JSON text (`json.dumps`), already encoded;
- foreign keys as ids (`service_id`), booleans, numbers and text as they are.

On PostgreSQL the rows travel in COPY's binary format, each column as its own type (from the
model's field): the server then parses no text — no timestamps, numbers or escapes to read — and
psycopg's C dumpers write each value straight from its Python object. A table with a column type
psycopg does not know is copied as text instead.

Primary keys can be reserved beforehand (`reserve_pks`), so that rows of other tables can point
at rows not yet written. A writer looks its connection up when it writes, so rows prepared on
one thread can be written on another (each thread has its own connection).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from psycopg import postgres
from psycopg.adapt import Dumper
from psycopg.pq import Format

Method = Literal["copy", "executemany"]

# A column type as the database names it, without its size or precision: "varchar(20)" → "varchar".
_TYPE_MODIFIER = re.compile(r"\(.*\)")


class BulkWriteError(ValueError):
    """The writer was asked for something it cannot do (an unknown column, another database)."""


def _sqlite_datetime(value: datetime | None) -> str | None:
    """Django's SQLite storage of an aware datetime: UTC, without offset, ISO with a space."""
    if value is None:
        return None
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _identity(value: datetime | None) -> datetime | None:
    return value


# (database alias, table) → the name of the sequence behind the table's primary key.
_sequences: dict[tuple[str, str], str] = {}


def _copy_types(
    fields: Sequence[models.Field[Any, Any]], connection: BaseDatabaseWrapper
) -> list[str] | None:
    """The PostgreSQL type of each column, for a binary COPY; None (copy as text) if psycopg
    lacks one, or for a `json` column: callers give JSON as text, which only jsonb's binary form
    takes as it is (`_JsonTextBinaryDumper`)."""
    names = []
    for field in fields:
        name = _TYPE_MODIFIER.sub("", field.db_type(connection) or "").strip()
        if postgres.types.get(name) is None or name == "json":
            return None
        names.append(name)
    return names


class _JsonTextBinaryDumper(Dumper):
    """jsonb's binary form of a JSON text the caller already encoded: a version byte (1), then
    the text. psycopg's own jsonb dumper would encode the text again, as one JSON string."""

    format = Format.BINARY
    oid = postgres.types["jsonb"].oid

    def dump(self, obj: str) -> bytes:
        return b"\x01" + obj.encode()


class TableWriter:
    """Inserts rows of `columns` (attnames, in that order) into `model`'s table."""

    def __init__(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        *,
        using: str = "default",
        method: Method | None = None,
    ) -> None:
        self.model = model
        self.using = using
        vendor = self._connection.vendor
        if vendor not in {"postgresql", "sqlite"}:
            raise BulkWriteError(f"Bulk writes support PostgreSQL and SQLite, not {vendor}.")
        self.method: Method = method or ("copy" if vendor == "postgresql" else "executemany")
        if self.method == "copy" and vendor != "postgresql":
            raise BulkWriteError("COPY is PostgreSQL's; use executemany on this database.")
        self.adapt_datetime: Callable[[datetime | None], object] = (
            _identity if vendor == "postgresql" else _sqlite_datetime
        )
        meta = model._meta
        by_attname = {field.attname: field for field in meta.concrete_fields}
        unknown = [name for name in columns if name not in by_attname]
        if unknown:
            raise BulkWriteError(f"{meta.label} has no column {', '.join(unknown)}.")
        names = list(columns)
        defaults: list[object] = []
        for field in meta.concrete_fields:
            if field.attname in columns or field.primary_key or field.generated:
                continue
            if field.db_default is not NOT_PROVIDED:
                continue  # the database fills it
            names.append(field.attname)
            defaults.append(self._prepare_default(field))
        self._defaults: tuple[Any, ...] = tuple(defaults)
        self._columns = [by_attname[name].column for name in names]
        self._table = meta.db_table
        self._copy_types = (
            _copy_types([by_attname[name] for name in names], self._connection)
            if self.method == "copy"
            else None
        )

    def _prepare_default(self, field: models.Field[Any, Any]) -> object:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = timezone.now()  # what saving a model instance would write
        else:
            value = field.get_default()
        if isinstance(field, models.JSONField):
            return json.dumps(value, cls=field.encoder)
        if isinstance(value, datetime):
            return self.adapt_datetime(value)
        return field.get_db_prep_save(value, connection=self._connection)

    @property
    def _connection(self) -> BaseDatabaseWrapper:
        """The calling thread's connection."""
        return connections[self.using]

    def reserve_pks(self, count: int) -> list[int]:
        """`count` primary keys no other writer will use, taken from the table's sequence.

        On SQLite it must run inside a transaction (it takes the write lock until it ends).
        """
        if count <= 0:
            return []
        connection = self._connection
        quote = connection.ops.quote_name
        pk = self.model._meta.pk
        if pk is None:
            raise BulkWriteError(f"{self.model._meta.label} has no primary key to reserve.")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                key = (self.using, self._table)
                sequence = _sequences.get(key)
                if sequence is None:
                    # Looked up once: asked per row, the lookup cost more than the sequence.
                    cursor.execute(
                        "SELECT pg_get_serial_sequence(%s, %s)", [quote(self._table), pk.column]
                    )
                    sequence = _sequences[key] = str(cursor.fetchone()[0])
                cursor.execute(
                    "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
                )
                return [row[0] for row in cursor.fetchall()]
            # SQLite: the AUTOINCREMENT counter lives in sqlite_sequence; moving it is a write,
            # so it holds the database's write lock until the transaction ends.
            table, column = quote(self._table), quote(pk.column)
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
                [self._table, self._table],
            )
            cursor.execute(
                f"UPDATE sqlite_sequence SET seq = max(seq, "  # noqa: S608 - quoted names
                f"(SELECT coalesce(max({column}), 0) FROM {table})) + %s "
                "WHERE name = %s RETURNING seq",
                [count, self._table],
            )
            last = int(cursor.fetchone()[0])
        return list(range(last - count + 1, last + 1))

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert the rows (each a tuple of the given columns' values)."""
        defaults = self._defaults
        connection = self._connection
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in self._columns)
        with connection.cursor() as cursor:
            if self.method == "copy":
                raw = cursor.cursor  # psycopg 3's own cursor
                statement = f"COPY {quote(self._table)} ({columns}) FROM STDIN"
                if self._copy_types is not None:
                    statement += " (FORMAT BINARY)"
                    raw.adapters.register_dumper(None, _JsonTextBinaryDumper)
                with raw.copy(statement) as copy:
                    if self._copy_types is not None:
                        copy.set_types(self._copy_types)
                    write_row = copy.write_row
                    if defaults:
                        for row in rows:
                            write_row((*row, *defaults))
                    else:
                        for row in rows:
                            write_row(row)
                return
            placeholders = ", ".join(["%s"] * len(self._columns))
            cursor.executemany(
                f"INSERT INTO {quote(self._table)} ({columns}) "  # noqa: S608 - quoted names
                f"VALUES ({placeholders})",
                [(*row, *defaults) for row in rows] if defaults else list(rows),
            )
