"""Two records of one resident become one, and nothing that happened to either is lost."""

from __future__ import annotations

import pytest

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.models import Contact, ContactMerge, Interaction
from civicdesk.crm.services import ContactMergeError, contact_merge
from civicdesk.service_requests.models import ServiceRequest
from tests.crm.conftest import NOW, file_request
from tests.factories import (
    ContactAddressFactory,
    ContactFactory,
    ContactIdentityFactory,
    InteractionFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


def test_merge__identities_addresses_interactions_and_requests_move(pothole: Service) -> None:
    supervisor = staff_user(Role.ADMINISTRATOR)
    kept = ContactFactory(first_name="Rosa", last_name="Park", has_sms_consent=False)
    ContactIdentityFactory(contact=kept, value="rosa@mail.example")
    duplicate = ContactFactory(first_name="R.", last_name="", has_sms_consent=True)
    ContactIdentityFactory(contact=duplicate, value="rosa.park@work.example")
    ContactIdentityFactory(contact=duplicate, kind=IdentityKind.PHONE, value="+13195550123")
    ContactAddressFactory(contact=duplicate, address="412 Birch Avenue")
    InteractionFactory(contact=duplicate, notes="Asked about bulk pickup")
    service_request = file_request(duplicate)
    duplicate_id = duplicate.pk

    merge = contact_merge(source=duplicate, target=kept, actor=supervisor, now=NOW)

    assert not Contact.objects.filter(pk=duplicate_id).exists()
    kept.refresh_from_db()
    assert (kept.first_name, kept.last_name) == ("Rosa", "Park")
    assert kept.has_sms_consent  # consent given on either record stays given
    assert set(kept.identities.values_list("value", "is_primary")) == {
        ("rosa@mail.example", True),
        ("rosa.park@work.example", False),
        ("+13195550123", True),
    }
    assert list(kept.addresses.values_list("address", flat=True)) == ["412 Birch Avenue"]
    assert ServiceRequest.objects.get(pk=service_request.pk).requester == kept
    # The interaction logged by the merged record's request and the earlier call both moved.
    assert Interaction.objects.filter(contact=kept).count() == 2
    assert merge.merged_contact_id == duplicate_id
    assert merge.merged_snapshot["first_name"] == "R."
    assert {"kind": "phone", "value": "+13195550123"} in merge.merged_snapshot["identities"]
    assert merge.moved_counts["identities"] == 2
    assert merge.moved_counts["crm.interaction"] == 2
    assert merge.moved_counts["service_requests.servicerequest"] == 1
    entry = AuditLogEntry.objects.get(action="contact.merged")
    assert (entry.actor, entry.object_id) == (supervisor, str(kept.pk))
    assert entry.data["merged_contact_id"] == duplicate_id


def test_merge__earlier_merges_of_the_removed_record_follow_it() -> None:
    first, second, third = ContactFactory(), ContactFactory(), ContactFactory()
    contact_merge(source=first, target=second, actor=None, now=NOW)
    contact_merge(source=second, target=third, actor=None, now=NOW)
    assert ContactMerge.objects.filter(kept_contact=third).count() == 2


def test_merge__a_record_cannot_merge_into_itself() -> None:
    contact = ContactFactory()
    with pytest.raises(ContactMergeError):
        contact_merge(source=contact, target=contact, actor=None, now=NOW)
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert not ContactMerge.objects.exists()
