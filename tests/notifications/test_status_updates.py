"""Residents hear about the status changes that matter, in their language, once, the way they
prefer; failed sends are retried with back-off; followers hear too; back-dated history is quiet."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings
from django.utils import timezone

from civicdesk.crm.enums import ContactMethod
from civicdesk.notifications.delivery import notifications_retry_due
from civicdesk.notifications.enums import DeliveryStatus, NotificationChannel, NotificationKind
from civicdesk.notifications.following import service_request_follow, subscription_confirm
from civicdesk.notifications.models import Notification
from civicdesk.notifications.status_updates import status_notifications_send
from civicdesk.routing.models import ReferralAgency
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.services.lifecycle import (
    service_request_acknowledge,
    service_request_change_status,
    service_request_mark_duplicate,
    service_request_refer,
)
from tests.fieldwork.conftest import Streets, file_pothole

pytestmark = pytest.mark.django_db


class RecordingSms:
    """An SMS provider for tests: keeps what it was asked to send."""

    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, *, to: str, body: str) -> str:
        RecordingSms.sent.append((to, body))
        return f"test-{len(RecordingSms.sent)}"


def _acknowledge(streets: Streets, service_request: Any, capture: Any) -> None:
    with capture(execute=True):
        service_request_acknowledge(
            service_request=service_request, actor=streets.supervisor, now=timezone.now()
        )


def test_acknowledged__english_and_spanish_each_in_their_language(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    english = file_pothole(
        latitude=42.4, longitude=-92.8, email="ben@mail.example", address="120 Alder Street"
    )
    spanish = file_pothole(latitude=42.4, longitude=-92.8, email="ana@mail.example", language="es")
    _acknowledge(streets, english, django_capture_on_commit_callbacks)
    _acknowledge(streets, spanish, django_capture_on_commit_callbacks)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"ben@mail.example", "ana@mail.example"}
    ben = by_recipient["ben@mail.example"]
    assert ben.subject == f"Your request {english.public_id} is being looked at"
    assert "is taking it on" in ben.body
    assert "120 Alder Street" in ben.body
    assert "/notifications/unsubscribe/" in ben.body
    ana = by_recipient["ana@mail.example"]
    assert ana.subject == f"Estamos revisando su solicitud {spanish.public_id}"
    assert "se ocupa de ella" in ana.body
    assert "Para dejar de recibir mensajes" in ana.body


def test_status_that_does_not_matter_sends_nothing(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = file_pothole(latitude=42.4, longitude=-92.8, email="ben@mail.example")
    with django_capture_on_commit_callbacks(execute=True):
        service_request_change_status(
            service_request=service_request,
            to_status=Status.IN_PROGRESS,
            actor=streets.supervisor,
            now=timezone.now(),
        )
    assert mail.outbox == []


def test_duplicate_points_to_the_original_and_referral_says_where_to_go(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    original = file_pothole(latitude=42.4, longitude=-92.8)
    duplicate = file_pothole(latitude=42.4, longitude=-92.8, email="cy@mail.example", language="es")
    referred = file_pothole(latitude=42.4, longitude=-92.8, email="dee@mail.example")
    agency = ReferralAgency.objects.create(
        code="state-dot",
        name="State DOT",
        phone="+1 515 555 0100",
        url="https://dot.state.example",
        instructions="Report state highway problems to the State DOT.",
    )
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        service_request_mark_duplicate(
            service_request=duplicate, original=original, actor=streets.supervisor, now=now
        )
        service_request_refer(
            service_request=referred, agency=agency, actor=streets.supervisor, now=now
        )
    by_recipient = {message.to[0]: message for message in mail.outbox}
    cy = by_recipient["cy@mail.example"]
    assert original.public_id in cy.body
    assert f"/requests/{original.public_id}/" in cy.body
    assert "ya se había informado" in cy.subject
    dee = by_recipient["dee@mail.example"]
    assert "State DOT" in dee.body
    assert "+1 515 555 0100" in dee.body


def test_preferences__unsubscribed_or_do_not_contact_hear_nothing_and_sms_is_preferred(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    quiet = file_pothole(latitude=42.4, longitude=-92.8, email="quiet@mail.example")
    assert quiet.requester is not None
    quiet.requester.wants_status_updates = False
    quiet.requester.save()
    no_contact = file_pothole(latitude=42.4, longitude=-92.8, email="no@mail.example")
    assert no_contact.requester is not None
    no_contact.requester.preferred_contact_method = ContactMethod.NONE
    no_contact.requester.save()
    texter = file_pothole(
        latitude=42.4, longitude=-92.8, email="t@mail.example", phone="+1 515 555 0142"
    )
    assert texter.requester is not None
    texter.requester.preferred_contact_method = ContactMethod.SMS
    texter.requester.save()
    RecordingSms.sent.clear()
    sms_setting = {"SMS_PROVIDER": f"{__name__}.RecordingSms"}
    with override_settings(CIVICDESK={**_civicdesk(), **sms_setting}):
        for service_request in (quiet, no_contact, texter):
            _acknowledge(streets, service_request, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    [(to, body)] = RecordingSms.sent
    assert to == "+15155550142"
    assert texter.public_id in body
    assert "/notifications/unsubscribe/" in body
    notification = Notification.objects.get()
    assert (notification.channel, notification.status) == (
        NotificationChannel.SMS,
        DeliveryStatus.SENT,
    )


def _civicdesk() -> dict[str, Any]:
    from django.conf import settings

    return dict(settings.CIVICDESK)


def test_failed_send_is_retried_with_back_off_and_sent_once(
    streets: Streets, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    service_request = file_pothole(latitude=42.4, longitude=-92.8, email="ben@mail.example")

    def refuse(self: object, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("SMTP server down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", refuse)
        _acknowledge(streets, service_request, django_capture_on_commit_callbacks)
    failed = Notification.objects.get()
    assert failed.status == DeliveryStatus.FAILED
    assert failed.attempts == 1
    assert "SMTP server down" in failed.error
    assert failed.next_attempt_at is not None
    now = timezone.now()
    # Not due yet; and running the original task again does not send a second copy.
    assert notifications_retry_due(now=now) == 0
    assert status_notifications_send(event_id=failed.event_id or 0, now=now) == 0
    assert mail.outbox == []
    # The second attempt fails too: the wait grows.
    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", refuse)
        assert notifications_retry_due(now=failed.next_attempt_at) == 0
    second = Notification.objects.get()
    assert second.attempts == 2
    assert second.next_attempt_at is not None
    assert second.next_attempt_at - failed.next_attempt_at > failed.next_attempt_at - now
    assert notifications_retry_due(now=second.next_attempt_at) == 1
    assert notifications_retry_due(now=second.next_attempt_at + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == failed.subject
    assert Notification.objects.get().status == DeliveryStatus.SENT


def test_followers_are_told_too(streets: Streets, django_capture_on_commit_callbacks: Any) -> None:
    service_request = file_pothole(latitude=42.4, longitude=-92.8, email="ben@mail.example")
    now = timezone.now()
    follow = service_request_follow(
        service_request=service_request,
        email="neighbour@mail.example",
        language="es",
        is_affected=True,
        now=now,
    )
    subscription_confirm(subscription=follow.subscription, now=now)
    mail.outbox.clear()
    _acknowledge(streets, service_request, django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ben@mail.example",
        "neighbour@mail.example",
    ]


def test_back_dated_history_tells_no_one(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = file_pothole(latitude=42.4, longitude=-92.8, email="ben@mail.example")
    with django_capture_on_commit_callbacks(execute=True):
        service_request_acknowledge(
            service_request=service_request,
            actor=streets.supervisor,
            now=timezone.now() - timedelta(days=30),
        )
    assert mail.outbox == []
    assert not Notification.objects.filter(kind=NotificationKind.ACKNOWLEDGED).exists()


def test_a_backend_that_can_defer_gets_the_retry_queued_for_its_time(
    streets: Streets, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks import default_task_backend

    service_request = file_pothole(latitude=42.4, longitude=-92.8, email="ben@mail.example")
    with override_settings(
        TASKS={
            "default": {
                "BACKEND": "django_tasks.backends.dummy.DummyBackend",
                "QUEUES": ["default", "notifications"],
            }
        }
    ):
        service_request_acknowledge(
            service_request=service_request, actor=streets.supervisor, now=timezone.now()
        )
        event = service_request.events.get(to_status=Status.ACKNOWLEDGED)

        def refuse(self: object, fail_silently: bool = False) -> int:
            raise ConnectionRefusedError("SMTP server down")

        monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
        assert status_notifications_send(event_id=event.pk, now=timezone.now()) == 0
        failed = Notification.objects.get()
        queued = [
            result
            for result in default_task_backend.results  # type: ignore[attr-defined]
            if result.task.name == "notification_retry"
        ]
    assert [(r.kwargs, r.task.run_after) for r in queued] == [
        ({"notification_id": failed.pk}, failed.next_attempt_at)
    ]
