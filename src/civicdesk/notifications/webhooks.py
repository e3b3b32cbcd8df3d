"""Outbound webhooks: timeline events POSTed, signed, to department systems.

A `WebhookDelivery` row is written for each matching subscription in the same transaction as
the timeline event (so a crash or a receiver outage loses nothing), then sent after the commit
and retried with back-off until the receiver answers 2xx or the attempts run out.

Each POST carries the JSON payload and these headers:

    X-CivicDesk-Event:      the event type, e.g. service_request.status_changed
    X-CivicDesk-Delivery:   the delivery's id (the same on every retry)
    X-CivicDesk-Timestamp:  Unix seconds when this attempt was signed
    X-CivicDesk-Signature:  sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>

Receivers recompute the HMAC over the timestamp, a dot and the raw body, compare in constant
time, and refuse old timestamps (e.g. more than five minutes) against replays.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from civicdesk.core.versions import SharedVersion
from civicdesk.notifications.enums import WebhookDeliveryStatus
from civicdesk.notifications.models import WebhookDelivery, WebhookSubscription
from civicdesk.service_requests.models import ServiceRequestEvent

logger = logging.getLogger(__name__)


# --- Who listens (read on every timeline event, so kept per process) ---------------------------


@dataclass(frozen=True)
class _Listener:
    subscription_id: int
    department_id: int | None
    event_types: frozenset[str]

    def wants(self, event_type: str, department_id: int | None) -> bool:
        return event_type in self.event_types and self.department_id in (None, department_id)


_VERSION = SharedVersion("webhooks")
_listeners: tuple[str, tuple[_Listener, ...]] | None = None
_listeners_lock = threading.Lock()


def webhook_subscriptions_changed() -> None:
    """Tell every process to re-read the active subscriptions (signals call this)."""
    global _listeners  # noqa: PLW0603 - the process's one cached list
    _VERSION.bump()
    with _listeners_lock:
        _listeners = None


def _active_listeners() -> tuple[_Listener, ...]:
    """The active subscriptions, re-read only after one changed (in any process)."""
    global _listeners  # noqa: PLW0603 - the process's one cached list
    version = _VERSION.current()
    known = _listeners
    if known is not None and known[0] == version:
        return known[1]
    listeners = tuple(
        _Listener(pk, department_id, frozenset(event_types or ()))
        for pk, department_id, event_types in WebhookSubscription.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "department_id", "event_types")
    )
    with _listeners_lock:
        _listeners = (version, listeners)
    return listeners


# Seconds to wait after the 1st, 2nd, … failed attempt; then the delivery is given up.
RETRY_DELAYS_SECONDS = (30, 2 * 60, 10 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60)
MAX_ATTEMPTS = len(RETRY_DELAYS_SECONDS) + 1
SIGNATURE_HEADER = "X-CivicDesk-Signature"
# Deliveries inserted, and sent by one task, at a time when events are written in bulk.
WEBHOOK_BULK_BATCH_SIZE = 500
TIMESTAMP_HEADER = "X-CivicDesk-Timestamp"


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` keyed with `secret`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def webhook_signature_is_valid(*, secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, signature)


def webhook_payload(event: ServiceRequestEvent) -> dict[str, Any]:
    service_request = event.service_request
    return {
        "event": {
            "id": event.pk,
            "type": event.event_type,
            "occurred_at": event.occurred_at.isoformat(),
            "is_public": event.is_public,
            "channel": event.channel,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "note": event.note,
            "data": event.data,
        },
        "service_request": {
            "id": service_request.public_id,
            "service_code": service_request.service.code,
            "status": service_request.status,
            "priority": service_request.priority,
            "department": service_request.department.code,
            "address": service_request.address,
            "district": service_request.district,
            "latitude": service_request.latitude,
            "longitude": service_request.longitude,
            "sla_due_at": service_request.sla_due_at.isoformat()
            if service_request.sla_due_at
            else None,
            "url": f"{str(settings.CIVICDESK['PUBLIC_URL']).rstrip('/')}/work/requests/"
            f"{service_request.public_id}/",
        },
    }


def webhook_deliveries_create(*, event: ServiceRequestEvent) -> list[WebhookDelivery]:
    """Write a delivery for each active subscription that wants `event`; call inside the
    transaction that wrote it. Sending is queued for after the commit."""
    service_request = event.service_request
    subscription_ids = [
        listener.subscription_id
        for listener in _active_listeners()
        if listener.wants(event.event_type, service_request.department_id)
    ]
    if not subscription_ids:
        return []
    body = json.dumps(webhook_payload(event), separators=(",", ":"), default=str)
    deliveries = [
        WebhookDelivery.objects.create(
            subscription_id=subscription_id,
            event=event,
            event_type=event.event_type,
            body=body,
            next_attempt_at=event.occurred_at,
            created_at=event.occurred_at,
        )
        for subscription_id in subscription_ids
    ]
    from civicdesk.notifications.tasks import webhook_delivery_send

    ids = [delivery.pk for delivery in deliveries]

    def send_after_commit() -> None:
        for pk in ids:
            webhook_delivery_send.enqueue(delivery_id=pk)

    transaction.on_commit(send_after_commit)
    return deliveries


def webhook_deliveries_create_many(
    *, event_type: str, event_ids: Sequence[int], batch_size: int = WEBHOOK_BULK_BATCH_SIZE
) -> int:
    """Write the deliveries of many events of one type at once, for writers that bulk-insert
    their events (the escalation sweep); call inside the transaction that wrote them.

    The same rows as `webhook_deliveries_create` would write one by one — one per event and
    subscription that wants it — inserted in batches, with one send task per batch queued for
    after the commit. Returns how many deliveries were written.
    """
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(is_active=True)
        if event_type in subscription.event_types
    ]
    if not subscriptions or not event_ids:
        return 0
    events = ServiceRequestEvent.objects.filter(
        pk__in=list(event_ids), event_type=event_type
    ).select_related("service_request__service", "service_request__department")
    if all(subscription.department_id is not None for subscription in subscriptions):
        events = events.filter(
            service_request__department_id__in={s.department_id for s in subscriptions}
        )
    written = 0
    pending: list[WebhookDelivery] = []

    def flush() -> None:
        nonlocal written, pending
        if not pending:
            return
        created = WebhookDelivery.objects.bulk_create(pending)
        ids = [delivery.pk for delivery in created]
        written += len(ids)
        pending = []
        from civicdesk.notifications.tasks import webhook_deliveries_send

        transaction.on_commit(partial(webhook_deliveries_send.enqueue, delivery_ids=ids))

    for event in events.order_by("pk").iterator(chunk_size=batch_size):
        department_id = event.service_request.department_id
        wanting = [
            subscription
            for subscription in subscriptions
            if subscription.department_id in (None, department_id)
        ]
        if not wanting:
            continue
        body = json.dumps(webhook_payload(event), separators=(",", ":"), default=str)
        pending.extend(
            WebhookDelivery(
                subscription=subscription,
                event=event,
                event_type=event.event_type,
                body=body,
                next_attempt_at=event.occurred_at,
                created_at=event.occurred_at,
            )
            for subscription in wanting
        )
        if len(pending) >= batch_size:
            flush()
    flush()
    return written


def webhook_deliveries_send(*, delivery_ids: Sequence[int], now: datetime) -> int:
    """Send a batch of pending deliveries (each claimed on its own, so a delivery another
    worker is sending is skipped); return how many the receivers accepted."""
    return sum(webhook_deliver(delivery_id=pk, now=now) for pk in delivery_ids)


def _post(delivery: WebhookDelivery, now: datetime) -> tuple[int | None, str]:
    """POST the delivery once; (HTTP status or None, error text)."""
    subscription = delivery.subscription
    body = delivery.body.encode()
    timestamp = int(now.timestamp())
    request = urllib.request.Request(  # noqa: S310 - administrators configure http(s) URLs only
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "CivicDesk-Webhooks/1",
            "X-CivicDesk-Event": delivery.event_type,
            "X-CivicDesk-Delivery": str(delivery.pk),
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: webhook_signature(
                secret=subscription.secret, timestamp=timestamp, body=body
            ),
        },
    )
    timeout = float(settings.CIVICDESK.get("WEBHOOK_TIMEOUT_SECONDS", 10))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status), ""
    except urllib.error.HTTPError as error:
        return int(error.code), str(error.reason)[:500]
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, f"{type(error).__name__}: {error}"[:2000]


def webhook_deliver(*, delivery_id: int, now: datetime) -> bool:
    """Send one pending delivery if it is due and no other worker is sending it.

    Returns True when the receiver accepted it (2xx). A failure schedules the next attempt
    with back-off (and queues it where the task backend can defer); after the last attempt the
    delivery is marked "gave up" for an administrator to retry from the admin.
    """
    claimed = (
        WebhookDelivery.objects.filter(
            pk=delivery_id,
            status=WebhookDeliveryStatus.PENDING,
            next_attempt_at__lte=now,
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(minutes=2))
    )
    if not claimed:
        return False
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    status_code, error = _post(delivery, now)
    attempts = delivery.attempts + 1
    if status_code is not None and 200 <= status_code < 300:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=WebhookDeliveryStatus.DELIVERED,
            attempts=attempts,
            last_status_code=status_code,
            last_error="",
            delivered_at=now,
            next_attempt_at=None,
            claimed_until=None,
        )
        return True
    gave_up = attempts >= MAX_ATTEMPTS
    next_attempt_at = (
        None if gave_up else now + timedelta(seconds=RETRY_DELAYS_SECONDS[attempts - 1])
    )
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=WebhookDeliveryStatus.FAILED if gave_up else WebhookDeliveryStatus.PENDING,
        attempts=attempts,
        last_status_code=status_code,
        last_error=error or f"HTTP {status_code}",
        next_attempt_at=next_attempt_at,
        claimed_until=None,
    )
    logger.warning(
        "Webhook delivery %s to %s failed (attempt %d): %s",
        delivery_id,
        delivery.subscription.url,
        attempts,
        error or status_code,
    )
    if next_attempt_at is not None:
        _retry_queue(delivery_id, next_attempt_at)
    return False


def _retry_queue(delivery_id: int, at: datetime) -> None:
    from civicdesk.notifications.tasks import webhook_delivery_send

    if webhook_delivery_send.get_backend().supports_defer:
        webhook_delivery_send.using(run_after=at).enqueue(delivery_id=delivery_id)


def webhook_deliveries_retry_due(*, now: datetime, limit: int = 500) -> int:
    """Send every pending delivery whose attempt is due; return how many were accepted."""
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(webhook_deliver(delivery_id=pk, now=now) for pk in due)


@transaction.atomic
def webhook_deliveries_requeue(*, delivery_ids: list[int], now: datetime) -> int:
    """An administrator asks for given-up deliveries to be tried again now."""
    chosen = WebhookDelivery.objects.filter(
        pk__in=delivery_ids, status=WebhookDeliveryStatus.FAILED
    )
    ids = list(chosen.values_list("pk", flat=True))
    chosen.update(status=WebhookDeliveryStatus.PENDING, attempts=0, next_attempt_at=now)
    from civicdesk.notifications.tasks import webhook_delivery_send

    def send_after_commit() -> None:
        for pk in ids:
            webhook_delivery_send.enqueue(delivery_id=pk)

    transaction.on_commit(send_after_commit)
    return len(ids)
