"""Background work of the reporting app, run by the task worker (`civicdesk db_worker`).

Schedule them from cron (or any scheduler) — docs/reporting.md shows the lines:
`rollups_refresh_task` every few minutes, `open_data_snapshot_task` nightly.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from civicdesk.core import clock
from civicdesk.reporting import selectors
from civicdesk.reporting.forms import DASHBOARD_DEFAULT_DAYS, last_days, month_to_date
from civicdesk.reporting.services import open_data_snapshot_write, rollups_refresh


def figures_warm(*, now: datetime) -> int:
    """Compute the figures of the pages most people open first — the city-wide dashboard and the
    public page with their default periods — so the first visitor after a refresh does not wait
    for them. Returns how many figure sets were computed."""
    today = timezone.localdate(now)
    periods = [last_days(today, DASHBOARD_DEFAULT_DAYS), month_to_date(today)]
    for start, end in periods:
        filters = selectors.MetricFilters(start_date=start, end_date=end)
        selectors.request_summary(filters=filters)
        selectors.request_summary(filters=filters.previous())
        selectors.request_volume_by_day(filters=filters)
        for dimension in selectors.Dimension:
            selectors.request_breakdown(filters=filters, dimension=dimension)
    dashboard = selectors.MetricFilters(*periods[0])
    selectors.request_hotspots(filters=dashboard)
    selectors.contact_center_summary(filters=dashboard)
    selectors.district_choices()
    return len(periods)


@task()
def rollups_refresh_task(full: bool = False) -> int:
    """Refresh facts and daily rollups for what changed, then warm the most-read figures;
    return how many requests were read."""
    now = clock.now()
    refreshed = rollups_refresh(now=now, full=full).requests_refreshed
    figures_warm(now=now)
    return refreshed


@task()
def open_data_snapshot_task() -> list[str]:
    """Write tonight's open-data files to storage; return their names."""
    return open_data_snapshot_write(now=clock.now()).names
