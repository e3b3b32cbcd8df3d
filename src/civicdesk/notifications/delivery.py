"""Sending a stored message (e-mail or SMS) and retrying it with back-off after a failure.

A `Notification` row is written (claimed) before anything is sent, with the message as
rendered; the unique keys on the row mean a task that runs twice sends once. A failed send is
recorded with the time of the next attempt; `notification_retry` (queued with a delay where the
task backend can defer, and by the `civicdesk deliver_retries` sweep everywhere) sends it again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives

from civicdesk.notifications.enums import DeliveryStatus, NotificationChannel
from civicdesk.notifications.models import Notification
from civicdesk.notifications.sms import sms_provider

logger = logging.getLogger(__name__)

# Seconds to wait after the 1st, 2nd, … failure; after the last, the message is given up.
RETRY_DELAYS_SECONDS = (60, 5 * 60, 30 * 60, 2 * 60 * 60, 8 * 60 * 60)
MAX_ATTEMPTS = len(RETRY_DELAYS_SECONDS) + 1


def retry_delay(attempts: int) -> timedelta | None:
    """How long to wait after `attempts` failures; None once the message is given up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return timedelta(seconds=RETRY_DELAYS_SECONDS[min(attempts, len(RETRY_DELAYS_SECONDS)) - 1])


def _transmit(notification: Notification) -> None:
    if notification.channel == NotificationChannel.SMS:
        sms_provider().send(to=notification.recipient, body=notification.body)
        return
    EmailMultiAlternatives(
        subject=notification.subject, body=notification.body, to=[notification.recipient]
    ).send()


def notification_transmit(*, notification: Notification, now: datetime) -> bool:
    """Send a notification this caller has claimed (status "sending"); record the outcome.

    Returns True when it went out. A failure is recorded with the next attempt's time and a
    deferred retry is queued; nothing is raised.
    """
    try:
        _transmit(notification)
    except Exception as error:  # noqa: BLE001 - any backend or provider error: record, retry
        attempts = notification.attempts + 1
        delay = retry_delay(attempts)
        next_attempt_at = now + delay if delay is not None else None
        Notification.objects.filter(pk=notification.pk).update(
            status=DeliveryStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            attempts=attempts,
            next_attempt_at=next_attempt_at,
        )
        logger.warning(
            "Notification %s to %s failed (attempt %d): %s",
            notification.pk,
            notification.recipient,
            attempts,
            error,
        )
        if next_attempt_at is not None:
            _retry_queue(notification.pk, next_attempt_at)
        return False
    Notification.objects.filter(pk=notification.pk).update(
        status=DeliveryStatus.SENT, sent_at=now, error="", next_attempt_at=None
    )
    return True


def _retry_queue(notification_id: int, at: datetime) -> None:
    """Queue a retry for `at` where the task backend can defer; the sweep covers the rest."""
    from civicdesk.notifications.tasks import notification_retry

    if notification_retry.get_backend().supports_defer:
        notification_retry.using(run_after=at).enqueue(notification_id=notification_id)


def notification_retry_one(*, notification_id: int, now: datetime) -> bool:
    """Send a failed notification again if it is due and no one else took it."""
    claimed = Notification.objects.filter(
        pk=notification_id,
        status=DeliveryStatus.FAILED,
        next_attempt_at__isnull=False,
        next_attempt_at__lte=now,
    ).update(status=DeliveryStatus.SENDING, next_attempt_at=None)
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    return notification_transmit(notification=notification, now=now)


def notifications_retry_due(*, now: datetime, limit: int = 500) -> int:
    """Send every failed notification whose next attempt is due; return how many went out."""
    due = list(
        Notification.objects.filter(
            status=DeliveryStatus.FAILED, next_attempt_at__isnull=False, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(notification_retry_one(notification_id=pk, now=now) for pk in due)
