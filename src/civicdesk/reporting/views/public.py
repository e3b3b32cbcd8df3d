"""The public performance page at /performance/: a plain-language scorecard, no personal data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from civicdesk.core import clock
from civicdesk.reporting import charts, selectors
from civicdesk.reporting.forms import MetricFilterForm, month_to_date
from civicdesk.reporting.selectors import Dimension, RequestSummary
from civicdesk.reporting.selectors.satisfaction import SatisfactionSummary, satisfaction_summary
from civicdesk.reporting.tables import percent_text, rounded


@dataclass(frozen=True)
class Trend:
    """How a figure moved since the previous period, said in words (the arrow is decoration)."""

    arrow: str
    text: str
    css_class: str


@dataclass(frozen=True)
class Score:
    label: str
    value: str
    explanation: str
    trend: Trend | None


# A trend's amount with its unit ("1 request", "1.5 days"), from the number as shown and the
# whole number that picks the unit's plural form (`_plural_count`).
AmountWithUnit = Callable[[str, int], str]


def _amount_in_requests(number: str, count: int) -> str:
    return ngettext("%(amount)s request", "%(amount)s requests", count) % {"amount": number}


def _amount_in_days(number: str, count: int) -> str:
    return ngettext("%(amount)s day", "%(amount)s days", count) % {"amount": number}


def _amount_in_points(number: str, count: int) -> str:
    return ngettext("%(amount)s percentage point", "%(amount)s percentage points", count) % {
        "amount": number
    }


def _is_whole(amount: Decimal) -> bool:
    return amount == amount.to_integral_value()


def _plural_count(amount: Decimal) -> int:
    """The whole number for ngettext to pick the plural form of `amount` as shown.

    gettext's plural rules take whole numbers only; CLDR's (through Babel) cover fractions too:
    English and Spanish put them in the plural ("1.5 days", "1,5 días"), French in the singular
    ("1,5 jour"). So a fraction counts as the smallest whole number that CLDR puts in the same
    category in the active language, or as its whole part in the few languages where none is.
    """
    if _is_whole(amount):
        return int(amount)
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        locale = Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return int(amount)
    category = locale.plural_form(amount)
    return next(
        (whole for whole in range(100) if locale.plural_form(whole) == category), int(amount)
    )


def _trend(
    current: float | None,
    previous: float | None,
    *,
    days: int,
    higher_is_better: bool | None,
    unit: AmountWithUnit,
    decimals: int = 1,
) -> Trend | None:
    if current is None or previous is None:
        return None
    change = current - previous
    period = ngettext("the previous %(days)d day", "the previous %(days)d days", days) % {
        "days": days
    }
    shown = rounded(abs(change), decimals)
    if not shown:  # no change at the precision shown
        return Trend("→", _("About the same as %(period)s.") % {"period": period}, "trend-same")
    # A whole amount is written without decimals: "1 day", not "1.0 days".
    number = number_format(shown, 0 if _is_whole(shown) else decimals, force_grouping=True)
    amount = unit(number, _plural_count(shown))
    is_up = change > 0
    if higher_is_better is None:
        judgement, css = "", "trend-neutral"
    elif is_up == higher_is_better:
        judgement, css = " " + _("(better)"), "trend-better"
    else:
        judgement, css = " " + _("(worse)"), "trend-worse"
    if is_up:
        text = _("Up %(amount)s from %(period)s") % {"amount": amount, "period": period}
    else:
        text = _("Down %(amount)s from %(period)s") % {"amount": amount, "period": period}
    return Trend("↑" if is_up else "↓", f"{text}{judgement}.", css)


def _percent(value: float | None) -> float | None:
    return value * 100 if value is not None else None


def _days(seconds: float | None) -> float | None:
    return seconds / selectors.SECONDS_PER_DAY if seconds is not None else None


def _satisfaction_score(
    current: SatisfactionSummary, previous: SatisfactionSummary, days: int
) -> Score:
    share = _percent(current.satisfied_share)
    return Score(
        _("Residents satisfied"),
        percent_text(current.satisfied_share)
        if current.satisfied_share is not None
        else _("No survey answers yet"),
        ngettext(
            "Of the %(count)s resident who rated our service in a survey, the share who gave "
            "4 or 5 out of 5.",
            "Of the %(count)s residents who rated our service in a survey, the share who gave "
            "4 or 5 out of 5.",
            current.rated,
        )
        % {"count": number_format(current.rated, force_grouping=True)},
        _trend(
            share,
            _percent(previous.satisfied_share),
            days=days,
            higher_is_better=True,
            unit=_amount_in_points,
            decimals=0,
        ),
    )


def _within_target(summary: RequestSummary) -> str:
    """The share closed within target, or why there is none: nothing was closed, or nothing
    closed had a target (a service without an SLA)."""
    if summary.sla_compliance is not None:
        return percent_text(summary.sla_compliance)
    if summary.closed:
        return _("None of the closed requests had a target")
    return _("No requests closed yet")


def _scorecard(current: RequestSummary, previous: RequestSummary, days: int) -> list[Score]:
    median_days = _days(current.close_median_seconds)
    return [
        Score(
            _("Requests received"),
            number_format(current.received, force_grouping=True),
            _("Reports and requests residents made in the period."),
            _trend(
                current.received,
                previous.received,
                days=days,
                higher_is_better=None,
                unit=_amount_in_requests,
                decimals=0,
            ),
        ),
        Score(
            _("Closed within target"),
            _within_target(current),
            _(
                "Of the requests the city fixed in the period, the share fixed within the time "
                "it promises for that service."
            ),
            _trend(
                _percent(current.sla_compliance),
                _percent(previous.sla_compliance),
                days=days,
                higher_is_better=True,
                unit=_amount_in_points,
                decimals=0,
            ),
        ),
        Score(
            _("Median days to close"),
            number_format(rounded(median_days, 1), 1)
            if median_days is not None
            else _("No requests closed yet"),
            _("Half of the requests fixed in the period took less time than this, half took more."),
            _trend(
                median_days,
                _days(previous.close_median_seconds),
                days=days,
                higher_is_better=False,
                unit=_amount_in_days,
            ),
        ),
    ]


@require_GET
def performance(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    start, end = month_to_date(timezone.localdate(now))
    form = MetricFilterForm(
        request.GET or None,
        department_ids=None,
        default_start=start,
        default_end=end,
        districts=selectors.district_choices(),
    )
    filters = form.filters()
    current = selectors.request_summary(filters=filters)
    previous = selectors.request_summary(filters=filters.previous())
    departments = selectors.request_breakdown(filters=filters, dimension=Dimension.DEPARTMENT)
    services = selectors.request_breakdown(filters=filters, dimension=Dimension.SERVICE)
    districts = selectors.request_breakdown(filters=filters, dimension=Dimension.DISTRICT)
    district_chart = charts.bar_chart(
        title=_("Share closed within target, by district"),
        description=_("The same figures are in the district table below."),
        bars=[
            (row.label, int(rounded((row.sla_compliance or 0) * 100)))
            for row in districts
            if row.sla_compliance is not None
        ],
        maximum=100,
        suffix="%",
    )
    return render(
        request,
        "reporting/performance.html",
        {
            "form": form,
            "filters": filters,
            "scorecard": [
                *_scorecard(current, previous, filters.day_count),
                _satisfaction_score(
                    satisfaction_summary(filters=filters),
                    satisfaction_summary(filters=filters.previous()),
                    filters.day_count,
                ),
            ],
            "departments": departments,
            "services": services,
            "districts": districts,
            "district_chart": district_chart,
            "query": form.query(),
        },
    )
