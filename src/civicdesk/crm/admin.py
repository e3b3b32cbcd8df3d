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
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts.models import User
from civicdesk.core import clock
from civicdesk.crm.models import (
    Contact,
    ContactAddress,
    ContactIdentity,
    ContactMerge,
    Interaction,
    ServiceCenter,
)
from civicdesk.crm.services import (
    IDENTITY_NORMALIZERS,
    ContactDetailsError,
    contact_search_record,
    contact_view_record,
)

_NORMALIZERS: dict[str, Callable[[str], str]] = IDENTITY_NORMALIZERS


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


class ContactAddressInline(admin.TabularInline):
    model = ContactAddress
    fields = ["kind", "address", "zip_code", "is_primary"]
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
            _("Consent and notifications"),
            {
                "fields": [
                    "preferred_contact_method",
                    "wants_status_updates",
                    "has_email_consent",
                    "has_sms_consent",
                    "has_survey_consent",
                ]
            },
        ),
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]
    inlines = [ContactIdentityInline, ContactAddressInline, InteractionInline]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The list shows residents' names too: which ones, to whom, goes to the audit log."""
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        change_list = context.get("cl")
        if change_list is not None and isinstance(request.user, User):
            contact_search_record(
                query=request.GET.get("q", ""),
                contact_ids=[contact.pk for contact in change_list.result_list],
                actor=request.user,
                now=clock.now(),
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Every view of a resident's personal data goes to the audit log, here too."""
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            contact = self.get_object(request, object_id)
            if contact is not None and isinstance(request.user, User):
                contact_view_record(
                    contact=contact, actor=request.user, now=clock.now(), via="admin"
                )
        return response

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


@admin.register(ServiceCenter)
class ServiceCenterAdmin(admin.ModelAdmin):
    """Walk-in desks and neighborhood stations, chosen by agents when a resident walks in."""

    list_display = ["name", "kind", "address", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "address"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(ContactMerge)
class ContactMergeAdmin(admin.ModelAdmin):
    """What each merge folded into the kept record. Read-only: merges happen in the console."""

    list_display = ["merged_at", "kept_contact", "merged_contact_id", "merged_by"]
    list_select_related = ["kept_contact", "merged_by"]
    readonly_fields = [
        "kept_contact",
        "merged_contact_id",
        "merged_snapshot",
        "moved_counts",
        "merged_at",
        "merged_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ContactMerge | None = None) -> bool:
        return False
