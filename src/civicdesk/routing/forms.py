"""Forms of /work/: they parse and check input; the services decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts.models import User
from civicdesk.catalog.models import Service
from civicdesk.fieldwork.models import Crew
from civicdesk.routing.enums import SlaState
from civicdesk.routing.models import Queue, ReferralAgency
from civicdesk.routing.selectors import (
    AGE_BUCKETS,
    ASSIGNEE_ME,
    ASSIGNEE_NONE,
    OPEN,
    SORTS,
    QueueFilters,
)
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.services.lifecycle import NOTE_MAX_LENGTH

AGE_LABELS = {
    "1d": _("Less than a day"),
    "7d": _("1 to 7 days"),
    "30d": _("7 to 30 days"),
    "older": _("More than 30 days"),
}
SORT_LABELS = {
    "sla": _("SLA due time"),
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "priority": _("Priority"),
}


class QueueFilterForm(forms.Form):
    # Plain choices built from lists the view reads once (no query while rendering).
    queue = forms.TypedChoiceField(label=_("Queue"), required=False, coerce=int, empty_value=None)
    service = forms.TypedChoiceField(
        label=_("Service"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    sla = forms.ChoiceField(label=_("SLA"), required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    age = forms.ChoiceField(label=_("Age"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        queues: list[Queue],
        services: list[Service],
        districts: list[str],
        people: list[User],
    ) -> None:
        super().__init__(data)
        self.fields["queue"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *[(queue.pk, str(queue)) for queue in queues],
        ]
        self.fields["service"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *[(service.pk, service.name) for service in services],
        ]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (OPEN, _("All open")),
            ("all", _("Any status")),
            *Status.choices,
        ]
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *[(district, district) for district in districts],
        ]
        self.fields["sla"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *[(state.value, state.label) for state in SlaState],
        ]
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            (ASSIGNEE_ME, _("Me")),
            (ASSIGNEE_NONE, _("Nobody")),
            *[(str(person.pk), str(person)) for person in people],
        ]
        self.fields["age"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *[(key, AGE_LABELS[key]) for key in AGE_BUCKETS],
        ]
        self.fields["sort"].choices = [  # type: ignore[attr-defined]
            (key, SORT_LABELS[key]) for key in SORTS
        ]

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            queue_id=data["queue"],
            service_id=data["service"],
            status=data["status"] or OPEN,
            district=data["district"],
            sla_state=data["sla"],
            assignee=data["assignee"],
            age=data["age"],
            sort=data["sort"] or "sla",
        )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE_MAX_LENGTH
    )
    is_public = forms.BooleanField(
        label=_("Show this note to the resident"), required=False, initial=False
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Public note to the resident"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text=_("Required when the request goes on hold, is resolved, closed or cancelled."),
    )

    def __init__(self, *args: Any, allowed: list[Status], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status.value, status.label) for status in allowed
        ]


class HoldForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it on hold? (the resident reads this)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX_LENGTH,
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people  # type: ignore[attr-defined]


class ServiceChangeForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Change service to"), queryset=Service.objects.filter(is_active=True)
    )
    note = forms.CharField(
        label=_("Note (optional, public)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )


class MergeForm(forms.Form):
    duplicates = forms.CharField(
        label=_("Request numbers to merge into this one"),
        help_text=_("Separate numbers with spaces or commas."),
        max_length=2000,
    )
    note = forms.CharField(
        label=_("Note to their residents (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )

    def public_ids(self) -> list[str]:
        raw = self.cleaned_data["duplicates"].replace(",", " ")
        return [part.strip() for part in raw.split() if part.strip()]


class ReferForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Refer to"), queryset=ReferralAgency.objects.order_by("name")
    )
    note = forms.CharField(
        label=_("Note (optional, public)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )


class CrewDispatchForm(forms.Form):
    """Send requests to a crew for a day (the request page, and the bulk action's fields)."""

    crew = forms.ModelChoiceField(
        label=_("Crew"),
        queryset=Crew.objects.none(),
        error_messages={
            "required": _("Choose a crew."),
            "invalid_choice": _("Choose one of the crews of the request's department."),
        },
    )
    scheduled_date = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose the day of the work."),
            "invalid": _("Give the day as a date, e.g. 2026-11-24."),
        },
    )
    join_existing = forms.BooleanField(
        label=_("Add to the crew's open work order for that day, if there is one"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, crews: Any, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("scheduled_date", today)
        super().__init__(*args, **kwargs)
        self.fields["crew"].queryset = crews  # type: ignore[attr-defined]
        self.fields["crew"].label_from_instance = _crew_label  # type: ignore[attr-defined]
        self.fields["scheduled_date"].widget.attrs["min"] = today.isoformat()


def _crew_label(crew: Crew) -> str:
    return f"{crew.name} ({crew.department.name})"


def crew_dispatch_error(form: forms.Form) -> str:
    """The first problem of a crew form, as one sentence for a message."""
    for name in ("crew", "scheduled_date"):
        if form.errors.get(name):
            return str(form.errors[name][0])
    return str(_("Choose a crew and a day."))


BULK_ACTIONS = {
    "acknowledge": _("Acknowledge"),
    "assign": _("Assign to"),
    "start": _("Start work (in progress)"),
    "crew": _("Send to a crew"),
}


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("With the selected requests"), choices=BULK_ACTIONS.items())
    assignee = forms.TypedChoiceField(
        label=_("Person"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("Nobody")),
            *[(person.pk, str(person)) for person in people],
        ]
