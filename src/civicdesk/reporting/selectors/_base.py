"""Shared parts of the selectors: filters, the figure cache, percentiles."""

from __future__ import annotations

import hashlib
import math
import time as time_module
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Aggregate, FloatField, Q, QuerySet
from django.utils import timezone, translation

from civicdesk.reporting.facts import (
    DURATION_RELATIVE_ERROR,
    duration_bucket_range,
    next_month,
)
from civicdesk.reporting.models import (
    DISTRIBUTION_DIMENSIONS,
    MONTHLY_DISTRIBUTION_MEASURES,
    DailyDistribution,
    DailyRequestRollup,
    DistributionMeasure,
    MonthlyDistribution,
    RequestFact,
    RollupState,
    distribution_largest_group,
)
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.workflow import CLOSED_STATUSES, OPEN_STATUSES

OPEN_STATUS_VALUES = sorted(status.value for status in OPEN_STATUSES)
CLOSED_STATUS_VALUES = sorted(status.value for status in CLOSED_STATUSES)
SECONDS_PER_DAY = 86400


# --- Filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricFilters:
    """What a figure is about. Dates are the city's calendar days, both ends included.

    `department_ids` is None for every department; otherwise the departments the figure may
    include (the user's scope intersected with a chosen department). An empty set matches nothing.
    """

    start_date: date | None = None
    end_date: date | None = None
    service_id: int | None = None
    department_ids: frozenset[int] | None = None
    district: str = ""
    channel: str = ""

    @property
    def day_count(self) -> int:
        if self.start_date is None or self.end_date is None:
            return 0
        return (self.end_date - self.start_date).days + 1

    def previous(self) -> MetricFilters:
        """The period of the same length just before this one (for trends)."""
        if self.start_date is None or self.end_date is None:
            return self
        length = timedelta(days=self.day_count)
        return replace(self, start_date=self.start_date - length, end_date=self.end_date - length)


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the city's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def dimensions_q(filters: MetricFilters) -> Q:
    """The filters' service, departments, district and channel as one condition (empty when
    none is set), for tables with those columns: requests, facts, rollups, distributions."""
    condition = Q()
    if filters.service_id is not None:
        condition &= Q(service_id=filters.service_id)
    if filters.department_ids is not None:
        condition &= Q(department_id__in=sorted(filters.department_ids))
    if filters.district:
        condition &= Q(district=filters.district)
    if filters.channel:
        condition &= Q(channel=filters.channel)
    return condition


def _dimensions(queryset: QuerySet[Any], filters: MetricFilters) -> QuerySet[Any]:
    condition = dimensions_q(filters)
    return queryset.filter(condition) if condition else queryset


def _date_range(queryset: QuerySet[Any], field_name: str, filters: MetricFilters) -> QuerySet[Any]:
    if filters.start_date is not None:
        queryset = queryset.filter(**{f"{field_name}__gte": filters.start_date})
    if filters.end_date is not None:
        queryset = queryset.filter(**{f"{field_name}__lte": filters.end_date})
    return queryset


def _rollups(filters: MetricFilters) -> QuerySet[DailyRequestRollup]:
    return _date_range(_dimensions(DailyRequestRollup.objects.order_by(), filters), "day", filters)


# Longest period whose facts are read day by day when a department filter is set (below).
FACT_DAYS_LISTED_MAX = 400


def _fact_days(queryset: QuerySet[Any], field_name: str, filters: MetricFilters) -> QuerySet[Any]:
    """`_date_range` for the facts. Every facts index starts with the day, then the department:
    with a department filter, a period's days are listed (`IN`), so that the index is entered
    once per day at that department's entries; read as a range, every department's facts of the
    period are scanned (a department's hotspot map over 30 days at 1M requests: 110 index pages
    instead of 293, 0.9 ms instead of 2.2 with every page cached)."""
    start, end = filters.start_date, filters.end_date
    if filters.department_ids is None or start is None or end is None:
        return _date_range(queryset, field_name, filters)
    days = (end - start).days + 1
    if not 0 < days <= FACT_DAYS_LISTED_MAX:
        return _date_range(queryset, field_name, filters)
    listed = [start + timedelta(days=offset) for offset in range(days)]
    return queryset.filter(**{f"{field_name}__in": listed})


def _facts_received(filters: MetricFilters) -> QuerySet[RequestFact]:
    return _fact_days(_dimensions(RequestFact.objects.order_by(), filters), "created_date", filters)


def _facts_resolved(filters: MetricFilters) -> QuerySet[RequestFact]:
    facts = _dimensions(RequestFact.objects.filter(is_resolved=True).order_by(), filters)
    return _fact_days(facts, "closed_date", filters)


def service_request_list_matching(*, filters: MetricFilters) -> QuerySet[ServiceRequest]:
    """Requests received in the period that match the filters (drill-down, open data)."""
    requests = _dimensions(ServiceRequest.objects.order_by(), filters)
    if filters.start_date is not None:
        requests = requests.filter(created_at__gte=day_start(filters.start_date))
    if filters.end_date is not None:
        requests = requests.filter(created_at__lt=day_start(filters.end_date + timedelta(days=1)))
    return requests


# --- Caching ---------------------------------------------------------------------------------
#
# Period figures change only when `rollups_refresh` runs, so they are cached under the rollup
# version it bumps: a refresh makes every cached figure stale at once. Live figures and the
# backlog read the requests themselves and are cached for LIVE_CACHE_SECONDS at most.

METRICS_CACHE_SECONDS = 6 * 3600
LIVE_CACHE_SECONDS = 30
# How far back the next rollup refresh reads again before its watermark: rows written by a
# transaction that started before the last run but committed after it carry an older
# `updated_at`. The open backlog treats the same rows as changed since the refresh.
REFRESH_OVERLAP = timedelta(minutes=10)


VERSION_MEMO_SECONDS = 2.0
_version_memo: dict[str, tuple[float, int]] = {}


def rollup_version() -> int:
    """The number of rollup refreshes so far (0 before the first), read at most every
    VERSION_MEMO_SECONDS per process: one page asks for many figures."""
    found = _version_memo.get("default")
    if found is not None and found[0] > time_module.monotonic():
        return found[1]
    version = RollupState.objects.filter(key="default").values_list("version", flat=True).first()
    _version_memo["default"] = (time_module.monotonic() + VERSION_MEMO_SECONDS, version or 0)
    return version or 0


def rollup_version_forget() -> None:
    """Make this process read the version again (after a refresh it ran itself)."""
    _version_memo.clear()


def _cached(
    name: str, key: Any, compute: Callable[[], Any], *, live_at: datetime | None = None
) -> Any:
    if live_at is None:
        stamp = f"v{rollup_version()}"
        timeout = METRICS_CACHE_SECONDS
    else:
        stamp = f"t{int(live_at.timestamp()) // LIVE_CACHE_SECONDS}"
        timeout = LIVE_CACHE_SECONDS
    digest = hashlib.sha256(repr((name, key, translation.get_language())).encode()).hexdigest()
    cache_key = f"reporting:{stamp}:{digest[:32]}"
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, timeout)
    return found


def _filters_key(filters: MetricFilters) -> tuple[Any, ...]:
    departments = None if filters.department_ids is None else tuple(sorted(filters.department_ids))
    return (
        filters.start_date,
        filters.end_date,
        filters.service_id,
        departments,
        filters.district,
        filters.channel,
    )


# --- Percentiles -------------------------------------------------------------------------------


class PercentileCont(Aggregate):
    """PostgreSQL's continuous percentile (linear interpolation between the nearest ranks)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: str, fraction: float) -> None:
        super().__init__(expression, fraction=repr(float(fraction)))


def percentile(sorted_values: Sequence[float], fraction: float) -> float | None:
    """The `fraction` percentile of ascending `sorted_values`, interpolated like percentile_cont."""
    if not sorted_values:
        return None
    position = fraction * (len(sorted_values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = position - lower
    return float(sorted_values[lower]) * (1 - weight) + float(sorted_values[upper]) * weight


def _uses_sql_percentiles() -> bool:
    return connection.vendor == "postgresql"


def _percentiles(
    queryset: QuerySet[Any], field_name: str, fractions: Sequence[float]
) -> list[float | None]:
    queryset = queryset.exclude(**{f"{field_name}__isnull": True})
    if _uses_sql_percentiles():
        found = queryset.aggregate(
            **{f"p{index}": PercentileCont(field_name, f) for index, f in enumerate(fractions)}
        )
        return [found[f"p{index}"] for index in range(len(fractions))]
    values = sorted(queryset.values_list(field_name, flat=True))
    return [percentile(values, fraction) for fraction in fractions]


def _grouped_medians(
    queryset: QuerySet[Any], group_field: str, field_name: str
) -> dict[Any, float | None]:
    queryset = queryset.exclude(**{f"{field_name}__isnull": True})
    if _uses_sql_percentiles():
        return dict(
            queryset.values(group_field)
            .annotate(median=PercentileCont(field_name, 0.5))
            .values_list(group_field, "median")
        )
    grouped: dict[Any, list[float]] = defaultdict(list)
    for key, value in queryset.values_list(group_field, field_name):
        grouped[key].append(value)
    return {key: percentile(sorted(values), 0.5) for key, values in grouped.items()}


# --- Distributions: percentiles and hotspots of a period without reading every request -----------
#
# `DailyDistribution` rows count, per day and group, how many durations fall in each bucket (or
# requests in each hotspot cell). A period's figure adds up the rows of its days: a few hundred
# rows whatever the number of requests. Groups exist for the whole city, each dimension, and
# each pair of dimensions (single dimensions only for hotspots); a figure that needs more (two
# filters and a breakdown by a third) is computed from the facts instead.

PERCENTILE_RELATIVE_ERROR = DURATION_RELATIVE_ERROR
_DISTRIBUTION_COLUMNS = {
    "department": "department_id",
    "service": "service_id",
    "district": "district",
    "channel": "channel",
}


def _distribution_grouping(
    filters: MetricFilters, by: str | None, *, largest: int = 2
) -> str | None:
    """The grouping whose rows answer `filters` (broken down `by` a dimension), or None when no
    group kept holds that many dimensions (`largest`)."""
    used = {by} if by else set()
    if filters.department_ids is not None:
        used.add("department")
    if filters.service_id is not None:
        used.add("service")
    if filters.district:
        used.add("district")
    if filters.channel:
        used.add("channel")
    if len(used) > largest:
        return None
    return "+".join(name for name in DISTRIBUTION_DIMENSIONS if name in used)


def _whole_months(filters: MetricFilters) -> tuple[date, date] | None:
    """The calendar months that lie wholly inside the period, as the first day of the first of
    them and the first day after the last; None when it holds none (or is open at either end)."""
    start, end = filters.start_date, filters.end_date
    if start is None or end is None:
        return None
    first = start if start.day == 1 else next_month(start)
    after = (end + timedelta(days=1)).replace(day=1)
    return (first, after) if first < after else None


def _distribution_rows(
    measure: DistributionMeasure, filters: MetricFilters, grouping: str
) -> list[QuerySet[Any]]:
    """The rows that add up to the period's counts: a monthly row for each calendar month the
    period holds whole, a daily row for each of its other days."""
    daily = DailyDistribution.objects.filter(measure=measure, grouping=grouping).order_by()
    daily = _dimensions(daily, filters)
    months = _whole_months(filters) if measure in MONTHLY_DISTRIBUTION_MEASURES else None
    if months is None:
        return [_date_range(daily, "day", filters)]
    first, after = months
    monthly = MonthlyDistribution.objects.filter(
        measure=measure, grouping=grouping, day__gte=first, day__lt=after
    ).order_by()
    return [
        _dimensions(monthly, filters),
        daily.filter(
            Q(day__gte=filters.start_date, day__lt=first)
            | Q(day__gte=after, day__lte=filters.end_date)
        ),
    ]


def _distribution_counts(
    measure: DistributionMeasure, filters: MetricFilters, by: str | None = None
) -> dict[Any, dict[int, int]] | None:
    """The period's counts per bucket (or cell) for `filters`, per value of `by` (a dimension
    name) or under the key None; None when the distributions cannot answer (see above)."""
    grouping = _distribution_grouping(filters, by, largest=distribution_largest_group(measure))
    if grouping is None:
        return None
    sources = _distribution_rows(measure, filters, grouping)
    found: dict[Any, dict[int, int]] = defaultdict(dict)
    if connection.vendor == "postgresql":
        return _distribution_counts_summed_in_sql(sources, by, found)
    column = _DISTRIBUTION_COLUMNS[by] if by else "measure"
    first, *others = (rows.values_list(column, "counts") for rows in sources)
    for key, counts in first.union(*others, all=True) if others else first:
        added = found[key if by else None]
        get = added.get
        for bucket, number in counts:
            added[bucket] = get(bucket, 0) + number
    return found


def _distribution_counts_summed_in_sql(
    sources: list[QuerySet[Any]], by: str | None, found: dict[Any, dict[int, int]]
) -> dict[Any, dict[int, int]]:
    """PostgreSQL adds up the [bucket, count] pairs of the period's rows itself: a 90-day period
    holds tens of thousands of pairs, which are much cheaper to sum there than to decode here."""
    key = _DISTRIBUTION_COLUMNS[by] if by else "NULL"
    selects: list[str] = []
    params: list[Any] = []
    for rows in sources:
        compiler = rows.query.get_compiler(using=rows.db)
        try:
            where, where_params = compiler.compile(rows.query.where)
        except EmptyResultSet:
            continue
        except FullResultSet:
            where, where_params = "", ()
        table = connection.ops.quote_name(rows.model._meta.db_table)
        selects.append(
            f"SELECT {key} AS k, counts FROM {table} "  # noqa: S608 - our names
            f"{'WHERE ' + where if where else ''}"
        )
        params += where_params
    if not selects:
        return found
    sql = (
        "SELECT k, (pair->>0)::bigint, SUM((pair->>1)::bigint)::bigint "  # noqa: S608
        f"FROM ({' UNION ALL '.join(selects)}) AS r "
        "CROSS JOIN LATERAL jsonb_array_elements(r.counts) AS pair GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for group, bucket, number in cursor.fetchall():
            found[group][bucket] = number
    return found


def _bucket_value(ordered: Sequence[tuple[int, int]], rank: int) -> float:
    """The duration of the `rank`-th shortest (from 0), read from ascending (bucket, count)
    pairs: a bucket's durations are taken as spread evenly over its range, so the answer is
    within the bucket's width — at most PERCENTILE_RELATIVE_ERROR of the true duration."""
    before = 0
    for bucket, number in ordered:
        if rank < before + number:
            shortest, longest = duration_bucket_range(bucket)
            return shortest + (longest - shortest) * (rank - before + 0.5) / number
        before += number
    raise ValueError(rank)


def percentile_from_buckets(counts: Mapping[int, int], fraction: float) -> float | None:
    """`percentile` (interpolating between ranks like percentile_cont) of the durations counted
    per bucket in `counts`; within PERCENTILE_RELATIVE_ERROR of the exact percentile."""
    ordered = sorted((bucket, number) for bucket, number in counts.items() if number > 0)
    total = sum(number for _bucket, number in ordered)
    if not total:
        return None
    position = fraction * (total - 1)
    lower = math.floor(position)
    upper = min(lower + 1, total - 1)
    weight = position - lower
    low_value = _bucket_value(ordered, lower)
    if weight == 0:
        return low_value
    return low_value * (1 - weight) + _bucket_value(ordered, upper) * weight


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
