"""The internal dashboard at /dashboard/ for supervisors (their departments) and managers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from civicdesk.core import clock
from civicdesk.reporting import charts, permissions, selectors
from civicdesk.reporting.forms import DASHBOARD_DEFAULT_DAYS, MetricFilterForm, last_days
from civicdesk.reporting.opendata import encode, table_csv_lines
from civicdesk.reporting.selectors import DrillDown
from civicdesk.reporting.tables import DASHBOARD_TABLES, Context

DRILL_DOWN_PAGE_SIZE = 50

View = Callable[..., HttpResponse | StreamingHttpResponse]


def dashboard_access(view: View) -> View:
    """Sign-in first; then supervisors and managers only (403 for everyone else)."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse | StreamingHttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_view_dashboard(request.user):
            raise PermissionDenied(_("The dashboard is for supervisors and managers."))
        return view(request, *args, **kwargs)

    return wrapper


def _context(request: HttpRequest) -> Context:
    now = clock.now()
    start, end = last_days(timezone.localdate(now), DASHBOARD_DEFAULT_DAYS)
    form = MetricFilterForm(
        request.GET or None,
        department_ids=permissions.dashboard_department_ids(request.user),
        default_start=start,
        default_end=end,
        districts=selectors.district_choices(),
    )
    return Context(form=form, filters=form.filters(), now=now)


def _charts(context: Context) -> dict[str, Any]:
    from civicdesk.geo.cells import cell_outline, cell_to_text

    volume = context.volume
    departments = context.breakdown(selectors.Dimension.DEPARTMENT)
    channels = context.breakdown(selectors.Dimension.CHANNEL)
    districts = context.breakdown(selectors.Dimension.DISTRICT)
    backlog = context.backlog
    hotspots = context.hotspots
    return {
        "volume": charts.line_chart(
            title=_("Requests received and resolved each day"),
            description=_("Daily counts for the period; the table below lists every day."),
            x_range=(
                (
                    date_format(volume[0].day, "SHORT_DATE_FORMAT"),
                    date_format(volume[-1].day, "SHORT_DATE_FORMAT"),
                )
                if volume
                else None
            ),
            series=[
                charts.Series(_("Received"), [day.received for day in volume], "series-a"),
                charts.Series(_("Resolved"), [day.closed for day in volume], "series-b"),
            ],
        ),
        "sla": charts.bar_chart(
            title=_("Share resolved within target, by department"),
            description=_("Percent of resolved requests closed by their SLA due time."),
            bars=[
                (row.label, round((row.sla_compliance or 0) * 100))
                for row in departments
                if row.sla_compliance is not None
            ],
            maximum=100,
            suffix="%",
        ),
        "channels": charts.bar_chart(
            title=_("Requests by channel"),
            description=_("How residents reached the city in the period."),
            bars=[(row.label, row.received) for row in channels],
        ),
        "districts": charts.bar_chart(
            title=_("Requests by district"),
            description=_("Requests received in each district in the period."),
            bars=[(row.label, row.received) for row in districts],
        ),
        "backlog": charts.bar_chart(
            title=_("Open requests by age"),
            description=_("Requests open now, grouped by days since they arrived."),
            bars=[(str(bucket.label), number) for bucket, number in backlog.buckets],
        ),
        "hotspots": charts.hex_map(
            title=_("Hotspots: requests per map cell"),
            description=_("Darker cells received more requests; the table lists the busiest."),
            cells=[
                (cell_outline(spot.cell), spot.count, cell_to_text(spot.cell)) for spot in hotspots
            ],
        ),
    }


@require_GET
@dashboard_access
def dashboard(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    tables = {slug.replace("-", "_"): build(context) for slug, build in DASHBOARD_TABLES.items()}
    live = selectors.live_figures(filters=context.filters, now=context.now)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": context.form,
            "filters": context.filters,
            "query": context.form.query(),
            "tables": tables,
            "charts": _charts(context),
            "live": live,
            "now": context.now,
            "is_manager": permissions.is_manager(request.user),
        },
    )


@require_GET
@dashboard_access
def live(request: HttpRequest) -> JsonResponse:
    """The live figures as JSON, for the page's auto-refresh script."""
    context = _context(request)
    figures = selectors.live_figures(filters=context.filters, now=context.now)
    return JsonResponse(
        {
            "received_today": figures.received_today,
            "open_now": figures.open_now,
            "breaching_now": figures.breaching_now,
            "as_of": context.now.isoformat(),
            "as_of_text": date_format(timezone.localtime(context.now), "TIME_FORMAT"),
        }
    )


@require_GET
@dashboard_access
def table_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    build = DASHBOARD_TABLES.get(slug)
    if build is None:
        raise Http404
    table = build(_context(request))
    rows = ([cell.value for cell in row] for row in table.rows)
    response = StreamingHttpResponse(
        encode(table_csv_lines(table.headers, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="civicdesk-{slug}.csv"'
    return response


DRILL_DOWN_CSV_FIELDS = (
    "public_id",
    "service__name",
    "department__name",
    "status",
    "channel",
    "district",
    "created_at",
    "sla_due_at",
    "closed_at",
)


def _requests_csv(requests: Any) -> StreamingHttpResponse:
    """The drill-down list as CSV: every matching request, streamed in one query."""
    headers = [
        _("Request"),
        _("Service"),
        _("Department"),
        _("Status"),
        _("Channel"),
        _("District"),
        _("Received"),
        _("SLA due"),
        _("Closed"),
    ]
    rows = (
        ["" if value is None else value for value in row]
        for row in requests.values_list(*DRILL_DOWN_CSV_FIELDS).iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(
        encode(table_csv_lines(headers, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="civicdesk-requests.csv"'
    return response


def _without_page(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


@require_GET
@dashboard_access
def requests_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The requests behind a figure (the drill-down), newest first, 50 a page."""
    context = _context(request)
    try:
        drill_down = DrillDown(request.GET.get("state") or DrillDown.RECEIVED)
    except ValueError:
        drill_down = DrillDown.RECEIVED
    requests = selectors.service_request_list_drilldown(
        filters=context.filters,
        drill_down=drill_down,
        now=context.now,
        age=request.GET.get("age", ""),
    )
    if request.GET.get("format") == "csv":
        return _requests_csv(requests)
    page = Paginator(requests, DRILL_DOWN_PAGE_SIZE).get_page(request.GET.get("page"))
    titles = {
        DrillDown.RECEIVED: _("Requests received in the period"),
        DrillDown.OPEN: _("Requests open now"),
        DrillDown.BREACHING: _("Open requests past their target"),
        DrillDown.ON_TIME: _("Requests resolved within target in the period"),
        DrillDown.LATE: _("Requests resolved after target in the period"),
    }
    age = selectors.AGE_BUCKET_KEYS.get(request.GET.get("age", ""))
    return render(
        request,
        "reporting/requests.html",
        {
            "form": context.form,
            "filters": context.filters,
            "page": page,
            "title": titles[drill_down],
            "age": age,
            "state": drill_down.value,
            "query": context.form.query(),
            "now": context.now,
            "page_query": _without_page(request),
            "csv_query": _without_page(request, format="csv"),
        },
    )
