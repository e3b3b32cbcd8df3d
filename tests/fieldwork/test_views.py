"""/crew/: the access matrix (anonymous, no role, a crew of another department, the crew),
and each action through the page, with nothing changed when access is refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.fieldwork.enums import WorkOrderStatus
from civicdesk.fieldwork.models import Crew, WorkOrder
from civicdesk.fieldwork.services import work_order_create
from civicdesk.service_requests.enums import Status
from tests.factories import DepartmentFactory, UserFactory, staff_user
from tests.fieldwork.conftest import Streets, file_pothole, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def work_order(streets: Streets) -> WorkOrder:
    now = timezone.now()
    return work_order_create(
        service_requests=[
            file_pothole(latitude=42.4012, longitude=-92.8470, address="120 Alder Street"),
            file_pothole(latitude=42.4020, longitude=-92.8400, address="180 Alder Street"),
        ],
        title="Potholes on Alder Street",
        actor=streets.supervisor,
        now=now,
        crew=streets.crew,
        scheduled_date=timezone.localdate(now),
    )


def _other_department_crew_member() -> Any:
    parks = DepartmentFactory(code="parks")
    member = staff_user(Role.CREW_MEMBER, department=parks)
    Crew.objects.create(department=parks, code="mow", name="Mowers").members.add(member)
    return member


def _snapshot(work_order: WorkOrder) -> tuple[Any, ...]:
    work_order.refresh_from_db()
    return (
        work_order.status,
        work_order.notes.count(),
        work_order.photos.count(),
        work_order.materials.count(),
        work_order.time_entries.count(),
        sorted(work_order.service_requests.values_list("status", flat=True)),
    )


ACTIONS: list[tuple[str, dict[str, Any]]] = [
    ("start", {}),
    ("note", {"text": "Cones out"}),
    ("material", {"description": "Cold patch", "quantity": "2", "unit": "bags"}),
    ("time", {"minutes": "30"}),
]


def test_anonymous_is_sent_to_sign_in(client: Client, work_order: WorkOrder) -> None:
    before = _snapshot(work_order)
    response = client.get("/crew/")
    assert response.status_code == 302
    assert response["Location"].startswith("/work/sign-in/?next=")
    assert client.get(f"/crew/work-orders/{work_order.pk}/").status_code == 302
    for action, data in ACTIONS:
        assert client.post(f"/crew/work-orders/{work_order.pk}/{action}/", data).status_code == 302
    assert _snapshot(work_order) == before


def test_signed_in_without_a_role_is_refused(client: Client, work_order: WorkOrder) -> None:
    before = _snapshot(work_order)
    client.force_login(UserFactory())
    assert client.get("/crew/").status_code == 403
    assert client.get(f"/crew/work-orders/{work_order.pk}/").status_code == 403
    for action, data in ACTIONS:
        assert client.post(f"/crew/work-orders/{work_order.pk}/{action}/", data).status_code == 403
    assert _snapshot(work_order) == before


def test_staff_of_the_department_not_on_a_crew_is_refused(
    client: Client, streets: Streets, work_order: WorkOrder
) -> None:
    client.force_login(staff_user(Role.DEPARTMENT_STAFF, department=streets.department))
    assert client.get("/crew/").status_code == 403


def test_a_crew_of_another_department_neither_sees_nor_acts(
    client: Client, work_order: WorkOrder
) -> None:
    before = _snapshot(work_order)
    client.force_login(_other_department_crew_member())
    day = client.get("/crew/")
    assert day.status_code == 200
    assert "Potholes on Alder Street" not in day.content.decode()
    assert client.get(f"/crew/work-orders/{work_order.pk}/").status_code == 404
    for action, data in ACTIONS:
        assert client.post(f"/crew/work-orders/{work_order.pk}/{action}/", data).status_code == 404
    photo = client.post(f"/crew/work-orders/{work_order.pk}/photo/", {"photo": jpeg()})
    assert photo.status_code == 404
    assert _snapshot(work_order) == before


def test_the_crew_sees_today_in_route_order_and_works_the_order(
    client: Client, streets: Streets, work_order: WorkOrder
) -> None:
    client.force_login(streets.crew_member)
    day = client.get("/crew/")
    assert day.status_code == 200
    page = day.content.decode()
    assert "Potholes on Alder Street" in page
    assert "120 Alder Street" in page
    assert 'id="crew-stops"' in page
    detail = client.get(f"/crew/work-orders/{work_order.pk}/")
    assert detail.status_code == 200
    assert 'capture="environment"' in detail.content.decode()
    for action, data in ACTIONS:
        response = client.post(f"/crew/work-orders/{work_order.pk}/{action}/", data)
        assert response.status_code == 302
    client.post(f"/crew/work-orders/{work_order.pk}/photo/", {"photo": jpeg()})
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.IN_PROGRESS
    assert work_order.notes.get().text == "Cones out"
    assert work_order.materials.get().quantity == Decimal("2")
    assert work_order.time_entries.get().minutes == 30
    photo = work_order.photos.get()
    assert client.get(f"/crew/photos/{photo.pk}/").status_code == 200
    done = client.post(
        f"/crew/work-orders/{work_order.pk}/complete/", {"complete-note": "Both patched"}
    )
    assert done.status_code == 302
    assert done["Location"] == "/crew/"
    assert set(work_order.service_requests.values_list("status", flat=True)) == {Status.RESOLVED}


def test_a_crew_photo_is_not_shown_to_another_crew(
    client: Client, streets: Streets, work_order: WorkOrder
) -> None:
    client.force_login(streets.crew_member)
    client.post(f"/crew/work-orders/{work_order.pk}/photo/", {"photo": jpeg()})
    photo = work_order.photos.get()
    client.force_login(_other_department_crew_member())
    assert client.get(f"/crew/photos/{photo.pk}/").status_code == 404


def test_a_file_that_is_not_a_photo_is_refused_with_a_message(
    client: Client, streets: Streets, work_order: WorkOrder
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(streets.crew_member)
    response = client.post(
        f"/crew/work-orders/{work_order.pk}/photo/",
        {"photo": SimpleUploadedFile("notes.txt", b"not an image", content_type="text/plain")},
        follow=True,
    )
    assert "is not a photo" in response.content.decode()
    assert not work_order.photos.exists()
