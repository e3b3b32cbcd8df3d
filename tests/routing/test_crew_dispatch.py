"""/work/: sending requests to a crew from the request page and as a bulk action — who may,
which crews are offered, what the staff member and the crew then see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry, User
from civicdesk.crm.enums import Channel
from civicdesk.fieldwork.enums import WorkOrderStatus
from civicdesk.fieldwork.models import Crew, WorkOrder
from civicdesk.service_requests.enums import EventType
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services import Location, service_request_submit
from tests.factories import DepartmentFactory, ServiceFactory, UserFactory, staff_user
from tests.fieldwork.conftest import Streets, file_pothole

pytestmark = pytest.mark.django_db


@pytest.fixture
def parks_crew() -> Crew:
    parks = DepartmentFactory(code="parks", name="Parks")
    ServiceFactory(code="TREE", name="Fallen tree", department=parks)
    return Crew.objects.create(department=parks, code="trees-1", name="Tree crew")


def fallen_tree() -> ServiceRequest:
    return service_request_submit(
        service_code="TREE",
        location=Location(latitude=42.40, longitude=-92.85),
        channel=Channel.WEB,
        now=timezone.now(),
        notify=False,
    ).service_request


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def snapshot() -> tuple[Any, ...]:
    return (
        WorkOrder.objects.count(),
        ServiceRequestEvent.objects.filter(event_type=EventType.ASSIGNED).count(),
        AuditLogEntry.objects.count(),
    )


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def today() -> str:
    return timezone.localdate().isoformat()


def test_request_page__who_may_send_to_a_crew(crew_streets: Streets, parks_crew: Crew) -> None:
    request = file_pothole(latitude=42.4012, longitude=-92.847)
    url = f"/work/requests/{request.public_id}/crew/"
    form = {"crew": crew_streets.crew.pk, "scheduled_date": today(), "join_existing": "on"}
    refused = {
        "anonymous": (None, 302),
        "no role": (UserFactory(), 403),
        "agent": (staff_user(Role.AGENT), 403),
        "the crew member": (crew_streets.crew_member, 403),
        "staff of another department": (
            staff_user(Role.DEPARTMENT_STAFF, parks_crew.department),
            404,
        ),
    }
    before = snapshot()
    for name, (user, status) in refused.items():
        assert signed_in(user).post(url, form).status_code == status, name
    assert snapshot() == before

    worker = staff_user(Role.DEPARTMENT_STAFF, crew_streets.department, username="luis")
    page = signed_in(worker).get(f"/work/requests/{request.public_id}/").content.decode()
    assert "Send to a crew" in page
    assert "Patch crew 1 (Streets)" in page
    assert "Tree crew" not in page  # only the request's department's crews are offered

    response = signed_in(worker).post(url, form)

    assert response.status_code == 302
    work_order = WorkOrder.objects.get()
    assert messages_of(response) == [
        (f"1 request sent to Patch crew 1 for {today()} on the new work order {work_order.number}.")
    ]
    assert list(work_order.service_requests.all()) == [request]
    assert work_order.status == WorkOrderStatus.SCHEDULED
    entry = AuditLogEntry.objects.get(action="service_request.sent_to_crew")
    assert (entry.actor, entry.object_id) == (worker, str(request.pk))
    page = signed_in(worker).get(f"/work/requests/{request.public_id}/").content.decode()
    assert f"{work_order.number} · Scheduled · Patch crew 1" in page


def test_request_page__another_departments_crew_or_a_past_day_is_refused_clearly(
    crew_streets: Streets, parks_crew: Crew
) -> None:
    request = file_pothole(latitude=42.4012, longitude=-92.847)
    url = f"/work/requests/{request.public_id}/crew/"
    # An administrator may work every department, yet a crew only takes its own requests.
    administrator = staff_user(Role.ADMINISTRATOR)
    before = snapshot()

    other = signed_in(administrator).post(url, {"crew": parks_crew.pk, "scheduled_date": today()})
    past = signed_in(administrator).post(
        url,
        {
            "crew": crew_streets.crew.pk,
            "scheduled_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    garbled = signed_in(administrator).post(
        url, {"crew": crew_streets.crew.pk, "scheduled_date": "soon"}
    )
    nothing = signed_in(administrator).post(url, {"scheduled_date": today()})

    assert messages_of(other) == ["Choose one of the crews of the request's department."]
    assert messages_of(past) == ["Choose today or a later day for the crew."]
    assert messages_of(garbled) == ["Give the day as a date, e.g. 2026-11-24."]
    assert messages_of(nothing) == ["Choose a crew."]
    assert snapshot() == before


def test_bulk__sends_the_selection_to_one_work_order_and_names_what_could_not_go(
    crew_streets: Streets, parks_crew: Crew
) -> None:
    potholes = [file_pothole(latitude=42.4012, longitude=-92.847) for _ in range(2)]
    tree = fallen_tree()
    supervisor = staff_user(Role.SUPERVISOR, crew_streets.department)
    supervisor_of_both = staff_user(Role.SUPERVISOR, crew_streets.department)
    supervisor_of_both.role_assignments.create(
        role=Role.SUPERVISOR, department=parks_crew.department
    )
    form = {
        "action": "crew",
        "crew-crew": crew_streets.crew.pk,
        "crew-scheduled_date": today(),
        "crew-join_existing": "on",
        "selected": [potholes[0].public_id],
    }

    # A supervisor of streets cannot send to (or even pick) the parks crew.
    before = snapshot()
    foreign = signed_in(supervisor).post("/work/bulk/", {**form, "crew-crew": parks_crew.pk})
    assert messages_of(foreign) == ["Choose one of the crews of the request's department."]
    assert snapshot() == before

    first = signed_in(supervisor).post("/work/bulk/", form)
    work_order = WorkOrder.objects.get()
    assert messages_of(first) == [
        (f"1 request sent to Patch crew 1 for {today()} on the new work order {work_order.number}.")
    ]

    second = signed_in(supervisor_of_both).post(
        "/work/bulk/",
        {**form, "selected": [potholes[0].public_id, potholes[1].public_id, tree.public_id]},
    )

    assert messages_of(second) == [
        f"1 request added to Patch crew 1's work order {work_order.number} for {today()}.",
        (
            f"{potholes[0].public_id} was not sent: it is already on the open work order "
            f"{work_order.number}."
        ),
        f"{tree.public_id} was not sent: it belongs to Parks and Patch crew 1 works for Streets.",
    ]
    assert WorkOrder.objects.count() == 1
    assert set(work_order.service_requests.all()) == set(potholes)
    assert not tree.work_orders.exists()


def test_bulk__needs_a_crew_and_a_day(crew_streets: Streets) -> None:
    request = file_pothole(latitude=42.4012, longitude=-92.847)
    worker = signed_in(staff_user(Role.DEPARTMENT_STAFF, crew_streets.department))
    before = snapshot()

    response = worker.post(
        "/work/bulk/",
        {"action": "crew", "crew-crew": crew_streets.crew.pk, "selected": [request.public_id]},
    )

    assert messages_of(response) == ["Choose the day of the work."]
    assert snapshot() == before
