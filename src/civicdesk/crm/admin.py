"""Contacts and interactions in the admin; administrators only (the role backend gives no one else
`crm` permissions).

Identities are stored normalised (lower-case e-mail, E.164 phone), so the identity form runs the
CRM's own normalisers and a search for "319-555-0101" also finds "+13195550101". Interactions are
recorded by the channels through `crm.services`; here they are only read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.models import Contact, ContactIdentity, Interaction
from civicdesk.crm.services import ContactDetailsError, email_normalize, phone_normalize

_NORMALIZERS: dict[str, Callable[[str], str]] = {
    IdentityKind.EMAIL: email_normalize,
    IdentityKind.PHONE: phone_normalize,
}


def _identity_values_for_search(search_term: str) -> list[str]:
    """The stored forms `search_term` may take as an e-mail address or phone number."""
    values = []
    for normalize in _NORMALIZERS.values():
        try:
            values.append(normalize(search_term))
        except ContactDetailsError:
            continue
    return values


class ContactIdentityForm(forms.ModelForm):
    class Meta:
        model = ContactIdentity
        fields = ["kind", "value", "is_primary", "is_verified"]

    def clean(self) -> dict[str, Any]:
        cleaned_data: dict[str, Any] = super().clean() or {}
        normalize = _NORMALIZERS.get(cleaned_data.get("kind") or "")
        value = cleaned_data.get("value")
        if normalize is not None and value:
            try:
                cleaned_data["value"] = normalize(value)
            except ContactDetailsError as error:
                self.add_error("value", error.message)
        return cleaned_data


class ContactIdentityInline(admin.TabularInline):
    model = ContactIdentity
    form = ContactIdentityForm
    extra = 0


_INTERACTION_ROW_FIELDS = (
    "started_at",
    "channel",
    "reason",
    "outcome",
    "agent",
    "service_request",
    "is_first_contact_resolution",
)


class InteractionInline(admin.TabularInline):
    """The contact's interactions, newest first, read-only."""

    model = Interaction
    fields = _INTERACTION_ROW_FIELDS
    readonly_fields = _INTERACTION_ROW_FIELDS
    ordering = ["-started_at", "-pk"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Interaction]:
        interactions: QuerySet[Interaction] = super().get_queryset(request)
        return interactions.select_related("agent", "service_request")

    def has_add_permission(self, request: HttpRequest, obj: Contact | None) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: HttpRequest, obj: Contact | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Contact | None = None) -> bool:
        return False


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "preferred_language",
        "has_email_consent",
        "has_sms_consent",
        "has_survey_consent",
        "created_at",
    ]
    list_filter = ["preferred_language", "has_email_consent", "has_sms_consent"]
    search_fields = ["first_name", "last_name", "identities__value"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["first_name", "last_name", "preferred_language"]}),
        (
            _("Consent"),
            {"fields": ["has_email_consent", "has_sms_consent", "has_survey_consent"]},
        ),
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]
    inlines = [ContactIdentityInline, InteractionInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Contact], search_term: str
    ) -> tuple[QuerySet[Contact], bool]:
        contacts, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        values = _identity_values_for_search(search_term)
        if values:
            contacts |= queryset.filter(identities__value__in=values)
            may_have_duplicates = True
        return contacts, may_have_duplicates


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    """Every contact with a resident, as the channels recorded it. Read-only."""

    list_display = [
        "started_at",
        "contact",
        "channel",
        "reason",
        "outcome",
        "agent",
        "service_request",
        "is_first_contact_resolution",
    ]
    list_filter = ["channel", "reason", "outcome", "is_first_contact_resolution", "started_at"]
    search_fields = [
        "contact__first_name",
        "contact__last_name",
        "contact__identities__value",
        "service_request__public_id",
    ]
    list_select_related = ["contact", "agent", "service_request"]
    show_full_result_count = False
    fields = [
        "started_at",
        "ended_at",
        "contact",
        "channel",
        "reason",
        "outcome",
        "service_request",
        "agent",
        "is_first_contact_resolution",
        "notes",
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Interaction], search_term: str
    ) -> tuple[QuerySet[Interaction], bool]:
        interactions, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        values = _identity_values_for_search(search_term)
        if values:
            interactions |= queryset.filter(contact__identities__value__in=values)
            may_have_duplicates = True
        return interactions, may_have_duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Interaction | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Interaction | None = None) -> bool:
        return False
