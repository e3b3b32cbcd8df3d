"""The confirmation e-mail: in the resident's language, sent once, retried after a failure."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from civicdesk.crm.enums import Channel
from civicdesk.crm.services import ContactDetails
from civicdesk.notifications.enums import DeliveryStatus
from civicdesk.notifications.models import Notification
from civicdesk.notifications.services import confirmation_send
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location, service_request_submit
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def filed() -> ServiceRequest:
    ServiceFactory(code="TREE_DOWN", name="Tree down")
    return service_request_submit(
        service_code="TREE_DOWN",
        location=Location(address="5 Alder Lane"),
        channel=Channel.WEB,
        contact=ContactDetails(first_name="Mo", email="mo@mail.example", wants_email_updates=True),
        now=NOW,
        notify=False,
    ).service_request


def test_confirmation__running_twice_sends_once(filed: ServiceRequest) -> None:
    first = confirmation_send(service_request_id=filed.pk, now=NOW)
    second = confirmation_send(service_request_id=filed.pk, now=NOW)
    assert first is not None
    assert second is None
    assert len(mail.outbox) == 1
    notification = Notification.objects.get()
    assert (notification.status, notification.recipient, notification.sent_at) == (
        DeliveryStatus.SENT,
        "mo@mail.example",
        NOW,
    )
    assert "Tree down" in mail.outbox[0].body
    assert "5 Alder Lane" in mail.outbox[0].body


def test_confirmation__failed_send_is_recorded_and_retried(
    filed: ServiceRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.mail import EmailMultiAlternatives

    def refuse(self: object, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("SMTP server down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", refuse)
        with pytest.raises(ConnectionRefusedError):
            confirmation_send(service_request_id=filed.pk, now=NOW)
    failed = Notification.objects.get()
    assert failed.status == DeliveryStatus.FAILED
    assert "SMTP server down" in failed.error

    assert confirmation_send(service_request_id=filed.pk, now=NOW) is not None
    assert len(mail.outbox) == 1
    assert Notification.objects.get().status == DeliveryStatus.SENT
