"""Request figures: volume, times, SLA compliance, reopenings, duplicates, backlog, hotspots."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import Case, Count, DateField, F, Q, QuerySet, Sum, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from civicdesk.catalog.models import Department, Service
from civicdesk.catalog.selectors import department_name_localized, service_name_localized
from civicdesk.crm.enums import Channel
from civicdesk.reporting.models import (
    DISTRIBUTION_DIMENSIONS,
    ROLLUP_LARGEST_GROUP,
    DailyDistribution,
    DailyRequestRollup,
    DailyRequestRollupGroup,
    DistributionMeasure,
    RequestFact,
    RollupState,
)
from civicdesk.reporting.selectors._base import (
    _DISTRIBUTION_COLUMNS,
    OPEN_STATUS_VALUES,
    REFRESH_OVERLAP,
    SECONDS_PER_DAY,
    MetricFilters,
    _cached,
    _date_range,
    _dimensions,
    _distribution_counts,
    _distribution_grouping,
    _facts_received,
    _facts_resolved,
    _filters_key,
    _grouped_medians,
    _percentiles,
    _rollups,
    _share,
    day_start,
    dimensions_q,
    percentile_from_buckets,
    service_request_list_matching,
)
from civicdesk.service_requests.models import ServiceRequest

# --- Request figures for a period ---------------------------------------------------------------


@dataclass(frozen=True)
class RequestSummary:
    """The period's request figures. Times are in seconds; shares are 0-1 or None (no data)."""

    received: int
    acknowledged: int
    acknowledge_median_seconds: float | None
    acknowledge_p90_seconds: float | None
    closed: int
    close_median_seconds: float | None
    close_p90_seconds: float | None
    closed_on_time: int
    closed_late: int
    resolved_ever: int
    reopened: int
    duplicates: int
    survey_count: int
    survey_score_sum: int

    @property
    def sla_compliance(self) -> float | None:
        return _share(self.closed_on_time, self.closed_on_time + self.closed_late)

    @property
    def reopen_rate(self) -> float | None:
        return _share(self.reopened, self.resolved_ever)

    @property
    def duplicate_share(self) -> float | None:
        return _share(self.duplicates, self.received)

    @property
    def satisfaction_average(self) -> float | None:
        """Mean survey score (1-5); None until surveys exist and residents answer them."""
        return self.survey_score_sum / self.survey_count if self.survey_count else None


_SUM_COLUMNS = {
    "received": "received_count",
    "acknowledged": "acknowledged_count",
    "closed": "closed_count",
    "closed_on_time": "closed_on_time_count",
    "closed_late": "closed_late_count",
    "resolved_ever": "resolved_ever_count",
    "reopened": "reopened_count",
    "duplicates": "duplicate_count",
    "survey_count": "survey_count",
    "survey_score_sum": "survey_score_sum",
}
_SUMS = {key: Sum(column) for key, column in _SUM_COLUMNS.items()}


def _period_percentiles(
    measure: DistributionMeasure, filters: MetricFilters, fractions: Sequence[float]
) -> list[float | None]:
    """Percentiles of the period's durations, from the daily distributions when they hold the
    filters' group, else exactly from the facts."""
    counts = _distribution_counts(measure, filters)
    if counts is not None:
        found: Mapping[int, int] = counts.get(None, {})
        return [percentile_from_buckets(found, fraction) for fraction in fractions]
    if measure == DistributionMeasure.ACKNOWLEDGE:
        return _percentiles(_facts_received(filters), "acknowledge_seconds", fractions)
    return _percentiles(_facts_resolved(filters), "close_seconds", fractions)


def _rollup_groups_compute(filters: MetricFilters) -> dict[str, list[dict[str, Any]]]:
    """The period's rollup sums in total (key ""), per day, and per department, service,
    district and channel (keys "department_id", "service_id", "district", "channel"), read from
    the group rows (`DailyRequestRollupGroup`): a few thousand rows however many requests,
    instead of every combination of the period. A breakdown whose group would hold more than
    two dimensions (two filters and a third to break down by) is left out, and everything is
    when the filters alone use more than two: the callers then read the rollups themselves."""
    own = _distribution_grouping(filters, None, largest=ROLLUP_LARGEST_GROUP)
    if own is None:
        return {}
    breakdowns = {
        name: grouping
        for name in DISTRIBUTION_DIMENSIONS
        if (grouping := _distribution_grouping(filters, name, largest=ROLLUP_LARGEST_GROUP))
        is not None
    }
    rows = _date_range(
        _dimensions(
            DailyRequestRollupGroup.objects.filter(
                grouping__in=sorted({own, *breakdowns.values()})
            ).order_by(),
            filters,
        ),
        "day",
        filters,
    )
    # The days are kept only for the filters' own group; the other groups add up over the period.
    period_day = Case(When(grouping=own, then=F("day")), default=None, output_field=DateField())
    totals = dict.fromkeys(_SUMS, 0)
    by_day: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_SUMS, 0))
    by_value: dict[str, dict[Any, dict[str, int]]] = {
        name: defaultdict(lambda: dict.fromkeys(_SUMS, 0)) for name in breakdowns
    }
    for row in (
        rows.annotate(period_day=period_day)
        .values("grouping", "period_day", *_DISTRIBUTION_COLUMNS.values())
        .annotate(**_SUMS)
    ):
        found = [(key, int(row[key] or 0)) for key in _SUMS]
        targets = [
            by_value[name][row[_DISTRIBUTION_COLUMNS[name]]]
            for name, grouping in breakdowns.items()
            if grouping == row["grouping"]
        ]
        if row["grouping"] == own:
            targets += [totals, by_day[row["period_day"]]]
        for target in targets:
            for key, value in found:
                target[key] += value
    result: dict[str, list[dict[str, Any]]] = {
        "": [totals],
        "day": [{"day": day, **sums} for day, sums in by_day.items()],
    }
    for name, values in by_value.items():
        column = _DISTRIBUTION_COLUMNS[name]
        result[column] = [{column: value, **sums} for value, sums in values.items()]
    return result


def _rollup_groups(filters: MetricFilters) -> dict[str, list[dict[str, Any]]]:
    return _cached("rollup-groups", _filters_key(filters), lambda: _rollup_groups_compute(filters))


def _request_summary_compute(*, filters: MetricFilters) -> RequestSummary:
    """Volume, times to acknowledge and close, SLA, reopen, duplicate and survey figures."""
    groups = _rollup_groups(filters)
    if "" in groups:
        totals = {key: groups[""][0][key] for key in _SUMS}
    else:
        totals = {key: value or 0 for key, value in _rollups(filters).aggregate(**_SUMS).items()}
    ack_median, ack_p90 = _period_percentiles(DistributionMeasure.ACKNOWLEDGE, filters, (0.5, 0.9))
    close_median, close_p90 = _period_percentiles(DistributionMeasure.CLOSE, filters, (0.5, 0.9))
    return RequestSummary(
        acknowledge_median_seconds=ack_median,
        acknowledge_p90_seconds=ack_p90,
        close_median_seconds=close_median,
        close_p90_seconds=close_p90,
        **totals,
    )


class Dimension(StrEnum):
    DEPARTMENT = "department"
    SERVICE = "service"
    DISTRICT = "district"
    CHANNEL = "channel"


_DIMENSION_FIELDS = {
    Dimension.DEPARTMENT: "department_id",
    Dimension.SERVICE: "service_id",
    Dimension.DISTRICT: "district",
    Dimension.CHANNEL: "channel",
}
DIMENSION_LABELS = {
    Dimension.DEPARTMENT: _("Department"),
    Dimension.SERVICE: _("Service"),
    Dimension.DISTRICT: _("District"),
    Dimension.CHANNEL: _("Channel"),
}


@dataclass(frozen=True)
class BreakdownRow:
    """One department, service, district or channel's figures for the period."""

    key: str
    label: str
    code: str
    received: int
    closed: int
    closed_on_time: int
    closed_late: int
    close_median_seconds: float | None

    @property
    def sla_compliance(self) -> float | None:
        return _share(self.closed_on_time, self.closed_on_time + self.closed_late)

    @property
    def close_median_days(self) -> float | None:
        if self.close_median_seconds is None:
            return None
        return self.close_median_seconds / SECONDS_PER_DAY


def _labels(dimension: Dimension, keys: Sequence[Any]) -> dict[Any, tuple[str, str]]:
    """Each key's label for people, in the active language, and its value in a filter URL.

    The labels depend on the language: they are computed inside `_cached`, whose key holds the
    active language."""
    if dimension == Dimension.DEPARTMENT:
        rows = (
            Department.objects.filter(pk__in=keys)
            .annotate(shown_name=department_name_localized(get_language()))
            .values_list("pk", "shown_name", "code")
        )
        return {pk: (name, code) for pk, name, code in rows}
    if dimension == Dimension.SERVICE:
        return _service_labels(keys)
    if dimension == Dimension.CHANNEL:
        return {value: (str(label), value) for value, label in Channel.choices}
    return {key: (label, key) for key, label in district_names(keys).items()}


def _service_labels(keys: Sequence[Any]) -> dict[Any, tuple[str, str]]:
    """Each service's name as the resident portal shows it (`catalog.selectors`): its name in
    the active language where the catalog has one, else its own name; and its code."""
    rows = (
        Service.objects.filter(pk__in=keys)
        .annotate(shown_name=service_name_localized(get_language()))
        .values_list("pk", "shown_name", "code")
    )
    return {pk: (name, code) for pk, name, code in rows}


def district_names(codes: Sequence[str]) -> dict[str, str]:
    """The name of each district code (boundaries of kind district), or the code itself."""
    from civicdesk.geo.enums import BoundaryKind
    from civicdesk.geo.models import Boundary

    names = dict(
        Boundary.objects.filter(kind=BoundaryKind.DISTRICT, code__in=codes).values_list(
            "code", "name"
        )
    )
    return {code: names.get(code) or code or str(_("Unknown")) for code in codes}


def _district_choices_compute() -> list[tuple[str, str]]:
    from civicdesk.geo.enums import BoundaryKind
    from civicdesk.geo.models import Boundary

    codes = set(
        Boundary.objects.filter(kind=BoundaryKind.DISTRICT, is_active=True).values_list(
            "code", flat=True
        )
    )
    if not codes:  # no district boundaries loaded: the districts the requests name
        codes = set(
            DailyRequestRollup.objects.order_by().values_list("district", flat=True).distinct()
        )
    names = district_names(sorted(code for code in codes if code))
    return sorted(names.items(), key=lambda pair: pair[1])


def district_choices() -> list[tuple[str, str]]:
    """The city's districts, for a filter menu (cached until the next rollup refresh)."""
    return _cached("districts", None, _district_choices_compute)


def _request_breakdown_compute(
    *, filters: MetricFilters, dimension: Dimension
) -> list[BreakdownRow]:
    """The period's figures per department, service, district or channel, busiest first."""
    field_name = _DIMENSION_FIELDS[dimension]
    summed = _rollup_groups(filters)
    if field_name in summed:
        rows = [
            {**row, "on_time": row["closed_on_time"], "late": row["closed_late"]}
            for row in summed[field_name]
            if row["received"] > 0 or row["closed"] > 0
        ]
    else:
        rows = list(
            _rollups(filters)
            .values(field_name)
            .annotate(
                received=Sum("received_count"),
                closed=Sum("closed_count"),
                on_time=Sum("closed_on_time_count"),
                late=Sum("closed_late_count"),
            )
            .filter(Q(received__gt=0) | Q(closed__gt=0))
        )
    counts = _distribution_counts(DistributionMeasure.CLOSE, filters, by=dimension.value)
    if counts is not None:
        medians = {key: percentile_from_buckets(found, 0.5) for key, found in counts.items()}
    else:
        medians = _grouped_medians(_facts_resolved(filters), field_name, "close_seconds")
    labels = _labels(dimension, [row[field_name] for row in rows])
    result = [
        BreakdownRow(
            key=str(row[field_name]),
            label=labels.get(row[field_name], (str(row[field_name]), ""))[0],
            code=labels.get(row[field_name], ("", str(row[field_name])))[1],
            received=row["received"] or 0,
            closed=row["closed"] or 0,
            closed_on_time=row["on_time"] or 0,
            closed_late=row["late"] or 0,
            close_median_seconds=medians.get(row[field_name]),
        )
        for row in rows
    ]
    return sorted(result, key=lambda row: (-row.received, row.label))


@dataclass(frozen=True)
class DayVolume:
    day: date
    received: int
    closed: int


def _request_volume_by_day_compute(*, filters: MetricFilters) -> list[DayVolume]:
    """Requests received and closed (with the work done) on each day of the period."""
    summed = _rollup_groups(filters)
    if "day" in summed:
        found = {row["day"]: row for row in summed["day"]}
    else:
        found = {
            row["day"]: row
            for row in _rollups(filters)
            .values("day")
            .annotate(received=Sum("received_count"), closed=Sum("closed_count"))
        }
    if filters.start_date is None or filters.end_date is None:
        days = sorted(found)
    else:
        days = [filters.start_date + timedelta(days=n) for n in range(filters.day_count)]
    return [
        DayVolume(
            day=day,
            received=(found[day]["received"] or 0) if day in found else 0,
            closed=(found[day]["closed"] or 0) if day in found else 0,
        )
        for day in days
    ]


# --- Live figures and the backlog, from the requests themselves ----------------------------------


@dataclass(frozen=True)
class AgeBucket:
    key: str
    label: Any
    min_days: int
    max_days: int | None


AGE_BUCKETS = (
    AgeBucket("0-2", _("0 to 2 days"), 0, 3),
    AgeBucket("3-7", _("3 to 7 days"), 3, 8),
    AgeBucket("8-30", _("8 to 30 days"), 8, 31),
    AgeBucket("31-90", _("31 to 90 days"), 31, 91),
    AgeBucket("91+", _("Over 90 days"), 91, None),
)
AGE_BUCKET_KEYS = {bucket.key: bucket for bucket in AGE_BUCKETS}


def age_bucket_q(bucket: AgeBucket, now: datetime) -> Q:
    """Open requests whose age falls in `bucket` (whole 24-hour days since they arrived)."""
    condition = Q(created_at__lte=now - timedelta(days=bucket.min_days))
    if bucket.max_days is not None:
        condition &= Q(created_at__gt=now - timedelta(days=bucket.max_days))
    return condition


@dataclass(frozen=True)
class LiveFigures:
    received_today: int
    open_now: int
    breaching_now: int


@dataclass(frozen=True)
class Backlog:
    open_now: int
    breaching_now: int
    buckets: list[tuple[AgeBucket, int]] = field(default_factory=list)


def _open_requests(filters: MetricFilters) -> QuerySet[ServiceRequest]:
    dimensions_only = replace(filters, start_date=None, end_date=None)
    return _dimensions(ServiceRequest.objects.order_by(), dimensions_only).filter(
        status__in=OPEN_STATUS_VALUES
    )


def _live_figures_compute(*, filters: MetricFilters, now: datetime) -> LiveFigures:
    """Today's intake, requests open now, and open requests past their SLA due time now (the
    last two from the backlog, which the dashboard reads anyway)."""
    dimensions_only = replace(filters, start_date=None, end_date=None)
    today = timezone.localdate(now)
    received_today = (
        _dimensions(ServiceRequest.objects.order_by(), dimensions_only)
        .filter(created_at__gte=day_start(today), created_at__lte=now)
        .count()
    )
    open_now = backlog(filters=filters, now=now)
    return LiveFigures(
        received_today=received_today,
        open_now=open_now.open_now,
        breaching_now=open_now.breaching_now,
    )


def _backlog_counts(
    rows: QuerySet[Any], now: datetime, *, among: Q | None = None
) -> dict[str, int]:
    """Open requests (or their facts) in `rows` counted in the database: all of them
    ("open_now"), those past due at `now` ("breaching_now") and those of each age bucket;
    only those matching `among`, when given: a condition counted rather than filtered on, so
    that PostgreSQL narrows `rows` by their own index alone. With the status or a dimension in
    the WHERE clause it may AND that index with one holding hundreds of thousands of entries
    (the open requests, a service's requests): 60-70 ms instead of 1-8 at 10M requests."""
    extra = among if among else Q()
    aggregates: dict[str, Any] = {
        bucket.key: Count("pk", filter=age_bucket_q(bucket, now) & extra) for bucket in AGE_BUCKETS
    }
    aggregates["open_now"] = Count("pk", filter=extra) if among else Count("pk")
    aggregates["breaching_now"] = Count("pk", filter=Q(sla_due_at__lt=now) & extra)
    return rows.aggregate(**aggregates)


def _backlog_from_requests(*, filters: MetricFilters, now: datetime) -> Backlog:
    """The backlog counted straight from the open requests (every one of them)."""
    counts = _backlog_counts(_open_requests(filters), now)
    return Backlog(
        open_now=counts["open_now"],
        breaching_now=counts["breaching_now"],
        buckets=[(bucket, counts[bucket.key]) for bucket in AGE_BUCKETS],
    )


# More requests changed since the last refresh than this, and the backlog is counted from the
# requests themselves (the refresh has not run for a long while, or a bulk load is under way).
BACKLOG_CHANGED_LIMIT = 20_000


def _age_cuts(now: datetime) -> list[tuple[str, datetime, datetime | None]]:
    """Each bucket's key with its newest and oldest arrival time at `now`, worked out once for
    the hundreds of days the backlog sorts into buckets."""
    return [
        (
            bucket.key,
            now - timedelta(days=bucket.min_days),
            None if bucket.max_days is None else now - timedelta(days=bucket.max_days),
        )
        for bucket in AGE_BUCKETS
    ]


def _age_bucket_of(
    created_at: datetime, cuts: Sequence[tuple[str, datetime, datetime | None]]
) -> str | None:
    for key, newest, oldest in cuts:
        if created_at <= newest and (oldest is None or created_at > oldest):
            return key
    return None  # received after `now`


def _backlog_as_refreshed(
    filters: MetricFilters, grouping: str, now: datetime
) -> tuple[int, dict[str, int], int]:
    """Open, per age bucket and past due at `now`, counting the requests as the last refresh
    saw them (their facts)."""
    dimensions_only = replace(filters, start_date=None, end_date=None)
    snapshot = _dimensions(
        DailyDistribution.objects.filter(
            grouping=grouping,
            measure__in=[DistributionMeasure.OPEN_RECEIVED, DistributionMeasure.OPEN_DUE],
        ).order_by(),
        dimensions_only,
    )
    received: dict[date, int] = defaultdict(int)
    due: dict[date, int] = defaultdict(int)
    for measure, day, total in snapshot.values_list("measure", "day", "total"):
        (received if measure == DistributionMeasure.OPEN_RECEIVED else due)[day] += total
    # Whole days inside one age bucket count from the snapshot; the days a boundary (or now)
    # falls on are counted request by request.
    cuts = [now - timedelta(days=bucket.min_days) for bucket in AGE_BUCKETS]
    cuts += [now - timedelta(days=b.max_days) for b in AGE_BUCKETS if b.max_days is not None]
    boundary_days = {timezone.localdate(cut) for cut in cuts}
    counts = dict.fromkeys(AGE_BUCKET_KEYS, 0)
    age_cuts = _age_cuts(now)
    for day, total in received.items():
        key = None if day in boundary_days else _age_bucket_of(day_start(day), age_cuts)
        if key is not None:
            counts[key] += total
    facts = _dimensions(
        RequestFact.objects.filter(status__in=OPEN_STATUS_VALUES).order_by(), dimensions_only
    )
    # A boundary day holds a thousand open requests at 10 million: counted in the database,
    # read through the open facts' (created_date, department) index; the other filters are
    # counted (see `_backlog_counts`).
    on_boundaries = _backlog_counts(
        _dimensions(
            RequestFact.objects.filter(
                status__in=OPEN_STATUS_VALUES, created_date__in=sorted(boundary_days)
            ).order_by(),
            MetricFilters(department_ids=filters.department_ids),
        ),
        now,
        among=dimensions_q(replace(dimensions_only, department_ids=None)),
    )
    for key in counts:
        counts[key] += on_boundaries[key]
    today = timezone.localdate(now)
    breaching = sum(total for day, total in due.items() if day < today)
    breaching += facts.filter(sla_due_date=today, sla_due_at__lt=now).count()
    return sum(received.values()), counts, breaching


def _backlog_compute(*, filters: MetricFilters, now: datetime) -> Backlog:
    """Requests open now (whenever they arrived) by age, and how many are past due.

    Counted without reading every open request: the open requests as of the last rollup
    refresh, per day received and per day due (`DailyDistribution`), for whole days inside an
    age bucket; the facts themselves on the few days an age boundary or "now" cuts through; then
    each request changed since the refresh swaps its fact's contribution for its current state.
    The result equals `_backlog_from_requests` exactly (tests/reporting/test_rollups.py)."""
    state = RollupState.objects.filter(key="default").values_list(
        "requests_seen_through_at", flat=True
    )
    seen_through = state.first()
    grouping = _distribution_grouping(filters, None)
    if seen_through is None or grouping is None:
        return _backlog_from_requests(filters=filters, now=now)
    changed = ServiceRequest.objects.filter(updated_at__gte=seen_through - REFRESH_OVERLAP)
    if changed.count() > BACKLOG_CHANGED_LIMIT:
        return _backlog_from_requests(filters=filters, now=now)

    open_now, counts, breaching_now = _backlog_as_refreshed(filters, grouping, now)

    # Requests changed since the refresh: take out what their open facts counted, and count
    # those open now. Either side is narrowed by the filters as it stands (counted, as above).
    dimensions_only = replace(filters, start_date=None, end_date=None)
    among = Q(status__in=OPEN_STATUS_VALUES) & dimensions_q(dimensions_only)
    counted = RequestFact.objects.filter(service_request_id__in=changed.values("pk")).order_by()
    for rows, sign in ((counted, -1), (changed.order_by(), 1)):
        found = _backlog_counts(rows, now, among=among)
        open_now += sign * found["open_now"]
        breaching_now += sign * found["breaching_now"]
        for key in counts:
            counts[key] += sign * found[key]
    return Backlog(
        open_now=open_now,
        breaching_now=breaching_now,
        buckets=[(bucket, counts[bucket.key]) for bucket in AGE_BUCKETS],
    )


# --- Hotspots and drill-down --------------------------------------------------------------------


@dataclass(frozen=True)
class Hotspot:
    cell: int
    count: int


def _request_hotspots_compute(*, filters: MetricFilters, limit: int) -> list[Hotspot]:
    counts = _distribution_counts(DistributionMeasure.HOTSPOT, filters)
    if counts is not None:
        found: Mapping[int, int] = counts.get(None, {})
        busiest = sorted(found.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
        return [Hotspot(cell=cell, count=number) for cell, number in busiest if number]
    rows = (
        _facts_received(filters)
        .exclude(hotspot_cell__isnull=True)
        .values("hotspot_cell")
        # COUNT(*), not COUNT(the key): the key is not in the hotspot index, and counting it
        # made PostgreSQL read every matching fact's row (100 ms for a department's month at
        # 10M requests) instead of the index alone.
        .annotate(number=Count("*"))
        .order_by("-number", "hotspot_cell")
        .values_list("hotspot_cell", "number")[:limit]
    )
    return [Hotspot(cell=cell, count=number) for cell, number in rows if cell is not None]


class DrillDown(StrEnum):
    """Which requests a figure counted: received in the period (the default), open now, open
    and past due now, or resolved in the period on time or late."""

    RECEIVED = "received"
    OPEN = "open"
    BREACHING = "breaching"
    ON_TIME = "on_time"
    LATE = "late"


def service_request_list_drilldown(
    *, filters: MetricFilters, drill_down: DrillDown, now: datetime, age: str = ""
) -> QuerySet[ServiceRequest]:
    """The requests behind a dashboard figure, newest first, with service and department."""
    if drill_down in (DrillDown.OPEN, DrillDown.BREACHING):
        requests = _open_requests(filters)
        if drill_down == DrillDown.BREACHING:
            requests = requests.filter(sla_due_at__lt=now)
        if age in AGE_BUCKET_KEYS:
            requests = requests.filter(age_bucket_q(AGE_BUCKET_KEYS[age], now))
    elif drill_down in (DrillDown.ON_TIME, DrillDown.LATE):
        facts = _facts_resolved(filters).filter(is_closed_on_time=drill_down == DrillDown.ON_TIME)
        requests = ServiceRequest.objects.filter(pk__in=facts.values("service_request_id"))
    else:
        requests = service_request_list_matching(filters=filters)
    return requests.select_related("service", "department").order_by("-created_at", "-pk")


# --- Cached entry points ---


def request_summary(*, filters: MetricFilters) -> RequestSummary:
    """Volume, times to acknowledge and close, SLA, reopen, duplicate and survey figures."""
    return _cached(
        "summary", _filters_key(filters), lambda: _request_summary_compute(filters=filters)
    )


def request_breakdown(*, filters: MetricFilters, dimension: Dimension) -> list[BreakdownRow]:
    """The period's figures per department, service, district or channel, busiest first."""
    return _cached(
        f"breakdown-{dimension.value}",
        _filters_key(filters),
        lambda: _request_breakdown_compute(filters=filters, dimension=dimension),
    )


def request_volume_by_day(*, filters: MetricFilters) -> list[DayVolume]:
    """Requests received and closed (with the work done) on each day of the period."""
    return _cached(
        "volume", _filters_key(filters), lambda: _request_volume_by_day_compute(filters=filters)
    )


def request_hotspots(*, filters: MetricFilters, limit: int = 200) -> list[Hotspot]:
    """Where the period's requests cluster: counts per H3 cell, busiest first."""
    return _cached(
        f"hotspots-{limit}",
        _filters_key(filters),
        lambda: _request_hotspots_compute(filters=filters, limit=limit),
    )


def live_figures(*, filters: MetricFilters, now: datetime) -> LiveFigures:
    """Today's intake, requests open now, and open requests past their SLA due time now."""
    return _cached(
        "live",
        _filters_key(filters),
        lambda: _live_figures_compute(filters=filters, now=now),
        live_at=now,
    )


def backlog(*, filters: MetricFilters, now: datetime) -> Backlog:
    """Requests open now (whenever they arrived) by age, and how many are past due."""
    return _cached(
        "backlog",
        _filters_key(filters),
        lambda: _backlog_compute(filters=filters, now=now),
        live_at=now,
    )
