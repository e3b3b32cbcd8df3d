"""Sending requests to a crew from the department queue: one work order per crew and day,
the public "scheduled" event, the audit log, and clear refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civicdesk.accounts.models import AuditLogEntry
from civicdesk.crm.enums import Channel
from civicdesk.fieldwork.enums import WorkOrderStatus
from civicdesk.fieldwork.models import Crew, WorkOrder
from civicdesk.fieldwork.services import (
    WorkOrderError,
    work_order_dispatch,
    work_order_start,
)
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.services import Location, service_request_submit
from civicdesk.service_requests.services.lifecycle import service_request_staff_change_status
from tests.factories import DepartmentFactory, ServiceFactory
from tests.fieldwork.conftest import Streets, file_pothole

pytestmark = pytest.mark.django_db


def test_dispatch__makes_one_scheduled_work_order_with_public_events_and_audit(
    streets: Streets,
) -> None:
    requests = [
        file_pothole(latitude=42.4012, longitude=-92.847, address="120 Alder Street"),
        file_pothole(latitude=42.4016, longitude=-92.8455, address="150 Alder Street"),
    ]
    now = timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)

    result = work_order_dispatch(
        service_requests=requests,
        crew=streets.crew,
        scheduled_date=tomorrow,
        actor=streets.supervisor,
        now=now,
    )

    work_order = result.work_order
    assert result.is_new
    assert result.dispatched == [r.public_id for r in requests]
    assert result.refused == {}
    assert (work_order.crew, work_order.scheduled_date, work_order.status) == (
        streets.crew,
        tomorrow,
        WorkOrderStatus.SCHEDULED,
    )
    assert set(work_order.service_requests.all()) == set(requests)
    assert work_order.title == "2 requests: Pothole"
    for service_request in requests:
        event = service_request.events.get(event_type=EventType.ASSIGNED)
        assert event.is_public
        assert event.actor == streets.supervisor
        assert event.data == {
            "work_order": work_order.number,
            "crew": "Patch crew 1",
            "scheduled_date": tomorrow.isoformat(),
        }
    entries = AuditLogEntry.objects.filter(action="service_request.sent_to_crew")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        str(r.pk) for r in requests
    )
    assert {entry.actor for entry in entries} == {streets.supervisor}
    assert {entry.data["work_order"] for entry in entries} == {work_order.number}


def test_dispatch__joins_the_crews_open_work_order_of_that_day_unless_asked_not_to(
    streets: Streets,
) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    first = work_order_dispatch(
        service_requests=[file_pothole(latitude=42.4012, longitude=-92.847)],
        crew=streets.crew,
        scheduled_date=today,
        actor=streets.supervisor,
        now=now,
    ).work_order
    work_order_start(work_order=first, actor=streets.crew_member, now=now)
    later = file_pothole(latitude=42.4016, longitude=-92.8455)

    joined = work_order_dispatch(
        service_requests=[later],
        crew=streets.crew,
        scheduled_date=today,
        actor=streets.supervisor,
        now=now,
    )
    separate = work_order_dispatch(
        service_requests=[file_pothole(latitude=42.402, longitude=-92.846)],
        crew=streets.crew,
        scheduled_date=today,
        actor=streets.supervisor,
        now=now,
        join_existing=False,
    )

    assert (joined.is_new, joined.work_order.pk) == (False, first.pk)
    assert first.service_requests.count() == 2
    # The crew is already on site: the added request is in progress with the others.
    later.refresh_from_db()
    assert later.status == Status.IN_PROGRESS
    assert separate.is_new
    assert separate.work_order.pk != first.pk
    assert WorkOrder.objects.filter(crew=streets.crew, scheduled_date=today).count() == 2


def test_dispatch__refuses_other_departments_closed_and_taken_requests_with_reasons(
    streets: Streets,
) -> None:
    parks = DepartmentFactory(code="parks", name="Parks")
    ServiceFactory(code="TREE", name="Fallen tree", department=parks)
    tree = service_request_submit(
        service_code="TREE",
        location=Location(latitude=42.40, longitude=-92.85),
        channel=Channel.WEB,
        now=timezone.now(),
        notify=False,
    ).service_request
    closed = file_pothole(latitude=42.4012, longitude=-92.847)
    service_request_staff_change_status(
        service_request=closed,
        to_status=Status.CANCELLED,
        note="Reported twice.",
        actor=streets.supervisor,
        now=timezone.now(),
    )
    taken = file_pothole(latitude=42.4012, longitude=-92.847)
    fine = file_pothole(latitude=42.4016, longitude=-92.8455)
    now = timezone.now()
    earlier = work_order_dispatch(
        service_requests=[taken],
        crew=streets.crew,
        scheduled_date=timezone.localdate(now),
        actor=streets.supervisor,
        now=now,
    ).work_order

    result = work_order_dispatch(
        service_requests=[tree, closed, taken, fine],
        crew=streets.crew,
        scheduled_date=timezone.localdate(now) + timedelta(days=2),
        actor=streets.supervisor,
        now=now,
    )

    assert result.dispatched == [fine.public_id]
    assert result.refused == {
        tree.public_id: "it belongs to Parks and Patch crew 1 works for Streets.",
        closed.public_id: "it is closed.",
        taken.public_id: f"it is already on the open work order {earlier.number}.",
    }
    assert not tree.events.filter(event_type=EventType.ASSIGNED).exists()
    with pytest.raises(WorkOrderError, match="belongs to Parks"):
        work_order_dispatch(
            service_requests=[tree],
            crew=streets.crew,
            scheduled_date=timezone.localdate(now),
            actor=streets.supervisor,
            now=now,
        )
    assert not tree.work_orders.exists()


def test_dispatch__refuses_a_past_day_and_an_inactive_crew(streets: Streets) -> None:
    request = file_pothole(latitude=42.4012, longitude=-92.847)
    now = timezone.now()
    with pytest.raises(WorkOrderError, match="today or a later day"):
        work_order_dispatch(
            service_requests=[request],
            crew=streets.crew,
            scheduled_date=timezone.localdate(now) - timedelta(days=1),
            actor=streets.supervisor,
            now=now,
        )
    retired = Crew.objects.create(
        department=streets.department, code="old", name="Old crew", is_active=False
    )
    with pytest.raises(WorkOrderError, match="not an active crew"):
        work_order_dispatch(
            service_requests=[request],
            crew=retired,
            scheduled_date=timezone.localdate(now),
            actor=streets.supervisor,
            now=now,
        )
    assert not WorkOrder.objects.exists()
    assert not AuditLogEntry.objects.filter(action="service_request.sent_to_crew").exists()
