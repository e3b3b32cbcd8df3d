"""Followers hear about public status changes and notes, once each, in their language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.notifications.following import (
    follower_updates_queue,
    follower_updates_send,
    service_request_follow,
    subscription_cancel,
    subscription_confirm,
)
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.services.lifecycle import (
    service_request_add_note,
    service_request_change_status,
)
from tests.factories import staff_user
from tests.portal.conftest import City
from tests.portal.requests import file_request

pytestmark = pytest.mark.django_db


def _follower(service_request: Any, email: str, language: str) -> Any:
    now = timezone.now()
    subscription = service_request_follow(
        service_request=service_request, email=email, language=language, is_affected=True, now=now
    ).subscription
    return subscription_confirm(subscription=subscription, now=now)


def test_followers_are_told_once_in_their_language(
    city: City, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = file_request()
    _follower(service_request, "ana@example.com", "es")
    _follower(service_request, "ben@example.com", "en")
    gone = _follower(service_request, "cy@example.com", "en")
    subscription_cancel(subscription=gone, now=timezone.now())
    _unconfirmed = service_request_follow(
        service_request=service_request,
        email="dee@example.com",
        language="en",
        is_affected=False,
        now=timezone.now(),
    )
    mail.outbox.clear()
    staff = staff_user(Role.DEPARTMENT_STAFF, department=service_request.department)
    service_request_change_status(
        service_request=service_request,
        to_status=Status.IN_PROGRESS,
        actor=staff,
        now=timezone.now(),
    )
    event = service_request.events.order_by("-pk").first()
    assert event is not None
    with django_capture_on_commit_callbacks(execute=True):
        follower_updates_queue(event=event)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["ana@example.com", "ben@example.com"]
    spanish = next(message for message in mail.outbox if message.to == ["ana@example.com"])
    assert "ahora está: En curso" in spanish.body
    assert "/follow/" in spanish.body
    # Running again sends nothing new.
    assert follower_updates_send(event_id=event.pk, now=timezone.now()) == 0
    assert len(mail.outbox) == 2


def test_internal_notes_are_not_sent_to_followers(city: City) -> None:
    service_request = file_request()
    _follower(service_request, "ana@example.com", "en")
    staff = staff_user(Role.DEPARTMENT_STAFF, department=service_request.department)
    internal = service_request_add_note(
        service_request=service_request,
        note="Caller sounded upset.",
        is_public=False,
        actor=staff,
        now=timezone.now(),
    )
    public = service_request_add_note(
        service_request=service_request,
        note="Crew scheduled for Tuesday.",
        is_public=True,
        actor=staff,
        now=timezone.now(),
    )
    mail.outbox.clear()
    assert follower_updates_send(event_id=internal.pk, now=timezone.now()) == 0
    assert follower_updates_send(event_id=public.pk, now=timezone.now()) == 1
    assert "Crew scheduled for Tuesday." in mail.outbox[0].body
