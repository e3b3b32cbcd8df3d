"""SLA clocks: due and at-risk times, pauses while on hold, and the state of a clock.

A clock counts in its policy's measure: working time on the policy's business calendar for
business hours and days, plain elapsed time for calendar hours and days.

* **due** — `catalog.business_time.sla_due_at` from the start, pushed back by the time spent
  on hold (`paused_seconds`, in the clock's measure);
* **at risk** — once `at_risk_percent` (80 % by default) of the time from start to due has passed;
* **breached** — past due;
* **paused** — while on hold the clock stands still: the state is frozen at the moment the hold
  began, and on resume both times move later by the time spent on hold.

The functions here are pure apart from reading the policy's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from civicdesk.catalog.business_time import WorkingTime, sla_due_at
from civicdesk.catalog.enums import SlaUnit
from civicdesk.catalog.models import SlaPolicy
from civicdesk.routing.enums import SlaState


@dataclass(frozen=True)
class SlaClock:
    """A policy's way of counting time."""

    policy: SlaPolicy
    working_time: WorkingTime

    @classmethod
    def for_policy(cls, policy: SlaPolicy) -> SlaClock:
        return cls(policy=policy, working_time=WorkingTime.for_calendar(policy.calendar))

    @property
    def counts_business_time(self) -> bool:
        return SlaUnit(self.policy.target_unit) in {
            SlaUnit.BUSINESS_HOURS,
            SlaUnit.BUSINESS_DAYS,
        } and not (self.working_time.is_always_open)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """How much of the clock's time passes between `start` and `end` (never negative)."""
        if end <= start:
            return timedelta(0)
        if not self.counts_business_time:
            return end - start
        return working_time_between(self.working_time, start, end)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        if duration <= timedelta(0):
            return start
        if not self.counts_business_time:
            return start + duration
        return self.working_time.add_business_time(start, duration)

    def due_at(self, start: datetime, *, paused: timedelta = timedelta(0)) -> datetime:
        due = sla_due_at(policy=self.policy, start=start, working_time=self.working_time)
        return self.add(due, paused)

    def at_risk_at(self, start: datetime, *, paused: timedelta = timedelta(0)) -> datetime:
        """When `at_risk_percent` of the clock's time from start to due has passed."""
        due = sla_due_at(policy=self.policy, start=start, working_time=self.working_time)
        share = self.elapsed(start, due) * self.policy.at_risk_percent / 100
        return self.add(self.add(start, share), paused)


def working_time_between(working_time: WorkingTime, start: datetime, end: datetime) -> timedelta:
    """Working time inside the calendar's opening intervals between two instants."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return timedelta(0)
    total = timedelta(0)
    zone = working_time.timezone
    day: date = start.astimezone(zone).date()
    last: date = end.astimezone(zone).date()
    while day <= last:
        if working_time.is_working_day(day):
            for opens_at, closes_at in working_time.intervals.get(day.weekday(), ()):
                opens = datetime.combine(day, opens_at, tzinfo=zone).astimezone(UTC)
                closes = datetime.combine(day, closes_at, tzinfo=zone).astimezone(UTC)
                overlap = min(closes, end) - max(opens, start)
                if overlap > timedelta(0):
                    total += overlap
        day += timedelta(days=1)
    return total


def sla_state(
    *,
    due_at: datetime | None,
    at_risk_at: datetime | None,
    paused_at: datetime | None,
    now: datetime,
    is_open: bool = True,
) -> SlaState:
    """The state of a clock at `now`; a paused clock is judged at the moment it was paused."""
    if due_at is None or not is_open:
        return SlaState.NONE
    moment = paused_at or now
    if moment >= due_at:
        return SlaState.BREACHED
    if at_risk_at is not None and moment >= at_risk_at:
        return SlaState.AT_RISK
    return SlaState.ON_TRACK


@dataclass(frozen=True)
class SlaTimes:
    due_at: datetime | None
    at_risk_at: datetime | None


def sla_times(
    *, policy: SlaPolicy | None, start: datetime, paused: timedelta = timedelta(0)
) -> SlaTimes:
    """Due and at-risk times of a clock started at `start` that has spent `paused` on hold."""
    if policy is None:
        return SlaTimes(due_at=None, at_risk_at=None)
    clock = SlaClock.for_policy(policy)
    return SlaTimes(
        due_at=clock.due_at(start, paused=paused),
        at_risk_at=clock.at_risk_at(start, paused=paused),
    )
