"""The catalog in the admin: supervisors edit their own departments' services and forms, and
nothing else; administrators build the catalog (departments, calendars, SLA policies, services).
"""

from __future__ import annotations

from datetime import date, time

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.catalog.enums import AttributeDatatype
from civicdesk.catalog.models import (
    BusinessCalendar,
    Department,
    Service,
    ServiceAttribute,
    ServiceAttributeValue,
    SlaPolicy,
)
from tests.factories import (
    DepartmentFactory,
    ServiceAttributeFactory,
    ServiceFactory,
    SlaPolicyFactory,
    UserFactory,
    staff_user,
)
from tests.factories.admin_forms import changeform_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def streets() -> Department:
    return DepartmentFactory(code="streets", name="Streets")


@pytest.fixture
def parks() -> Department:
    return DepartmentFactory(code="parks", name="Parks")


@pytest.fixture
def pothole(streets: Department) -> Service:
    return ServiceFactory(code="POTHOLE", name="Pothole", department=streets)


@pytest.fixture
def mowing(parks: Department) -> Service:
    return ServiceFactory(code="MOWING", name="Tall grass", department=parks)


@pytest.fixture
def size(pothole: Service) -> ServiceAttribute:
    return ServiceAttributeFactory(
        service=pothole,
        code="size",
        datatype=AttributeDatatype.SINGLEVALUELIST,
        description="How big is it?",
    )


@pytest.fixture
def streets_supervisor(client: Client, streets: Department) -> User:
    supervisor = staff_user(Role.SUPERVISOR, streets)
    client.force_login(supervisor)
    return supervisor


@pytest.fixture
def administrator(client: Client) -> User:
    user = staff_user(Role.ADMINISTRATOR)
    client.force_login(user)
    return user


def superuser_form_data(url: str, **changes: object) -> dict[str, object]:
    reader = Client()
    reader.force_login(UserFactory(is_staff=True, is_superuser=True))
    return changeform_data(reader.get(url), **changes)


def test_service_list__supervisor_sees_only_their_departments_services(
    client: Client, streets_supervisor: User, pothole: Service, mowing: Service
) -> None:
    response = client.get(reverse("admin:catalog_service_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [pothole]


def test_service_list__administrator_sees_every_service(
    client: Client, administrator: User, pothole: Service, mowing: Service
) -> None:
    response = client.get(reverse("admin:catalog_service_changelist"))

    assert set(response.context["cl"].result_list) == {pothole, mowing}


def test_service_change__supervisor_may_pick_only_their_own_departments(
    client: Client, streets_supervisor: User, pothole: Service, parks: Department
) -> None:
    response = client.get(reverse("admin:catalog_service_change", args=[pothole.pk]))

    choices = response.context["adminform"].form.fields["department"].queryset
    assert [department.code for department in choices] == ["streets"]


def test_service_change__supervisor_cannot_hand_a_service_to_another_department(
    client: Client, streets_supervisor: User, pothole: Service, parks: Department
) -> None:
    url = reverse("admin:catalog_service_change", args=[pothole.pk])
    data = superuser_form_data(url, department=str(parks.pk))

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["department"]
    pothole.refresh_from_db()
    assert pothole.department.code == "streets"


def test_service_change__administrator_may_move_a_service_between_departments(
    client: Client, administrator: User, pothole: Service, parks: Department
) -> None:
    url = reverse("admin:catalog_service_change", args=[pothole.pk])

    response = client.post(url, superuser_form_data(url, department=str(parks.pk)))

    assert response.status_code == 302
    pothole.refresh_from_db()
    assert pothole.department == parks


def test_service_change__supervisor_adds_a_question_to_their_service_form(
    client: Client, streets_supervisor: User, pothole: Service
) -> None:
    url = reverse("admin:catalog_service_change", args=[pothole.pk])
    data = superuser_form_data(
        url,
        **{
            "attributes-TOTAL_FORMS": "1",
            "attributes-0-order": "1",
            "attributes-0-code": "depth",
            "attributes-0-description": "How deep is it?",
            "attributes-0-datatype": AttributeDatatype.NUMBER.value,
            "attributes-0-variable": "on",
            "attributes-0-is_active": "on",
        },
    )

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(pothole.attributes.values_list("code", flat=True)) == ["depth"]


@pytest.mark.parametrize("model", ["department", "service", "slapolicy", "businesscalendar"])
def test_catalog_add__supervisor_is_refused(
    client: Client, streets_supervisor: User, streets: Department, model: str
) -> None:
    counts_before = [m.objects.count() for m in (Department, Service, SlaPolicy)]

    page = client.get(reverse(f"admin:catalog_{model}_add"))
    post = client.post(
        reverse(f"admin:catalog_{model}_add"),
        {"code": "new", "name": "New", "department": str(streets.pk)},
    )

    assert (page.status_code, post.status_code) == (403, 403)
    assert [m.objects.count() for m in (Department, Service, SlaPolicy)] == counts_before


def test_service_delete__supervisor_is_refused_even_for_their_own_service(
    client: Client, streets_supervisor: User, pothole: Service
) -> None:
    response = client.post(
        reverse("admin:catalog_service_delete", args=[pothole.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Service.objects.filter(pk=pothole.pk).exists()


def test_sla_policy__supervisor_reads_but_cannot_change_it(
    client: Client, streets_supervisor: User
) -> None:
    policy = SlaPolicyFactory(name="Two days", target_value=2)
    url = reverse("admin:catalog_slapolicy_change", args=[policy.pk])
    data = superuser_form_data(url, target_value="20")

    page = client.get(url)
    post = client.post(url, data)

    assert page.status_code == 200
    assert "Two days" in page.content.decode()
    assert post.status_code == 403
    policy.refresh_from_db()
    assert policy.target_value == 2


def test_attribute__supervisor_adds_list_choices_to_their_services_question(
    client: Client, streets_supervisor: User, size: ServiceAttribute
) -> None:
    url = reverse("admin:catalog_serviceattribute_change", args=[size.pk])
    data = superuser_form_data(
        url,
        **{
            "values-TOTAL_FORMS": "2",
            "values-0-order": "1",
            "values-0-key": "small",
            "values-0-name": "Smaller than a plate",
            "values-1-order": "2",
            "values-1-key": "large",
            "values-1-name": "Larger than a tyre",
        },
    )

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(size.values.values_list("key", flat=True)) == ["small", "large"]


def test_attribute__supervisor_of_another_department_cannot_see_or_change_it(
    client: Client, parks: Department, size: ServiceAttribute
) -> None:
    client.force_login(staff_user(Role.SUPERVISOR, parks))
    url = reverse("admin:catalog_serviceattribute_change", args=[size.pk])
    data = superuser_form_data(
        url,
        description="Changed?",
        **{
            "values-TOTAL_FORMS": "1",
            "values-0-key": "huge",
            "values-0-name": "Huge",
            "values-0-order": "1",
        },
    )

    listing = client.get(reverse("admin:catalog_serviceattribute_changelist"))
    response = client.post(url, data)

    assert list(listing.context["cl"].result_list) == []
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    size.refresh_from_db()
    assert size.description == "How big is it?"
    assert not ServiceAttributeValue.objects.exists()


def test_attribute_add__supervisor_cannot_attach_a_question_to_another_departments_service(
    client: Client, streets_supervisor: User, pothole: Service, mowing: Service
) -> None:
    response = client.post(
        reverse("admin:catalog_serviceattribute_add"),
        {
            "service": str(mowing.pk),
            "code": "height",
            "description": "How tall is the grass?",
            "datatype": AttributeDatatype.NUMBER.value,
            "variable": "on",
            "order": "0",
            "is_active": "on",
            "values-TOTAL_FORMS": "0",
            "values-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["service"]
    assert not ServiceAttribute.objects.exists()


def test_business_calendar_add__administrator_sets_hours_and_closures(
    client: Client, administrator: User
) -> None:
    response = client.post(
        reverse("admin:catalog_businesscalendar_add"),
        {
            "name": "Public works",
            "code": "public-works",
            "timezone": "America/Chicago",
            "holiday_country": "US",
            "working_hours-TOTAL_FORMS": "2",
            "working_hours-INITIAL_FORMS": "0",
            "working_hours-0-weekday": "0",
            "working_hours-0-opens_at": "07:00",
            "working_hours-0-closes_at": "15:30",
            "working_hours-1-weekday": "1",
            "working_hours-1-opens_at": "07:00",
            "working_hours-1-closes_at": "15:30",
            "closures-TOTAL_FORMS": "1",
            "closures-INITIAL_FORMS": "0",
            "closures-0-closed_date": "2026-12-24",
            "closures-0-name": "Christmas Eve",
        },
    )

    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get(code="public-works")
    assert list(calendar.working_hours.values_list("weekday", "opens_at", "closes_at")) == [
        (0, time(7, 0), time(15, 30)),
        (1, time(7, 0), time(15, 30)),
    ]
    assert list(calendar.closures.values_list("closed_date", "name")) == [
        (date(2026, 12, 24), "Christmas Eve")
    ]


def test_business_calendar_add__closing_before_opening_is_refused(
    client: Client, administrator: User
) -> None:
    response = client.post(
        reverse("admin:catalog_businesscalendar_add"),
        {
            "name": "Night shift",
            "code": "night",
            "timezone": "America/Chicago",
            "working_hours-TOTAL_FORMS": "1",
            "working_hours-INITIAL_FORMS": "0",
            "working_hours-0-weekday": "0",
            "working_hours-0-opens_at": "22:00",
            "working_hours-0-closes_at": "06:00",
            "closures-TOTAL_FORMS": "0",
            "closures-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Closing time must be after opening time." in response.content.decode()
    assert not BusinessCalendar.objects.filter(code="night").exists()
