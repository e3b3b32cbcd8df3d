"""Plain SQL for the hottest reads, written as Django's lookups write it on the database in use.

For a read on every request of a busy path (an Open311 page, intake's duplicate search), building
and compiling the ORM query costs more CPU than the database spends answering it. Such reads write
their WHERE clause with `Where`, one condition at a time, each in the form and with the parameters
Django's lookup would give on that database (datetimes adapted by the backend, `LIKE` with the
backend's escaping), and read the rows with a plain cursor: `read_timestamps_in_c` has
PostgreSQL's timestamps parsed by psycopg's compiled loader, and `aware` turns SQLite's naive
datetimes into the aware ones the ORM would return. Each such read keeps its ORM twin beside it in
the tests, which hold the two to the same answers on both databases.

Those reads and intake's writes run through `bound_cursor`: on PostgreSQL psycopg then sends the
parameters apart from the statement (Django's cursors quote each one into the SQL text in
Python), and intake's statements are prepared once per connection, so that parsing and planning
them is not repeated on every request (`DATABASE_PREPARED_STATEMENTS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, TypeVar, cast

import psycopg
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Model


class Where:
    """The conditions of a query and their parameters, in order."""

    def __init__(self, database: BaseDatabaseWrapper) -> None:
        self.database = database
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def column(self, name: str, table: str = "r") -> str:
        """`name` of the table aliased `table` (the query's main table is `r`)."""
        return f"{table}.{self.database.ops.quote_name(name)}"

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def moment(self, condition: str, value: datetime) -> None:
        """A condition on a datetime column with one `%s` for `value`."""
        self.add(condition, self.database.ops.adapt_datetimefield_value(value))

    def within(self, name: str, values: Sequence[Any]) -> None:
        """`name IN (…)`; `values` must not be empty."""
        self.add(f"{self.column(name)} IN ({', '.join(['%s'] * len(values))})", *values)

    def between(self, name: str, low: float, high: float) -> None:
        self.add(f"{self.column(name)} BETWEEN %s AND %s", low, high)

    def any_text(
        self, lookup: str, model: type[Model], table: str, names: Sequence[str], value: str
    ) -> None:
        """One of the columns `names` of `table` matches `value` by `lookup` (iexact or
        icontains): UPPER(…) = UPPER(…) or UPPER(…) LIKE UPPER(…) on PostgreSQL, LIKE … ESCAPE
        on SQLite."""
        ops = self.database.ops
        if lookup == "iexact":
            param = ops.prep_for_iexact_query(value)
        else:
            param = f"%{ops.prep_for_like_query(value)}%"
        rhs = self.database.operators[lookup] % "%s"
        matches = []
        for name in names:
            field = cast("Field[Any, Any]", model._meta.get_field(name))
            lhs = ops.lookup_cast(lookup, field.get_internal_type()) % self.column(name, table)
            matches.append(f"{lhs} {rhs}")
        self.add(f"({' OR '.join(matches)})", *[param] * len(names))

    def sql(self) -> str:
        return f" WHERE {' AND '.join(self.conditions)}" if self.conditions else ""


# psycopg's own loader, compiled with psycopg[binary]; Django's extends the pure-Python one.
_TIMESTAMPTZ_LOADER = psycopg.adapters.get_loader(
    psycopg.postgres.types["timestamptz"].oid, psycopg.pq.Format.TEXT
)


def read_timestamps_in_c(database: BaseDatabaseWrapper, cursor: CursorWrapper) -> None:
    """On PostgreSQL, read `timestamptz` columns with psycopg's compiled loader rather than
    Django's, which parses each value in Python (3.5 µs a value: half a millisecond for a page of
    50). Both give the same moment, Django's in UTC, psycopg's in the session's zone (which Django
    sets): the same for every use but printing it unconverted, and pages and templates turn it
    into the city's local time."""
    if database.vendor == "postgresql":
        cursor.cursor.adapters.register_loader("timestamptz", _TIMESTAMPTZ_LOADER)


_Moment = TypeVar("_Moment", datetime, datetime | None)


def aware(moment: _Moment, zone: tzinfo | None) -> _Moment:
    """SQLite hands back naive datetimes (PostgreSQL aware ones): as the ORM does, make them aware
    in the connection's zone (`database.timezone`)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone)


class _BoundCursor(psycopg.Cursor[Any]):
    """psycopg's cursor with server-side binding, preparing its statements when `prepare`.

    psycopg prepares a statement only if the connection allows prepared statements (Django's
    default `prepare_threshold` of None does not: behind a connection pooler in transaction mode
    they would be lost): otherwise it is sent unnamed, with its parameters.

    When Django logs queries (DEBUG, the tests' query counts) it reads the statement psycopg sent
    (`_query`), which psycopg leaves unset for a prepared one: `compose` then gives Django the
    statement with its parameters written in, as its own log shows them."""

    prepare: bool = False
    compose: Callable[[Any, Any], str] | None = None

    def execute(
        self,
        query: Any,
        params: Any = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> _BoundCursor:
        prepare = self.prepare if prepare is None else prepare
        super().execute(query, params, prepare=prepare, binary=binary)
        if self.compose is not None:
            self._query = _Sent(self.compose(query, params).encode())  # type: ignore[assignment]
        return self


@dataclass(frozen=True)
class _Sent:
    query: bytes


def _keeps_connections(database: BaseDatabaseWrapper) -> bool:
    """Whether connections outlive a request (`DATABASE_CONN_MAX_AGE` not 0). Preparing on a
    connection closed when the request ends would save no planning and cost a round trip more:
    psycopg waits for the statement to be prepared before it runs it."""
    return database.settings_dict.get("CONN_MAX_AGE") != 0


@contextmanager
def bound_cursor(database: BaseDatabaseWrapper, *, prepare: bool) -> Iterator[CursorWrapper]:
    """A cursor for statements run on every request of a hot path, with `%s` placeholders.

    On PostgreSQL it is Django's cursor (the same connection, transaction, error wrapping,
    query logging and execute wrappers) over a psycopg cursor that binds parameters on the
    server, and with `prepare` has PostgreSQL prepare each statement once per connection (when
    connections are kept between requests: `DATABASE_CONN_MAX_AGE` above 0). Prepare
    only statements whose best plan does not depend on their parameters' values (inserts,
    updates by key, the duplicate search's walk of its index): a prepared statement is soon run
    with a generic plan, chosen without the values, and PostgreSQL's estimate of an unknown date
    range made it pick a plan for an Open311 page 50 times slower than the one it picks with the
    dates (docs/api.md). Elsewhere it is Django's own cursor.

    Parameters are typed by their Python values rather than spliced into the text: write them as
    the column's type (datetimes adapted by `database.ops`, numbers as numbers)."""
    if database.vendor != "postgresql":
        with database.cursor() as cursor:
            yield cursor
        return
    database.ensure_connection()
    raw = database.connection
    factory = raw.cursor_factory
    raw.cursor_factory = _BoundCursor
    try:
        cursor = database.cursor()
    finally:
        raw.cursor_factory = factory
    if isinstance(cursor.cursor, _BoundCursor):
        cursor.cursor.prepare = prepare and _keeps_connections(database)
        if database.queries_logged:
            cursor.cursor.compose = database.ops.compose_sql  # type: ignore[attr-defined]
    with cursor:
        yield cursor
