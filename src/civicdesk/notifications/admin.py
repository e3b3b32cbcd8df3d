"""The record of messages sent to residents, read-only: the notification services write it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from civicdesk.core import clock
from civicdesk.notifications.models import (
    Notification,
    Subscription,
    WebhookDelivery,
    WebhookSubscription,
)
from civicdesk.notifications.webhooks import webhook_deliveries_requeue


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
        "attempts",
        "next_attempt_at",
        "event",
        "body",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Who follows which request; read-only: residents follow and unfollow through the links."""

    list_display = [
        "created_at",
        "service_request",
        "email",
        "language",
        "is_affected",
        "is_confirmed",
        "cancelled_at",
    ]
    list_filter = ["is_confirmed", "is_affected", "language"]
    search_fields = ["email", "service_request__public_id"]
    list_select_related = ["service_request"]
    show_full_result_count = False
    fields = [
        "created_at",
        "service_request",
        "contact",
        "email",
        "language",
        "is_affected",
        "is_confirmed",
        "confirmed_at",
        "cancelled_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Subscription | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Subscription | None = None) -> bool:
        return False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Department systems that receive timeline events, signed with their secret."""

    list_display = ["name", "department", "url", "is_active"]
    list_filter = ["is_active", "department"]
    search_fields = ["name", "url"]
    fields = ["name", "department", "url", "secret", "event_types", "is_active"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every event sent to every subscription, its attempts and answers."""

    list_display = [
        "created_at",
        "subscription",
        "event_type",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "subscription", "event_type"]
    list_select_related = ["subscription"]
    show_full_result_count = False
    fields = readonly_fields = (
        "created_at",
        "subscription",
        "event",
        "event_type",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "body",
    )
    actions = ["retry_now"]

    @admin.action(description=_("Try the chosen deliveries again now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = webhook_deliveries_requeue(
            delivery_ids=list(queryset.values_list("pk", flat=True)), now=clock.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery is being tried again.",
                "%(count)d deliveries are being tried again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: WebhookDelivery | None = None
    ) -> bool:
        return False
