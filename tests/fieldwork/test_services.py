"""Work orders: made from several requests, scheduled, worked and completed; completing one
resolves every request with the crew's photo as proof and tells each resident once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image

from civicdesk.fieldwork.enums import WorkOrderStatus
from civicdesk.fieldwork.models import Crew
from civicdesk.fieldwork.selectors import Stop, route_order
from civicdesk.fieldwork.services import (
    WorkOrderError,
    work_order_add_note,
    work_order_add_photos,
    work_order_complete,
    work_order_create,
    work_order_photo_prepare,
    work_order_record_material,
    work_order_record_time,
    work_order_schedule,
    work_order_start,
)
from civicdesk.notifications.enums import NotificationKind
from civicdesk.notifications.models import Notification
from civicdesk.notifications.status_updates import status_notifications_send
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequestEvent
from tests.factories import DepartmentFactory, ServiceFactory
from tests.fieldwork.conftest import Streets, file_pothole, jpeg

pytestmark = pytest.mark.django_db


def _three_potholes() -> list[Any]:
    return [
        file_pothole(latitude=42.4012, longitude=-92.8470, email="ana@mail.example", language="es"),
        file_pothole(latitude=42.4013, longitude=-92.8460, email="ben@mail.example"),
        file_pothole(latitude=42.4014, longitude=-92.8450, email="cy@mail.example"),
    ]


def test_complete__resolves_every_request_with_the_photo_and_tells_each_resident_once(
    streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    requests = _three_potholes()
    now = timezone.now()
    today = timezone.localdate(now)
    with django_capture_on_commit_callbacks(execute=True):
        work_order = work_order_create(
            service_requests=requests,
            title="Potholes on Alder Street",
            actor=streets.supervisor,
            now=now,
            crew=streets.crew,
            scheduled_date=today,
        )
    # Scheduling told each resident the day.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@mail.example",
        "ben@mail.example",
        "cy@mail.example",
    ]
    ben = next(m for m in mail.outbox if m.to == ["ben@mail.example"])
    assert "A crew is scheduled to work on your request" in ben.body
    ana = next(m for m in mail.outbox if m.to == ["ana@mail.example"])
    assert "Una cuadrilla tiene programado trabajar" in ana.body
    mail.outbox.clear()
    member = streets.crew_member
    with django_capture_on_commit_callbacks(execute=True):
        work_order_start(work_order=work_order, actor=member, now=now)
        photos = work_order_photo_prepare(uploads=[jpeg()])
        work_order_add_photos(work_order=work_order, photos=photos, actor=member, now=now)
        work_order_complete(work_order=work_order, note="Patched all three.", actor=member, now=now)
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.COMPLETED
    for service_request in requests:
        service_request.refresh_from_db()
        assert service_request.status == Status.RESOLVED
        proof = list(service_request.media.all())
        assert len(proof) == 1
        assert proof[0].is_public
        with proof[0].file.open("rb") as stored, Image.open(stored) as image:
            assert 0x010F not in image.getexif()
        resolved = service_request.events.get(to_status=Status.RESOLVED)
        assert resolved.note == "Patched all three."
        assert resolved.data["proof_media"] == [proof[0].pk]
    # In progress is not a status that matters: the residents heard only of the resolution.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@mail.example",
        "ben@mail.example",
        "cy@mail.example",
    ]
    spanish = next(m for m in mail.outbox if m.to == ["ana@mail.example"])
    assert "¿Está arreglado?" in spanish.subject
    assert "/notifications/fixed/" in spanish.body
    assert proof[0].file.url in mail.outbox[-1].body or "/media/" in mail.outbox[-1].body
    # The task running again sends nothing more.
    for event in ServiceRequestEvent.objects.filter(to_status=Status.RESOLVED):
        assert status_notifications_send(event_id=event.pk, now=now) == 0
    assert len(mail.outbox) == 3
    assert Notification.objects.filter(kind=NotificationKind.RESOLVED).count() == 3


def test_complete__needs_a_photo_and_a_started_order(streets: Streets) -> None:
    requests = _three_potholes()[:1]
    now = timezone.now()
    work_order = work_order_create(
        service_requests=requests,
        title="One pothole",
        actor=streets.supervisor,
        now=now,
        crew=streets.crew,
        scheduled_date=timezone.localdate(now),
    )
    with pytest.raises(WorkOrderError, match="Start the work order"):
        work_order_complete(work_order=work_order, note="", actor=streets.crew_member, now=now)
    work_order_start(work_order=work_order, actor=streets.crew_member, now=now)
    with pytest.raises(WorkOrderError, match="photo"):
        work_order_complete(work_order=work_order, note="", actor=streets.crew_member, now=now)
    requests[0].refresh_from_db()
    assert requests[0].status == Status.IN_PROGRESS


def test_complete__skips_a_request_closed_meanwhile(streets: Streets) -> None:
    from civicdesk.service_requests.services.lifecycle import service_request_mark_duplicate

    first, second, third = _three_potholes()
    now = timezone.now()
    work_order = work_order_create(
        service_requests=[first, second],
        title="Two potholes",
        actor=streets.supervisor,
        now=now,
        crew=streets.crew,
        scheduled_date=timezone.localdate(now),
    )
    work_order_start(work_order=work_order, actor=streets.crew_member, now=now)
    service_request_mark_duplicate(
        service_request=second, original=third, actor=streets.supervisor, now=now
    )
    work_order_add_photos(
        work_order=work_order,
        photos=work_order_photo_prepare(uploads=[jpeg()]),
        actor=streets.crew_member,
        now=now,
    )
    work_order_complete(work_order=work_order, note="", actor=streets.crew_member, now=now)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.RESOLVED, Status.CLOSED_DUPLICATE)
    assert not second.media.exists()


def test_create__refuses_mixed_departments_closed_and_taken_requests(streets: Streets) -> None:
    first, second, _third = _three_potholes()
    now = timezone.now()
    other = ServiceFactory(code="GRAFFITI", department=DepartmentFactory(code="parks"))
    from civicdesk.service_requests.services import Location, service_request_submit

    graffiti = service_request_submit(
        service_code=other.code,
        location=Location(latitude=42.40, longitude=-92.84),
        channel="web",
        now=now,
        notify=False,
    ).service_request
    with pytest.raises(WorkOrderError, match="one department"):
        work_order_create(service_requests=[first, graffiti], title="x", actor=None, now=now)
    work_order_create(service_requests=[first], title="First", actor=None, now=now)
    with pytest.raises(WorkOrderError, match="already on an open work order"):
        work_order_create(service_requests=[first, second], title="Again", actor=None, now=now)
    with pytest.raises(WorkOrderError, match="at least one"):
        work_order_create(service_requests=[], title="Empty", actor=None, now=now)


def test_schedule__refuses_a_crew_of_another_department(streets: Streets) -> None:
    parks = DepartmentFactory(code="parks")
    mowers = Crew.objects.create(department=parks, code="mow", name="Mowers")
    now = timezone.now()
    work_order = work_order_create(
        service_requests=_three_potholes()[:1], title="One", actor=None, now=now
    )
    with pytest.raises(WorkOrderError, match="another department"):
        work_order_schedule(
            work_order=work_order,
            crew=mowers,
            scheduled_date=timezone.localdate(now),
            actor=None,
            now=now,
        )
    work_order.refresh_from_db()
    assert (work_order.status, work_order.crew_id) == (WorkOrderStatus.UNSCHEDULED, None)


def test_schedule__writes_a_public_event_with_the_day(streets: Streets) -> None:
    now = timezone.now()
    day = timezone.localdate(now) + timedelta(days=2)
    request = _three_potholes()[0]
    work_order_create(
        service_requests=[request],
        title="One",
        actor=streets.supervisor,
        now=now,
        crew=streets.crew,
        scheduled_date=day,
    )
    event = request.events.get(event_type=EventType.ASSIGNED)
    assert event.is_public
    assert event.data["scheduled_date"] == day.isoformat()
    assert event.data["crew"] == "Patch crew 1"


def test_notes_materials_and_time_are_recorded_and_refused_when_closed(streets: Streets) -> None:
    now = timezone.now()
    member = streets.crew_member
    work_order = work_order_create(
        service_requests=_three_potholes()[:1],
        title="One",
        actor=None,
        now=now,
        crew=streets.crew,
        scheduled_date=timezone.localdate(now),
    )
    work_order_add_note(work_order=work_order, text="Road closed east side", actor=member, now=now)
    work_order_record_material(
        work_order=work_order,
        description="Cold patch",
        quantity=Decimal("3"),
        unit="bags",
        actor=member,
        now=now,
    )
    work_order_record_time(work_order=work_order, minutes=45, actor=member, now=now)
    assert str(work_order.materials.get()) == "3.00 bags Cold patch"
    assert work_order.time_entries.get().minutes == 45
    with pytest.raises(WorkOrderError):
        work_order_add_note(work_order=work_order, text="   ", actor=member, now=now)
    from civicdesk.fieldwork.services import work_order_cancel

    work_order_cancel(work_order=work_order, actor=member, now=now)
    with pytest.raises(WorkOrderError, match="cannot change"):
        work_order_record_time(work_order=work_order, minutes=5, actor=member, now=now)
    assert work_order.time_entries.count() == 1


def test_route__nearest_neighbour_from_the_first_stop() -> None:
    class Order:
        def __init__(self, name: str) -> None:
            self.name = name
            self.started_at = None

    def stop(name: str, latitude: float | None, longitude: float | None) -> Stop:
        return Stop(Order(name), latitude, longitude, "")  # type: ignore[arg-type]

    stops = [
        stop("first", 42.40, -92.85),
        stop("far", 42.50, -92.70),
        stop("no place", None, None),
        stop("near", 42.401, -92.849),
        stop("middle", 42.45, -92.78),
    ]
    names = [s.work_order.name for s in route_order(stops)]  # type: ignore[attr-defined]
    assert names == ["first", "near", "middle", "far", "no place"]
