"""Derived data of notifications: the version that tells every process to re-read who listens
to webhooks."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from civicdesk.notifications.models import WebhookSubscription
from civicdesk.notifications.webhooks import webhook_subscriptions_changed


def _subscriptions_changed(sender: type, **kwargs: Any) -> None:
    webhook_subscriptions_changed()


def connect() -> None:
    post_save.connect(
        _subscriptions_changed, sender=WebhookSubscription, dispatch_uid="webhooks-save"
    )
    post_delete.connect(
        _subscriptions_changed, sender=WebhookSubscription, dispatch_uid="webhooks-delete"
    )
