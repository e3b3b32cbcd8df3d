"""How one request's timeline turns into its reporting fact. Pure functions, no queries.

The rules (docs/reporting.md repeats them for readers of the figures):

- **acknowledged** at the first status change that moves the request out of `new` into work
  (acknowledged, in progress, on hold, resolved). Closing straight from `new` as a duplicate,
  cancelled or referred is not an acknowledgement.
- **closed** at the last status change into a closed status, if the request is closed now. A
  closed request whose timeline has no such event (history imported without events) uses the
  request's `closed_at`.
- **resolved** means closed with the work done (`resolved` or `closed`); time to close and SLA
  compliance count only these. Duplicates, cancelled and referred requests are left out of both.
- **on time** when a resolved request's closing time is at or before its SLA due time.
- **reopened** each time a status change leaves a closed status for an open one.
- **satisfaction** is the score (1-5) of the latest `service_request.survey_answered` event,
  which a resident's answer to a survey about the request writes (`civicdesk.surveys`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.utils import timezone

from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.workflow import CLOSED_STATUSES

SURVEY_ANSWERED_EVENT = "service_request.survey_answered"
WORK_STATUSES = frozenset(
    {Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED}
)
RESOLVED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})
CLOSED_VALUES = frozenset(status.value for status in CLOSED_STATUSES)
WORK_VALUES = frozenset(status.value for status in WORK_STATUSES)
RESOLVED_VALUES = frozenset(status.value for status in RESOLVED_STATUSES)


@dataclass(frozen=True)
class RequestRow:
    """The request columns a fact needs (one `values_list` row, not a model instance)."""

    id: int
    service_id: int
    department_id: int
    district: str
    channel: str
    status: str
    created_at: datetime
    closed_at: datetime | None
    sla_due_at: datetime | None
    h3_cell: int | None = None


@dataclass(frozen=True)
class EventRow:
    event_type: str
    occurred_at: datetime
    from_status: str
    to_status: str
    data: dict[str, object]


@dataclass(frozen=True)
class Fact:
    service_request_id: int
    service_id: int
    department_id: int
    district: str
    channel: str
    status: str
    created_at: datetime
    created_date: date
    acknowledged_at: datetime | None
    acknowledge_seconds: int | None
    closed_at: datetime | None
    closed_date: date | None
    close_seconds: int | None
    is_resolved: bool
    sla_due_at: datetime | None
    is_closed_on_time: bool | None
    has_been_resolved: bool
    reopen_count: int
    is_duplicate: bool
    satisfaction_score: int | None
    hotspot_cell: int | None
    acknowledge_bucket: int | None = None
    close_bucket: int | None = None
    sla_due_date: date | None = None


HOTSPOT_RESOLUTION = 8

# --- Duration buckets --------------------------------------------------------------------------
#
# Durations (seconds to acknowledge, to close, handle times) are counted per day in buckets, from
# which medians and 90th percentiles are read without sorting every request of a period
# (`selectors._base.percentile_from_buckets`). Bucket i holds the whole seconds
# DURATION_BUCKET_BOUNDS[i - 1] up to DURATION_BUCKET_BOUNDS[i] - 1: one second wide below
# 50 seconds, then never wider than a fiftieth of the smallest duration it holds, so any
# duration read back from its bucket is within 2% of the true one. Numbering starts at 1, as
# PostgreSQL's `width_bucket(value, bounds)` numbers them (`services._TIMELINE_FREE_FACTS_SQL`).

DURATION_BUCKET_WIDTH_DIVISOR = 50
DURATION_RELATIVE_ERROR = 1 / DURATION_BUCKET_WIDTH_DIVISOR
_LONGEST_DURATION_SECONDS = 1 << 40  # about 35,000 years


def _duration_bounds() -> tuple[int, ...]:
    bounds = [0]
    while bounds[-1] <= _LONGEST_DURATION_SECONDS:
        bounds.append(bounds[-1] + max(1, bounds[-1] // DURATION_BUCKET_WIDTH_DIVISOR))
    return tuple(bounds)


DURATION_BUCKET_BOUNDS = _duration_bounds()


def duration_bucket(seconds: float | None) -> int | None:
    """The bucket of a duration in whole seconds (negative counts as 0)."""
    if seconds is None:
        return None
    return bisect_right(DURATION_BUCKET_BOUNDS, max(0, int(seconds)))


def duration_bucket_range(bucket: int) -> tuple[int, int]:
    """The shortest and the longest whole-second duration bucket `bucket` holds."""
    return DURATION_BUCKET_BOUNDS[bucket - 1], DURATION_BUCKET_BOUNDS[bucket] - 1


def hotspot_cell(cell: int | None) -> int | None:
    """The H3 cell at HOTSPOT_RESOLUTION (about 0.7 km²) holding a stored cell, by H3's bit
    layout: write the resolution (bits 52-55) and fill the finer digits with 7s. The same
    arithmetic runs in SQL (`services._TIMELINE_FREE_FACTS_SQL`); a test checks it against the
    h3 library."""
    if cell is None:
        return None
    fine_digits = (15 - HOTSPOT_RESOLUTION) * 3
    return (cell & ~(15 << 52)) | (HOTSPOT_RESOLUTION << 52) | ((1 << fine_digits) - 1)


def local_date(moment: datetime) -> date:
    """The city's calendar day of `moment` (settings.TIME_ZONE)."""
    return timezone.localtime(moment).date()


def next_month(day: date) -> date:
    """The first day of the calendar month after the one holding `day`."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _score(data: dict[str, object]) -> int | None:
    score = data.get("score")
    if isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= 5:
        return score
    return None


def fact_build(request: RequestRow, events: Iterable[EventRow]) -> Fact:
    """The fact of `request` from its timeline (`events` in any order)."""
    acknowledged_at: datetime | None = None
    last_close_at: datetime | None = None
    reopen_count = 0
    score: int | None = None
    ordered = sorted(events, key=lambda event: event.occurred_at)
    for event in ordered:
        if event.event_type == EventType.STATUS_CHANGED:
            if (
                acknowledged_at is None
                and event.from_status == Status.NEW
                and event.to_status in WORK_VALUES
            ):
                acknowledged_at = event.occurred_at
            if event.to_status in CLOSED_VALUES:
                last_close_at = event.occurred_at
            elif event.from_status in CLOSED_VALUES:
                reopen_count += 1
        elif event.event_type == SURVEY_ANSWERED_EVENT:
            score = _score(event.data) if _score(event.data) is not None else score
    is_closed = request.status in CLOSED_VALUES
    closed_at = (last_close_at or request.closed_at) if is_closed else None
    is_resolved = is_closed and request.status in RESOLVED_VALUES
    on_time: bool | None = None
    if is_resolved and closed_at is not None and request.sla_due_at is not None:
        on_time = closed_at <= request.sla_due_at
    fact = Fact(
        service_request_id=request.id,
        service_id=request.service_id,
        department_id=request.department_id,
        district=request.district,
        channel=request.channel,
        status=request.status,
        created_at=request.created_at,
        created_date=local_date(request.created_at),
        acknowledged_at=acknowledged_at,
        acknowledge_seconds=(
            max(0, int((acknowledged_at - request.created_at).total_seconds()))
            if acknowledged_at
            else None
        ),
        closed_at=closed_at,
        closed_date=local_date(closed_at) if closed_at else None,
        close_seconds=(
            max(0, int((closed_at - request.created_at).total_seconds())) if closed_at else None
        ),
        is_resolved=is_resolved,
        sla_due_at=request.sla_due_at,
        is_closed_on_time=on_time,
        has_been_resolved=is_resolved or reopen_count > 0,
        reopen_count=reopen_count,
        is_duplicate=request.status == Status.CLOSED_DUPLICATE,
        satisfaction_score=score,
        hotspot_cell=hotspot_cell(request.h3_cell),
    )
    return replace(
        fact,
        acknowledge_bucket=duration_bucket(fact.acknowledge_seconds),
        close_bucket=duration_bucket(fact.close_seconds),
        sla_due_date=local_date(request.sla_due_at) if request.sla_due_at else None,
    )


def fact_days(fact: Fact) -> set[date]:
    """The rollup days a fact adds to: the day received and, once resolved, the day closed."""
    days = {fact.created_date}
    if fact.is_resolved and fact.closed_date is not None:
        days.add(fact.closed_date)
    return days
