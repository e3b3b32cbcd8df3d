"""Every metric against the answer worked out by hand on the fixture city.

The city and its timelines are described in tests/factories/reporting.py.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from typing import Any

import pytest

from civicdesk.crm.enums import Channel
from civicdesk.geo.cells import cell_parent
from civicdesk.reporting import selectors
from civicdesk.reporting.facts import duration_bucket, hotspot_cell
from civicdesk.reporting.selectors import (
    Dimension,
    MetricFilters,
    percentile,
    percentile_from_buckets,
)
from civicdesk.reporting.services import rollups_refresh
from tests.factories.reporting import NOW, FixtureCity, may, service_request_with_timeline

MAY = MetricFilters(start_date=date(2026, 5, 1), end_date=date(2026, 5, 31))
HOUR = 3600
DAY = 86400


def _duration(seconds: float) -> Any:
    """Medians and 90th percentiles come from bucketed durations: within 2% of the exact value."""
    return pytest.approx(seconds, rel=selectors.PERCENTILE_RELATIVE_ERROR)


def test_percentile__interpolates_between_ranks_like_percentile_cont() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 20, 30, 40, 50], 0.9) == pytest.approx(46)


def test_percentile_from_buckets__stays_within_two_percent_of_the_exact_percentile() -> None:
    rng = random.Random(5)  # noqa: S311 - test data
    for _round in range(40):
        # Durations from seconds to months, with ties and clusters, as real requests have.
        count = rng.choice([1, 2, 3, 10, 250, 4000])
        scale = rng.choice([30, 3600, 86400, 30 * 86400])
        durations = sorted(int(rng.expovariate(1 / scale)) for _ in range(count))
        counts = Counter(duration_bucket(seconds) for seconds in durations)
        for fraction in (0.5, 0.9):
            exact = percentile(durations, fraction)
            assert exact is not None
            estimate = percentile_from_buckets(counts, fraction)
            assert estimate == pytest.approx(exact, rel=selectors.PERCENTILE_RELATIVE_ERROR, abs=0)
    # Below 50 seconds a bucket holds one whole second: exact.
    assert percentile_from_buckets(Counter([duration_bucket(7), duration_bucket(9)]), 0.5) == 8
    assert percentile_from_buckets(Counter(), 0.5) is None
    # A wrong bucket is more than 2% away: the bound can fail.
    shifted = Counter({duration_bucket(86400 * 1.05): 1})
    assert percentile_from_buckets(shifted, 0.5) != pytest.approx(86400, rel=0.02)


def test_summary__volume_and_times_in_the_period(city: FixtureCity) -> None:
    summary = selectors.request_summary(filters=MAY)
    assert summary.received == 7  # R7 arrived in April
    assert summary.acknowledged == 5  # not R4 (closed as duplicate from new) nor R6 (new)
    assert summary.acknowledge_median_seconds == _duration(2 * HOUR)
    assert summary.acknowledge_p90_seconds == _duration(57600)  # 4 h·0.4 + 24 h·0.6
    assert summary.closed == 5  # R1, R2, R3, R8 and April's R7, closed in May
    assert summary.close_median_seconds == _duration(3 * DAY)
    assert summary.close_p90_seconds == _duration(829440)  # 6 d·0.4 + 12 d·0.6


def test_summary__without_any_filter_counts_all_time(city: FixtureCity) -> None:
    everything = selectors.request_summary(filters=MetricFilters())
    assert everything.received == 8  # May's seven and April's R7
    assert (
        everything.received
        == selectors.request_summary(
            filters=MetricFilters(start_date=date(2000, 1, 1), end_date=date(2100, 1, 1))
        ).received
    )


def test_summary__sla_reopen_duplicates_and_satisfaction(city: FixtureCity) -> None:
    summary = selectors.request_summary(filters=MAY)
    assert (summary.closed_on_time, summary.closed_late) == (2, 2)  # R8 has no target
    assert summary.sla_compliance == 0.5
    assert (summary.reopened, summary.resolved_ever) == (1, 4)
    assert summary.reopen_rate == 0.25
    assert summary.duplicates == 1
    assert summary.duplicate_share == pytest.approx(1 / 7)
    assert summary.survey_count == 2
    assert summary.satisfaction_average == 3.0


def test_summary__filters_by_department_channel_and_district(city: FixtureCity) -> None:
    parks = selectors.request_summary(
        filters=MetricFilters(
            start_date=MAY.start_date,
            end_date=MAY.end_date,
            department_ids=frozenset({city.parks.pk}),
        )
    )
    assert (parks.received, parks.closed, parks.duplicates) == (3, 0, 1)
    assert parks.acknowledge_median_seconds == _duration(DAY)
    assert parks.close_median_seconds is None
    web = selectors.request_summary(
        filters=MetricFilters(start_date=MAY.start_date, end_date=MAY.end_date, channel="web")
    )
    assert (web.received, web.closed) == (3, 2)
    assert web.close_median_seconds == _duration(4.5 * DAY)  # R3 3 d, R2 6 d
    south_pothole = selectors.request_summary(
        filters=MetricFilters(
            start_date=MAY.start_date,
            end_date=MAY.end_date,
            district="south",
            service_id=city.pothole.pk,
        )
    )
    assert (south_pothole.received, south_pothole.reopened) == (1, 1)
    nothing = selectors.request_summary(
        filters=MetricFilters(
            start_date=MAY.start_date, end_date=MAY.end_date, department_ids=frozenset()
        )
    )
    assert (nothing.received, nothing.closed, nothing.sla_compliance) == (0, 0, None)


def test_summary__with_a_department_the_facts_count_the_first_and_last_day(
    city: FixtureCity,
) -> None:
    """Three dimensions at once: the times and the map come from the facts, read day by day
    for a department (R1: Streets, north, phone; received May 2, closed May 4)."""
    r1 = city.requests["R1"]
    narrowed = {
        "department_ids": frozenset({city.streets.pk}),
        "district": "north",
        "channel": Channel.PHONE,
    }
    received_day = MetricFilters(start_date=date(2026, 5, 2), end_date=date(2026, 5, 2), **narrowed)
    summary = selectors.request_summary(filters=received_day)
    assert summary.acknowledge_median_seconds == _duration(2 * HOUR)
    assert r1.h3_cell is not None
    assert [
        (spot.cell, spot.count) for spot in selectors.request_hotspots(filters=received_day)
    ] == [(cell_parent(r1.h3_cell, 8), 1)]
    closing_days = MetricFilters(start_date=date(2026, 5, 3), end_date=date(2026, 5, 4), **narrowed)
    assert selectors.request_summary(filters=closing_days).close_median_seconds == _duration(
        2 * DAY
    )
    # R7 (the same department and place) arrived on April 20, acknowledged an hour later.
    april = MetricFilters(start_date=date(2026, 4, 20), end_date=date(2026, 4, 30), **narrowed)
    assert selectors.request_summary(filters=april).acknowledge_median_seconds == _duration(HOUR)


def test_summary__a_period_counts_closings_by_the_day_closed(city: FixtureCity) -> None:
    april = selectors.request_summary(
        filters=MetricFilters(start_date=date(2026, 4, 1), end_date=date(2026, 4, 30))
    )
    assert (april.received, april.closed, april.acknowledged) == (1, 0, 1)
    first_week = selectors.request_summary(
        filters=MetricFilters(start_date=date(2026, 5, 1), end_date=date(2026, 5, 7))
    )
    assert (first_week.received, first_week.closed) == (3, 2)  # R1-R3; R7 and R1 closed


def test_breakdown__by_department_with_sla_and_median(city: FixtureCity) -> None:
    rows = {
        row.label: row
        for row in selectors.request_breakdown(filters=MAY, dimension=Dimension.DEPARTMENT)
    }
    assert set(rows) == {"Streets", "Parks"}
    streets = rows["Streets"]
    assert (streets.received, streets.closed, streets.closed_on_time, streets.closed_late) == (
        4,
        5,
        2,
        2,
    )
    assert streets.sla_compliance == 0.5
    assert streets.close_median_seconds == _duration(3 * DAY)
    parks = rows["Parks"]
    assert (parks.received, parks.closed, parks.sla_compliance, parks.close_median_seconds) == (
        3,
        0,
        None,
        None,
    )


def test_breakdown__by_district_and_channel_mix(city: FixtureCity) -> None:
    districts = {
        row.key: row
        for row in selectors.request_breakdown(filters=MAY, dimension=Dimension.DISTRICT)
    }
    assert {key: (row.received, row.closed) for key, row in districts.items()} == {
        "north": (3, 3),
        "south": (3, 1),
        "": (1, 1),
    }
    assert districts["north"].close_median_seconds == _duration(6 * DAY)
    assert districts[""].label == "Unknown"
    channels = {
        row.key: row.received
        for row in selectors.request_breakdown(filters=MAY, dimension=Dimension.CHANNEL)
    }
    assert channels == {"phone": 2, "web": 3, "app": 1, "email": 1}
    services = selectors.request_breakdown(filters=MAY, dimension=Dimension.SERVICE)
    assert [(row.label, row.received) for row in services] == [("Pothole", 4), ("Graffiti", 3)]


def test_volume_by_day__fills_every_day_of_the_period(city: FixtureCity) -> None:
    days = selectors.request_volume_by_day(filters=MAY)
    assert len(days) == 31
    by_day = {row.day.day: (row.received, row.closed) for row in days}
    assert by_day[2] == (1, 1)  # R1 in, R7 closed
    assert by_day[10] == (2, 0)
    assert by_day[9] == (0, 1)
    assert by_day[1] == (0, 0)
    assert sum(row.received for row in days) == 7


def test_backlog__open_now_by_age_and_breaching(city: FixtureCity) -> None:
    backlog = selectors.backlog(filters=MAY, now=NOW)
    assert backlog.open_now == 2  # R5 (21 days old, past due) and R6 (today)
    assert backlog.breaching_now == 1
    assert {bucket.key: count for bucket, count in backlog.buckets} == {
        "0-2": 1,
        "3-7": 0,
        "8-30": 1,
        "31-90": 0,
        "91+": 0,
    }
    parks_only = MetricFilters(department_ids=frozenset({city.streets.pk}))
    assert selectors.backlog(filters=parks_only, now=NOW).open_now == 0


def test_live_figures__today_open_and_breaching_now(city: FixtureCity) -> None:
    live = selectors.live_figures(filters=MetricFilters(), now=NOW)
    assert (live.received_today, live.open_now, live.breaching_now) == (1, 2, 1)
    phone = selectors.live_figures(filters=MetricFilters(channel=Channel.PHONE), now=NOW)
    assert (phone.received_today, phone.open_now, phone.breaching_now) == (0, 1, 1)


def test_contact_center__first_contact_resolution_handle_time_and_deflection(
    city: FixtureCity,
) -> None:
    summary = selectors.contact_center_summary(filters=MAY)
    assert summary.interactions == 6
    assert summary.first_contact_resolution_rate == 0.5
    assert summary.handled == 5  # the abandoned call never ended
    assert summary.handle_median_seconds == _duration(180)
    assert summary.handle_p90_seconds == _duration(480)
    assert summary.handle_mean_seconds == pytest.approx(252)
    assert (summary.questions, summary.questions_deflected) == (4, 2)
    assert summary.deflection_rate == 0.5
    phone = selectors.contact_center_summary(
        filters=MetricFilters(start_date=MAY.start_date, end_date=MAY.end_date, channel="phone")
    )
    assert (phone.interactions, phone.first_contact_resolutions) == (5, 3)


def test_summary__query_count_does_not_grow_with_requests(
    city: FixtureCity, django_assert_max_num_queries: Any
) -> None:
    # The rollup version, the rollup sums and the two percentile reads.
    with django_assert_max_num_queries(4):
        selectors.request_summary(filters=MAY)
    with django_assert_max_num_queries(5):
        selectors.request_breakdown(filters=MAY, dimension=Dimension.SERVICE)


def test_figures__are_cached_until_the_next_refresh(
    city: FixtureCity, django_assert_num_queries: Any
) -> None:
    selectors.request_summary(filters=MAY)
    with django_assert_num_queries(0):  # figures and the rollup version are remembered
        assert selectors.request_summary(filters=MAY).received == 7
    service_request_with_timeline(service=city.pothole, created_at=may(20, 9), channel=Channel.WEB)
    assert selectors.request_summary(filters=MAY).received == 7
    rollups_refresh(now=NOW)
    assert selectors.request_summary(filters=MAY).received == 8


def test_hotspots__count_requests_per_resolution_8_cell(city: FixtureCity) -> None:
    r1 = city.requests["R1"]
    assert r1.h3_cell is not None
    spots = selectors.request_hotspots(filters=MAY)
    assert [(spot.cell, spot.count) for spot in spots] == [(cell_parent(r1.h3_cell, 8), 7)]
    assert hotspot_cell(r1.h3_cell) == cell_parent(r1.h3_cell, 8)
    assert hotspot_cell(None) is None
