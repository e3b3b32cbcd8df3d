"""Work orders in the admin: a supervisor makes one from requests of their department and
schedules it; another department's supervisor cannot use those requests; staff without the
admin see nothing; crews are set up by administrators."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.fieldwork.enums import WorkOrderStatus
from civicdesk.fieldwork.models import WorkOrder
from civicdesk.service_requests.enums import EventType
from tests.factories import DepartmentFactory, staff_user
from tests.fieldwork.conftest import Streets, file_pothole

pytestmark = pytest.mark.django_db
ADD = "/admin/fieldwork/workorder/add/"


def _form(streets: Streets, *request_ids: int) -> dict[str, str]:
    return {
        "title": "Potholes on Alder Street",
        "service_requests": ",".join(str(pk) for pk in request_ids),
        "crew": str(streets.crew.pk),
        "scheduled_date": timezone.localdate().isoformat(),
        "instructions": "Bring cones.",
    }


def test_supervisor_makes_and_schedules_a_work_order(client: Client, streets: Streets) -> None:
    first = file_pothole(latitude=42.4, longitude=-92.8)
    second = file_pothole(latitude=42.41, longitude=-92.81)
    client.force_login(streets.supervisor)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, _form(streets, first.pk, second.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    work_order = WorkOrder.objects.get()
    assert work_order.status == WorkOrderStatus.SCHEDULED
    assert set(work_order.service_requests.all()) == {first, second}
    assert first.events.filter(event_type=EventType.ASSIGNED, is_public=True).exists()


def test_a_request_already_on_an_open_work_order_is_refused_on_the_form(
    client: Client, streets: Streets
) -> None:
    first = file_pothole(latitude=42.4, longitude=-92.8)
    client.force_login(streets.supervisor)
    client.post(ADD, _form(streets, first.pk))
    response = client.post(ADD, _form(streets, first.pk))
    assert response.status_code == 200
    assert "already on an open work order" in response.content.decode()
    assert WorkOrder.objects.count() == 1


def test_another_departments_supervisor_cannot_use_these_requests(
    client: Client, streets: Streets
) -> None:
    first = file_pothole(latitude=42.4, longitude=-92.8)
    client.force_login(staff_user(Role.SUPERVISOR, department=DepartmentFactory(code="parks")))
    response = client.post(ADD, _form(streets, first.pk))
    assert response.status_code == 200
    assert not WorkOrder.objects.exists()


def test_staff_and_crews_do_not_reach_the_admin(client: Client, streets: Streets) -> None:
    first = file_pothole(latitude=42.4, longitude=-92.8)
    for user in (streets.crew_member, staff_user(Role.DEPARTMENT_STAFF, streets.department)):
        client.force_login(user)
        assert client.post(ADD, _form(streets, first.pk)).status_code == 302
    assert not WorkOrder.objects.exists()


def test_admin_pages_render_with_data(client: Client, streets: Streets) -> None:
    from decimal import Decimal

    from civicdesk.fieldwork.services import (
        work_order_add_note,
        work_order_create,
        work_order_record_material,
        work_order_record_time,
    )

    now = timezone.now()
    work_order = work_order_create(
        service_requests=[file_pothole(latitude=42.4, longitude=-92.8)],
        title="One",
        actor=streets.supervisor,
        now=now,
        crew=streets.crew,
        scheduled_date=timezone.localdate(now),
    )
    member = streets.crew_member
    work_order_add_note(work_order=work_order, text="Note", actor=member, now=now)
    work_order_record_material(
        work_order=work_order,
        description="Sand",
        quantity=Decimal(1),
        unit="t",
        actor=member,
        now=now,
    )
    work_order_record_time(work_order=work_order, minutes=10, actor=member, now=now)
    client.force_login(staff_user(Role.ADMINISTRATOR))
    for path in (
        "/admin/fieldwork/crew/",
        f"/admin/fieldwork/crew/{streets.crew.pk}/change/",
        "/admin/fieldwork/workorder/?q=alder",
        f"/admin/fieldwork/workorder/{work_order.pk}/change/",
    ):
        assert client.get(path).status_code == 200, path
