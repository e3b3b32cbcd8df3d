"""Sending messages to residents, each at most once per request, kind and recipient."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.selectors import contact_identity_primary
from civicdesk.notifications.enums import DeliveryStatus, NotificationChannel, NotificationKind
from civicdesk.notifications.models import Notification
from civicdesk.service_requests.models import ServiceRequest

logger = logging.getLogger(__name__)


def _claim(
    *,
    service_request: ServiceRequest,
    kind: NotificationKind,
    channel: NotificationChannel,
    recipient: str,
    now: datetime,
) -> Notification | None:
    """Reserve the right to send; None when it was sent already or is being sent elsewhere."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                service_request=service_request,
                contact=service_request.requester,
                kind=kind,
                channel=channel,
                recipient=recipient,
                language=service_request.language,
                created_at=now,
            )
    except IntegrityError:
        pass
    # Only a failed earlier attempt may be taken over, and only by one worker.
    retried = Notification.objects.filter(
        service_request=service_request,
        kind=kind,
        channel=channel,
        recipient=recipient,
        status=DeliveryStatus.FAILED,
    ).update(status=DeliveryStatus.SENDING, error="")
    if not retried:
        return None
    return Notification.objects.get(
        service_request=service_request, kind=kind, channel=channel, recipient=recipient
    )


def confirmation_send(*, service_request_id: int, now: datetime) -> Notification | None:
    """E-mail the requester that their request arrived, with its number, in their language.

    Sent only when the requester agreed to e-mail updates and has an e-mail address. Raises the
    mail error after recording it, so the task runner can retry.
    """
    service_request = (
        ServiceRequest.objects.select_related("service", "department", "requester")
        .filter(pk=service_request_id)
        .first()
    )
    if service_request is None or service_request.requester is None:
        return None
    contact = service_request.requester
    if not contact.has_email_consent:
        return None
    email = contact_identity_primary(contact, IdentityKind.EMAIL)
    if not email:
        return None
    notification = _claim(
        service_request=service_request,
        kind=NotificationKind.CONFIRMATION,
        channel=NotificationChannel.EMAIL,
        recipient=email,
        now=now,
    )
    if notification is None:
        return None
    civic = settings.CIVICDESK
    context = {
        "service_request": service_request,
        "contact": contact,
        "city_name": civic["CITY_NAME"],
        "track_url": f"{civic['PUBLIC_URL'].rstrip('/')}/requests/{service_request.public_id}/",
    }
    with translation.override(service_request.language):
        subject = render_to_string("notifications/confirmation_subject.txt", context).strip()
        body = render_to_string("notifications/confirmation_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[email])
    try:
        message.send()
    except Exception as error:
        Notification.objects.filter(pk=notification.pk).update(
            status=DeliveryStatus.FAILED, error=str(error)[:2000]
        )
        logger.warning("Confirmation for %s failed: %s", service_request.public_id, error)
        raise
    notification.subject = subject
    notification.status = DeliveryStatus.SENT
    notification.sent_at = now
    notification.save(update_fields=["subject", "status", "sent_at", "updated_at"])
    return notification
