"""Department work on a request: acknowledge, assign, hold/resume (the SLA clock), change
service (re-routing), merge, refer — each with its timeline event and audit entry."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry
from civicdesk.catalog.enums import SlaUnit
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel
from civicdesk.crm.services import ContactDetails
from civicdesk.notifications.models import Subscription
from civicdesk.routing.enums import SlaState
from civicdesk.routing.sla import sla_state
from civicdesk.service_requests.enums import EventType, Priority, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location, service_request_submit
from civicdesk.service_requests.services.lifecycle import (
    AssignmentError,
    DuplicateError,
    NoteError,
    ServiceChangeError,
    service_request_acknowledge,
    service_request_assign,
    service_request_change_service,
    service_request_hold,
    service_request_merge,
    service_request_refer,
    service_request_resume,
    service_request_staff_change_status,
)
from tests.factories import (
    DepartmentFactory,
    ServiceFactory,
    SlaPolicyFactory,
    office_calendar,
    staff_user,
)
from tests.factories.routing import QueueFactory, ReferralAgencyFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
# Wednesday 18 November 2026, 10:00; the office works Monday to Friday, 08:00-17:00.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=CHICAGO)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


@pytest.fixture
def pothole() -> Service:
    return ServiceFactory(
        code="POTHOLE",
        sla_policy=SlaPolicyFactory(
            calendar=office_calendar(), target_unit=SlaUnit.BUSINESS_HOURS, target_value=8
        ),
    )


def submit(service: Service, *, email: str = "", now: datetime = NOW) -> ServiceRequest:
    return service_request_submit(
        service_code=service.code,
        location=Location(latitude=42.40, longitude=-92.85),
        channel=Channel.WEB,
        contact=ContactDetails(email=email) if email else None,
        now=now,
    ).service_request


def test_intake__sets_due_and_at_risk_in_business_time(pothole: Service) -> None:
    request = submit(pothole)

    # 8 business hours from Wednesday 10:00: seven on Wednesday, one on Thursday.
    assert request.sla_due_at == at(19, 9)
    # 80 % of 8 hours is 6 h 24 min: Wednesday 16:24.
    assert request.sla_at_risk_at == at(18, 16, 24)


def test_hold_and_resume__pause_the_clock_and_move_due_later(pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    request = submit(pothole)
    service_request_acknowledge(service_request=request, actor=worker, now=at(18, 11))

    service_request_hold(
        service_request=request, note="Waiting for the gas company.", actor=worker, now=at(18, 12)
    )
    request.refresh_from_db()
    assert (request.status, request.sla_paused_at) == (Status.ON_HOLD, at(18, 12))
    # While paused the clock is judged at the moment it stopped: a day later it is on track.
    assert (
        sla_state(
            due_at=request.sla_due_at,
            at_risk_at=request.sla_at_risk_at,
            paused_at=request.sla_paused_at,
            now=at(20, 12),
        )
        == SlaState.ON_TRACK
    )

    service_request_resume(service_request=request, actor=worker, now=at(19, 12))
    request.refresh_from_db()
    # Six business hours were left at the pause: Thursday 12:00 + 6 h = Friday 09:00.
    assert request.sla_due_at == at(20, 9)
    assert request.sla_at_risk_at == at(19, 16, 24)
    assert request.sla_paused_at is None
    assert request.sla_paused_seconds == 9 * 3600  # Wednesday 12-17, Thursday 08-12
    assert request.status == Status.IN_PROGRESS
    hold, resume = request.events.filter(event_type=EventType.STATUS_CHANGED).order_by(
        "occurred_at"
    )[1:]
    assert (hold.to_status, hold.note, hold.is_public) == (
        Status.ON_HOLD,
        "Waiting for the gas company.",
        True,
    )
    assert hold.data["sla_paused"] is True
    assert resume.data["seconds_on_hold"] == 9 * 3600


def test_hold__after_breach_the_request_stays_breached(pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    request = submit(pothole)
    service_request_acknowledge(service_request=request, actor=worker, now=at(18, 11))
    service_request_hold(
        service_request=request, note="Late already.", actor=worker, now=at(19, 10)
    )
    service_request_resume(service_request=request, actor=worker, now=at(20, 10))

    request.refresh_from_db()
    assert request.sla_due_at == at(19, 9)
    assert request.sla_paused_seconds == 0


def test_hold__needs_a_public_note(pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    request = submit(pothole)
    service_request_acknowledge(service_request=request, actor=worker, now=at(18, 11))

    with pytest.raises(NoteError) as refused:
        service_request_hold(service_request=request, note="  ", actor=worker, now=at(18, 12))

    assert "note" in refused.value.field_errors
    request.refresh_from_db()
    assert (request.status, request.sla_paused_at) == (Status.ACKNOWLEDGED, None)


def test_staff_resolve__needs_a_public_note_and_is_audited(pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    request = submit(pothole)
    service_request_acknowledge(service_request=request, actor=worker, now=at(18, 11))
    with pytest.raises(NoteError):
        service_request_staff_change_status(
            service_request=request,
            to_status=Status.RESOLVED,
            note="",
            actor=worker,
            now=at(18, 12),
        )

    service_request_staff_change_status(
        service_request=request,
        to_status=Status.RESOLVED,
        note="Filled with cold patch.",
        actor=worker,
        now=at(18, 13),
    )

    request.refresh_from_db()
    assert request.status == Status.RESOLVED
    actions = list(
        AuditLogEntry.objects.filter(object_id=str(request.pk)).values_list("action", "actor")
    )
    assert actions.count(("service_request.status_changed", worker.pk)) == 2


def test_assign__to_someone_of_the_department_writes_an_internal_event(pothole: Service) -> None:
    supervisor = staff_user(Role.SUPERVISOR, pothole.department)
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department, first_name="Luis")
    request = submit(pothole)

    service_request_assign(service_request=request, assignee=worker, actor=supervisor, now=NOW)

    request.refresh_from_db()
    assert request.assignee == worker
    event = request.events.get(event_type=EventType.ASSIGNED)
    assert (event.actor, event.is_public, event.data["assignee"]) == (
        supervisor,
        False,
        worker.username,
    )
    assert AuditLogEntry.objects.filter(
        action="service_request.assigned", actor=supervisor, object_id=str(request.pk)
    ).exists()


def test_assign__someone_of_another_department_is_refused(pothole: Service) -> None:
    supervisor = staff_user(Role.SUPERVISOR, pothole.department)
    outsider = staff_user(Role.DEPARTMENT_STAFF, DepartmentFactory())
    request = submit(pothole)

    with pytest.raises(AssignmentError):
        service_request_assign(
            service_request=request, assignee=outsider, actor=supervisor, now=NOW
        )

    request.refresh_from_db()
    assert request.assignee is None
    assert not request.events.filter(event_type=EventType.ASSIGNED).exists()


def test_change_service__reroutes_and_recomputes_the_clock(pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    water = DepartmentFactory(code="water")
    water_queue = QueueFactory(department=water, code="mains", is_default=True)
    manhole = ServiceFactory(
        code="MANHOLE",
        department=water,
        sla_policy=SlaPolicyFactory(
            calendar=office_calendar(), target_unit=SlaUnit.CALENDAR_HOURS, target_value=4
        ),
    )
    RoutingRuleFactory(service=manhole, priority=Priority.HIGH)
    request = submit(pothole)
    service_request_assign(service_request=request, assignee=worker, actor=worker, now=NOW)

    service_request_change_service(
        service_request=request,
        service=manhole,
        actor=worker,
        now=at(18, 11),
        note="It is a sunken manhole cover.",
    )

    request.refresh_from_db()
    assert (request.service, request.department, request.queue, request.priority) == (
        manhole,
        water,
        water_queue,
        Priority.HIGH,
    )
    assert request.assignee is None  # the old department's worker gives it up
    assert request.sla_due_at == at(18, 14)  # 4 calendar hours from arrival
    changed = request.events.get(event_type=EventType.SERVICE_CHANGED)
    assert (changed.data, changed.note) == (
        {"from_service": "POTHOLE", "to_service": "MANHOLE"},
        "It is a sunken manhole cover.",
    )
    routed = request.events.get(event_type=EventType.ROUTED)
    assert (routed.is_public, routed.data["queue"], routed.data["source"]) == (
        False,
        "mains",
        "rule",
    )


def test_change_service__to_the_same_service_is_refused(pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    request = submit(pothole)

    with pytest.raises(ServiceChangeError):
        service_request_change_service(
            service_request=request, service=pothole, actor=worker, now=NOW
        )


def follow(
    request: ServiceRequest, email: str, *, confirmed: bool, cancelled: bool = False
) -> None:
    Subscription.objects.create(
        service_request=request,
        email=email,
        language="en",
        token=f"token-{request.pk}-{email}",
        is_confirmed=confirmed,
        confirmed_at=NOW if confirmed else None,
        cancelled_at=NOW if cancelled else None,
    )


def test_merge__closes_duplicates_and_keeps_every_follower(pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    details = {"wants_email_updates": True}
    survivor = service_request_submit(
        service_code=pothole.code,
        location=Location(latitude=42.40, longitude=-92.85),
        channel=Channel.WEB,
        contact=ContactDetails(email="first@mail.example", **details),
        now=NOW,
    ).service_request
    second, third = (
        service_request_submit(
            service_code=pothole.code,
            location=Location(latitude=42.40, longitude=-92.85),
            channel=Channel.WEB,
            contact=ContactDetails(email=email, language="es", **details),
            now=NOW + timedelta(minutes=minutes),
        ).service_request
        for email, minutes in (("second@mail.example", 5), ("third@mail.example", 9))
    )
    anonymous = submit(pothole, now=NOW + timedelta(minutes=12))
    follow(second, "neighbour@mail.example", confirmed=True)
    follow(third, "neighbour@mail.example", confirmed=True)  # follows both: carried once
    follow(third, "never-confirmed@mail.example", confirmed=False)
    follow(third, "left@mail.example", confirmed=True, cancelled=True)
    follow(survivor, "unfollowed@mail.example", confirmed=True, cancelled=True)
    follow(anonymous, "unfollowed@mail.example", confirmed=True)

    service_request_merge(
        survivor=survivor, duplicates=[second, third, anonymous], actor=worker, now=at(18, 11)
    )

    for duplicate in (second, third, anonymous):
        duplicate.refresh_from_db()
        assert (duplicate.status, duplicate.duplicate_of) == (Status.CLOSED_DUPLICATE, survivor)
    following = {
        subscription.email: (subscription.is_active, subscription.language)
        for subscription in Subscription.objects.filter(service_request=survivor)
    }
    assert following == {
        "second@mail.example": (True, "es"),
        "third@mail.example": (True, "es"),
        "neighbour@mail.example": (True, "en"),
        # Unfollowed the survivor itself: stays unfollowed.
        "unfollowed@mail.example": (False, "en"),
    }
    merged = survivor.events.get(event_type=EventType.MERGED)
    assert merged.data == {
        "merged": [second.public_id, third.public_id, anonymous.public_id],
        "followers_added": 3,
    }
    assert {d.public_id for d in survivor.duplicates.all()} == {
        second.public_id,
        third.public_id,
        anonymous.public_id,
    }


def test_merge__a_closed_duplicate_stops_the_whole_merge(pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    survivor = submit(pothole)
    open_one = submit(pothole)
    closed = submit(pothole)
    service_request_refer(
        service_request=closed, agency=ReferralAgencyFactory(), actor=worker, now=NOW
    )

    with pytest.raises(DuplicateError):
        service_request_merge(
            survivor=survivor, duplicates=[open_one, closed], actor=worker, now=NOW
        )

    open_one.refresh_from_db()
    assert (open_one.status, open_one.duplicate_of) == (Status.NEW, None)
    assert not survivor.events.filter(event_type=EventType.MERGED).exists()
