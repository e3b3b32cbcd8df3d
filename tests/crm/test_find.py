"""Finding a resident's one record by whatever the caller gives: phone, e-mail, handle, name,
address or a request number."""

from __future__ import annotations

import pytest

from civicdesk.accounts.enums import Role
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.selectors import contact_find, contact_list_by_phone, contact_query_parse
from tests.crm.conftest import file_request
from tests.factories import (
    ContactAddressFactory,
    ContactFactory,
    ContactIdentityFactory,
    DepartmentFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return staff_user(Role.AGENT)


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("(319) 555-0123", "phone", "+13195550123"),
        ("+1 319 555 0123", "phone", "+13195550123"),
        ("Rosa@Mail.Example", "email", "rosa@mail.example"),
        ("@RosaP", "social", "@rosap"),
        ("x:@RosaP", "social", "x:@rosap"),
        ("26-12", "request", "26-00000012"),
        ("Rosa Park", "name_or_address", "Rosa Park"),
        ("12 Alder St", "name_or_address", "12 Alder St"),
        ("   ", "", ""),
    ],
)
def test_query_parse__reads_what_the_agent_typed(typed: str, kind: str, value: str) -> None:
    parsed = contact_query_parse(typed)
    assert (parsed.kind, parsed.value) == (kind, value)


def test_find__phone_in_any_spelling_finds_the_resident(agent) -> None:  # type: ignore[no-untyped-def]
    rosa = ContactIdentityFactory(kind=IdentityKind.PHONE, value="+13195550123").contact
    ContactIdentityFactory(kind=IdentityKind.PHONE, value="+13195550124")
    for typed in ("319-555-0123", "(319) 555 0123", "+13195550123"):
        assert list(contact_find(user=agent, query=typed)) == [rosa]


def test_find__email_and_handle(agent) -> None:  # type: ignore[no-untyped-def]
    by_email = ContactIdentityFactory(value="lee@mail.example").contact
    by_handle = ContactIdentityFactory(kind=IdentityKind.SOCIAL, value="@leepark").contact
    assert list(contact_find(user=agent, query="LEE@mail.example")) == [by_email]
    assert list(contact_find(user=agent, query="@LeePark")) == [by_handle]


def test_find__name_words_match_first_and_last_names(agent) -> None:  # type: ignore[no-untyped-def]
    rosa = ContactFactory(first_name="Rosa", last_name="Parkes")
    ContactFactory(first_name="Rosa", last_name="Diaz")
    ContactFactory(first_name="Paul", last_name="Parkes")
    assert list(contact_find(user=agent, query="rosa park")) == [rosa]


def test_find__address_text(agent) -> None:  # type: ignore[no-untyped-def]
    home = ContactAddressFactory(address="412 Birch Avenue").contact
    ContactAddressFactory(address="12 Alder Street")
    assert list(contact_find(user=agent, query="412 birch")) == [home]


def test_find__request_number_finds_its_requester(agent, pothole: Service) -> None:  # type: ignore[no-untyped-def]
    requester = ContactFactory()
    ContactFactory()
    service_request = file_request(requester)
    short = service_request.public_id.split("-")[0] + "-" + str(int(service_request.public_id[3:]))
    assert list(contact_find(user=agent, query=service_request.public_id)) == [requester]
    assert list(contact_find(user=agent, query=short)) == [requester]


def test_find__results_carry_identities_addresses_and_request_count_in_few_queries(
    agent,  # type: ignore[no-untyped-def]
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for _index in range(5):
        contact = ContactFactory(first_name="Rosa")
        ContactIdentityFactory(contact=contact)
        ContactAddressFactory(contact=contact)
    with django_assert_max_num_queries(4):
        found = list(contact_find(user=agent, query="rosa"))
        assert all(len(c.identities.all()) == 1 and len(c.addresses.all()) == 1 for c in found)
    assert len(found) == 5


@pytest.mark.parametrize("role", [None, Role.DEPARTMENT_STAFF, Role.CREW_MEMBER])
def test_find__only_console_users_may_search(role: Role | None) -> None:
    ContactIdentityFactory(kind=IdentityKind.PHONE, value="+13195550123")
    user = (
        staff_user(role, department=DepartmentFactory())
        if role is not None
        else staff_user(Role.ENGAGEMENT_COORDINATOR)
    )
    assert list(contact_find(user=user, query="319-555-0123")) == []
    assert contact_list_by_phone(user=user, phone="319-555-0123") == []


def test_list_by_phone__screen_pop_matches_normalised_number(agent) -> None:  # type: ignore[no-untyped-def]
    rosa = ContactIdentityFactory(kind=IdentityKind.PHONE, value="+13195550123").contact
    assert contact_list_by_phone(user=agent, phone="3195550123") == [rosa]
    assert contact_list_by_phone(user=agent, phone="not a number") == []
