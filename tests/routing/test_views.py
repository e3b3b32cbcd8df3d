"""/work/: who may see and act on which queue, the filters, and the number of queries."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry, User
from civicdesk.catalog.enums import SlaUnit
from civicdesk.catalog.models import Department, Service
from civicdesk.crm.enums import Channel
from civicdesk.routing import selectors
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services import Location, lifecycle, service_request_submit
from tests.factories import (
    DepartmentFactory,
    ServiceFactory,
    SlaPolicyFactory,
    UserFactory,
    office_calendar,
    staff_user,
)
from tests.factories.geo import BoundaryFactory, square
from tests.factories.routing import QueueFactory, ReferralAgencyFactory

pytestmark = pytest.mark.django_db
Counter = Callable[..., AbstractContextManager[Any]]


def always_open_policy(hours: int) -> Any:
    return SlaPolicyFactory(
        calendar=office_calendar(is_always_open=True),
        target_unit=SlaUnit.CALENDAR_HOURS,
        target_value=hours,
    )


@pytest.fixture
def streets() -> Department:
    return DepartmentFactory(code="streets", name="Streets")


@pytest.fixture
def parks() -> Department:
    return DepartmentFactory(code="parks", name="Parks")


@pytest.fixture
def pothole(streets: Department) -> Service:
    QueueFactory(department=streets, code="streets", name="Streets queue", is_default=True)
    return ServiceFactory(
        code="POTHOLE", name="Pothole", department=streets, sla_policy=always_open_policy(10)
    )


@pytest.fixture
def fallen_tree(parks: Department) -> Service:
    return ServiceFactory(
        code="TREE", name="Fallen tree", department=parks, sla_policy=always_open_policy(10)
    )


def submit(service: Service, *, hours_ago: float = 1, district: str = "") -> ServiceRequest:
    request = service_request_submit(
        service_code=service.code,
        location=Location(latitude=42.40, longitude=-92.85, address="12 Harbor Road"),
        channel=Channel.WEB,
        now=timezone.now() - timedelta(hours=hours_ago),
    ).service_request
    if district:
        ServiceRequest.objects.filter(pk=request.pk).update(district=district)
    return request


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def snapshot() -> tuple[Any, ...]:
    return (
        list(
            ServiceRequest.objects.order_by("pk").values_list(
                "status", "assignee_id", "service_id", "department_id", "sla_paused_at", "priority"
            )
        ),
        ServiceRequestEvent.objects.count(),
        AuditLogEntry.objects.count(),
    )


# --- The access matrix ------------------------------------------------------------------------


def people(streets: Department, parks: Department) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "no role": UserFactory(),
        "agent": staff_user(Role.AGENT),
        "crew of the department": staff_user(Role.CREW_MEMBER, streets),
        "staff of another department": staff_user(Role.DEPARTMENT_STAFF, parks),
        "supervisor of another department": staff_user(Role.SUPERVISOR, parks),
    }


def test_queue__who_sees_it(streets: Department, parks: Department, pothole: Service) -> None:
    request = submit(pothole)
    expected = {
        "anonymous": 302,
        "no role": 403,
        "agent": 403,
        "crew of the department": 403,
        "staff of another department": 200,
        "supervisor of another department": 200,
    }
    for name, user in people(streets, parks).items():
        response = signed_in(user).get("/work/")
        assert response.status_code == expected[name], name
        if response.status_code == 302:
            assert response["Location"].startswith("/work/sign-in/?next=")
        if response.status_code == 200:
            # Their own queue is empty: the other department's request is not listed.
            assert request.public_id not in response.content.decode(), name

    for user in (
        staff_user(Role.DEPARTMENT_STAFF, streets),
        staff_user(Role.SUPERVISOR, streets),
        staff_user(Role.ADMINISTRATOR),
    ):
        response = signed_in(user).get("/work/")
        assert response.status_code == 200
        assert request.public_id in response.content.decode()


def test_request_page__other_departments_get_not_found(
    streets: Department, parks: Department, pothole: Service
) -> None:
    request = submit(pothole)
    url = f"/work/requests/{request.public_id}/"
    expected = {
        "anonymous": 302,
        "no role": 403,
        "agent": 403,
        "crew of the department": 403,
        "staff of another department": 404,
        "supervisor of another department": 404,
    }
    for name, user in people(streets, parks).items():
        assert signed_in(user).get(url).status_code == expected[name], name

    response = signed_in(staff_user(Role.DEPARTMENT_STAFF, streets)).get(url)
    assert response.status_code == 200
    assert "Pothole" in response.content.decode()


ACTIONS: dict[str, dict[str, str]] = {
    "acknowledge": {},
    "assign": {"assignee": ""},
    "status": {"status": "in_progress", "note": "Crew on the way."},
    "note": {"note": "Called the resident.", "is_public": ""},
    "hold": {"note": "Waiting for parts."},
    "service": {"service": ""},
    "merge": {"duplicates": ""},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_actions__refused_for_anyone_outside_the_department_and_nothing_changes(
    action: str, streets: Department, parks: Department, pothole: Service, fallen_tree: Service
) -> None:
    request = submit(pothole)
    other = submit(pothole)
    outsider_assignee = staff_user(Role.DEPARTMENT_STAFF, parks)
    data = dict(ACTIONS[action])
    if action == "assign":
        data["assignee"] = str(outsider_assignee.pk)
    if action == "service":
        data["service"] = str(fallen_tree.pk)
    if action == "merge":
        data["duplicates"] = other.public_id
    before = snapshot()
    expected = {
        "anonymous": 302,
        "no role": 403,
        "agent": 403,
        "crew of the department": 403,
        "staff of another department": 404,
        "supervisor of another department": 404,
    }
    for name, user in people(streets, parks).items():
        response = signed_in(user).post(f"/work/requests/{request.public_id}/{action}/", data)
        assert response.status_code == expected[name], (action, name)
        assert snapshot() == before, (action, name)


def test_bulk__only_touches_requests_of_the_users_departments(
    streets: Department, parks: Department, pothole: Service, fallen_tree: Service
) -> None:
    ours = submit(pothole)
    theirs = submit(fallen_tree)
    worker = staff_user(Role.DEPARTMENT_STAFF, streets)

    response = signed_in(worker).post(
        "/work/bulk/",
        {"action": "acknowledge", "selected": [ours.public_id, theirs.public_id]},
    )

    assert response.status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.status, theirs.status) == (Status.ACKNOWLEDGED, Status.NEW)
    assert signed_in(None).post("/work/bulk/", {"action": "acknowledge"}).status_code == 302
    assert signed_in(UserFactory()).post("/work/bulk/", {}).status_code == 403


# --- Working a request ------------------------------------------------------------------------


def test_actions__staff_works_a_request_through_the_page(
    streets: Department, pothole: Service
) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, streets, first_name="Luis", last_name="Moreno")
    request = submit(pothole)
    duplicate = submit(pothole)
    client = signed_in(worker)
    base = f"/work/requests/{request.public_id}/"

    client.post(base + "acknowledge/")
    client.post(base + "assign/", {"assignee": str(worker.pk)})
    client.post(base + "note/", {"note": "Cone placed.", "is_public": ""})
    client.post(base + "merge/", {"duplicates": duplicate.public_id})
    refused = client.post(base + "status/", {"status": "resolved", "note": ""}, follow=True)
    assert "write a public note" in refused.content.decode()
    client.post(base + "status/", {"status": "resolved", "note": "Patched today."})

    request.refresh_from_db()
    duplicate.refresh_from_db()
    assert (request.status, request.assignee) == (Status.RESOLVED, worker)
    assert duplicate.duplicate_of == request
    note = request.events.get(event_type=EventType.NOTE_ADDED)
    assert (note.note, note.is_public, note.actor) == ("Cone placed.", False, worker)
    page = client.get(base).content.decode()
    assert "Patched today." in page
    assert duplicate.public_id in page


def test_change_service__to_another_department_sends_the_user_back_to_the_queue(
    streets: Department, pothole: Service, fallen_tree: Service
) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, streets)
    request = submit(pothole)

    response = signed_in(worker).post(
        f"/work/requests/{request.public_id}/service/", {"service": str(fallen_tree.pk)}
    )

    assert response["Location"] == "/work/"
    request.refresh_from_db()
    assert (request.service, request.department_id) == (fallen_tree, fallen_tree.department_id)


# --- The queue page ---------------------------------------------------------------------------


def test_queue__sorted_by_sla_due_and_filtered(streets: Department, pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, streets)
    for code in ("3", "4"):
        BoundaryFactory(layer="districts", code=code, geometry=square(0, 0, 1, 1))
    breached = submit(pothole, hours_ago=12, district="3")
    at_risk = submit(pothole, hours_ago=9, district="3")
    fresh = submit(pothole, hours_ago=1, district="4")
    client = signed_in(worker)

    page = client.get("/work/").content.decode()
    assert (
        page.index(breached.public_id) < page.index(at_risk.public_id) < page.index(fresh.public_id)
    )

    def listed(query: str) -> set[str]:
        html = client.get(f"/work/?{query}").content.decode()
        return {r.public_id for r in (breached, at_risk, fresh) if r.public_id in html}

    assert listed("sla=breached") == {breached.public_id}
    assert listed("sla=at_risk") == {at_risk.public_id}
    assert listed("sla=on_track") == {fresh.public_id}
    assert listed("district=4") == {fresh.public_id}
    assert listed("age=1d") == {breached.public_id, at_risk.public_id, fresh.public_id}
    assert listed("assignee=none&status=open") == {
        breached.public_id,
        at_risk.public_id,
        fresh.public_id,
    }
    assert listed("assignee=me") == set()
    assert listed(f"service={pothole.pk}&sort=newest") == listed("status=all")


def test_queue__query_count_does_not_grow_with_the_rows(
    streets: Department, pothole: Service, django_assert_max_num_queries: Counter
) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, streets)
    client = signed_in(worker)
    submit(pothole)
    client.get("/work/")
    with CaptureQueriesContext(connection) as few:
        client.get("/work/")
    baseline = len(few)
    assert baseline <= 14
    for hours in range(30):
        submit(pothole, hours_ago=hours)
    with django_assert_max_num_queries(baseline):
        response = client.get("/work/")
    assert response.content.decode().count("/work/requests/") >= 31


def test_request_page__query_count_does_not_grow_with_the_timeline(
    streets: Department, pothole: Service, django_assert_max_num_queries: Counter
) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, streets)
    client = signed_in(worker)
    request = submit(pothole)
    url = f"/work/requests/{request.public_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    baseline = len(few)
    assert baseline <= 25
    for number in range(10):
        client.post(url + "note/", {"note": f"Note {number}"})
    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200


def test_sign_in__department_staff_lands_on_the_queue(streets: Department) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, streets, username="luis")

    response = Client().post(
        "/work/sign-in/", {"username": "luis", "password": "correct-horse-battery-staple"}
    )

    assert (response.status_code, response["Location"]) == (302, "/work/")
    assert worker.is_authenticated


def test_refer__closes_the_request_and_tells_the_resident_where_to_go(
    streets: Department, pothole: Service
) -> None:
    worker = staff_user(Role.SUPERVISOR, streets)
    agency = ReferralAgencyFactory(name="Rail company", phone="+1 515 555 0199")
    request = submit(pothole)

    signed_in(worker).post(
        f"/work/requests/{request.public_id}/refer/",
        {"agency": str(agency.pk), "note": "The crossing belongs to the railway."},
    )

    request.refresh_from_db()
    assert request.status == Status.REFERRED
    event = request.events.get(to_status=Status.REFERRED)
    assert event.is_public
    assert event.note.startswith("The crossing belongs to the railway.")
    assert "Rail company" in event.note
    assert "+1 515 555 0199" in event.note
    assert AuditLogEntry.objects.filter(action="service_request.referred", actor=worker).exists()


def test_queue__paused_filter_lists_requests_on_hold(streets: Department, pothole: Service) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, streets)
    held = submit(pothole, hours_ago=2)
    running = submit(pothole, hours_ago=2)
    client = signed_in(worker)
    client.post(f"/work/requests/{held.public_id}/acknowledge/")
    client.post(f"/work/requests/{held.public_id}/hold/", {"note": "Waiting for the contractor."})

    page = client.get("/work/?sla=paused").content.decode()

    assert held.public_id in page
    assert running.public_id not in page
    assert "Paused" in page


@pytest.mark.parametrize("paused_id_list_limit", [200, 0], ids=["paused ids", "paused condition"])
def test_queue__sla_filters_judge_a_paused_clock_as_it_was_when_paused(
    streets: Department,
    pothole: Service,
    paused_id_list_limit: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "PAUSED_ID_LIST_LIMIT", paused_id_list_limit)
    worker = staff_user(Role.DEPARTMENT_STAFF, streets)
    now = timezone.now()
    # A 10-hour clock: at risk after 8 hours. Running, both would be past due by now.
    held_on_track = submit(pothole, hours_ago=12)
    held_at_risk = submit(pothole, hours_ago=11)
    for request, hours_after_filing in ((held_on_track, 5), (held_at_risk, 9)):
        lifecycle.service_request_acknowledge(
            service_request=request, actor=worker, now=request.created_at
        )
        lifecycle.service_request_hold(
            service_request=request,
            note="Waiting for the contractor.",
            actor=worker,
            now=request.created_at + timedelta(hours=hours_after_filing),
        )
    running_late = submit(pothole, hours_ago=11)
    client = signed_in(worker)
    assert now > held_on_track.created_at + timedelta(hours=10)

    def listed(query: str) -> set[str]:
        html = client.get(f"/work/?{query}").content.decode()
        requests = (held_on_track, held_at_risk, running_late)
        return {r.public_id for r in requests if r.public_id in html}

    assert listed("sla=on_track") == {held_on_track.public_id}
    assert listed("sla=at_risk") == {held_at_risk.public_id}
    assert listed("sla=breached") == {running_late.public_id}
    assert listed("sla=paused") == {held_on_track.public_id, held_at_risk.public_id}
