"""Geography in the admin: administrators switch boundaries off (and every index follows);
others cannot touch them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.geo.models import Boundary
from civicdesk.geo.spatial import boundary_index
from tests.factories import DepartmentFactory, UserFactory, staff_user
from tests.factories.geo import BoundaryFactory, square

pytestmark = pytest.mark.django_db


def deactivate(client: Client, boundary: Boundary) -> int:
    response = client.post(
        reverse("admin:geo_boundary_changelist"),
        {"action": "deactivate", "_selected_action": [boundary.pk]},
    )
    return response.status_code


def test_admin__an_administrator_switches_a_district_off_for_intake_too(client: Client) -> None:
    district = BoundaryFactory(code="4", geometry=square(-92.9, 42.36, -92.8, 42.44))
    assert boundary_index().place(longitude=-92.85, latitude=42.4).district == "4"
    client.force_login(staff_user(Role.ADMINISTRATOR))

    assert deactivate(client, district) == 302

    district.refresh_from_db()
    assert district.is_active is False
    assert boundary_index().place(longitude=-92.85, latitude=42.4).district == ""


@pytest.mark.parametrize("who", ["anonymous", "resident", "agent", "supervisor"])
def test_admin__nobody_else_can_switch_a_boundary_off(client: Client, who: str) -> None:
    district = BoundaryFactory(code="4", geometry=square(-92.9, 42.36, -92.8, 42.44))
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "agent":
        client.force_login(staff_user(Role.AGENT))
    elif who == "supervisor":
        client.force_login(staff_user(Role.SUPERVISOR, department=DepartmentFactory()))

    status = deactivate(client, district)

    assert status in {302, 403}
    district.refresh_from_db()
    assert district.is_active is True
    assert boundary_index().place(longitude=-92.85, latitude=42.4).district == "4"


def test_admin__lists_address_points_without_letting_anyone_edit_them(client: Client) -> None:
    client.force_login(staff_user(Role.ADMINISTRATOR))

    assert client.get(reverse("admin:geo_addresspoint_changelist")).status_code == 200
    assert client.get(reverse("admin:geo_addresspoint_add")).status_code == 403
