"""Who may open each console URL and see residents' personal data; refused requests change
nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry, User
from civicdesk.catalog.models import Department, Service
from civicdesk.crm import permissions
from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.models import Contact, ContactIdentity, Interaction
from civicdesk.crm.selectors import access_contact
from civicdesk.service_requests.models import ServiceRequest
from tests.crm.conftest import file_request
from tests.factories import (
    ContactFactory,
    ContactIdentityFactory,
    DepartmentFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class World:
    contact: Contact
    other: Contact
    service_request: ServiceRequest
    department: Department


@pytest.fixture
def world(pothole: Service) -> World:
    contact = ContactFactory(first_name="Rosa", last_name="Park")
    ContactIdentityFactory(contact=contact, kind=IdentityKind.PHONE, value="+13195550123")
    other = ContactFactory(first_name="Dup", last_name="Park")
    service_request = file_request(contact)
    return World(contact, other, service_request, pothole.department)


USERS: dict[str, Callable[[World], User | None]] = {
    "anonymous": lambda world: None,
    "staff without a role": lambda world: UserFactory(is_staff=True),
    "engagement coordinator": lambda world: staff_user(Role.ENGAGEMENT_COORDINATOR),
    "department staff": lambda world: staff_user(
        Role.DEPARTMENT_STAFF, department=world.department
    ),
    "crew member": lambda world: staff_user(Role.CREW_MEMBER, department=world.department),
    "agent": lambda world: staff_user(Role.AGENT),
    "supervisor": lambda world: staff_user(Role.SUPERVISOR, department=world.department),
    "administrator": lambda world: staff_user(Role.ADMINISTRATOR),
}
CONSOLE_USERS = {"agent", "supervisor", "administrator"}
MERGE_USERS = {"supervisor", "administrator"}


def _endpoints(world: World) -> list[tuple[str, str, dict[str, Any]]]:
    contact, number = world.contact.pk, world.service_request.public_id
    return [
        ("get", reverse("console:home"), {}),
        ("get", reverse("console:home"), {"q": "319-555-0123"}),
        ("post", reverse("console:start"), {"start-channel": "phone"}),
        ("post", reverse("console:end"), {"why": "hung_up"}),
        ("get", reverse("console:call"), {"from": "+13195550123", "call_id": "x"}),
        (
            "post",
            reverse("console:contact_new"),
            {
                "contact-first_name": "New",
                "contact-language": "en",
                "contact-preferred_contact_method": "email",
            },
        ),
        ("get", reverse("console:contact", args=[contact]), {}),
        ("get", reverse("console:knowledge", args=[contact]), {"kb": "trash"}),
        ("get", reverse("console:contact_edit", args=[contact]), {}),
        (
            "post",
            reverse("console:contact_edit", args=[contact]),
            {
                "contact-first_name": "X",
                "contact-language": "en",
                "contact-preferred_contact_method": "email",
            },
        ),
        (
            "post",
            reverse("console:answer", args=[contact]),
            {"answer-article": "1", "answer-reason": "question"},
        ),
        (
            "post",
            reverse("console:log", args=[contact]),
            {"outcome-reason": "complaint", "outcome-outcome": "recorded"},
        ),
        ("get", reverse("console:request_new", args=[contact]), {"service": "POTHOLE"}),
        (
            "post",
            reverse("console:request_new", args=[contact]),
            {"service": "POTHOLE", "attribute_size": "large", "address": "1 Main St"},
        ),
        ("get", reverse("console:request_lookup", args=[contact]), {"number": number}),
        ("get", reverse("console:request_status", args=[contact, number]), {}),
        ("post", reverse("console:request_status", args=[contact, number]), {"notes": "x"}),
        (
            "post",
            reverse("console:contact_merge", args=[contact]),
            {"merge-other_contact": world.other.pk},
        ),
    ]


def _state() -> tuple[int, ...]:
    return (
        Contact.objects.count(),
        ContactIdentity.objects.count(),
        Interaction.objects.count(),
        ServiceRequest.objects.count(),
        AuditLogEntry.objects.exclude(action__startswith="role.").count(),
        *Contact.objects.order_by("pk").values_list("first_name", flat=True),
    )


@pytest.mark.parametrize("who", list(USERS))
def test_every_console_url__only_agents_supervisors_and_administrators(
    world: World, who: str
) -> None:
    user = USERS[who](world)
    client = Client()
    if user is not None:
        client.force_login(user)
    for method, url, data in _endpoints(world):
        before = _state()
        response = getattr(client, method)(url, data)
        where = f"{who} {method.upper()} {url}"
        allowed = MERGE_USERS if "merge" in url else CONSOLE_USERS
        if who == "anonymous":
            assert response.status_code == 302, where
            assert response["Location"].startswith(reverse("console:login")), where
        elif who not in allowed:
            assert response.status_code == 403, where
        else:
            assert response.status_code in {200, 302, 400}, where
        if who not in allowed:
            assert _state() == before, where


def test_merge__agents_may_not_merge(world: World) -> None:
    client = Client()
    client.force_login(staff_user(Role.AGENT))
    response = client.post(
        reverse("console:contact_merge", args=[world.contact.pk]),
        {"merge-other_contact": world.other.pk},
    )
    assert response.status_code == 403
    assert Contact.objects.filter(pk=world.other.pk).exists()


def test_login__agent_signs_in_at_the_console() -> None:
    from tests.factories.accounts import PASSWORD

    staff_user(Role.AGENT, username="avery")
    client = Client()
    response = client.post(reverse("console:login"), {"username": "avery", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("console:home")


@pytest.mark.parametrize(
    ("who", "sees_requester", "sees_stranger"),
    [
        ("agent", True, True),
        ("supervisor", True, True),
        ("administrator", True, True),
        ("department staff", True, False),
        ("crew member", True, False),
        ("engagement coordinator", False, False),
        ("staff without a role", False, False),
        ("anonymous", False, False),
    ],
)
def test_contact_data__department_staff_see_only_requesters_of_their_work(
    world: World, who: str, sees_requester: bool, sees_stranger: bool
) -> None:
    from django.contrib.auth.models import AnonymousUser

    user: Any = USERS[who](world) or AnonymousUser()
    assert (access_contact(user=user, contact_id=world.contact.pk) is not None) is sees_requester
    assert (access_contact(user=user, contact_id=world.other.pk) is not None) is sees_stranger
    assert permissions.can_search_contacts(user) is (who in CONSOLE_USERS)


def test_contact_data__staff_of_another_department_see_no_one(world: World) -> None:
    user = staff_user(Role.DEPARTMENT_STAFF, department=DepartmentFactory())
    assert access_contact(user=user, contact_id=world.contact.pk) is None


def test_audit__admin_view_of_a_contact_is_recorded(world: World) -> None:
    admin = staff_user(Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("admin:crm_contact_change", args=[world.contact.pk]))
    assert response.status_code == 200
    entry = AuditLogEntry.objects.get(action="contact.viewed")
    assert (entry.actor, entry.object_id, entry.data) == (
        admin,
        str(world.contact.pk),
        {"via": "admin"},
    )


def test_audit__admin_list_of_contacts_is_recorded(world: World) -> None:
    admin = staff_user(Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("admin:crm_contact_changelist"), {"q": "319-555-0123"})
    assert response.status_code == 200
    entry = AuditLogEntry.objects.get(action="contact.searched")
    assert (entry.actor, entry.data["contact_ids"]) == (admin, [world.contact.pk])
