"""Incremental rollups always equal a fresh computation from the raw requests and timeline."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from civicdesk.crm.enums import Channel, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Interaction
from civicdesk.reporting import selectors
from civicdesk.reporting.facts import EventRow, Fact, RequestRow, fact_build
from civicdesk.reporting.models import (
    MONTHLY_DISTRIBUTION_MEASURES,
    DailyDistribution,
    DailyRequestRollup,
    MonthlyDistribution,
    RequestFact,
)
from civicdesk.reporting.selectors import Dimension, MetricFilters, percentile
from civicdesk.reporting.selectors.requests import _backlog_compute, _backlog_from_requests
from civicdesk.reporting.services import rollups_refresh
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services.lifecycle import (
    service_request_change_status,
    service_request_mark_duplicate,
)
from civicdesk.service_requests.workflow import ALLOWED_TRANSITIONS
from tests.factories.reporting import NOW, FixtureCity, may, service_request_with_timeline

pytestmark = pytest.mark.django_db
NO_OVERLAP = timedelta(0)


def _raw_facts() -> list[Fact]:
    """Facts straight from the requests and their whole timeline, ignoring every stored table."""
    events: dict[int, list[EventRow]] = defaultdict(list)
    for event in ServiceRequestEvent.objects.all():
        events[event.service_request_id].append(
            EventRow(
                event.event_type, event.occurred_at, event.from_status, event.to_status, event.data
            )
        )
    return [
        fact_build(
            RequestRow(
                request.pk,
                request.service_id,
                request.department_id,
                request.district,
                request.channel,
                request.status,
                request.created_at,
                request.closed_at,
                request.sla_due_at,
                request.h3_cell,
            ),
            events[request.pk],
        )
        for request in ServiceRequest.objects.all()
    ]


def _in(day: date | None, filters: MetricFilters) -> bool:
    return day is not None and filters.start_date <= day <= filters.end_date  # type: ignore[operator]


def _matches(fact: Fact, filters: MetricFilters) -> bool:
    return (
        (filters.service_id is None or fact.service_id == filters.service_id)
        and (filters.department_ids is None or fact.department_id in filters.department_ids)
        and (not filters.district or fact.district == filters.district)
        and (not filters.channel or fact.channel == filters.channel)
    )


def _raw_summary(filters: MetricFilters) -> dict[str, Any]:
    facts = [fact for fact in _raw_facts() if _matches(fact, filters)]
    received = [fact for fact in facts if _in(fact.created_date, filters)]
    resolved = [fact for fact in facts if fact.is_resolved and _in(fact.closed_date, filters)]
    acknowledge = sorted(
        f.acknowledge_seconds for f in received if f.acknowledge_seconds is not None
    )
    close = sorted(f.close_seconds for f in resolved if f.close_seconds is not None)
    return {
        "received": len(received),
        "acknowledged": len(acknowledge),
        "acknowledge_median_seconds": percentile(acknowledge, 0.5),
        "acknowledge_p90_seconds": percentile(acknowledge, 0.9),
        "closed": len(resolved),
        "close_median_seconds": percentile(close, 0.5),
        "close_p90_seconds": percentile(close, 0.9),
        "closed_on_time": sum(1 for f in resolved if f.is_closed_on_time is True),
        "closed_late": sum(1 for f in resolved if f.is_closed_on_time is False),
        "resolved_ever": sum(1 for f in received if f.has_been_resolved),
        "reopened": sum(1 for f in received if f.reopen_count),
        "duplicates": sum(1 for f in received if f.is_duplicate),
        "survey_count": sum(1 for f in received if f.satisfaction_score is not None),
        "survey_score_sum": sum(f.satisfaction_score or 0 for f in received),
    }


def _stored_summary(filters: MetricFilters) -> dict[str, Any]:
    summary = selectors.request_summary(filters=filters)
    return {key: getattr(summary, key) for key in _raw_summary(filters)}


def _bounded(raw: dict[str, Any]) -> dict[str, Any]:
    """Counts exactly; medians and 90th percentiles within the bound bucketed durations keep."""
    return {
        key: pytest.approx(value, rel=selectors.PERCENTILE_RELATIVE_ERROR)
        if key.endswith("_seconds") and value is not None
        else value
        for key, value in raw.items()
    }


def _raw_hotspots(filters: MetricFilters) -> dict[int, int]:
    found: dict[int, int] = defaultdict(int)
    for fact in _raw_facts():
        if _matches(fact, filters) and _in(fact.created_date, filters) and fact.hotspot_cell:
            found[fact.hotspot_cell] += 1
    return dict(found)


_FACT_FIELDS = {
    Dimension.DEPARTMENT: "department_id",
    Dimension.SERVICE: "service_id",
    Dimension.DISTRICT: "district",
    Dimension.CHANNEL: "channel",
}


def _assert_breakdowns_and_days(facts: list[Fact], filters: MetricFilters) -> None:
    """Every breakdown's counts and every day's volume equal a count of the raw facts (the
    group rows answer up to two dimensions, the rollups themselves beyond)."""
    matching = [fact for fact in facts if _matches(fact, filters)]
    for dimension, field_name in _FACT_FIELDS.items():
        raw: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for fact in matching:
            key = str(getattr(fact, field_name))
            if _in(fact.created_date, filters):
                raw[key][0] += 1
            if fact.is_resolved and _in(fact.closed_date, filters):
                raw[key][1] += 1
                raw[key][2] += fact.is_closed_on_time is True
                raw[key][3] += fact.is_closed_on_time is False
        stored = {
            row.key: [row.received, row.closed, row.closed_on_time, row.closed_late]
            for row in selectors.request_breakdown(filters=filters, dimension=dimension)
        }
        assert stored == {key: counts for key, counts in raw.items() if any(counts)}, (
            filters,
            dimension,
        )
    days = {
        day.day: (day.received, day.closed)
        for day in selectors.request_volume_by_day(filters=filters)
    }
    assert sum(received for received, _closed in days.values()) == sum(
        1 for fact in matching if _in(fact.created_date, filters)
    )
    for day, (received, closed) in days.items():
        assert received == sum(1 for fact in matching if fact.created_date == day), (filters, day)
        assert closed == sum(
            1 for fact in matching if fact.is_resolved and fact.closed_date == day
        ), (filters, day)


def _assert_consistent(city: FixtureCity) -> None:
    facts = _raw_facts()
    periods = [
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 5, 1), date(2026, 5, 31)),
        (date(2026, 5, 10), date(2026, 5, 16)),
        (date(2026, 6, 1), date(2026, 6, 10)),
    ]
    for start, end in periods:
        for extra in (
            {},
            {"department_ids": frozenset({city.streets.pk})},
            {"service_id": city.graffiti.pk},
            {"district": "south"},
            {"channel": Channel.WEB},
            {"department_ids": frozenset({city.streets.pk}), "channel": Channel.PHONE},
            {"district": "north", "channel": Channel.WEB},
            # Three dimensions: no distribution keeps them, the facts answer.
            {"service_id": city.pothole.pk, "district": "north", "channel": Channel.PHONE},
            # With a department, the facts are read day by day (`_fact_days`).
            {
                "department_ids": frozenset({city.streets.pk}),
                "district": "north",
                "channel": Channel.PHONE,
            },
        ):
            filters = MetricFilters(start_date=start, end_date=end, **extra)
            raw, stored = _raw_summary(filters), _stored_summary(filters)
            assert stored == _bounded(raw), (filters, stored, raw)
            hotspots = selectors.request_hotspots(filters=filters)
            assert {spot.cell: spot.count for spot in hotspots} == _raw_hotspots(filters)
            _assert_breakdowns_and_days(facts, filters)
    june = MetricFilters(start_date=date(2026, 4, 1), end_date=date(2026, 6, 30))
    for dimension, field_name in (
        (Dimension.SERVICE, "service_id"),
        (Dimension.DISTRICT, "district"),
        (Dimension.CHANNEL, "channel"),
    ):
        for narrowed in (june, replace(june, department_ids=frozenset({city.streets.pk}))):
            for row in selectors.request_breakdown(filters=narrowed, dimension=dimension):
                if not row.key:
                    continue  # "unknown district" is not a filter value
                key = int(row.key) if field_name == "service_id" else row.key
                raw = _raw_summary(replace(narrowed, **{field_name: key}))
                assert row.close_median_seconds == _bounded(raw)["close_median_seconds"], row
    by_department = {
        int(row.key): (row.received, row.closed, row.closed_on_time, row.closed_late)
        for row in selectors.request_breakdown(filters=june, dimension=Dimension.DEPARTMENT)
    }
    for department_id, figures in by_department.items():
        raw = _raw_summary(
            MetricFilters(
                start_date=june.start_date,
                end_date=june.end_date,
                department_ids=frozenset({department_id}),
            )
        )
        assert figures == (
            raw["received"],
            raw["closed"],
            raw["closed_on_time"],
            raw["closed_late"],
        )


def _random_changes(city: FixtureCity, rng: random.Random, moment: datetime) -> datetime:
    """New requests, status moves (reopenings included), duplicates and interactions."""
    services = [city.pothole, city.graffiti]
    for _ in range(rng.randint(1, 3)):
        moment += timedelta(hours=rng.randint(1, 30))
        service_request_with_timeline(
            service=rng.choice(services),
            created_at=moment,
            channel=rng.choice([Channel.WEB, Channel.PHONE, Channel.APP]),
            district=rng.choice(["north", "south", ""]),
            sla_due_at=moment + timedelta(days=rng.randint(1, 6)) if rng.random() < 0.8 else None,
        )
    candidates = list(ServiceRequest.objects.order_by("pk"))
    for service_request in rng.sample(candidates, k=min(5, len(candidates))):
        moves = sorted(ALLOWED_TRANSITIONS[Status(service_request.status)])
        if not moves:
            continue
        moment += timedelta(hours=rng.randint(1, 40))
        target = rng.choice(moves)
        if service_request.status == Status.RESOLVED and rng.random() < 0.6:
            target = Status.IN_PROGRESS  # a reopening
        if target == Status.CLOSED_DUPLICATE:
            original = rng.choice([r for r in candidates if r.pk != service_request.pk])
            if original.duplicate_of_id is None:
                service_request_mark_duplicate(
                    service_request=service_request, original=original, actor=None, now=moment
                )
            continue
        service_request_change_status(
            service_request=service_request, to_status=target, actor=None, now=moment
        )
    Interaction.objects.create(
        channel=Channel.PHONE,
        reason=InteractionReason.QUESTION,
        outcome=rng.choice([InteractionOutcome.ANSWERED, InteractionOutcome.TRANSFERRED]),
        started_at=moment,
        ended_at=moment + timedelta(seconds=rng.randint(30, 900)),
        created_at=moment,
    )
    return moment


def _assert_backlog_exact(city: FixtureCity, moment: datetime) -> None:
    """The backlog read from the refreshed snapshot, the boundary days and the requests changed
    since equals a count of every open request, at any moment and with any filter."""
    for now in (moment, moment + timedelta(hours=30), moment + timedelta(days=3, minutes=1), NOW):
        for filters in (
            MetricFilters(),
            MetricFilters(department_ids=frozenset({city.streets.pk})),
            MetricFilters(district="south"),
            MetricFilters(service_id=city.pothole.pk, channel=Channel.WEB),
            MetricFilters(service_id=city.pothole.pk, district="north", channel=Channel.PHONE),
        ):
            stored = _backlog_compute(filters=filters, now=now)
            assert stored == _backlog_from_requests(filters=filters, now=now), (filters, now)


def _assert_months_add_up_their_days() -> None:
    """Each monthly distribution row holds exactly the sum of its month's daily rows."""
    group = ("measure", "grouping", "department_id", "service_id", "district", "channel")
    expected: dict[tuple[Any, ...], Counter[int]] = defaultdict(Counter)
    daily = DailyDistribution.objects.filter(measure__in=MONTHLY_DISTRIBUTION_MEASURES)
    for day, *key, counts in daily.values_list("day", *group, "counts"):
        expected[(day.replace(day=1), *key)].update(dict(counts))
    stored: dict[tuple[Any, ...], Counter[int]] = {}
    for day, *key, counts, total in MonthlyDistribution.objects.values_list(
        "day", *group, "counts", "total"
    ):
        stored[(day, *key)] = Counter(dict(counts))
        assert total == sum(stored[(day, *key)].values())
    assert stored == expected
    assert any(key[1] == "close" for key in stored)  # the fixture closes requests in May


def test_rollups__equal_raw_computation_after_random_changes(city: FixtureCity) -> None:
    rng = random.Random(8)  # noqa: S311 - test data, not secrets
    rollups_refresh(now=NOW, overlap=NO_OVERLAP)
    _assert_consistent(city)
    moment = may(12, 8)
    for _round in range(6):
        moment = _random_changes(city, rng, moment)
        _assert_backlog_exact(city, moment)  # changes the refresh has not read yet
        rollups_refresh(now=NOW, overlap=NO_OVERLAP)
        _assert_consistent(city)
        _assert_months_add_up_their_days()
        _assert_backlog_exact(city, moment)
    assert ServiceRequest.objects.filter(status=Status.IN_PROGRESS).exists()
    assert selectors.backlog(filters=MetricFilters(), now=NOW).open_now > 0


def test_refresh__reads_only_what_changed_and_moves_a_reopened_close(city: FixtureCity) -> None:
    rollups_refresh(now=NOW, overlap=NO_OVERLAP)
    r1 = city.requests["R1"]
    service_request_change_status(
        service_request=r1, to_status=Status.IN_PROGRESS, actor=None, now=may(20, 9)
    )
    result = rollups_refresh(now=NOW, overlap=NO_OVERLAP)
    assert result.requests_refreshed <= 2  # R1, and the newest row read last time
    assert result.request_days_refreshed >= 2  # 2 May (received) and 4 May (its old close)
    fact = RequestFact.objects.get(pk=r1.pk)
    assert (fact.is_resolved, fact.closed_date, fact.reopen_count) == (False, None, 1)
    assert not DailyRequestRollup.objects.filter(day=date(2026, 5, 4), closed_count__gt=0).exists()
    summary = selectors.request_summary(
        filters=MetricFilters(start_date=date(2026, 5, 1), end_date=date(2026, 5, 31))
    )
    assert (summary.closed, summary.reopened) == (4, 2)


def test_refresh__full_rebuild_gives_the_same_rows(city: FixtureCity) -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        return sorted(
            DailyRequestRollup.objects.values_list(
                "day", "service_id", "district", "channel", "received_count", "closed_count"
            )
        )

    before = snapshot()
    rollups_refresh(now=NOW, full=True)
    assert snapshot() == before


def test_facts__history_without_a_timeline_follows_the_same_rules(city: FixtureCity) -> None:
    """Imported requests carry a status and `closed_at` but no status events; on PostgreSQL
    their facts are written in SQL, which must agree with the Python rules."""
    imported = []
    for status, closed_at, due in (
        (Status.CLOSED, may(14, 23, 30), may(14, 12)),  # late, closed late at night
        (Status.RESOLVED, may(15, 8), may(16, 8)),  # on time
        (Status.CLOSED_DUPLICATE, may(15, 9), None),
        (Status.CANCELLED, may(15, 10), may(20, 10)),
        (Status.CLOSED, None, may(20, 10)),  # closed without a closing time
        (Status.ON_HOLD, None, may(16, 9)),
    ):
        service_request = service_request_with_timeline(
            service=city.pothole, created_at=may(13, 22, 15), channel=Channel.WEB, sla_due_at=due
        )
        ServiceRequest.objects.filter(pk=service_request.pk).update(
            status=status, closed_at=closed_at
        )
        imported.append(service_request.pk)
    rollups_refresh(now=NOW, full=True)
    expected = {fact.service_request_id: fact for fact in _raw_facts()}
    for pk in imported:
        stored = RequestFact.objects.get(pk=pk)
        assert {name: getattr(stored, name) for name in vars(expected[pk])} == vars(expected[pk])
    late = RequestFact.objects.get(pk=imported[0])
    assert (late.created_date, late.closed_date, late.is_closed_on_time) == (
        date(2026, 5, 13),
        date(2026, 5, 14),
        False,
    )
    _assert_consistent(city)
