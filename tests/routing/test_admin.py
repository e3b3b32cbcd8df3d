"""The routing admin and its "which queue would this go to?" tester."""

from __future__ import annotations

import pytest
from django.test import Client

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.catalog.models import Department
from civicdesk.crm.enums import Channel
from civicdesk.service_requests.enums import Priority
from tests.factories import DepartmentFactory, ServiceFactory, staff_user
from tests.factories.geo import BoundaryFactory, square
from tests.factories.routing import QueueFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db
TESTER = "/admin/routing/routingrule/tester/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def streets() -> Department:
    return DepartmentFactory(code="streets", name="Streets")


def test_tester__shows_where_a_request_would_go_and_why(streets: Department) -> None:
    pothole = ServiceFactory(code="POTHOLE", department=streets)
    north = BoundaryFactory(
        kind="service_area",
        layer="yards",
        code="north",
        geometry=square(-92.90, 42.42, -92.80, 42.44),
    )
    yard = QueueFactory(department=streets, name="North yard")
    RoutingRuleFactory(
        name="North yard by phone",
        boundary=north,
        channel=Channel.PHONE,
        queue=yard,
        priority=Priority.HIGH,
    )
    client = signed_in(staff_user(Role.ADMINISTRATOR))

    matched = client.get(
        TESTER,
        {"service": pothole.pk, "latitude": "42.43", "longitude": "-92.85", "channel": "phone"},
    ).content.decode()
    unmatched = client.get(
        TESTER, {"service": pothole.pk, "latitude": "42.38", "longitude": "-92.85"}
    ).content.decode()

    assert "North yard" in matched
    assert "North yard by phone" in matched
    assert "High" in matched
    assert "yards: north" in matched
    assert "North yard by phone" not in unmatched
    assert "The service&#x27;s department (no queue)" in unmatched


def test_tester__supervisors_may_try_but_not_edit_rules(streets: Department) -> None:
    supervisor = signed_in(staff_user(Role.SUPERVISOR, streets))

    assert supervisor.get(TESTER).status_code == 200
    assert supervisor.get("/admin/routing/routingrule/").status_code == 200
    assert supervisor.get("/admin/routing/routingrule/add/").status_code == 403


def test_tester__department_staff_and_agents_are_sent_to_sign_in(streets: Department) -> None:
    for user in (staff_user(Role.DEPARTMENT_STAFF, streets), staff_user(Role.AGENT)):
        response = signed_in(user).get(TESTER)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_admin__administrator_edits_queues_and_rules(streets: Department) -> None:
    client = signed_in(staff_user(Role.ADMINISTRATOR))
    QueueFactory(department=streets)

    for url in (
        "/admin/routing/queue/",
        "/admin/routing/queue/add/",
        "/admin/routing/routingrule/",
        "/admin/routing/routingrule/add/",
        "/admin/routing/serviceroute/add/",
        "/admin/routing/referralagency/add/",
        "/admin/routing/channelsla/add/",
        "/admin/routing/interactionsla/",
    ):
        assert client.get(url).status_code == 200, url
