"""Status changes, notes and duplicates: each writes its timeline event, or nothing at all."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicdesk.accounts.enums import Role
from civicdesk.crm.enums import Channel
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services import (
    Location,
    service_request_add_note,
    service_request_change_status,
    service_request_mark_duplicate,
    service_request_submit,
)
from civicdesk.service_requests.services.lifecycle import DuplicateError, NoteError
from civicdesk.service_requests.workflow import InvalidStatusTransitionError
from tests.factories import ServiceFactory, staff_user

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def request_new() -> ServiceRequest:
    ServiceFactory(code="GRAFFITI")
    return service_request_submit(
        service_code="GRAFFITI",
        location=Location(address="1 Harbor Road"),
        channel=Channel.WEB,
        now=NOW,
    ).service_request


def test_change_status__records_who_when_and_why(request_new: ServiceRequest) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, request_new.department)
    later = NOW + timedelta(hours=2)
    service_request_change_status(
        service_request=request_new,
        to_status=Status.ACKNOWLEDGED,
        actor=worker,
        now=later,
        note="A crew will look at it this week.",
    )
    request_new.refresh_from_db()
    assert request_new.status == Status.ACKNOWLEDGED
    event = request_new.events.get(event_type=EventType.STATUS_CHANGED)
    assert (event.from_status, event.to_status, event.actor, event.occurred_at) == (
        Status.NEW,
        Status.ACKNOWLEDGED,
        worker,
        later,
    )
    assert event.note == "A crew will look at it this week."
    assert event.is_public


def test_change_status__closing_sets_and_reopening_clears_closed_at(
    request_new: ServiceRequest,
) -> None:
    for step, status in enumerate([Status.IN_PROGRESS, Status.RESOLVED], start=1):
        service_request_change_status(
            service_request=request_new,
            to_status=status,
            actor=None,
            now=NOW + timedelta(days=step),
        )
    request_new.refresh_from_db()
    assert request_new.closed_at == NOW + timedelta(days=2)
    assert request_new.open311_status == "closed"
    service_request_change_status(
        service_request=request_new,
        to_status=Status.IN_PROGRESS,
        actor=None,
        now=NOW + timedelta(days=3),
        note="The resident says the paint is still there.",
    )
    request_new.refresh_from_db()
    assert request_new.closed_at is None
    assert request_new.open311_status == "open"
    assert [e.to_status for e in request_new.events.order_by("occurred_at")] == [
        Status.NEW,
        Status.IN_PROGRESS,
        Status.RESOLVED,
        Status.IN_PROGRESS,
    ]


def test_change_status__forbidden_move_changes_nothing(request_new: ServiceRequest) -> None:
    with pytest.raises(InvalidStatusTransitionError):
        service_request_change_status(
            service_request=request_new, to_status=Status.CLOSED, actor=None, now=NOW
        )
    request_new.refresh_from_db()
    assert request_new.status == Status.NEW
    assert ServiceRequestEvent.objects.count() == 1


def test_change_status__decides_on_the_stored_status_not_a_stale_copy(
    request_new: ServiceRequest,
) -> None:
    stale = ServiceRequest.objects.get(pk=request_new.pk)
    service_request_change_status(
        service_request=request_new, to_status=Status.CANCELLED, actor=None, now=NOW
    )
    with pytest.raises(InvalidStatusTransitionError, match="cannot change status any more"):
        service_request_change_status(
            service_request=stale, to_status=Status.ACKNOWLEDGED, actor=None, now=NOW
        )


def test_add_note__internal_notes_are_not_public(request_new: ServiceRequest) -> None:
    event = service_request_add_note(
        service_request=request_new,
        note=" Caller was upset. ",
        is_public=False,
        actor=None,
        now=NOW,
    )
    assert (event.event_type, event.note, event.is_public) == (
        EventType.NOTE_ADDED,
        "Caller was upset.",
        False,
    )
    with pytest.raises(NoteError):
        service_request_add_note(
            service_request=request_new, note="   ", is_public=True, actor=None, now=NOW
        )


def test_mark_duplicate__closes_and_links_to_the_original(request_new: ServiceRequest) -> None:
    original = service_request_submit(
        service_code="GRAFFITI",
        location=Location(address="1 Harbor Road"),
        channel=Channel.APP,
        now=NOW - timedelta(days=1),
    ).service_request
    service_request_mark_duplicate(
        service_request=request_new, original=original, actor=None, now=NOW
    )
    request_new.refresh_from_db()
    assert request_new.status == Status.CLOSED_DUPLICATE
    assert request_new.duplicate_of == original
    event = request_new.events.get(to_status=Status.CLOSED_DUPLICATE)
    assert original.public_id in event.note
    with pytest.raises(DuplicateError):
        service_request_mark_duplicate(
            service_request=original, original=original, actor=None, now=NOW
        )
