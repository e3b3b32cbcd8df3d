"""The record of messages sent to residents, read-only: the notification services write it."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from civicdesk.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "service_request",
        "kind",
        "channel",
        "recipient",
        "status",
        "sent_at",
    ]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["recipient", "service_request__public_id"]
    list_select_related = ["service_request"]
    show_full_result_count = False
    fields = [
        "created_at",
        "service_request",
        "contact",
        "kind",
        "channel",
        "recipient",
        "language",
        "subject",
        "status",
        "sent_at",
        "error",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False
