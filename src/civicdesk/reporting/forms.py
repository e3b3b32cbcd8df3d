"""The filter form shared by the dashboard, the public page, CSV tables and open data.

Every filter travels in the URL (`?start=2026-05-01&end=2026-05-31&department=streets&…`) so a
view can be bookmarked, linked and printed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from civicdesk.catalog.models import Department, Service
from civicdesk.catalog.selectors import department_name_localized, service_name_localized
from civicdesk.core.widgets import PlainSelect
from civicdesk.crm.enums import Channel
from civicdesk.reporting.selectors import MetricFilters

MAX_PERIOD_DAYS = 731
DASHBOARD_DEFAULT_DAYS = 30
FILTER_FIELDS = ("start", "end", "department", "service", "district", "channel")


class MetricFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All departments"),
        widget=PlainSelect,
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All services"),
        widget=PlainSelect,
    )
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *Channel.choices],
        required=False,
        widget=PlainSelect,
    )

    def __init__(
        self,
        data: Any,
        *,
        department_ids: frozenset[int] | None,
        default_start: date | None,
        default_end: date | None,
        districts: list[tuple[str, str]] | None = None,
        max_days: int | None = MAX_PERIOD_DAYS,
    ) -> None:
        super().__init__(data)
        self.department_ids = department_ids
        self.default_start = default_start
        self.default_end = default_end
        self.max_days = max_days
        # A filter needs the code and the name only (a service row holds much more); departments
        # and services are named and sorted in the visitor's language where the catalog has a
        # translation.
        departments = (
            Department.objects.only("pk", "code", "name")
            .annotate(shown_name=department_name_localized(get_language()))
            .order_by("shown_name")
        )
        services = (
            Service.objects.only("pk", "code", "name")
            .annotate(shown_name=service_name_localized(get_language()))
            .order_by("shown_name")
        )
        if department_ids is not None:
            departments = departments.filter(pk__in=department_ids)
            services = services.filter(department_id__in=department_ids)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["department"].label_from_instance = lambda department: department.shown_name  # type: ignore[attr-defined]
        self.fields["service"].label_from_instance = lambda service: service.shown_name  # type: ignore[attr-defined]
        if districts is not None:
            self.fields["district"] = forms.ChoiceField(
                label=_("District"),
                choices=[("", _("All districts")), *districts],
                required=False,
                widget=PlainSelect,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start = cleaned.get("start") or self.default_start
        end = cleaned.get("end") or self.default_end
        if start is not None and end is not None:
            if start > end:
                raise forms.ValidationError(_("The period must start before it ends."))
            if self.max_days is not None and (end - start).days + 1 > self.max_days:
                raise forms.ValidationError(
                    _("Choose a period of at most %(days)d days.") % {"days": self.max_days}
                )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def filters(self) -> MetricFilters:
        """The filters asked for, or the default period when the form is invalid."""
        cleaned: dict[str, Any] = (
            self.cleaned_data if self.is_valid() else {"start": None, "end": None}
        )
        department = cleaned.get("department")
        department_ids = self.department_ids
        if department is not None:
            department_ids = frozenset({department.pk})
        service = cleaned.get("service")
        return MetricFilters(
            start_date=cleaned.get("start") or self.default_start,
            end_date=cleaned.get("end") or self.default_end,
            service_id=service.pk if service is not None else None,
            department_ids=department_ids,
            district=cleaned.get("district") or "",
            channel=cleaned.get("channel") or "",
        )

    def query(self, **changes: str) -> str:
        """This form's filters as a query string, with `changes` applied (for links)."""
        return filter_query(self.query_values(), changes)

    def query_values(self) -> dict[str, str]:
        """Each filter's value as asked for ("" when not asked for)."""
        source = self.data if self.is_bound else {}
        return {name: source.get(name, "") for name in FILTER_FIELDS}


def filter_query(values: dict[str, str], changes: dict[str, str]) -> str:
    """`values` (as `MetricFilterForm.query_values` gives them) with `changes` applied, as a
    query string."""
    merged = {**values, **changes}
    return urlencode([(name, value) for name, value in merged.items() if value])


def last_days(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def month_to_date(today: date) -> tuple[date, date]:
    return today.replace(day=1), today
