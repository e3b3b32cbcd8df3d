"""Residents are asked "how did it go?" once per finished request and once per contact-center
interaction, in their language, by the channel they agreed to; never without their consent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.crm.enums import Channel, ContactMethod, InteractionOutcome, InteractionReason
from civicdesk.crm.services import interaction_log
from civicdesk.notifications.sms import SmsMessage
from civicdesk.service_requests.enums import Status
from civicdesk.surveys.enums import InvitationChannel, InvitationStatus
from civicdesk.surveys.models import SurveyInvitation
from civicdesk.surveys.services import (
    survey_invitation_send_for_request,
    survey_invitations_retry_due,
)
from tests.factories import ContactFactory, ContactIdentityFactory, staff_user
from tests.fieldwork.conftest import Streets
from tests.surveys.conftest import move, resident_pothole

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("surveys")]

DONE = (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED)


def _survey_mails() -> list[Any]:
    return [message for message in mail.outbox if "/survey/" in message.body]


def test_resolved_request__requester_is_emailed_the_survey_in_spanish_once(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = resident_pothole(email="ana@mail.example", language="es")
    move(streets, service_request, django_capture_on_commit_callbacks, *DONE)
    # Closing it afterwards (the resident says it is fixed) does not ask a second time.
    move(streets, service_request, django_capture_on_commit_callbacks, Status.CLOSED)

    [message] = _survey_mails()
    assert message.to == ["ana@mail.example"]
    assert "¿Cómo le fue?" in message.subject
    assert service_request.public_id in message.subject
    invitation = SurveyInvitation.objects.get()
    assert f"/survey/{invitation.token}/" in message.body
    assert f"/survey/{invitation.token}/stop/" in message.body
    assert "Bache" in message.body or "Pothole" in message.body
    assert (invitation.status, invitation.channel, invitation.language) == (
        InvitationStatus.SENT,
        InvitationChannel.EMAIL,
        "es",
    )
    assert invitation.expires_at - invitation.sent_at == timedelta(days=30)


def test_the_task_running_twice_sends_once(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = resident_pothole(email="ben@mail.example")
    move(streets, service_request, django_capture_on_commit_callbacks, *DONE)
    again = survey_invitation_send_for_request(
        service_request_id=service_request.pk, now=timezone.now()
    )
    assert again is None
    assert len(_survey_mails()) == 1
    assert SurveyInvitation.objects.count() == 1


def test_without_consent_to_surveys__nobody_is_asked(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = resident_pothole(email="cal@mail.example", has_survey_consent=False)
    move(streets, service_request, django_capture_on_commit_callbacks, *DONE)
    assert _survey_mails() == []
    assert not SurveyInvitation.objects.exists()


def test_do_not_contact__nobody_is_asked(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = resident_pothole(
        email="dee@mail.example", preferred_contact_method=ContactMethod.NONE
    )
    move(streets, service_request, django_capture_on_commit_callbacks, *DONE)
    assert not SurveyInvitation.objects.exists()


def test_cancelled_request__no_survey(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = resident_pothole(email="eve@mail.example")
    move(streets, service_request, django_capture_on_commit_callbacks, Status.CANCELLED)
    assert not SurveyInvitation.objects.exists()


def test_prefers_texts__survey_is_texted(
    streets: Streets, django_capture_on_commit_callbacks: Any, sms_outbox: list[SmsMessage]
) -> None:
    service_request = resident_pothole(
        phone="319-555-0142", preferred_contact_method=ContactMethod.SMS
    )
    move(streets, service_request, django_capture_on_commit_callbacks, *DONE)
    surveys = [message for message in sms_outbox if "/survey/" in message.body]
    assert [message.to for message in surveys] == ["+13195550142"]
    assert f"request {service_request.public_id} is done" in surveys[0].body
    invitation = SurveyInvitation.objects.get()
    assert invitation.channel == InvitationChannel.SMS
    # Every text tells how to stop them: the survey's own stop link.
    last_line = surveys[0].body.strip().splitlines()[-1]
    assert last_line.startswith("No more surveys: http")
    assert last_line.endswith(f"/survey/{invitation.token}/stop/")


class _BrokenSms:
    """Refuses the first survey text it is given, then accepts."""

    calls = 0

    def send(self, *, to: str, body: str) -> str:
        if "/survey/" not in body:
            return "status-message"
        _BrokenSms.calls += 1
        if _BrokenSms.calls == 1:
            raise OSError("provider down")
        return "ok"


def test_failed_send__recorded_and_retried_once_due(
    streets: Streets, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.CIVICDESK = {
        **settings.CIVICDESK,
        "SMS_PROVIDER": "tests.surveys.test_invitations._BrokenSms",
    }
    _BrokenSms.calls = 0
    service_request = resident_pothole(
        phone="319-555-0143", preferred_contact_method=ContactMethod.SMS
    )
    move(streets, service_request, django_capture_on_commit_callbacks, *DONE)
    invitation = SurveyInvitation.objects.get()
    assert invitation.status == InvitationStatus.FAILED
    assert "provider down" in invitation.error
    assert invitation.next_attempt_at is not None
    now = timezone.now()
    assert survey_invitations_retry_due(now=now) == 0  # not due yet
    later = invitation.next_attempt_at + timedelta(seconds=1)
    assert survey_invitations_retry_due(now=later) == 1
    assert survey_invitations_retry_due(now=later) == 0
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    assert _BrokenSms.calls == 2


def test_contact_center_interaction__resident_is_asked_about_it_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    agent = staff_user(Role.AGENT)
    contact = ContactFactory(first_name="Lee", has_survey_consent=True)
    ContactIdentityFactory(contact=contact, value="lee@mail.example")
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        interaction = interaction_log(
            contact=contact,
            channel=Channel.PHONE,
            reason=InteractionReason.QUESTION,
            outcome=InteractionOutcome.ANSWERED,
            started_at=now - timedelta(minutes=4),
            actor=agent,
            now=now,
        )
    [message] = _survey_mails()
    assert message.to == ["lee@mail.example"]
    assert "Hello Lee," in message.body
    assert "Thank you for contacting" in message.body
    invitation = SurveyInvitation.objects.get()
    assert (invitation.interaction, invitation.service_request) == (interaction, None)

    from civicdesk.surveys.services import survey_invitation_send_for_interaction

    assert survey_invitation_send_for_interaction(interaction_id=interaction.pk, now=now) is None
    assert len(_survey_mails()) == 1


def test_call_that_ended_before_an_answer__no_survey(
    django_capture_on_commit_callbacks: Any,
) -> None:
    agent = staff_user(Role.AGENT)
    contact = ContactFactory(has_survey_consent=True)
    ContactIdentityFactory(contact=contact)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        interaction_log(
            contact=contact,
            channel=Channel.PHONE,
            reason=InteractionReason.QUESTION,
            outcome=InteractionOutcome.ABANDONED,
            started_at=now,
            actor=agent,
            now=now,
        )
    assert not SurveyInvitation.objects.exists()
    assert _survey_mails() == []


def test_failed_send__retried_by_the_schedulers_sweep_task(
    streets: Streets, django_capture_on_commit_callbacks: Any, settings: Any, monkeypatch: Any
) -> None:
    """`civicdesk scheduler` queues `deliveries_retry_due` every minute: it retries invitations
    as well as notifications and webhooks."""
    from civicdesk.notifications.tasks import deliveries_retry_due

    settings.CIVICDESK = {
        **settings.CIVICDESK,
        "SMS_PROVIDER": "tests.surveys.test_invitations._BrokenSms",
    }
    _BrokenSms.calls = 0
    service_request = resident_pothole(
        phone="319-555-0143", preferred_contact_method=ContactMethod.SMS
    )
    move(streets, service_request, django_capture_on_commit_callbacks, *DONE)
    invitation = SurveyInvitation.objects.get()
    assert invitation.status == InvitationStatus.FAILED
    assert invitation.next_attempt_at is not None
    later = invitation.next_attempt_at + timedelta(seconds=1)
    monkeypatch.setattr("civicdesk.core.clock.now", lambda: later)
    assert deliveries_retry_due.call()["survey_invitations"] == 1
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
