"""Writes of the reporting app: keeping request facts and daily rollups in step with raw data.

`rollups_refresh` is incremental. It reads the requests and interactions whose `updated_at` moved
since the last run (every service that writes a timeline event touches its request's
`updated_at`), rebuilds their facts from the timeline, and recomputes the rollup rows of every day
those facts add to — before and after the change — from the facts, so a day's rows always equal a
fresh computation. `full=True` rebuilds everything (after deleting requests, or a bulk import).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, time, timedelta
from itertools import combinations
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from civicdesk.crm.models import Interaction
from civicdesk.reporting.facts import (
    DURATION_BUCKET_BOUNDS,
    HOTSPOT_RESOLUTION,
    SURVEY_ANSWERED_EVENT,
    EventRow,
    Fact,
    RequestRow,
    duration_bucket,
    fact_build,
    fact_days,
    local_date,
    next_month,
)
from civicdesk.reporting.models import (
    DISTRIBUTION_DIMENSIONS,
    MONTHLY_DISTRIBUTION_MEASURES,
    REQUEST_COUNT_COLUMNS,
    ROLLUP_LARGEST_GROUP,
    DailyDistribution,
    DailyInteractionRollup,
    DailyRequestRollup,
    DailyRequestRollupGroup,
    DistributionMeasure,
    MonthlyDistribution,
    RequestFact,
    RollupState,
    distribution_largest_group,
)
from civicdesk.reporting.opendata import csv_values, jsonl_line
from civicdesk.reporting.selectors import (
    OPEN_DATA_COLUMNS,
    REFRESH_OVERLAP,
    MetricFilters,
    open_data_rows,
    rollup_version_forget,
)
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.workflow import OPEN_STATUSES

STATE_KEY = "default"
# Rows written by a transaction that started before the last run but committed after it carry an
# `updated_at` older than the watermark; reading this far back again catches them.
OVERLAP = REFRESH_OVERLAP
REQUEST_BATCH_SIZE = 5000
DAY_BATCH_SIZE = 31
_REQUEST_COLUMNS = (
    "id",
    "service_id",
    "department_id",
    "district",
    "channel",
    "status",
    "created_at",
    "closed_at",
    "sla_due_at",
    "h3_cell",
)

Progress = Callable[[int], object]


@dataclass(frozen=True)
class RefreshResult:
    requests_refreshed: int
    request_days_refreshed: int
    interaction_days_refreshed: int


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _changed_requests(since: datetime | None) -> QuerySet[ServiceRequest]:
    requests = ServiceRequest.objects.order_by()
    return requests if since is None else requests.filter(updated_at__gte=since)


LIST_IDS_UP_TO = 50_000


def _changed_id_batches(
    changed: QuerySet[ServiceRequest], *, is_everything: bool
) -> Iterator[list[int]]:
    """The changed requests' ids in ascending batches.

    A few changed rows (the usual incremental run) are listed through the `updated_at` index.
    Many (a first run, a bulk import) are read window by window along the primary key, so no
    query sorts millions of rows and memory stays flat.
    """
    if not is_everything and changed.count() <= LIST_IDS_UP_TO:
        ids = list(changed.order_by("pk").values_list("pk", flat=True))
        yield from _batched(ids, REQUEST_BATCH_SIZE)
        return
    bounds = ServiceRequest.objects.aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return
    start = bounds["first"]
    while start <= bounds["last"]:
        window = changed.filter(pk__gte=start, pk__lt=start + REQUEST_BATCH_SIZE)
        ids = list(window.order_by("pk").values_list("pk", flat=True))
        if ids:
            yield ids
        start += REQUEST_BATCH_SIZE


def rollups_pending_count(*, full: bool = False) -> int:
    """How many requests the next refresh will read (for a progress bar)."""
    state = RollupState.objects.filter(key=STATE_KEY).first()
    since = None
    if not full and state is not None and state.requests_seen_through_at is not None:
        since = state.requests_seen_through_at - OVERLAP
    return _changed_requests(since).count()


_FACT_FIELDS = [field.name for field in dataclass_fields(Fact)]


def _facts_insert(facts: list[Fact]) -> None:
    """Insert fact rows in one `executemany`: the ORM's bulk_create costs five times as much
    per value, and a full rebuild writes tens of millions of values."""
    if not facts:
        return
    ops = connection.ops
    column_of = {field.attname: field.column for field in RequestFact._meta.concrete_fields}
    columns = [column_of[name] for name in _FACT_FIELDS]
    sql = (
        f"INSERT INTO {ops.quote_name(RequestFact._meta.db_table)} "  # noqa: S608 - model names
        f"({', '.join(ops.quote_name(column) for column in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    datetime_fields = {"created_at", "acknowledged_at", "closed_at", "sla_due_at"}
    date_fields = {"created_date", "closed_date"}
    rows = []
    for fact in facts:
        values = vars(fact)
        rows.append(
            [
                ops.adapt_datetimefield_value(values[name])
                if name in datetime_fields
                else ops.adapt_datefield_value(values[name])
                if name in date_fields
                else values[name]
                for name in _FACT_FIELDS
            ]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


_TIMELINE_FREE_FACTS_SQL = """
INSERT INTO {fact} (service_request_id, service_id, department_id, district, channel, status,
    created_at, created_date, acknowledged_at, acknowledge_seconds, closed_at, closed_date,
    close_seconds, is_resolved, sla_due_at, is_closed_on_time, has_been_resolved, reopen_count,
    is_duplicate, satisfaction_score, hotspot_cell, acknowledge_bucket, close_bucket,
    sla_due_date)
SELECT r.id, r.service_id, r.department_id, r.district, r.channel, r.status,
    r.created_at, (r.created_at AT TIME ZONE %(zone)s)::date, NULL, NULL,
    CASE WHEN r.status = ANY(%(closed)s) THEN r.closed_at END,
    CASE WHEN r.status = ANY(%(closed)s) THEN (r.closed_at AT TIME ZONE %(zone)s)::date END,
    CASE WHEN r.status = ANY(%(closed)s) AND r.closed_at IS NOT NULL
        THEN GREATEST(0, FLOOR(EXTRACT(EPOCH FROM r.closed_at - r.created_at)))::bigint END,
    r.status = ANY(%(resolved)s), r.sla_due_at,
    CASE WHEN r.status = ANY(%(resolved)s) AND r.closed_at IS NOT NULL
        AND r.sla_due_at IS NOT NULL THEN r.closed_at <= r.sla_due_at END,
    r.status = ANY(%(resolved)s), 0, r.status = %(duplicate)s, NULL,
    (r.h3_cell & ~(15::bigint << 52)) | (%(resolution)s::bigint << 52)
        | ((1::bigint << %(fine_bits)s) - 1),
    NULL,
    CASE WHEN r.status = ANY(%(closed)s) AND r.closed_at IS NOT NULL
        THEN width_bucket(GREATEST(0, FLOOR(EXTRACT(EPOCH FROM r.closed_at - r.created_at))),
            %(bounds)s::numeric[]) END,
    (r.sla_due_at AT TIME ZONE %(zone)s)::date
FROM {request} AS r
WHERE {where} AND NOT (r.id = ANY(%(with_events)s))
RETURNING created_date, closed_date, is_resolved, sla_due_date
"""


def _timeline_free_facts_insert(
    ids: list[int], is_dense: bool, with_events: set[int], due_days: set[date]
) -> set[date]:
    """PostgreSQL: the facts of requests with no status change or survey on their timeline
    (history imported without events, requests still `new`), written by one INSERT … SELECT.
    The SQL states `facts.fact_build`'s rules for that case; the tests run both paths on
    PostgreSQL and compare them with the Python rules."""
    from civicdesk.reporting.facts import CLOSED_VALUES, RESOLVED_VALUES

    ops = connection.ops
    sql = _TIMELINE_FREE_FACTS_SQL.format(
        fact=ops.quote_name(RequestFact._meta.db_table),
        request=ops.quote_name(ServiceRequest._meta.db_table),
        where="r.id BETWEEN %(first)s AND %(last)s" if is_dense else "r.id = ANY(%(ids)s)",
    )
    days: set[date] = set()
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "zone": str(timezone.get_current_timezone()),
                "closed": sorted(CLOSED_VALUES),
                "resolved": sorted(RESOLVED_VALUES),
                "duplicate": Status.CLOSED_DUPLICATE.value,
                "first": ids[0],
                "last": ids[-1],
                "ids": ids,
                "with_events": sorted(with_events),
                "resolution": HOTSPOT_RESOLUTION,
                "fine_bits": (15 - HOTSPOT_RESOLUTION) * 3,
                "bounds": list(DURATION_BUCKET_BOUNDS),
            },
        )
        for created_date, closed_date, is_resolved, sla_due_date in cursor.fetchall():
            days.add(created_date)
            if is_resolved and closed_date is not None:
                days.add(closed_date)
            if sla_due_date is not None:
                due_days.add(sla_due_date)
    return days


def _facts_rebuild(ids: list[int], due_days: set[date]) -> set[date]:
    """Rebuild the facts of requests `ids`; return every rollup day they touched, and add to
    `due_days` the SLA due days they had or have (the open backlog counts by those)."""
    days: set[date] = set()
    # A run of consecutive ids (a full rebuild, a bulk import) is cheaper to ask for as a range.
    is_dense = ids[-1] - ids[0] + 1 == len(ids)
    these = Q(pk__gte=ids[0], pk__lte=ids[-1]) if is_dense else Q(pk__in=ids)
    their_events = (
        Q(service_request_id__gte=ids[0], service_request_id__lte=ids[-1])
        if is_dense
        else Q(service_request_id__in=ids)
    )
    for created_date, closed_date, is_resolved, sla_due_date in RequestFact.objects.filter(
        these
    ).values_list("created_date", "closed_date", "is_resolved", "sla_due_date"):
        days.add(created_date)
        if is_resolved and closed_date is not None:
            days.add(closed_date)
        if sla_due_date is not None:
            due_days.add(sla_due_date)
    events: dict[int, list[EventRow]] = defaultdict(list)
    for request_id, event_type, occurred_at, from_status, to_status, data in (
        ServiceRequestEvent.objects.filter(
            their_events, event_type__in=[EventType.STATUS_CHANGED, SURVEY_ANSWERED_EVENT]
        )
        .order_by()
        .values_list(
            "service_request_id", "event_type", "occurred_at", "from_status", "to_status", "data"
        )
    ):
        events[request_id].append(
            EventRow(event_type, occurred_at, from_status, to_status, data or {})
        )
    RequestFact.objects.filter(these).delete()
    in_sql = connection.vendor == "postgresql"
    rows = ServiceRequest.objects.filter(these).order_by()
    if in_sql:
        days |= _timeline_free_facts_insert(ids, is_dense, set(events), due_days)
        rows = rows.filter(pk__in=sorted(events))
    facts = [
        fact_build(RequestRow(*row), events.get(row[0], ()))
        for row in rows.values_list(*_REQUEST_COLUMNS)
    ]
    _facts_insert(facts)
    for fact in facts:
        days |= fact_days(fact)
        if fact.sla_due_date is not None:
            due_days.add(fact.sla_due_date)
    return days


_ROLLUP_SQL = """
INSERT INTO {rollup} (day, service_id, department_id, district, channel,
    received_count, acknowledged_count, acknowledge_seconds_sum, resolved_ever_count,
    reopened_count, duplicate_count, survey_count, survey_score_sum,
    closed_count, close_seconds_sum, closed_on_time_count, closed_late_count)
SELECT day, service_id, department_id, district, channel,
    SUM(received), SUM(acknowledged), SUM(acknowledge_seconds), SUM(resolved_ever),
    SUM(reopened), SUM(duplicates), SUM(surveys), SUM(survey_score),
    SUM(closed), SUM(close_seconds), SUM(on_time), SUM(late)
FROM (
    SELECT created_date AS day, service_id, department_id, district, channel,
        1 AS received,
        CASE WHEN acknowledge_seconds IS NULL THEN 0 ELSE 1 END AS acknowledged,
        COALESCE(acknowledge_seconds, 0) AS acknowledge_seconds,
        CASE WHEN has_been_resolved THEN 1 ELSE 0 END AS resolved_ever,
        CASE WHEN reopen_count > 0 THEN 1 ELSE 0 END AS reopened,
        CASE WHEN is_duplicate THEN 1 ELSE 0 END AS duplicates,
        CASE WHEN satisfaction_score IS NULL THEN 0 ELSE 1 END AS surveys,
        COALESCE(satisfaction_score, 0) AS survey_score,
        0 AS closed, 0 AS close_seconds, 0 AS on_time, 0 AS late
    FROM {fact} WHERE created_date >= %s AND created_date <= %s
    UNION ALL
    SELECT closed_date, service_id, department_id, district, channel,
        0, 0, 0, 0, 0, 0, 0, 0,
        1, COALESCE(close_seconds, 0),
        CASE WHEN is_closed_on_time THEN 1 ELSE 0 END,
        CASE WHEN NOT is_closed_on_time THEN 1 ELSE 0 END
    FROM {fact} WHERE is_resolved AND closed_date >= %s AND closed_date <= %s
) AS parts
GROUP BY day, service_id, department_id, district, channel
"""


def _date_runs(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Consecutive days as (first, last) runs, at most DAY_BATCH_SIZE days long."""
    run: list[date] = []
    for day in sorted(set(days)):
        if run and (day - run[-1] != timedelta(days=1) or len(run) == DAY_BATCH_SIZE):
            yield run[0], run[-1]
            run = []
        run.append(day)
    if run:
        yield run[0], run[-1]


def _groupings(largest: int) -> list[tuple[str, ...]]:
    """The groups of at most `largest` dimensions: the whole city, each dimension, each pair…"""
    return [
        grouping
        for size in range(largest + 1)
        for grouping in combinations(DISTRIBUTION_DIMENSIONS, size)
    ]


def _distribution_groupings(measure: DistributionMeasure) -> list[tuple[str, ...]]:
    """The groups a measure is kept for: the whole city, each dimension, each pair of them."""
    return _groupings(distribution_largest_group(measure))


_DIMENSION_COLUMNS = {
    "department": "department_id",
    "service": "service_id",
    "district": "district",
    "channel": "channel",
}
_OPEN_SQL = ", ".join(f"'{status.value}'" for status in sorted(OPEN_STATUSES))
# measure: (the day it counts on, the key it counts, which facts it counts)
_REQUEST_DISTRIBUTIONS = {
    DistributionMeasure.ACKNOWLEDGE: (
        "created_date",
        "acknowledge_bucket",
        "acknowledge_bucket IS NOT NULL",
    ),
    DistributionMeasure.CLOSE: (
        "closed_date",
        "close_bucket",
        "is_resolved AND close_bucket IS NOT NULL",
    ),
    DistributionMeasure.HOTSPOT: ("created_date", "hotspot_cell", "hotspot_cell IS NOT NULL"),
    DistributionMeasure.OPEN_RECEIVED: ("created_date", "0", f"status IN ({_OPEN_SQL})"),
}
# Counted on the day the SLA target ends, so rebuilt for the due days that changed.
_DUE_DISTRIBUTIONS = {
    DistributionMeasure.OPEN_DUE: (
        "sla_due_date",
        "0",
        f"status IN ({_OPEN_SQL}) AND sla_due_date IS NOT NULL",
    ),
}


def _distribution_sql(measure: DistributionMeasure) -> str:
    """One INSERT … SELECT writing a run of days' distribution rows of `measure`, every grouping
    at once: GROUPING SETS on PostgreSQL, a UNION ALL of the groupings on SQLite. Its
    parameters: the measure, then the first and last day."""
    ops = connection.ops
    day, key, where = {**_REQUEST_DISTRIBUTIONS, **_DUE_DISTRIBUTIONS}[measure]
    columns = ", ".join(_DIMENSION_COLUMNS.values())
    facts = (
        f"SELECT {day} AS day, {columns}, {key} AS k "  # noqa: S608 - names from the models
        f"FROM {ops.quote_name(RequestFact._meta.db_table)} "
        f"WHERE {where} AND {day} >= %s AND {day} <= %s"
    )
    target = (
        f"INSERT INTO {ops.quote_name(DailyDistribution._meta.db_table)} "
        f'(day, measure, "grouping", {columns}, counts, total) '
    )
    if connection.vendor == "postgresql":
        sets = ", ".join(
            "(" + ", ".join(["day", *(_DIMENSION_COLUMNS[name] for name in grouping), "k"]) + ")"
            for grouping in _distribution_groupings(measure)
        )
        # GROUPING() sets a bit, from the left, for each column a set leaves out.
        bits = len(_DIMENSION_COLUMNS)
        names = ", ".join(
            f"CASE WHEN g & {1 << (bits - 1 - index)} = 0 THEN '{name}' END"
            for index, name in enumerate(_DIMENSION_COLUMNS)
        )
        return (
            f"{target} SELECT day, %s, concat_ws('+', {names}), {columns}, "  # noqa: S608
            "jsonb_agg(jsonb_build_array(k, n) ORDER BY k), SUM(n) "
            f"FROM (SELECT day, {columns}, k, COUNT(*) AS n, GROUPING({columns}) AS g "
            f"FROM ({facts}) AS f GROUP BY GROUPING SETS ({sets})) AS cells "
            f"GROUP BY day, g, {columns}"
        )
    parts = []
    for grouping in _distribution_groupings(measure):
        chosen = [_DIMENSION_COLUMNS[name] for name in grouping]
        selected = ", ".join(
            column if column in chosen else f"NULL AS {column}"
            for column in _DIMENSION_COLUMNS.values()
        )
        grouped = ", ".join(["day", *chosen, "k"])
        parts.append(
            f"SELECT day, '{'+'.join(grouping)}' AS grp, {selected}, k, COUNT(*) AS n "  # noqa: S608
            f"FROM f GROUP BY {grouped}"
        )
    # The measure comes after the days here: WITH is read first.
    return (
        f"WITH f AS ({facts}) {target} SELECT day, %s, grp, {columns}, "  # noqa: S608
        f"json_group_array(json_array(k, n)), SUM(n) FROM ({' UNION ALL '.join(parts)}) "
        f"AS cells GROUP BY day, grp, {columns}"
    )


def _distributions_rebuild(
    cursor: Any, measures: dict[DistributionMeasure, str], first: date, last: date
) -> None:
    ops = connection.ops
    bounds = [ops.adapt_datefield_value(first), ops.adapt_datefield_value(last)]
    DailyDistribution.objects.filter(
        measure__in=list(measures), day__gte=first, day__lte=last
    ).delete()
    for measure, sql in measures.items():
        if connection.vendor == "postgresql":
            cursor.execute(sql, [measure.value, *bounds])
        else:
            cursor.execute(sql, [*bounds, measure.value])


def _monthly_distribution_sql() -> str:
    """One INSERT … SELECT adding up a month's daily distribution rows of the monthly measures
    into one row per measure and group. Its parameters: the month's first day (the row's day),
    then the first and last day read."""
    ops = connection.ops
    columns = ", ".join(_DIMENSION_COLUMNS.values())
    measures = ", ".join(f"'{measure.value}'" for measure in MONTHLY_DISTRIBUTION_MEASURES)
    source = ops.quote_name(DailyDistribution._meta.db_table)
    target = (
        f"INSERT INTO {ops.quote_name(MonthlyDistribution._meta.db_table)} "
        f'(day, measure, "grouping", {columns}, counts, total) '
    )
    if connection.vendor == "postgresql":
        pairs = f"CROSS JOIN LATERAL jsonb_array_elements({source}.counts) AS pair"
        bucket, number = "(pair->>0)::bigint", "(pair->>1)::bigint"
        packed = "jsonb_agg(jsonb_build_array(k, n) ORDER BY k)"
    else:
        pairs = f", json_each({source}.counts) AS pair"
        bucket, number = "json_extract(pair.value, '$[0]')", "json_extract(pair.value, '$[1]')"
        packed = "json_group_array(json_array(k, n))"
    return (
        f'{target} SELECT %s, measure, "grouping", {columns}, {packed}, SUM(n) '  # noqa: S608
        f'FROM (SELECT measure, "grouping", {columns}, {bucket} AS k, SUM({number}) AS n '
        f"FROM {source} {pairs} WHERE measure IN ({measures}) AND day >= %s AND day <= %s "
        f'GROUP BY measure, "grouping", {columns}, k) AS cells '
        f'GROUP BY measure, "grouping", {columns}'
    )


def monthly_distributions_rebuild(days: Iterable[date]) -> None:
    """Rebuild the monthly distribution rows of every month holding one of `days` from the
    daily rows, which must be up to date."""
    ops = connection.ops
    months = sorted({day.replace(day=1) for day in days})
    if not months:
        return
    sql = _monthly_distribution_sql()
    MonthlyDistribution.objects.filter(day__in=months).delete()
    with connection.cursor() as cursor:
        for first in months:
            last = next_month(first) - timedelta(days=1)
            cursor.execute(
                sql,
                [
                    ops.adapt_datefield_value(first),
                    ops.adapt_datefield_value(first),
                    ops.adapt_datefield_value(last),
                ],
            )


def _rollup_groups_sql() -> str:
    """One INSERT … SELECT adding up a run of days' rollup rows for every group (the city, each
    dimension, each pair: `DailyRequestRollupGroup`): GROUPING SETS on PostgreSQL, a UNION ALL
    of the groupings on SQLite. Its parameters: the first and last day."""
    ops = connection.ops
    columns = ", ".join(_DIMENSION_COLUMNS.values())
    counts = ", ".join(REQUEST_COUNT_COLUMNS)
    sums = ", ".join(f"SUM({column})" for column in REQUEST_COUNT_COLUMNS)
    source = ops.quote_name(DailyRequestRollup._meta.db_table)
    target = (
        f"INSERT INTO {ops.quote_name(DailyRequestRollupGroup._meta.db_table)} "
        f'(day, "grouping", {columns}, {counts}) '
    )
    where = "WHERE day >= %s AND day <= %s"
    groupings = _groupings(ROLLUP_LARGEST_GROUP)
    if connection.vendor == "postgresql":
        sets = ", ".join(
            "(" + ", ".join(["day", *(_DIMENSION_COLUMNS[name] for name in grouping)]) + ")"
            for grouping in groupings
        )
        names = ", ".join(
            f"CASE WHEN GROUPING({column}) = 0 THEN '{name}' END"
            for name, column in _DIMENSION_COLUMNS.items()
        )
        return (
            f"{target} SELECT day, concat_ws('+', {names}), {columns}, {sums} "  # noqa: S608
            f"FROM {source} {where} GROUP BY GROUPING SETS ({sets})"
        )
    parts = []
    for grouping in groupings:
        chosen = [_DIMENSION_COLUMNS[name] for name in grouping]
        selected = ", ".join(
            column if column in chosen else f"NULL AS {column}"
            for column in _DIMENSION_COLUMNS.values()
        )
        parts.append(
            f"SELECT day, '{'+'.join(grouping)}', {selected}, {sums} "  # noqa: S608
            f"FROM f GROUP BY {', '.join(['day', *chosen])}"
        )
    return (
        f"WITH f AS (SELECT * FROM {source} {where}) "  # noqa: S608 - names from the models
        f"{target} {' UNION ALL '.join(parts)}"
    )


def rollup_groups_rebuild(first: date, last: date) -> None:
    """Rebuild the group rows of the days `first` to `last` from their rollup rows."""
    ops = connection.ops
    DailyRequestRollupGroup.objects.filter(day__gte=first, day__lte=last).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            _rollup_groups_sql(),
            [ops.adapt_datefield_value(first), ops.adapt_datefield_value(last)],
        )


def _request_rollups_rebuild(days: Iterable[date], due_days: Iterable[date] = ()) -> None:
    """Recompute the rollup and distribution rows of `days` from the facts, in the database
    (one statement per run of consecutive days and table), so a full rebuild moves no rows
    through Python; then the monthly distributions of their months."""
    days = set(days)
    ops = connection.ops
    sql = _ROLLUP_SQL.format(
        rollup=ops.quote_name(DailyRequestRollup._meta.db_table),
        fact=ops.quote_name(RequestFact._meta.db_table),
    )
    distributions = {measure: _distribution_sql(measure) for measure in _REQUEST_DISTRIBUTIONS}
    due = {measure: _distribution_sql(measure) for measure in _DUE_DISTRIBUTIONS}
    with connection.cursor() as cursor:
        for first, last in _date_runs(days):
            DailyRequestRollup.objects.filter(day__gte=first, day__lte=last).delete()
            bounds = [ops.adapt_datefield_value(first), ops.adapt_datefield_value(last)]
            cursor.execute(sql, bounds + bounds)
            rollup_groups_rebuild(first, last)
            _distributions_rebuild(cursor, distributions, first, last)
        for first, last in _date_runs(due_days):
            _distributions_rebuild(cursor, due, first, last)
    monthly_distributions_rebuild(days)


def _interaction_rollups_rebuild(days: Iterable[date]) -> None:
    """Recompute the contact-center rollup rows of `days` from the interactions."""
    for chunk in _batched(sorted(days), DAY_BATCH_SIZE):
        wanted = set(chunk)
        rows: dict[tuple[Any, ...], DailyInteractionRollup] = {}
        handle: dict[tuple[date, str | None], Counter[int]] = defaultdict(Counter)
        window = Q()
        for day in chunk:
            window |= Q(
                started_at__gte=_day_start(day), started_at__lt=_day_start(day + timedelta(days=1))
            )
        for started_at, ended_at, channel, reason, outcome, request_id, is_fcr in (
            Interaction.objects.filter(window)
            .order_by()
            .values_list(
                "started_at",
                "ended_at",
                "channel",
                "reason",
                "outcome",
                "service_request_id",
                "is_first_contact_resolution",
            )
        ):
            day = local_date(started_at)
            if day not in wanted:
                continue
            key = (day, channel, reason, outcome, request_id is not None)
            row = rows.get(key)
            if row is None:
                row = rows[key] = DailyInteractionRollup(
                    day=day,
                    channel=channel,
                    reason=reason,
                    outcome=outcome,
                    has_service_request=request_id is not None,
                )
            row.interaction_count += 1
            row.first_contact_resolution_count += int(is_fcr)
            if ended_at is not None:
                seconds = int((ended_at - started_at).total_seconds())
                row.handled_count += 1
                row.handle_seconds_sum += seconds
                bucket = duration_bucket(seconds)
                if bucket is not None:
                    handle[day, None][bucket] += 1
                    handle[day, channel][bucket] += 1
        DailyInteractionRollup.objects.filter(day__in=chunk).delete()
        DailyInteractionRollup.objects.bulk_create(rows.values(), batch_size=1000)
        DailyDistribution.objects.filter(measure=DistributionMeasure.HANDLE, day__in=chunk).delete()
        DailyDistribution.objects.bulk_create(
            [
                DailyDistribution(
                    day=day,
                    measure=DistributionMeasure.HANDLE,
                    grouping="" if channel is None else "channel",
                    channel=channel,
                    counts=sorted(counts.items()),
                    total=counts.total(),
                )
                for (day, channel), counts in handle.items()
            ],
            batch_size=1000,
        )


@transaction.atomic
def rollups_refresh(
    *,
    now: datetime,
    full: bool = False,
    overlap: timedelta = OVERLAP,
    on_progress: Progress | None = None,
) -> RefreshResult:
    """Bring facts and rollups up to date with the requests, timeline and interactions.

    Runs one refresh at a time (the state row is locked). `on_progress` is told how many
    requests each batch read.
    """
    state, _created = RollupState.objects.select_for_update().get_or_create(key=STATE_KEY)
    requests_since = interactions_since = None
    if not full:
        if state.requests_seen_through_at is not None:
            requests_since = state.requests_seen_through_at - overlap
        if state.interactions_seen_through_at is not None:
            interactions_since = state.interactions_seen_through_at - overlap
    else:
        RequestFact.objects.all().delete()
        DailyRequestRollup.objects.all().delete()
        DailyRequestRollupGroup.objects.all().delete()
        DailyInteractionRollup.objects.all().delete()
        DailyDistribution.objects.all().delete()
        MonthlyDistribution.objects.all().delete()

    changed = _changed_requests(requests_since)
    seen_through = changed.aggregate(latest=Max("updated_at"))["latest"]
    request_days: set[date] = set()
    due_days: set[date] = set()
    refreshed = 0
    for ids in _changed_id_batches(changed, is_everything=requests_since is None):
        request_days |= _facts_rebuild(ids, due_days)
        refreshed += len(ids)
        if on_progress is not None:
            on_progress(len(ids))
    if refreshed > LIST_IDS_UP_TO and connection.vendor == "postgresql":
        # After a bulk rebuild the planner's statistics describe facts that no longer exist;
        # the distribution statements below choose their plans from them.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(RequestFact._meta.db_table)}")
    _request_rollups_rebuild(request_days, due_days)

    interactions = Interaction.objects.order_by()
    if interactions_since is not None:
        interactions = interactions.filter(updated_at__gte=interactions_since)
    interaction_days = {
        local_date(started_at) for started_at in interactions.values_list("started_at", flat=True)
    }
    interactions_seen_through = interactions.aggregate(latest=Max("updated_at"))["latest"]
    _interaction_rollups_rebuild(interaction_days)

    state.requests_seen_through_at = seen_through or state.requests_seen_through_at
    state.interactions_seen_through_at = (
        interactions_seen_through or state.interactions_seen_through_at
    )
    state.refreshed_at = now
    state.version += 1
    state.full_clean()
    state.save()
    rollup_version_forget()  # this process sees its own refresh at once
    transaction.on_commit(rollup_version_forget)
    return RefreshResult(
        requests_refreshed=refreshed,
        request_days_refreshed=len(request_days),
        interaction_days_refreshed=len(interaction_days),
    )


# --- The nightly open-data snapshot --------------------------------------------------------------

SNAPSHOT_FOLDER = "open-data"
PROGRESS_EVERY = 10_000


@dataclass(frozen=True)
class SnapshotResult:
    names: list[str]
    row_count: int


def open_data_snapshot_write(
    *,
    now: datetime,
    filters: MetricFilters | None = None,
    storage: Storage | None = None,
    on_progress: Progress | None = None,
) -> SnapshotResult:
    """Write every request's public fields as CSV and JSON Lines files to storage.

    Dated files (`open-data/requests-2026-05-31.csv`, `.jsonl`) are kept; `requests-latest.csv`
    and `.jsonl` are replaced. Rows are read once, in one streamed query, and spooled to
    temporary files, so memory stays flat whatever the size of the city's history.
    """
    import csv
    import io
    import tempfile

    storage = storage or default_storage
    day = local_date(now).isoformat()
    row_count = 0
    names: list[str] = []
    with tempfile.TemporaryFile() as csv_file, tempfile.TemporaryFile() as jsonl_file:
        csv_text = io.TextIOWrapper(csv_file, encoding="utf-8", newline="")
        jsonl_text = io.TextIOWrapper(jsonl_file, encoding="utf-8", newline="\n")
        writer = csv.writer(csv_text)
        writer.writerow(OPEN_DATA_COLUMNS)
        for row in open_data_rows(filters=filters or MetricFilters()):
            writer.writerow(csv_values(row))
            jsonl_text.write(jsonl_line(row))
            row_count += 1
            if on_progress is not None and row_count % PROGRESS_EVERY == 0:
                on_progress(PROGRESS_EVERY)
        if on_progress is not None:
            on_progress(row_count % PROGRESS_EVERY)
        for text in (csv_text, jsonl_text):
            text.flush()
            text.detach()
        for handle, extension in ((csv_file, "csv"), (jsonl_file, "jsonl")):
            for name in (f"requests-{day}.{extension}", f"requests-latest.{extension}"):
                path = f"{SNAPSHOT_FOLDER}/{name}"
                if storage.exists(path):
                    storage.delete(path)
                handle.seek(0)
                names.append(storage.save(path, File(handle, name=name)))
    return SnapshotResult(names=names, row_count=row_count)
