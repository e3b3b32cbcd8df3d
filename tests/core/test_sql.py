"""`core.sql.bound_cursor`: the hot paths' statements, bound on the server and (intake's)
prepared once per connection on PostgreSQL, and still Django's cursors (their transaction, query
log and execute wrappers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicdesk.core.sql import bound_cursor
from civicdesk.service_requests.models import PublicIdSequence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a production server runs (DATABASE_CONN_MAX_AGE=60); the suite's default is 0."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)


TABLE = PublicIdSequence._meta.db_table
SELECT = f"SELECT last_value FROM {TABLE} WHERE year = %s"  # noqa: S608 - our own table


def _counts(years: list[int], *, prepare: bool = True) -> list[Any]:
    answers = []
    with bound_cursor(connection, prepare=prepare) as cursor:
        for year in years:
            cursor.execute(SELECT, [year])
            answers.append(cursor.fetchone())
    return answers


def _prepared() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            [f"%FROM {TABLE}%"],
        )
        return list(cursor.fetchall())


def test_bound_cursor__answers_as_django_cursor_does_and_is_logged() -> None:
    PublicIdSequence.objects.create(year=2026, last_value=41)
    calls: list[str] = []

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        calls.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(wrapper), CaptureQueriesContext(connection) as queries:
        answers = _counts([2026, 2025])

    assert answers == [(41,), None]
    assert calls == [SELECT, SELECT]
    assert len(queries.captured_queries) == 2
    assert "2026" in queries.captured_queries[0]["sql"]


@pytest.mark.postgres
def test_bound_cursor__has_postgresql_prepare_a_statement_once_per_connection() -> None:
    PublicIdSequence.objects.create(year=2026, last_value=7)
    assert _counts([2026, 2025, 2026]) == [(7,), None, (7,)]
    ((statement, runs),) = _prepared()
    assert "$1" in statement  # the year went apart from the text: bound on the server
    assert runs == 3


@pytest.mark.postgres
def test_bound_cursor__sends_statements_unprepared_when_the_connection_prepares_none() -> None:
    """DATABASE_PREPARED_STATEMENTS=false: the connection's prepare_threshold is None."""
    PublicIdSequence.objects.create(year=2026, last_value=7)
    connection.ensure_connection()
    raw = connection.connection
    threshold, raw.prepare_threshold = raw.prepare_threshold, None
    try:
        assert _counts([2026, 2026]) == [(7,), (7,)]
    finally:
        raw.prepare_threshold = threshold
    assert _prepared() == []


@pytest.mark.postgres
def test_bound_cursor__leaves_unprepared_what_it_is_not_asked_to_prepare() -> None:
    PublicIdSequence.objects.create(year=2026, last_value=7)
    assert _counts([2026, 2026, 2026, 2026, 2026, 2026], prepare=False) == [(7,)] * 6
    assert _prepared() == []


@pytest.mark.postgres
def test_bound_cursor__prepares_nothing_on_connections_closed_after_each_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DATABASE_CONN_MAX_AGE=0: a statement prepared would be parsed and planned as often, and
    cost a round trip more."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    PublicIdSequence.objects.create(year=2026, last_value=7)
    assert _counts([2026, 2026]) == [(7,), (7,)]
    assert _prepared() == []
