"""The dashboard's and the public page's tables: one definition per table, shown as HTML (the
text alternative of each chart) and downloaded as CSV from the same rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from html import escape
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.formats import date_format, get_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civicdesk.reporting import selectors
from civicdesk.reporting.forms import MetricFilterForm, filter_query
from civicdesk.reporting.selectors import Dimension, DrillDown, MetricFilters

SECONDS_PER_HOUR = 3600


@dataclass(frozen=True)
class Cell:
    """What a person reads (`text`), what a CSV holds (`value`), and where it drills down to."""

    text: str
    value: Any
    link: str = ""
    is_numeric: bool = True

    @property
    def html(self) -> str:
        """The cell's content as HTML: its text escaped, inside its link when it has one."""
        text = escape(self.text)
        if self.link:
            return f'<a href="{escape(self.link)}">{text}</a>'
        return text


@dataclass
class Table:
    slug: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def body_html(self) -> SafeString:
        """The table's body rows, each led by its row header. Built here as plain strings
        rather than in the template or with `format_html` per cell: the dashboard shows
        thousands of cells, and either spends milliseconds on each thousand."""
        return mark_safe("\n".join(_row_html(row) for row in self.rows))  # noqa: S308 - escaped


def _row_html(row: list[Cell]) -> str:
    header, *cells = row
    parts = ['<tr><th scope="row">', header.html, "</th>"]
    for cell in cells:
        parts += ('<td class="number">' if cell.is_numeric else "<td>", cell.html, "</td>")
    parts.append("</tr>")
    return "".join(parts)


def text_cell(text: str, link: str = "") -> Cell:
    return Cell(text=text, value=text, link=link, is_numeric=False)


def count_cell(value: int, link: str = "") -> Cell:
    return Cell(text=grouped(value), value=value, link=link)


def grouped(value: int) -> str:
    """`number_format(value, force_grouping=True)` for a whole number: the language's separator
    is looked up once, not for each of a page's thousand counts."""
    grouping, separator = _grouping(get_language())
    if grouping != 3:  # groups of three digits are what `format` writes
        return number_format(value, force_grouping=True)
    text = f"{value:,}"
    return text if separator == "," else text.replace(",", separator)


@lru_cache(maxsize=16)
def _grouping(language: str | None) -> tuple[Any, str]:
    return get_format("NUMBER_GROUPING", language), get_format("THOUSAND_SEPARATOR", language)


@receiver(setting_changed)
def _forget_grouping(**_kwargs: Any) -> None:
    _grouping.cache_clear()  # as Django forgets its own formats when a setting changes


def rounded(value: float, decimals: int = 0) -> Decimal:
    """`value` to `decimals` places, halves rounded up, from the digits Python shows for it: the
    one rounding of every figure on the dashboards and the public page. (f-strings and `round`
    round halves to even, so 12.5% read 12% beside a trend that rounded its own halves up, and
    `number_format` cuts extra digits off: 0.96 days read 0.9.)"""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent_text(share: float) -> str:
    """A share (0.125) as the whole percentage people read (13%)."""
    return f"{rounded(share * 100)}%"


def share_cell(value: float | None) -> Cell:
    if value is None:
        return Cell(text=_("no data"), value="")
    return Cell(text=percent_text(value), value=round(value * 100, 1))


def hours_cell(seconds: float | None) -> Cell:
    if seconds is None:
        return Cell(text=_("no data"), value="")
    hours = seconds / SECONDS_PER_HOUR
    return Cell(text=number_format(hours, 1), value=round(hours, 2))


def days_cell(seconds: float | None) -> Cell:
    if seconds is None:
        return Cell(text=_("no data"), value="")
    days = seconds / selectors.SECONDS_PER_DAY
    return Cell(text=number_format(days, 1), value=round(days, 2))


class Context:
    """The filters of one page view, and how to link to the requests behind a figure."""

    def __init__(self, *, form: MetricFilterForm, filters: MetricFilters, now: datetime) -> None:
        self.form = form
        self.filters = filters
        self.now = now
        self._breakdowns: dict[Dimension, list[selectors.BreakdownRow]] = {}
        self._links: dict[tuple[Any, ...], str] = {}

    # Each figure is read once per page, whether a table, a chart or both show it.
    @cached_property
    def volume(self) -> list[selectors.DayVolume]:
        return selectors.request_volume_by_day(filters=self.filters)

    def breakdown(self, dimension: Dimension) -> list[selectors.BreakdownRow]:
        if dimension not in self._breakdowns:
            self._breakdowns[dimension] = selectors.request_breakdown(
                filters=self.filters, dimension=dimension
            )
        return self._breakdowns[dimension]

    @cached_property
    def backlog(self) -> selectors.Backlog:
        return selectors.backlog(filters=self.filters, now=self.now)

    @cached_property
    def hotspots(self) -> list[selectors.Hotspot]:
        return selectors.request_hotspots(filters=self.filters)

    def drill(self, state: DrillDown = DrillDown.RECEIVED, /, **changes: str) -> str:
        """The link to the requests behind a figure: these filters, narrowed by `changes`.
        A page links to the same requests from several cells, so each link is built once."""
        key = (state, *sorted(changes.items()))
        link = self._links.get(key)
        if link is None:
            query = filter_query(self._query_values, changes)
            extra = f"state={state.value}" if state != DrillDown.RECEIVED else ""
            joined = "&".join(part for part in (query, extra) if part)
            link = self._links[key] = self._requests_url + (f"?{joined}" if joined else "")
        return link

    @cached_property
    def _query_values(self) -> dict[str, str]:
        return self.form.query_values()

    @cached_property
    def _requests_url(self) -> str:
        return reverse("reporting:requests")


def summary_table(context: Context) -> Table:
    summary = selectors.request_summary(filters=context.filters)
    rows = [
        (_("Requests received"), count_cell(summary.received, context.drill())),
        (_("Median hours to acknowledge"), hours_cell(summary.acknowledge_median_seconds)),
        (_("90th percentile hours to acknowledge"), hours_cell(summary.acknowledge_p90_seconds)),
        (_("Requests resolved"), count_cell(summary.closed)),
        (_("Median days to close"), days_cell(summary.close_median_seconds)),
        (_("90th percentile days to close"), days_cell(summary.close_p90_seconds)),
        (
            _("Resolved within target"),
            count_cell(summary.closed_on_time, context.drill(DrillDown.ON_TIME)),
        ),
        (
            _("Resolved after target"),
            count_cell(summary.closed_late, context.drill(DrillDown.LATE)),
        ),
        (_("Share resolved within target"), share_cell(summary.sla_compliance)),
        (_("Reopen rate"), share_cell(summary.reopen_rate)),
        (_("Share of duplicates"), share_cell(summary.duplicate_share)),
        (
            _("Average satisfaction (1 to 5)"),
            Cell(
                text=(
                    number_format(summary.satisfaction_average, 1)
                    if summary.satisfaction_average is not None
                    else _("no survey answers yet")
                ),
                value=summary.satisfaction_average or "",
            ),
        ),
    ]
    return Table(
        slug="summary",
        caption=_("Summary of the period"),
        headers=[_("Measure"), _("Value")],
        rows=[[text_cell(str(label)), cell] for label, cell in rows],
    )


def volume_table(context: Context) -> Table:
    return Table(
        slug="volume",
        caption=_("Requests received and resolved each day"),
        headers=[_("Day"), _("Received"), _("Resolved")],
        rows=[
            [
                Cell(text=date_format(day.day, "SHORT_DATE_FORMAT"), value=day.day.isoformat()),
                count_cell(day.received),
                count_cell(day.closed),
            ]
            for day in context.volume
        ],
    )


_DIMENSION_CAPTIONS = {
    Dimension.DEPARTMENT: lambda: _("By department"),
    Dimension.SERVICE: lambda: _("By service"),
    Dimension.DISTRICT: lambda: _("By district"),
    Dimension.CHANNEL: lambda: _("By channel (channel mix)"),
}


def breakdown_table(context: Context, dimension: Dimension) -> Table:
    rows = context.breakdown(dimension)
    total = sum(row.received for row in rows)
    table = Table(
        slug=f"{dimension.value}s",
        caption=_DIMENSION_CAPTIONS[dimension](),
        headers=[
            str(selectors.DIMENSION_LABELS[dimension]),
            _("Received"),
            _("Share of requests"),
            _("Resolved"),
            _("Within target"),
            _("After target"),
            _("Share within target"),
            _("Median days to close"),
        ],
    )
    for row in rows:
        narrowed = {dimension.value: row.code}
        table.rows.append(
            [
                text_cell(row.label, context.drill(**narrowed)),
                count_cell(row.received, context.drill(**narrowed)),
                share_cell(row.received / total if total else None),
                count_cell(row.closed),
                count_cell(row.closed_on_time, context.drill(DrillDown.ON_TIME, **narrowed)),
                count_cell(row.closed_late, context.drill(DrillDown.LATE, **narrowed)),
                share_cell(row.sla_compliance),
                days_cell(row.close_median_seconds),
            ]
        )
    return table


def backlog_table(context: Context) -> Table:
    backlog = context.backlog
    rows = [
        [
            text_cell(str(bucket.label)),
            count_cell(number, context.drill(DrillDown.OPEN, age=bucket.key)),
        ]
        for bucket, number in backlog.buckets
    ]
    rows.append(
        [
            text_cell(_("All open requests")),
            count_cell(backlog.open_now, context.drill(DrillDown.OPEN)),
        ]
    )
    rows.append(
        [
            text_cell(_("Open and past their target")),
            count_cell(backlog.breaching_now, context.drill(DrillDown.BREACHING)),
        ]
    )
    return Table(
        slug="backlog",
        caption=_("Open backlog now, by age"),
        headers=[_("Age"), _("Open requests")],
        rows=rows,
    )


def contact_center_table(context: Context) -> Table:
    summary = selectors.contact_center_summary(filters=context.filters)
    rows = [
        (_("Interactions"), count_cell(summary.interactions)),
        (_("First-contact resolution"), share_cell(summary.first_contact_resolution_rate)),
        (
            _("Median handle time (minutes)"),
            _minutes(summary.handle_median_seconds),
        ),
        (_("90th percentile handle time (minutes)"), _minutes(summary.handle_p90_seconds)),
        (_("Average handle time (minutes)"), _minutes(summary.handle_mean_seconds)),
        (_("Questions"), count_cell(summary.questions)),
        (_("Questions answered without a request"), count_cell(summary.questions_deflected)),
        (_("Knowledge-base deflection"), share_cell(summary.deflection_rate)),
    ]
    return Table(
        slug="contact-center",
        caption=_("Contact center"),
        headers=[_("Measure"), _("Value")],
        rows=[[text_cell(str(label)), cell] for label, cell in rows],
    )


def satisfaction_table(context: Context) -> Table:
    """What residents said in surveys after a request closed or a contact-center call."""
    from civicdesk.reporting.selectors.satisfaction import satisfaction_summary

    summary = satisfaction_summary(filters=context.filters)
    average = summary.average_rating
    rows = [
        (_("Survey answers"), count_cell(summary.responses)),
        (_("Answers with a rating"), count_cell(summary.rated)),
        (
            _("Average rating (1 to 5)"),
            Cell(
                text=number_format(average, 1) if average is not None else _("no ratings yet"),
                value=round(average, 2) if average is not None else "",
            ),
        ),
        (_("Share satisfied (rated 4 or 5)"), share_cell(summary.satisfied_share)),
    ]
    return Table(
        slug="satisfaction",
        caption=_("Resident satisfaction"),
        headers=[_("Measure"), _("Value")],
        rows=[[text_cell(str(label)), cell] for label, cell in rows],
    )


def _minutes(seconds: float | None) -> Cell:
    if seconds is None:
        return Cell(text=_("no data"), value="")
    return Cell(text=number_format(seconds / 60, 1), value=round(seconds / 60, 2))


def hotspot_table(context: Context) -> Table:
    from civicdesk.geo.cells import cell_to_text

    return Table(
        slug="hotspots",
        caption=_("Busiest map cells (H3, about 0.7 km²)"),
        headers=[_("Cell"), _("Requests")],
        rows=[
            [text_cell(cell_to_text(spot.cell)), count_cell(spot.count)]
            for spot in context.hotspots[:20]
        ],
    )


DASHBOARD_TABLES: dict[str, Callable[[Context], Table]] = {
    "summary": summary_table,
    "volume": volume_table,
    "departments": lambda context: breakdown_table(context, Dimension.DEPARTMENT),
    "services": lambda context: breakdown_table(context, Dimension.SERVICE),
    "districts": lambda context: breakdown_table(context, Dimension.DISTRICT),
    "channels": lambda context: breakdown_table(context, Dimension.CHANNEL),
    "backlog": backlog_table,
    "contact-center": contact_center_table,
    "satisfaction": satisfaction_table,
    "hotspots": hotspot_table,
}
