"""Business-time arithmetic: when is a request due if the city works only some hours of some days?

`WorkingTime` is a plain description of a calendar (time zone, weekly hours, closed dates) that
`WorkingTime.for_calendar()` builds from a `BusinessCalendar`, adding the public holidays of its
country and subdivision from the `holidays` package. The arithmetic itself is pure, so it is easy to
test and fast to run for large imports.

Rules, as documented in docs/architecture.md:

* business hours are counted only inside opening intervals on working days;
* N business days end at closing time of the Nth working day after the day the clock starts
  (a request made on Friday with a 2-business-day target is due Tuesday at close);
* calendar hours and days are plain elapsed time;
* an always-open calendar counts every hour of every day.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from civicdesk.catalog.enums import SlaUnit
from civicdesk.catalog.models import BusinessCalendar, SlaPolicy
from civicdesk.core.errors import ApplicationError

# A calendar with no working time at all would never reach a due time; stop looking after this.
_SEARCH_LIMIT_DAYS = 3 * 366


class NoWorkingTimeError(ApplicationError):
    code = "no_working_time"


Interval = tuple[time, time]


@functools.lru_cache(maxsize=256)
def _public_holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    if not country:
        return frozenset()
    calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(calendar.keys())


@dataclass(frozen=True)
class WorkingTime:
    """A calendar's working time: weekly intervals, closed dates and public holidays."""

    timezone: ZoneInfo
    intervals: Mapping[int, Sequence[Interval]] = field(default_factory=dict)
    closed_dates: frozenset[date] = frozenset()
    holiday_country: str = ""
    holiday_subdivision: str = ""
    is_always_open: bool = False

    @classmethod
    def for_calendar(cls, calendar: BusinessCalendar) -> WorkingTime:
        intervals: dict[int, list[Interval]] = {}
        for hours in calendar.working_hours.all():
            intervals.setdefault(hours.weekday, []).append((hours.opens_at, hours.closes_at))
        for day_intervals in intervals.values():
            day_intervals.sort()
        civic = settings.CIVICDESK
        return cls(
            timezone=ZoneInfo(calendar.timezone),
            intervals=intervals,
            closed_dates=frozenset(closure.closed_date for closure in calendar.closures.all()),
            holiday_country=calendar.holiday_country or civic["HOLIDAYS_COUNTRY"],
            holiday_subdivision=calendar.holiday_subdivision or civic["HOLIDAYS_SUBDIVISION"],
            is_always_open=calendar.is_always_open,
        )

    def is_holiday(self, day: date) -> bool:
        return day in _public_holidays(self.holiday_country, self.holiday_subdivision, day.year)

    def is_working_day(self, day: date) -> bool:
        if self.is_always_open:
            return True
        return (
            bool(self.intervals.get(day.weekday()))
            and day not in self.closed_dates
            and not self.is_holiday(day)
        )

    def _day_intervals(self, day: date) -> Iterable[tuple[datetime, datetime]]:
        """The day's opening intervals as UTC datetimes (so arithmetic ignores DST jumps)."""
        for opens_at, closes_at in self.intervals.get(day.weekday(), ()):
            start = datetime.combine(day, opens_at, tzinfo=self.timezone).astimezone(UTC)
            end = datetime.combine(day, closes_at, tzinfo=self.timezone).astimezone(UTC)
            yield start, end

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when `duration` of working time has passed since `start`."""
        start = start.astimezone(UTC)
        if self.is_always_open or duration <= timedelta(0):
            return start + max(duration, timedelta(0))
        remaining = duration
        day = start.astimezone(self.timezone).date()
        for _ in range(_SEARCH_LIMIT_DAYS):
            if self.is_working_day(day):
                for opens, closes in self._day_intervals(day):
                    segment_start = max(opens, start)
                    if segment_start >= closes:
                        continue
                    available = closes - segment_start
                    if available >= remaining:
                        return segment_start + remaining
                    remaining -= available
            day += timedelta(days=1)
        raise NoWorkingTimeError(
            "This business calendar has no working hours, so no due time can be computed."
        )

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """Closing time of the `days`-th working day after the day of `start`."""
        start = start.astimezone(UTC)
        if self.is_always_open:
            return start + timedelta(days=days)
        day = start.astimezone(self.timezone).date()
        counted = 0
        for _ in range(_SEARCH_LIMIT_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
                if counted >= days:
                    return max(closes for _opens, closes in self._day_intervals(day))
        raise NoWorkingTimeError(
            "This business calendar has no working days, so no due time can be computed."
        )


def sla_due_at(*, policy: SlaPolicy, start: datetime, working_time: WorkingTime) -> datetime:
    """When a request that starts its clock at `start` is due under `policy`."""
    unit = SlaUnit(policy.target_unit)
    value = policy.target_value
    if unit == SlaUnit.CALENDAR_HOURS:
        return start.astimezone(UTC) + timedelta(hours=value)
    if unit == SlaUnit.CALENDAR_DAYS:
        return start.astimezone(UTC) + timedelta(days=value)
    if unit == SlaUnit.BUSINESS_HOURS:
        return working_time.add_business_time(start, timedelta(hours=value))
    return working_time.add_business_days(start, value)
