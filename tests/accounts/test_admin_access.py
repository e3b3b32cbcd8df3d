"""Who may do what in the admin, and that a refused request changes nothing.

Anonymous people and staff whose roles do not open the admin are sent to its sign-in page;
supervisors reach the services of their own departments; administrators and superusers run the
city. Writes made in the admin (roles, API keys) go through the services and are audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import ApiKey, AuditLogEntry, RoleAssignment, User
from civicdesk.accounts.services import api_key_authenticate, api_key_create
from civicdesk.catalog.models import Department, Service
from civicdesk.crm.enums import Channel, IdentityKind
from civicdesk.crm.models import ContactIdentity
from civicdesk.crm.services import ContactDetails
from civicdesk.notifications.models import Notification
from civicdesk.notifications.services import confirmation_send
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location, service_request_submit
from tests.factories import (
    ContactFactory,
    ContactIdentityFactory,
    DepartmentFactory,
    ServiceAttributeValueFactory,
    ServiceFactory,
    UserFactory,
    staff_user,
)
from tests.factories.accounts import PASSWORD
from tests.factories.admin_forms import changeform_data

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Chicago"))

PEOPLE = [
    "anonymous",
    "no_role",
    "agent",
    "department_staff",
    "crew_member",
    "supervisor_streets",
    "supervisor_parks",
    "administrator",
    "superuser",
]
SUPERVISORS = {"supervisor_streets", "supervisor_parks"}
ADMINISTRATORS = {"administrator", "superuser"}
TO_LOGIN = "redirected to sign in"
NOT_FOUND = "redirected: no such object"
INVALID_LOGIN = "Please enter the correct username and password for a staff account."


@dataclass
class City:
    streets: Department
    parks: Department
    pothole: Service
    mowing: Service


@pytest.fixture
def city() -> City:
    streets = DepartmentFactory(code="streets", name="Streets")
    parks = DepartmentFactory(code="parks", name="Parks")
    return City(
        streets=streets,
        parks=parks,
        pothole=ServiceFactory(code="POTHOLE", name="Pothole", department=streets),
        mowing=ServiceFactory(code="MOWING", name="Tall grass", department=parks),
    )


@pytest.fixture
def administrator() -> User:
    return staff_user(Role.ADMINISTRATOR, username="ada")


def make_person(kind: str, city: City) -> User | None:
    people = {
        "anonymous": lambda: None,
        # The staff flag alone opens Django's stock admin; here only roles do.
        "no_role": lambda: UserFactory(is_staff=True),
        "agent": lambda: staff_user(Role.AGENT),
        "department_staff": lambda: staff_user(Role.DEPARTMENT_STAFF, city.streets),
        "crew_member": lambda: staff_user(Role.CREW_MEMBER, city.streets),
        "supervisor_streets": lambda: staff_user(Role.SUPERVISOR, city.streets),
        "supervisor_parks": lambda: staff_user(Role.SUPERVISOR, city.parks),
        "administrator": lambda: staff_user(Role.ADMINISTRATOR),
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
    }
    return people[kind]()


def sign_in(client: Client, kind: str, city: City) -> User | None:
    user = make_person(kind, city)
    if user is not None:
        client.force_login(user)
    return user


def assert_outcome(response: HttpResponse, expected: int | str) -> None:
    if expected == TO_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif expected == NOT_FOUND:
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
    else:
        assert response.status_code == expected


def form_data_as_superuser(url: str, **changes: str) -> dict[str, object]:
    """What the form at `url` posts unchanged (read by a superuser), with `changes` applied."""
    reader = Client()
    reader.force_login(UserFactory(is_staff=True, is_superuser=True))
    return changeform_data(reader.get(url), **changes)


# --- The matrix ---------------------------------------------------------------------------------

ADMIN_USERS_ONLY = {"supervisor_streets": 403, "supervisor_parks": 403} | dict.fromkeys(
    ADMINISTRATORS, 200
)
# What each person gets on each page; anyone not listed is sent to the sign-in page.
PAGE_OUTCOMES: dict[str, dict[str, int | str]] = {
    "admin index": dict.fromkeys(SUPERVISORS | ADMINISTRATORS, 200),
    "service list": dict.fromkeys(SUPERVISORS | ADMINISTRATORS, 200),
    "service of Streets": {"supervisor_streets": 200, "supervisor_parks": NOT_FOUND}
    | dict.fromkeys(ADMINISTRATORS, 200),
    "add department": ADMIN_USERS_ONLY,
    "user list": ADMIN_USERS_ONLY,
    "API key list": ADMIN_USERS_ONLY,
    "audit log": ADMIN_USERS_ONLY,
    "contact list": ADMIN_USERS_ONLY,
    "interaction list": ADMIN_USERS_ONLY,
    "service request list": ADMIN_USERS_ONLY,
    "notification list": ADMIN_USERS_ONLY,
}


def page_url(page: str, city: City) -> str:
    return {
        "admin index": reverse("admin:index"),
        "service list": reverse("admin:catalog_service_changelist"),
        "service of Streets": reverse("admin:catalog_service_change", args=[city.pothole.pk]),
        "add department": reverse("admin:catalog_department_add"),
        "user list": reverse("admin:accounts_user_changelist"),
        "API key list": reverse("admin:accounts_apikey_changelist"),
        "audit log": reverse("admin:accounts_auditlogentry_changelist"),
        "contact list": reverse("admin:crm_contact_changelist"),
        "interaction list": reverse("admin:crm_interaction_changelist"),
        "service request list": reverse("admin:service_requests_servicerequest_changelist"),
        "notification list": reverse("admin:notifications_notification_changelist"),
    }[page]


@pytest.mark.parametrize("kind", PEOPLE)
@pytest.mark.parametrize("page", list(PAGE_OUTCOMES))
def test_admin_page__each_person_gets_what_their_role_allows(
    client: Client, city: City, page: str, kind: str
) -> None:
    sign_in(client, kind, city)
    response = client.get(page_url(page, city))
    assert_outcome(response, PAGE_OUTCOMES[page].get(kind, TO_LOGIN))


@pytest.mark.parametrize("kind", PEOPLE)
def test_service_change_post__only_its_supervisor_and_administrators_change_it(
    client: Client, city: City, kind: str
) -> None:
    url = reverse("admin:catalog_service_change", args=[city.pothole.pk])
    data = form_data_as_superuser(url, name="Pothole or sinkhole")
    sign_in(client, kind, city)

    response = client.post(url, data)

    city.pothole.refresh_from_db()
    if kind in {"supervisor_streets"} | ADMINISTRATORS:
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:catalog_service_changelist")
        assert city.pothole.name == "Pothole or sinkhole"
    else:
        assert_outcome(response, NOT_FOUND if kind == "supervisor_parks" else TO_LOGIN)
        assert city.pothole.name == "Pothole"


@pytest.mark.parametrize("kind", PEOPLE)
def test_department_add_post__only_administrators_create_departments(
    client: Client, city: City, kind: str
) -> None:
    sign_in(client, kind, city)

    response = client.post(
        reverse("admin:catalog_department_add"),
        {
            "name": "Water",
            "code": "water",
            "is_active": "on",
            # The department page's inline of names in other languages, left empty.
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )

    created = Department.objects.filter(code="water").exists()
    if kind in ADMINISTRATORS:
        assert response.status_code == 302
        assert created
    else:
        assert_outcome(response, 403 if kind in SUPERVISORS else TO_LOGIN)
        assert not created


def test_admin_pages__every_list_search_and_page_renders_with_data(
    client: Client, city: City, administrator: User
) -> None:
    from civicdesk.notifications.following import service_request_follow
    from civicdesk.notifications.models import WebhookSubscription

    # A department system that hears of new requests: a subscription, then a delivery.
    WebhookSubscription.objects.create(
        name="Work system",
        url="https://works.example/hook",
        secret="a-shared-secret",
        event_types=["service_request.created"],
    )
    filed = service_request_submit(
        service_code="POTHOLE",
        description="Deep hole in the bike lane",
        location=Location(address="100 Main Street"),
        channel=Channel.PHONE,
        contact=ContactDetails(
            first_name="Rosa", email="rosa@mail.example", wants_email_updates=True
        ),
        actor=administrator,
        now=NOW,
        notify=False,
    )
    confirmation_send(service_request_id=filed.service_request.pk, now=NOW)
    api_key_create(name="iOS app", actor=administrator, now=NOW)
    ServiceAttributeValueFactory(attribute__service=city.pothole)
    # The CRM's other admin pages: a walk-in desk, and a merge of a duplicate record.
    from civicdesk.crm.services import contact_merge
    from tests.factories import ContactFactory, ServiceCenterFactory

    ServiceCenterFactory()
    requester = filed.service_request.requester
    assert requester is not None
    contact_merge(source=ContactFactory(), target=requester, actor=administrator, now=NOW)
    service_request_follow(
        service_request=filed.service_request,
        email="neighbour@mail.example",
        language="en",
        is_affected=True,
        now=NOW,
    )
    assert Notification.objects.exists()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        listing = client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "rosa"})
        assert listing.status_code == 200, model
        first = model._default_manager.first()
        if model._meta.app_label in {
            "accounts",
            "catalog",
            "crm",
            "service_requests",
            "notifications",
        }:
            assert first is not None, model
        if first is not None:
            page = client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            assert page.status_code == 200, model
        add = client.get(reverse("admin:{}_{}_add".format(*info)))
        assert add.status_code == (200 if model_admin.has_add_permission(add.wsgi_request) else 403)


def test_admin_index__supervisor_sees_the_catalog_but_not_users_or_keys(
    client: Client, city: City
) -> None:
    sign_in(client, "supervisor_streets", city)

    content = client.get(reverse("admin:index")).content.decode()

    assert "Services" in content
    assert "API keys" not in content
    assert "Users" not in content


# --- Signing in ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["no_role", "agent", "department_staff", "crew_member"])
def test_admin_login__staff_without_an_admin_role_get_the_invalid_login_message(
    client: Client, city: City, kind: str
) -> None:
    user = make_person(kind, city)
    assert user is not None

    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert INVALID_LOGIN in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("kind", ["supervisor_streets", "administrator"])
def test_admin_login__supervisors_and_administrators_get_in(
    client: Client, city: City, kind: str
) -> None:
    user = make_person(kind, city)
    assert user is not None

    response = client.post(
        reverse("admin:login"),
        {"username": user.username, "password": PASSWORD, "next": reverse("admin:index")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.session["_auth_user_id"] == str(user.pk)


# --- API keys -----------------------------------------------------------------------------------

RAW_KEY = re.compile(r"cd_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


def test_api_key_add__form_asks_for_a_name_and_an_optional_rate_limit(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)

    response = client.get(reverse("admin:accounts_apikey_add"))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == ["name", "rate_limit_per_minute"]


def test_api_key_add__keeps_the_rate_limit_given(client: Client, administrator: User) -> None:
    client.force_login(administrator)

    client.post(
        reverse("admin:accounts_apikey_add"),
        {"name": "Partner", "rate_limit_per_minute": "600"},
        follow=True,
    )

    assert ApiKey.objects.get().rate_limit_per_minute == 600


def test_api_key_add__shows_the_key_once_and_stores_only_its_hash(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)

    response = client.post(
        reverse("admin:accounts_apikey_add"), {"name": "Alderport iOS app"}, follow=True
    )

    assert response.status_code == 200
    shown = RAW_KEY.findall(" ".join(str(message) for message in response.context["messages"]))
    assert len(shown) == 1
    raw_key = shown[0]
    api_key = ApiKey.objects.get()
    assert api_key.name == "Alderport iOS app"
    assert api_key.created_by == administrator
    assert api_key.key_hash != raw_key
    assert raw_key not in str(ApiKey.objects.values().get())
    assert api_key_authenticate(raw_key=raw_key) == api_key
    entry = AuditLogEntry.objects.get(action="api_key.created")
    assert entry.actor == administrator
    assert raw_key not in str(AuditLogEntry.objects.values().get())
    # Shown once: neither the list nor the key's own page shows it again.
    for url in (
        reverse("admin:accounts_apikey_changelist"),
        reverse("admin:accounts_apikey_change", args=[api_key.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert raw_key not in page.content.decode()


def test_api_key_add__blank_name_is_refused_and_creates_nothing(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)

    response = client.post(reverse("admin:accounts_apikey_add"), {"name": "   "})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not ApiKey.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_api_key_revoke_action__revokes_only_the_selected_keys(
    client: Client, administrator: User
) -> None:
    ios, ios_raw = api_key_create(name="iOS app", actor=None, now=NOW)
    android, android_raw = api_key_create(name="Android app", actor=None, now=NOW)
    client.force_login(administrator)

    response = client.post(
        reverse("admin:accounts_apikey_changelist"),
        {"action": "revoke_selected", "_selected_action": [ios.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 key revoked." in response.content.decode()
    ios.refresh_from_db()
    android.refresh_from_db()
    assert ios.revoked_at is not None
    assert android.revoked_at is None
    assert api_key_authenticate(raw_key=ios_raw) is None
    assert api_key_authenticate(raw_key=android_raw) == android
    entry = AuditLogEntry.objects.get(action="api_key.revoked")
    assert (entry.actor, entry.object_id) == (administrator, str(ios.pk))


def test_api_key_revoke_action__supervisor_is_refused_and_the_key_stays_active(
    client: Client, city: City
) -> None:
    api_key, raw_key = api_key_create(name="iOS app", actor=None, now=NOW)
    sign_in(client, "supervisor_streets", city)

    response = client.post(
        reverse("admin:accounts_apikey_changelist"),
        {"action": "revoke_selected", "_selected_action": [api_key.pk]},
    )

    assert response.status_code == 403
    assert api_key_authenticate(raw_key=raw_key) == api_key


def test_api_key__cannot_be_edited_or_deleted_in_the_admin(
    client: Client, administrator: User
) -> None:
    api_key, raw_key = api_key_create(name="iOS app", actor=None, now=NOW)
    client.force_login(administrator)

    edit = client.post(
        reverse("admin:accounts_apikey_change", args=[api_key.pk]), {"name": "Renamed"}
    )
    delete = client.post(
        reverse("admin:accounts_apikey_delete", args=[api_key.pk]), {"post": "yes"}
    )

    assert edit.status_code == 403
    assert delete.status_code == 403
    api_key.refresh_from_db()
    assert api_key.name == "iOS app"
    assert api_key_authenticate(raw_key=raw_key) == api_key


# --- Audit log ----------------------------------------------------------------------------------


def test_audit_log__administrator_reads_it_but_nobody_adds_edits_or_deletes(
    client: Client, administrator: User
) -> None:
    api_key_create(name="Open data portal", actor=administrator, now=NOW)
    entry = AuditLogEntry.objects.get()
    client.force_login(administrator)

    listing = client.get(reverse("admin:accounts_auditlogentry_changelist"))
    add = client.post(reverse("admin:accounts_auditlogentry_add"), {"action": "forged"})
    edit = client.post(
        reverse("admin:accounts_auditlogentry_change", args=[entry.pk]), {"summary": "forged"}
    )
    delete = client.post(
        reverse("admin:accounts_auditlogentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert listing.status_code == 200
    assert "Open data portal" in listing.content.decode()
    assert "api_key.created" in listing.content.decode()
    assert (add.status_code, edit.status_code, delete.status_code) == (403, 403, 403)
    assert AuditLogEntry.objects.get().summary == "Open data portal"


# --- Users and roles ----------------------------------------------------------------------------


def user_change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_user_admin__assigning_a_role_is_audited_and_makes_the_user_staff(
    client: Client, city: City, administrator: User
) -> None:
    newcomer = UserFactory(username="sam", is_staff=False)
    client.force_login(administrator)
    data = changeform_data(
        client.get(user_change_url(newcomer)),
        **{
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-0-role": Role.SUPERVISOR.value,
            "role_assignments-0-department": str(city.streets.pk),
        },
    )

    response = client.post(user_change_url(newcomer), data)

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.role, assignment.department) == (Role.SUPERVISOR, city.streets)
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id) == (
        "role.assigned",
        administrator,
        str(newcomer.pk),
    )
    assert entry.summary == "Supervisor — Streets"


def test_user_admin__removing_a_role_is_audited(
    client: Client, city: City, administrator: User
) -> None:
    agent = staff_user(Role.AGENT, username="alex")
    client.force_login(administrator)
    data = changeform_data(
        client.get(user_change_url(agent)), **{"role_assignments-0-DELETE": "on"}
    )

    response = client.post(user_change_url(agent), data)

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=agent).exists()
    agent.refresh_from_db()
    assert not agent.is_staff
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.summary) == (
        "role.revoked",
        administrator,
        "Contact-center agent",
    )


def test_user_admin__changing_a_role_revokes_the_old_one_and_assigns_the_new_one(
    client: Client, city: City, administrator: User
) -> None:
    agent = staff_user(Role.AGENT, username="alex")
    client.force_login(administrator)
    data = changeform_data(
        client.get(user_change_url(agent)),
        **{
            "role_assignments-0-role": Role.SUPERVISOR.value,
            "role_assignments-0-department": str(city.parks.pk),
        },
    )

    response = client.post(user_change_url(agent), data)

    assert response.status_code == 302
    assert list(RoleAssignment.objects.filter(user=agent).values_list("role", "department")) == [
        (Role.SUPERVISOR.value, city.parks.pk)
    ]
    agent.refresh_from_db()
    assert agent.is_staff
    assert list(AuditLogEntry.objects.order_by("pk").values_list("action", "summary")) == [
        ("role.revoked", "Contact-center agent"),
        ("role.assigned", "Supervisor — Parks"),
    ]


def test_user_admin__departmental_role_without_department_is_refused(
    client: Client, city: City, administrator: User
) -> None:
    newcomer = UserFactory(username="sam", is_staff=False)
    client.force_login(administrator)
    data = changeform_data(
        client.get(user_change_url(newcomer)),
        **{"role_assignments-TOTAL_FORMS": "1", "role_assignments-0-role": Role.SUPERVISOR.value},
    )

    response = client.post(user_change_url(newcomer), data)

    assert response.status_code == 200
    assert "This role needs a department." in response.content.decode()
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    assert not AuditLogEntry.objects.exists()


def test_user_admin__administrator_cannot_grant_superuser_or_django_permissions(
    client: Client, administrator: User
) -> None:
    colleague = UserFactory(username="kim", is_staff=True)
    client.force_login(administrator)
    data = changeform_data(
        client.get(user_change_url(colleague)),
        is_superuser="on",
        user_permissions=[str(Permission.objects.get(codename="delete_group").pk)],
        first_name="Kimberly",
    )

    response = client.post(user_change_url(colleague), data)

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.first_name == "Kimberly"
    assert not colleague.is_superuser
    assert not colleague.user_permissions.exists()


def test_user_admin__administrator_cannot_take_over_a_superuser(
    client: Client, administrator: User
) -> None:
    root = UserFactory(username="root", is_staff=True, is_superuser=True, first_name="Root")
    password_hash = root.password
    client.force_login(administrator)
    data = form_data_as_superuser(user_change_url(root), first_name="Mallory")

    page = client.get(user_change_url(root))
    edit = client.post(user_change_url(root), data)
    password = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "a-new-long-password", "password2": "a-new-long-password"},
    )

    assert page.status_code == 200
    assert password_hash not in page.content.decode()
    assert (edit.status_code, password.status_code) == (403, 403)
    root.refresh_from_db()
    assert (root.first_name, root.password) == ("Root", password_hash)


def test_user_admin__deleting_a_user_revokes_their_roles_with_an_audit_entry(
    client: Client, city: City, administrator: User
) -> None:
    leaver = staff_user(Role.SUPERVISOR, city.streets, username="leaver")
    client.force_login(administrator)

    response = client.post(reverse("admin:accounts_user_delete", args=[leaver.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(username="leaver").exists()
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.summary) == (
        "role.revoked",
        administrator,
        "Supervisor — Streets",
    )


# --- Service requests, contacts (read in the admin, written by services) -------------------------


@pytest.fixture
def requests_filed(city: City) -> tuple[ServiceRequest, ServiceRequest]:
    def file(service: Service, address: str) -> ServiceRequest:
        return service_request_submit(
            service_code=service.code,
            description="Please fix",
            location=Location(address=address),
            channel=Channel.WEB,
            now=NOW,
            notify=False,
        ).service_request

    return file(city.pothole, "100 Main Street"), file(city.mowing, "1 Park Lane")


def test_service_request_admin__administrator_reads_the_timeline_but_cannot_write(
    client: Client, administrator: User, requests_filed: tuple[ServiceRequest, ServiceRequest]
) -> None:
    pothole_request, _mowing_request = requests_filed
    url = reverse("admin:service_requests_servicerequest_change", args=[pothole_request.pk])
    client.force_login(administrator)

    page = client.get(url)
    edit = client.post(url, {"description": "Changed", "status": "closed"})
    add = client.get(reverse("admin:service_requests_servicerequest_add"))
    delete = client.post(
        reverse("admin:service_requests_servicerequest_delete", args=[pothole_request.pk]),
        {"post": "yes"},
    )

    assert page.status_code == 200
    assert pothole_request.public_id in page.content.decode()
    assert "Request received" in page.content.decode()
    assert (edit.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    pothole_request.refresh_from_db()
    assert (pothole_request.description, pothole_request.status) == ("Please fix", "new")


def test_service_request_admin__a_supervisor_granted_view_sees_only_their_department(
    client: Client, city: City, requests_filed: tuple[ServiceRequest, ServiceRequest]
) -> None:
    pothole_request, mowing_request = requests_filed
    supervisor = staff_user(Role.SUPERVISOR, city.streets)
    supervisor.user_permissions.add(Permission.objects.get(codename="view_servicerequest"))
    client.force_login(supervisor)

    listing = client.get(reverse("admin:service_requests_servicerequest_changelist"))
    own = client.get(
        reverse("admin:service_requests_servicerequest_change", args=[pothole_request.pk])
    )
    other = client.get(
        reverse("admin:service_requests_servicerequest_change", args=[mowing_request.pk])
    )

    assert listing.status_code == 200
    assert pothole_request.public_id in listing.content.decode()
    assert mowing_request.public_id not in listing.content.decode()
    assert own.status_code == 200
    assert_outcome(other, NOT_FOUND)


def test_contact_admin__identities_are_stored_normalised(
    client: Client, administrator: User
) -> None:
    contact = ContactFactory(first_name="Rosa", last_name="Diaz")
    url = reverse("admin:crm_contact_change", args=[contact.pk])
    client.force_login(administrator)
    data = changeform_data(
        client.get(url),
        **{
            "identities-TOTAL_FORMS": "2",
            "identities-0-kind": IdentityKind.EMAIL.value,
            "identities-0-value": "  Rosa.Diaz@Mail.Example ",
            "identities-1-kind": IdentityKind.PHONE.value,
            "identities-1-value": "(319) 555-0101",
        },
    )

    response = client.post(url, data)

    assert response.status_code == 302
    assert set(contact.identities.values_list("kind", "value")) == {
        ("email", "rosa.diaz@mail.example"),
        ("phone", "+13195550101"),
    }


def test_contact_admin__a_malformed_phone_number_is_refused(
    client: Client, administrator: User
) -> None:
    contact = ContactFactory()
    url = reverse("admin:crm_contact_change", args=[contact.pk])
    client.force_login(administrator)
    data = changeform_data(
        client.get(url),
        **{
            "identities-TOTAL_FORMS": "1",
            "identities-0-kind": IdentityKind.PHONE.value,
            "identities-0-value": "call me maybe",
        },
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "is not a phone number" in response.content.decode()
    assert not ContactIdentity.objects.exists()


def test_contact_admin__search_finds_a_phone_number_written_any_way(
    client: Client, administrator: User
) -> None:
    rosa = ContactFactory(first_name="Rosa", last_name="Diaz")
    ContactIdentityFactory(contact=rosa, kind=IdentityKind.PHONE, value="+13195550101")
    ContactFactory(first_name="Omar", last_name="Haddad")
    client.force_login(administrator)

    response = client.get(reverse("admin:crm_contact_changelist"), {"q": "319-555-0101"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [rosa]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:service_requests_servicerequest_changelist",
        "admin:crm_interaction_changelist",
        "admin:accounts_user_changelist",
    ],
)
def test_admin_list__queries_do_not_grow_with_the_number_of_rows(
    client: Client, city: City, administrator: User, url_name: str
) -> None:
    def file(count: int) -> None:
        for number in range(count):
            service_request_submit(
                service_code=city.mowing.code if number % 2 else city.pothole.code,
                location=Location(address=f"{number} Main Street"),
                channel=Channel.PHONE,
                contact=ContactDetails(first_name="Rosa", email=f"r{number}@mail.example"),
                actor=staff_user(Role.AGENT),
                now=NOW,
                notify=False,
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url_name)).status_code == 200
        return len(captured)

    client.force_login(administrator)
    file(1)
    few = queries()
    file(6)
    assert queries() == few
