"""A record of every message sent to a resident; its unique key makes sending idempotent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.notifications.enums import (
    DeliveryStatus,
    NotificationChannel,
    NotificationKind,
    WebhookDeliveryStatus,
)


class Notification(TimeStampedModel):
    service_request = models.ForeignKey(
        "service_requests.ServiceRequest", on_delete=models.CASCADE, related_name="notifications"
    )
    contact = models.ForeignKey(
        "crm.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Status-change messages: the timeline event they tell about, the text as rendered (so a
    # retry sends exactly the same), and the retry schedule.
    event = models.ForeignKey(
        "service_requests.ServiceRequestEvent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("timeline event"),
    )
    body = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # The confirmation: once per request and recipient.
            models.UniqueConstraint(
                fields=["service_request", "kind", "channel", "recipient"],
                condition=Q(event__isnull=True),
                name="notification_sent_once",
            ),
            # A status change: once per timeline event and recipient (a request resolved,
            # reopened and resolved again is told twice, each once).
            models.UniqueConstraint(
                fields=["event", "channel", "recipient"],
                condition=Q(event__isnull=False),
                name="notification_event_sent_once",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="failed", next_attempt_at__isnull=False),
                name="notification_retry_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class Subscription(TimeStampedModel):
    """A resident following a request by e-mail, once they confirm through the link we send.

    `token` is the secret in the confirmation and unfollow links. `is_affected` records a
    resident who said "me too" on a request they found already reported.
    """

    service_request = models.ForeignKey(
        "service_requests.ServiceRequest",
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("service request"),
    )
    contact = models.ForeignKey(
        "crm.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("contact"),
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    is_affected = models.BooleanField(
        _("affected resident"), default=False, help_text=_("Said “me too” on this request.")
    )
    is_confirmed = models.BooleanField(_("confirmed"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("unfollowed at"), null=True, blank=True)
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    # The newest timeline event this follower was told about: each update goes out once.
    last_event_id = models.PositiveBigIntegerField(_("last event told"), null=True, blank=True)
    last_notified_at = models.DateTimeField(_("last told at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["service_request", "email"], name="subscription_one_per_email"
            )
        ]
        indexes = [
            models.Index(
                fields=["service_request", "is_confirmed"], name="subscription_request_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.service_request_id}"

    @property
    def is_active(self) -> bool:
        return self.is_confirmed and self.cancelled_at is None


class WebhookSubscription(TimeStampedModel):
    """A department system (a work-management system, say) that wants timeline events.

    Each delivery is signed with `secret` (HMAC-SHA256, see notifications.webhooks).
    """

    name = models.CharField(_("name"), max_length=150)
    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_subscriptions",
        verbose_name=_("department"),
        help_text=_("Only this department's requests; empty for every department."),
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        help_text=_("Shared with the receiving system, which checks each signature with it."),
    )
    event_types = models.JSONField(
        _("event types"),
        default=list,
        help_text=_("Timeline event types to send, e.g. service_request.status_changed."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from civicdesk.service_requests.enums import EventType

        known = {value for value, _label in EventType.choices}
        if not isinstance(self.event_types, list) or not self.event_types:
            raise ValidationError({"event_types": _("Choose at least one event type.")})
        unknown = [value for value in self.event_types if value not in known]
        if unknown:
            raise ValidationError(
                {
                    "event_types": _("Unknown event types: %(types)s.")
                    % {"types": ", ".join(map(str, unknown))}
                }
            )


class WebhookDelivery(TimeStampedModel):
    """One timeline event for one subscription: written in the event's own transaction, so
    nothing is lost, then sent and retried with back-off until the receiver accepts it."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event = models.ForeignKey(
        "service_requests.ServiceRequestEvent",
        on_delete=models.CASCADE,
        related_name="webhook_deliveries",
        verbose_name=_("timeline event"),
    )
    event_type = models.CharField(_("event type"), max_length=64)
    body = models.TextField(_("payload"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WebhookDeliveryStatus.choices,
        default=WebhookDeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_delivery_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription}"
