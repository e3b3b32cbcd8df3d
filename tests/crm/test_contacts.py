"""One CRM record per resident, whatever channel or spelling of their details they use."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.models import Contact, ContactIdentity
from civicdesk.crm.services import (
    ContactDetails,
    ContactDetailsError,
    contact_resolve,
    phone_normalize,
)
from tests.factories import ContactFactory, ContactIdentityFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Chicago"))


@pytest.mark.parametrize(
    "raw", ["319-555-0123", "(319) 555 0123", "+1 319 555 0123", "3195550123", "1-319-555-0123"]
)
def test_phone_normalize__local_and_international_forms_agree(raw: str) -> None:
    assert phone_normalize(raw) == "+13195550123"


def test_phone_normalize__nonsense_is_refused_with_an_example() -> None:
    with pytest.raises(ContactDetailsError) as caught:
        phone_normalize("call me")
    assert caught.value.field_errors == {"phone": ["Enter a phone number such as 319-555-0101."]}


def test_resolve__nothing_identifying_means_anonymous() -> None:
    assert contact_resolve(details=ContactDetails(first_name="Sam"), now=NOW) is None
    assert Contact.objects.count() == 0


def test_resolve__same_email_in_other_case_finds_the_same_resident() -> None:
    first = contact_resolve(details=ContactDetails(email="Lee@Mail.example"), now=NOW)
    again = contact_resolve(details=ContactDetails(email=" lee@mail.EXAMPLE "), now=NOW)
    assert first == again
    assert Contact.objects.count() == 1


def test_resolve__new_phone_is_added_to_the_known_resident() -> None:
    identity = ContactIdentityFactory(value="lee@mail.example")
    contact = contact_resolve(
        details=ContactDetails(email="lee@mail.example", phone="319-555-0177"), now=NOW
    )
    assert contact == identity.contact
    assert set(contact.identities.values_list("kind", "value", "is_primary")) == {
        (IdentityKind.EMAIL, "lee@mail.example", True),
        (IdentityKind.PHONE, "+13195550177", True),
    }


def test_resolve__keeps_names_on_file_and_fills_missing_ones() -> None:
    contact = ContactFactory(first_name="Lee", last_name="")
    ContactIdentityFactory(contact=contact, value="lee@mail.example")
    contact_resolve(
        details=ContactDetails(first_name="Someone", last_name="Park", email="lee@mail.example"),
        now=NOW,
    )
    contact.refresh_from_db()
    assert (contact.first_name, contact.last_name) == ("Lee", "Park")


def test_resolve__phone_of_another_resident_stays_theirs() -> None:
    other = ContactIdentityFactory(kind=IdentityKind.PHONE, value="+13195550100").contact
    contact = contact_resolve(
        details=ContactDetails(email="new@mail.example", phone="319-555-0100"), now=NOW
    )
    # The phone number identifies the first match: the earlier resident.
    assert contact == other
    assert ContactIdentity.objects.filter(value="+13195550100").count() == 1


def test_resolve__consent_is_added_never_silently_withdrawn() -> None:
    contact = contact_resolve(
        details=ContactDetails(email="a@mail.example", wants_email_updates=True), now=NOW
    )
    again = contact_resolve(
        details=ContactDetails(email="a@mail.example", wants_email_updates=False), now=NOW
    )
    assert contact is not None
    assert again is not None
    again.refresh_from_db()
    assert again.has_email_consent


def test_resolve__unknown_language_falls_back_to_the_city_default() -> None:
    contact = contact_resolve(
        details=ContactDetails(email="b@mail.example", language="xx"), now=NOW
    )
    assert contact is not None
    assert contact.preferred_language == "en"
