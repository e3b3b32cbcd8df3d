from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Request received")
    # Status changes that matter to the resident (see notifications.dispatch).
    ACKNOWLEDGED = "acknowledged", _("Request acknowledged")
    SCHEDULED = "scheduled", _("Work scheduled")
    RESOLVED = "resolved", _("Request resolved")
    CLOSED_DUPLICATE = "closed_duplicate", _("Closed as duplicate")
    REFERRED = "referred", _("Referred elsewhere")
    CANCELLED = "cancelled", _("Request cancelled")


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")
