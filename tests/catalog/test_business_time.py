"""SLA due times on a business calendar: weekends, public holidays, city closures, DST."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicdesk.catalog.business_time import NoWorkingTimeError, WorkingTime, sla_due_at
from civicdesk.catalog.enums import SlaUnit
from civicdesk.catalog.models import CalendarClosure
from tests.factories import (
    BusinessCalendarFactory,
    SlaPolicyFactory,
    WorkingHoursFactory,
    office_calendar,
)

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


def due(unit: SlaUnit, value: int, start: datetime, **calendar_kwargs: object) -> datetime:
    calendar = office_calendar(**calendar_kwargs)
    policy = SlaPolicyFactory(calendar=calendar, target_unit=unit, target_value=value)
    result = sla_due_at(policy=policy, start=start, working_time=WorkingTime.for_calendar(calendar))
    return result.astimezone(CHICAGO)


def test_business_hours__friday_afternoon_runs_into_monday() -> None:
    # Friday 20 Nov 2026, 15:00: two hours left on Friday, six more from Monday 08:00.
    assert due(SlaUnit.BUSINESS_HOURS, 8, local(2026, 11, 20, 15)) == local(2026, 11, 23, 14)


def test_business_hours__made_on_saturday_starts_monday_morning() -> None:
    assert due(SlaUnit.BUSINESS_HOURS, 3, local(2026, 11, 21, 10)) == local(2026, 11, 23, 11)


def test_business_hours__made_after_closing_starts_next_morning() -> None:
    assert due(SlaUnit.BUSINESS_HOURS, 1, local(2026, 11, 24, 18)) == local(2026, 11, 25, 9)


def test_business_hours__thanksgiving_is_skipped() -> None:
    # Wednesday 25 Nov 16:00: one hour left; Thursday 26 Nov is Thanksgiving (US public holiday).
    assert due(SlaUnit.BUSINESS_HOURS, 8, local(2026, 11, 25, 16)) == local(2026, 11, 27, 15)


def test_business_hours__city_closure_is_skipped_like_a_holiday() -> None:
    calendar = office_calendar()
    CalendarClosure.objects.create(
        calendar=calendar, closed_date=date(2026, 11, 27), name="Day after Thanksgiving"
    )
    policy = SlaPolicyFactory(calendar=calendar, target_unit=SlaUnit.BUSINESS_HOURS, target_value=8)
    result = sla_due_at(
        policy=policy,
        start=local(2026, 11, 25, 16),
        working_time=WorkingTime.for_calendar(calendar),
    )
    assert result.astimezone(CHICAGO) == local(2026, 11, 30, 15)


def test_business_days__end_at_closing_time_of_the_last_day() -> None:
    # Friday 20 Nov: day one is Monday 23, day two is Tuesday 24, due at 17:00.
    assert due(SlaUnit.BUSINESS_DAYS, 2, local(2026, 11, 20, 10)) == local(2026, 11, 24, 17)


def test_business_days__across_a_weekend_and_thanksgiving() -> None:
    # Wednesday 25 Nov: Thursday is Thanksgiving, so day one is Friday 27, day two Monday 30.
    assert due(SlaUnit.BUSINESS_DAYS, 2, local(2026, 11, 25, 9)) == local(2026, 11, 30, 17)


def test_business_days__observed_holiday_counts_as_closed() -> None:
    # 4 July 2026 is a Saturday; the holiday is observed on Friday 3 July.
    assert due(SlaUnit.BUSINESS_DAYS, 1, local(2026, 7, 2, 9)) == local(2026, 7, 6, 17)


def test_business_holidays__come_from_the_calendar_country() -> None:
    # 1 July is Canada Day, not a US holiday.
    us = due(SlaUnit.BUSINESS_DAYS, 1, local(2026, 6, 30, 9), holiday_country="US")
    canada = due(SlaUnit.BUSINESS_DAYS, 1, local(2026, 6, 30, 9), holiday_country="CA")
    assert us == local(2026, 7, 1, 17)
    assert canada == local(2026, 7, 2, 17)


def test_business_hours__counted_in_local_time_across_the_dst_change() -> None:
    # Daylight saving time ends on Sunday 1 Nov 2026: Friday 16:00 CDT plus 4 business hours is
    # Monday 11:00 CST, which is 17:00 UTC.
    result = due(SlaUnit.BUSINESS_HOURS, 4, local(2026, 10, 30, 16))
    assert result == local(2026, 11, 2, 11)
    assert result.utcoffset() is not None
    assert result.astimezone(ZoneInfo("UTC")).hour == 17


def test_calendar_units__ignore_working_hours() -> None:
    start = local(2026, 11, 20, 15)
    assert due(SlaUnit.CALENDAR_HOURS, 24, start) == local(2026, 11, 21, 15)
    assert due(SlaUnit.CALENDAR_DAYS, 3, start) == local(2026, 11, 23, 15)


def test_always_open_calendar__counts_every_hour() -> None:
    calendar = BusinessCalendarFactory(is_always_open=True)
    policy = SlaPolicyFactory(calendar=calendar, target_unit=SlaUnit.BUSINESS_HOURS, target_value=4)
    start = local(2026, 11, 26, 22)  # Thanksgiving night
    result = sla_due_at(policy=policy, start=start, working_time=WorkingTime.for_calendar(calendar))
    assert result.astimezone(CHICAGO) == local(2026, 11, 27, 2)


def test_split_shift__lunch_break_is_not_counted() -> None:
    calendar = BusinessCalendarFactory()
    WorkingHoursFactory(calendar=calendar, weekday=0, opens_at=time(8), closes_at=time(12))
    WorkingHoursFactory(calendar=calendar, weekday=0, opens_at=time(13), closes_at=time(17))
    working_time = WorkingTime.for_calendar(calendar)
    result = working_time.add_business_time(local(2026, 11, 23, 11), duration=timedelta(hours=2))
    assert result.astimezone(CHICAGO) == local(2026, 11, 23, 14)


def test_calendar_without_hours__says_no_due_time_can_be_computed() -> None:
    calendar = BusinessCalendarFactory()
    with pytest.raises(NoWorkingTimeError, match="no working hours"):
        WorkingTime.for_calendar(calendar).add_business_time(
            local(2026, 11, 23, 9), duration=timedelta(hours=1)
        )
