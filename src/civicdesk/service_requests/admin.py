"""Service requests in the admin, read-only: every write goes through `service_requests.services`.

Only administrators hold `service_requests` permissions today. The list is nevertheless narrowed
by `selectors.service_request_list_visible`, so that granting a role the view permission later
shows each person only the requests they may see.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts import permissions
from civicdesk.service_requests import selectors
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent

_EVENT_FIELDS = (
    "occurred_at",
    "event_type",
    "from_status",
    "to_status",
    "actor",
    "channel",
    "is_public",
    "note",
)
_SUMMARY_FIELDS = (
    "public_id",
    "service",
    "status",
    "priority",
    "department",
    "assignee",
    "channel",
    "language",
    "requester",
    "duplicate_of",
)
_WHAT_FIELDS = ("description", "attributes")
_WHERE_FIELDS = ("address", "address_id", "zip_code", "latitude", "longitude", "district")
_WHEN_FIELDS = ("created_at", "sla_due_at", "expected_at", "closed_at", "updated_at")


class ServiceRequestEventInline(admin.TabularInline):
    """The request's timeline, oldest first."""

    model = ServiceRequestEvent
    fields = _EVENT_FIELDS
    readonly_fields = _EVENT_FIELDS
    ordering = ["occurred_at", "pk"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceRequestEvent]:
        events: QuerySet[ServiceRequestEvent] = super().get_queryset(request)
        return events.select_related("actor")

    def has_add_permission(  # type: ignore[override]
        self, request: HttpRequest, obj: ServiceRequest | None
    ) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ServiceRequest | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: ServiceRequest | None = None
    ) -> bool:
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = [
        "public_id",
        "service",
        "status",
        "department",
        "channel",
        "created_at",
        "sla_due_at",
    ]
    list_filter = ["status", "channel", "department", "service__group"]
    search_fields = ["public_id", "address", "description"]
    list_select_related = ["service", "department"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": _SUMMARY_FIELDS}),
        (_("What"), {"fields": _WHAT_FIELDS}),
        (_("Where"), {"fields": _WHERE_FIELDS}),
        (_("When"), {"fields": _WHEN_FIELDS}),
    ]
    readonly_fields = (*_SUMMARY_FIELDS, *_WHAT_FIELDS, *_WHERE_FIELDS, *_WHEN_FIELDS)
    inlines = [ServiceRequestEventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceRequest]:
        return selectors.service_request_list_visible(user=request.user)

    def has_view_permission(self, request: HttpRequest, obj: ServiceRequest | None = None) -> bool:
        return super().has_view_permission(request, obj) and (
            obj is None or permissions.can_view_service_request(request.user, obj)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ServiceRequest | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: ServiceRequest | None = None
    ) -> bool:
        return False
