"""The agent console's forms: they check the shape of what an agent types; the CRM services
and the one intake service decide the rest. A service's own questions and the location come
from the portal's forms, so the console asks exactly what the portal asks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from civicdesk.crm.enums import (
    CONSOLE_CHANNELS,
    Channel,
    ContactMethod,
    InteractionOutcome,
    InteractionReason,
)
from civicdesk.crm.models import ServiceCenter
from civicdesk.crm.selectors import service_center_list_open
from civicdesk.crm.services import ContactProfile


class ConsoleForm(forms.Form):
    """Server-side messages only (no browser bubbles), errors tied to their fields."""

    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.describe()

    def describe(self) -> None:
        for name, field in self.fields.items():
            errors = (getattr(self, "_errors", None) or {}).get(name)
            described = [f"{self[name].auto_id}-help"] if field.help_text else []
            if errors:
                described.append(f"{self[name].auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def full_clean(self) -> None:
        super().full_clean()
        self.describe()

    def add_field_errors(self, errors: dict[str, list[str]]) -> None:
        """Errors found later (by a service), beside their fields; the rest above the form."""
        for name, messages in errors.items():
            field = self.fields.get(name)
            shown = field is not None and not field.widget.is_hidden
            for message in messages:
                self.add_error(name if shown else None, message)
        self.describe()


class StartForm(ConsoleForm):
    """A new contact begins: how the resident reached us, and where, for in-person contacts."""

    prefix = "start"

    channel = forms.ChoiceField(
        label=_("How did the resident reach us?"),
        choices=[(channel.value, channel.label) for channel in CONSOLE_CHANNELS],
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
    )
    service_center = forms.ModelChoiceField(
        label=_("Walk-in desk or neighborhood station"),
        queryset=ServiceCenter.objects.none(),
        required=False,
        empty_label=_("Not in person"),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_center"].queryset = service_center_list_open()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("channel") == Channel.WALK_IN
            and cleaned.get("service_center") is None
            and service_center_list_open().exists()
        ):
            self.add_error(
                "service_center", _("Choose the desk or station the resident walked in to.")
            )
        return cleaned


class ContactSearchForm(ConsoleForm):
    q = forms.CharField(
        label=_("Find a resident"),
        max_length=200,
        required=False,
        help_text=_("Phone, e-mail, @handle, name, address or request number."),
    )


class ContactProfileForm(ConsoleForm):
    prefix = "contact"
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    social_handle = forms.CharField(label=_("Social-media handle"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    zip_code = forms.CharField(label=_("ZIP code"), max_length=20, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    preferred_contact_method = forms.ChoiceField(
        label=_("Preferred way to be reached"),
        choices=ContactMethod.choices,
        initial=ContactMethod.EMAIL,
    )
    has_email_consent = forms.BooleanField(label=_("Agrees to e-mail updates"), required=False)
    has_sms_consent = forms.BooleanField(label=_("Agrees to text-message updates"), required=False)
    has_survey_consent = forms.BooleanField(
        label=_("Agrees to satisfaction surveys"), required=False
    )
    wants_status_updates = forms.BooleanField(
        label=_("Wants updates when a request changes status"), required=False, initial=True
    )

    def profile(self) -> ContactProfile:
        data = self.cleaned_data
        return ContactProfile(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            social_handle=data["social_handle"],
            address=data["address"],
            zip_code=data["zip_code"],
            language=data["language"],
            preferred_contact_method=data["preferred_contact_method"],
            has_email_consent=data["has_email_consent"],
            has_sms_consent=data["has_sms_consent"],
            has_survey_consent=data["has_survey_consent"],
            wants_status_updates=data["wants_status_updates"],
        )


class KnowledgeSearchForm(ConsoleForm):
    kb = forms.CharField(label=_("Search the knowledge base"), max_length=200, required=False)
    kb_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, required=False)


class _WrapUpFields(ConsoleForm):
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_first_contact_resolution = forms.BooleanField(
        label=_("Resolved on this contact"), required=False, initial=True
    )


class AnswerForm(_WrapUpFields):
    """Answered from an article, optionally e-mailed or texted to the resident (to one of the
    phone numbers on their record, given as `phones`)."""

    prefix = "answer"
    field_order = [
        "reason",
        "send_by_email",
        "email",
        "send_by_text",
        "phone",
        "notes",
        "is_first_contact_resolution",
    ]
    # The fields that send the article to the resident: not offered for staff-only articles.
    send_field_names = ("send_by_email", "email", "send_by_text", "phone")

    article = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=InteractionReason.choices, initial=InteractionReason.QUESTION
    )
    send_by_email = forms.BooleanField(
        label=_("E-mail this article to the resident"), required=False
    )
    email = forms.CharField(label=_("Send to"), max_length=254, required=False)
    send_by_text = forms.BooleanField(
        label=_("Text this article to the resident"),
        required=False,
        help_text=_("The title, the summary and the link to the article on the city's website."),
    )
    phone = forms.ChoiceField(label=_("Text to"), choices=(), required=False)

    def __init__(self, *args: Any, phones: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phone_field = self.fields["phone"]
        assert isinstance(phone_field, forms.ChoiceField)  # noqa: S101 - declared above
        phone_field.choices = [(phone, phone) for phone in phones or []] or [
            ("", _("No phone number on file"))
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("send_by_email") and not (cleaned.get("email") or "").strip():
            self.add_error("email", _("Enter the e-mail address to send the article to."))
        return cleaned


OTHER_OUTCOMES = (
    InteractionOutcome.RECORDED,
    InteractionOutcome.ANSWERED,
    InteractionOutcome.TRANSFERRED,
    InteractionOutcome.REFERRED,
    InteractionOutcome.ABANDONED,
)


class OutcomeForm(_WrapUpFields):
    """A transfer or referral, a complaint, compliment or suggestion, or a call that dropped."""

    prefix = "outcome"
    field_order = ["reason", "outcome", "referred_to", "notes", "is_first_contact_resolution"]

    reason = forms.ChoiceField(
        label=_("Reason"), choices=InteractionReason.choices, initial=InteractionReason.COMPLAINT
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(outcome.value, outcome.label) for outcome in OTHER_OUTCOMES],
        initial=InteractionOutcome.RECORDED,
    )
    referred_to = forms.CharField(
        label=_("Transferred or referred to"),
        max_length=200,
        required=False,
        help_text=_("For example: County Health Department, 555-0100."),
    )


class StatusGivenForm(_WrapUpFields):
    pass


class RequestWrapUpForm(_WrapUpFields):
    not_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MergeForm(ConsoleForm):
    prefix = "merge"
    other_contact = forms.IntegerField(
        label=_("Contact number of the duplicate record"),
        min_value=1,
        help_text=_("Its history moves to this record, and the duplicate is removed."),
    )
