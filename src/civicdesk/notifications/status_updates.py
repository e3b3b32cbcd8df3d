"""Telling the requester about status changes that matter, in their language, once each.

Which events matter (`notification_kind_for`): acknowledged; work scheduled for a day (a work
order given to a crew); resolved, with a link asking "is it fixed?" (yes closes the request,
no reopens it); closed as a duplicate, referred elsewhere, cancelled. Followers hear about
public status changes through `following.follower_updates_send`.

The requester is reached the way they prefer (e-mail or text message) among the ways they
agreed to; a contact who unsubscribed (`wants_status_updates` off) or asked not to be contacted
hears nothing. Each message carries an unsubscribe link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from civicdesk.core.errors import ApplicationError
from civicdesk.crm.enums import Channel, ContactMethod, IdentityKind
from civicdesk.crm.models import Contact
from civicdesk.crm.selectors import contact_identity_primary
from civicdesk.notifications import links
from civicdesk.notifications.delivery import notification_transmit
from civicdesk.notifications.enums import DeliveryStatus, NotificationChannel, NotificationKind
from civicdesk.notifications.models import Notification
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent

_KIND_BY_STATUS = {
    Status.ACKNOWLEDGED: NotificationKind.ACKNOWLEDGED,
    Status.RESOLVED: NotificationKind.RESOLVED,
    Status.CLOSED_DUPLICATE: NotificationKind.CLOSED_DUPLICATE,
    Status.REFERRED: NotificationKind.REFERRED,
    Status.CANCELLED: NotificationKind.CANCELLED,
}


class ResolutionLinkError(ApplicationError):
    code = "resolution_link_expired"


def notification_kind_for(event: ServiceRequestEvent) -> NotificationKind | None:
    """The message a timeline event deserves, or None when the resident need not hear of it."""
    if not event.is_public:
        return None
    if event.event_type == EventType.STATUS_CHANGED and event.to_status:
        return _KIND_BY_STATUS.get(Status(event.to_status))
    if event.event_type == EventType.ASSIGNED and event.data.get("scheduled_date"):
        return NotificationKind.SCHEDULED
    return None


@dataclass(frozen=True)
class Address:
    channel: NotificationChannel
    recipient: str


def contact_address_for_updates(contact: Contact | None) -> Address | None:
    """Where to tell `contact` about a status change: their preferred way among the ways they
    agreed to; None when they do not want updates."""
    if contact is None or not contact.wants_status_updates:
        return None
    if contact.preferred_contact_method == ContactMethod.NONE:
        return None
    email = ""
    if contact.has_email_consent:
        email = contact_identity_primary(contact, IdentityKind.EMAIL)
    phone = contact_identity_primary(contact, IdentityKind.PHONE) if contact.has_sms_consent else ""
    if contact.preferred_contact_method == ContactMethod.SMS and phone:
        return Address(NotificationChannel.SMS, phone)
    if email:
        return Address(NotificationChannel.EMAIL, email)
    if phone:
        return Address(NotificationChannel.SMS, phone)
    return None


def _language(contact: Contact, service_request: ServiceRequest) -> str:
    languages = dict(settings.LANGUAGES)
    for language in (contact.preferred_language, service_request.language):
        if language in languages:
            return language
    return str(settings.LANGUAGE_CODE)


def _place(service_request: ServiceRequest) -> str:
    return service_request.address or service_request.district


def _context(
    *,
    kind: NotificationKind,
    event: ServiceRequestEvent,
    contact: Contact,
) -> dict[str, object]:
    service_request = event.service_request
    civic = settings.CIVICDESK
    context: dict[str, object] = {
        "kind": kind.value,
        "service_request": service_request,
        "service_name": service_request.service.name,
        "place": _place(service_request),
        "city_name": civic["CITY_NAME"],
        "note": event.note,
        "track_url": links.track_url(service_request.public_id),
        "unsubscribe_url": links.unsubscribe_url(contact_id=contact.pk),
    }
    if kind == NotificationKind.SCHEDULED:
        context["scheduled_date"] = date.fromisoformat(str(event.data["scheduled_date"]))
    if kind == NotificationKind.RESOLVED:
        context["fixed_url"] = links.resolution_url(
            service_request_id=service_request.pk, event_id=event.pk
        )
        photos = list(
            service_request.media.filter(
                pk__in=event.data.get("proof_media") or [], is_public=True
            ).order_by("pk")
        )
        base = str(civic["PUBLIC_URL"]).rstrip("/")
        context["photo_urls"] = [
            url if url.startswith("http") else f"{base}{url}"
            for url in (photo.file.url for photo in photos)
        ]
    if kind == NotificationKind.CLOSED_DUPLICATE and service_request.duplicate_of_id:
        original = service_request.duplicate_of
        if original is not None:
            context["original_number"] = original.public_id
            context["original_url"] = links.track_url(original.public_id)
    return context


def status_message_render(
    *, kind: NotificationKind, event: ServiceRequestEvent, contact: Contact, channel: str
) -> tuple[str, str, str]:
    """(language, subject, body) of the message about `event` for `contact`."""
    language = _language(contact, event.service_request)
    context = _context(kind=kind, event=event, contact=contact)
    with translation.override(language):
        subject = render_to_string("notifications/status_subject.txt", context).strip()
        template = (
            "notifications/status_sms.txt"
            if channel == NotificationChannel.SMS
            else "notifications/status_body.txt"
        )
        body = render_to_string(template, context).strip() + "\n"
    return language, subject, body


def status_notifications_send(*, event_id: int, now: datetime) -> int:
    """Tell the requester about the timeline event `event_id` if it matters to them.

    The message is claimed (a row unique per event, channel and recipient) before it is sent,
    so running this twice sends once. Returns how many messages went out.
    """
    event = (
        ServiceRequestEvent.objects.select_related(
            "service_request__service",
            "service_request__requester",
            "service_request__duplicate_of",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    kind = notification_kind_for(event)
    service_request = event.service_request
    contact = service_request.requester
    address = contact_address_for_updates(contact)
    if kind is None or contact is None or address is None:
        return 0
    language, subject, body = status_message_render(
        kind=kind, event=event, contact=contact, channel=address.channel
    )
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                service_request=service_request,
                event=event,
                contact=contact,
                kind=kind,
                channel=address.channel,
                recipient=address.recipient,
                language=language,
                subject=subject[:300],
                body=body,
                status=DeliveryStatus.SENDING,
                created_at=now,
            )
    except IntegrityError:
        return 0  # claimed by an earlier run: sent, being sent, or waiting for its retry
    return int(notification_transmit(notification=notification, now=now))


# --- The resident's answers ----------------------------------------------------------------------


def resolution_get(*, token: str) -> tuple[ServiceRequest, ServiceRequestEvent] | None:
    """The request and resolved event a "is it fixed?" link names; None for a bad link."""
    read = links.resolution_token_read(token)
    if read is None:
        return None
    service_request_id, event_id = read
    event = (
        ServiceRequestEvent.objects.select_related("service_request__service")
        .filter(pk=event_id, service_request_id=service_request_id)
        .first()
    )
    if event is None or event.to_status != Status.RESOLVED:
        return None
    return event.service_request, event


def resolution_is_open(*, service_request: ServiceRequest, event: ServiceRequestEvent) -> bool:
    """The link still applies: the request is resolved, and by this event (not an older one)."""
    if service_request.status != Status.RESOLVED:
        return False
    latest = (
        service_request.events.filter(
            event_type=EventType.STATUS_CHANGED, to_status=Status.RESOLVED
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest == event.pk


@transaction.atomic
def resolution_answer(
    *,
    service_request: ServiceRequest,
    event: ServiceRequestEvent,
    is_fixed: bool,
    comment: str,
    now: datetime,
) -> ServiceRequest:
    """The resident says whether the problem is fixed: yes closes the request; no reopens it
    (resolved → in progress), with their comment as an internal note for the department."""
    from civicdesk.service_requests.services.lifecycle import (
        service_request_add_note,
        service_request_change_status,
    )

    locked = ServiceRequest.objects.select_for_update().get(pk=service_request.pk)
    if not resolution_is_open(service_request=locked, event=event):
        raise ResolutionLinkError(
            _("This request has changed since we wrote to you; see its page for where it stands.")
        )
    with translation.override(settings.LANGUAGE_CODE):
        if is_fixed:
            note = _("The resident confirmed that the problem is fixed.")
            to_status = Status.CLOSED
        else:
            note = _("Reopened: the resident says the problem is not fixed.")
            to_status = Status.IN_PROGRESS
    changed = service_request_change_status(
        service_request=locked,
        to_status=to_status,
        actor=None,
        now=now,
        note=note,
        channel=Channel.WEB,
        data={"resident_answer": "fixed" if is_fixed else "not_fixed"},
    )
    comment = comment.strip()
    if comment:
        service_request_add_note(
            service_request=changed, note=comment[:2000], is_public=False, actor=None, now=now
        )
    return changed


@transaction.atomic
def contact_unsubscribe(*, contact: Contact, now: datetime) -> Contact:
    """The resident followed an unsubscribe link: no more status updates."""
    if not contact.wants_status_updates:
        return contact
    contact.wants_status_updates = False
    contact.save(update_fields=["wants_status_updates", "updated_at"])
    return contact


def contact_get_by_unsubscribe_token(*, token: str) -> Contact | None:
    contact_id = links.unsubscribe_token_read(token)
    if contact_id is None:
        return None
    return Contact.objects.filter(pk=contact_id).first()
