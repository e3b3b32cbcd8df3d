"""Following a request: a resident asks, confirms through an e-mailed link, and may unfollow.

Residents follow by e-mail address; nothing is sent to an address until its owner confirms.
Saying "me too" on a request that was already reported follows it and counts the resident as
affected. Links carry a random token; visiting one only shows a button, so a mail scanner that
opens links changes nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.models import ContactIdentity
from civicdesk.crm.services import email_normalize
from civicdesk.notifications.models import Subscription
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent

# What followers hear about: public status changes and public notes from staff.
FOLLOWED_EVENT_TYPES = frozenset({EventType.STATUS_CHANGED, EventType.NOTE_ADDED})


@dataclass(frozen=True)
class FollowResult:
    subscription: Subscription
    # False when the address already follows the request (nothing was sent again).
    is_confirmation_sent: bool


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@transaction.atomic
def service_request_follow(
    *,
    service_request: ServiceRequest,
    email: str,
    language: str,
    is_affected: bool,
    now: datetime,
) -> FollowResult:
    """Ask to follow `service_request` at `email`; the confirmation link goes out after commit.

    Raises `ContactDetailsError` (field `email`) for an address that is not one.
    """
    address = email_normalize(email)
    contact_id = (
        ContactIdentity.objects.filter(kind=IdentityKind.EMAIL, value=address)
        .values_list("contact_id", flat=True)
        .first()
    )
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        service_request=service_request,
        email=address,
        defaults={
            "contact_id": contact_id,
            "language": _language(language),
            "is_affected": is_affected,
            "token": _new_token(),
            "created_at": now,
        },
    )
    if not created:
        if subscription.is_active:
            if is_affected and not subscription.is_affected:
                subscription.is_affected = True
                subscription.save(update_fields=["is_affected", "updated_at"])
            return FollowResult(subscription=subscription, is_confirmation_sent=False)
        subscription.is_confirmed = False
        subscription.confirmed_at = None
        subscription.cancelled_at = None
        subscription.is_affected = subscription.is_affected or is_affected
        subscription.language = _language(language)
        subscription.token = _new_token()
        subscription.full_clean()
        subscription.save(
            update_fields=[
                "is_confirmed",
                "confirmed_at",
                "cancelled_at",
                "is_affected",
                "language",
                "token",
                "updated_at",
            ]
        )
    from civicdesk.notifications.tasks import follow_confirmation_send

    subscription_id = subscription.pk
    transaction.on_commit(lambda: follow_confirmation_send.enqueue(subscription_id=subscription_id))
    return FollowResult(subscription=subscription, is_confirmation_sent=True)


def subscription_get_by_token(*, token: str) -> Subscription | None:
    """The subscription a link's token names, with its request; None for an unknown token."""
    if not token or len(token) > 64:
        return None
    return (
        Subscription.objects.select_related("service_request__service").filter(token=token).first()
    )


@transaction.atomic
def subscription_confirm(*, subscription: Subscription, now: datetime) -> Subscription:
    """The resident clicked the link: start sending them updates (again, after an unfollow)."""
    if subscription.is_active:
        return subscription
    subscription.is_confirmed = True
    subscription.confirmed_at = now
    subscription.cancelled_at = None
    subscription.save(update_fields=["is_confirmed", "confirmed_at", "cancelled_at", "updated_at"])
    return subscription


@transaction.atomic
def subscription_cancel(*, subscription: Subscription, now: datetime) -> Subscription:
    """Unfollow: no more updates. A "me too" stays counted; the resident was affected."""
    if subscription.cancelled_at is not None:
        return subscription
    subscription.cancelled_at = now
    subscription.save(update_fields=["cancelled_at", "updated_at"])
    return subscription


def service_request_count_affected(*, service_request: ServiceRequest) -> int:
    """Residents who confirmed that the problem affects them too ("me too")."""
    return Subscription.objects.filter(
        service_request=service_request, is_affected=True, is_confirmed=True
    ).count()


def follow_confirmation_email_send(*, subscription_id: int) -> bool:
    """E-mail the confirmation and unfollow links in the resident's language."""
    subscription = (
        Subscription.objects.select_related("service_request__service")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or subscription.is_active:
        return False
    civic = settings.CIVICDESK
    base = civic["PUBLIC_URL"].rstrip("/")
    context = {
        "service_request": subscription.service_request,
        "city_name": civic["CITY_NAME"],
        "is_affected": subscription.is_affected,
        "confirm_url": f"{base}/follow/{subscription.token}/confirm/",
        "unfollow_url": f"{base}/follow/{subscription.token}/stop/",
        "track_url": f"{base}/requests/{subscription.service_request.public_id}/",
    }
    with translation.override(subscription.language):
        subject = render_to_string("notifications/follow_subject.txt", context).strip()
        body = render_to_string("notifications/follow_body.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[subscription.email]).send()
    return True


def follower_updates_queue(*, event: ServiceRequestEvent) -> None:
    """Tell the request's followers about `event` once the transaction that wrote it commits.

    The lifecycle services call this after writing a public status change or note.
    """
    if not event.is_public or event.event_type not in FOLLOWED_EVENT_TYPES:
        return
    from civicdesk.notifications.tasks import follower_updates_send_task

    event_id = event.pk
    transaction.on_commit(lambda: follower_updates_send_task.enqueue(event_id=event_id))


def follower_updates_send(*, event_id: int, now: datetime) -> int:
    """E-mail each confirmed follower about a public status change or note, in their language.

    Each follower is told about an event at most once, however often this runs: the follower's
    row is claimed for the event before the message goes out. Returns how many were sent.
    """
    event = (
        ServiceRequestEvent.objects.select_related("service_request__service")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not event.is_public or event.event_type not in FOLLOWED_EVENT_TYPES:
        return 0
    service_request = event.service_request
    civic = settings.CIVICDESK
    base = civic["PUBLIC_URL"].rstrip("/")
    followers = Subscription.objects.filter(
        service_request=service_request, is_confirmed=True, cancelled_at__isnull=True
    )
    sent = 0
    for subscription in followers:
        claimed = (
            Subscription.objects.filter(pk=subscription.pk)
            .filter(Q(last_event_id__isnull=True) | Q(last_event_id__lt=event.pk))
            .update(last_event_id=event.pk, last_notified_at=now)
        )
        if not claimed:
            continue
        with translation.override(subscription.language):
            context = {
                "service_request": service_request,
                "city_name": civic["CITY_NAME"],
                "status": Status(service_request.status).label,
                "is_status_change": event.event_type == EventType.STATUS_CHANGED,
                "note": event.note,
                "track_url": f"{base}/requests/{service_request.public_id}/",
                "unfollow_url": f"{base}/follow/{subscription.token}/stop/",
            }
            subject = render_to_string("notifications/follow_update_subject.txt", context).strip()
            body = render_to_string("notifications/follow_update_body.txt", context)
        EmailMultiAlternatives(subject=subject, body=body, to=[subscription.email]).send()
        sent += 1
    return sent
