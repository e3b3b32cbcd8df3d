"""Creating and updating residents' records, and logging what came of each contact."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry
from civicdesk.crm.enums import Channel, IdentityKind, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Contact, Interaction
from civicdesk.crm.services import (
    ContactDetailsError,
    ContactIdentityTakenError,
    ContactProfile,
    InteractionError,
    contact_create,
    contact_update,
    interaction_log,
    social_handle_normalize,
)
from civicdesk.knowledge.enums import Audience
from tests.crm.conftest import NOW
from tests.factories import ContactFactory, ContactIdentityFactory, staff_user
from tests.factories.knowledge import ArticleFactory

pytestmark = pytest.mark.django_db


def test_create__walk_in_with_name_phone_handle_and_address() -> None:
    agent = staff_user(Role.AGENT)
    contact = contact_create(
        profile=ContactProfile(
            first_name=" Mateo ",
            last_name="Alvarez",
            phone="(319) 555-0142",
            social_handle="@MateoA",
            address="18 Cedar Court",
            language="es",
            has_sms_consent=True,
        ),
        actor=agent,
        now=NOW,
    )
    assert (contact.first_name, contact.preferred_language, contact.has_sms_consent) == (
        "Mateo",
        "es",
        True,
    )
    assert set(contact.identities.values_list("kind", "value")) == {
        (IdentityKind.PHONE, "+13195550142"),
        (IdentityKind.SOCIAL, "@mateoa"),
    }
    assert list(contact.addresses.values_list("address", flat=True)) == ["18 Cedar Court"]
    entry = AuditLogEntry.objects.get(action="contact.created")
    assert (entry.actor, entry.object_id) == (agent, str(contact.pk))


def test_create__refuses_a_phone_on_file_and_names_its_owner() -> None:
    ContactIdentityFactory(
        kind=IdentityKind.PHONE, value="+13195550142", contact=ContactFactory(first_name="Ana")
    )
    with pytest.raises(ContactIdentityTakenError) as caught:
        contact_create(
            profile=ContactProfile(first_name="Mateo", phone="319-555-0142"), actor=None, now=NOW
        )
    assert "Ana" in caught.value.field_errors["phone"][0]
    assert Contact.objects.count() == 1


def test_create__needs_something_to_know_them_by() -> None:
    with pytest.raises(ContactDetailsError):
        contact_create(profile=ContactProfile(), actor=None, now=NOW)
    assert not Contact.objects.exists()


def test_update__changes_preferences_and_adds_identities() -> None:
    contact = ContactFactory(first_name="Lee", has_email_consent=True)
    ContactIdentityFactory(contact=contact, value="lee@mail.example")
    contact_update(
        contact=contact,
        profile=ContactProfile(
            first_name="Lee",
            last_name="Park",
            email="lee@mail.example",
            phone="3195550177",
            language="es",
            preferred_contact_method="sms",
            has_sms_consent=True,
        ),
        actor=None,
        now=NOW,
    )
    contact.refresh_from_db()
    assert (contact.last_name, contact.preferred_contact_method, contact.has_email_consent) == (
        "Park",
        "sms",
        False,
    )
    assert contact.identities.count() == 2
    assert AuditLogEntry.objects.get(action="contact.updated").data["identities_added"] == ["phone"]


@pytest.mark.parametrize("raw", ["@", "a b", "@bad!handle"])
def test_social_handle__nonsense_is_refused(raw: str) -> None:
    with pytest.raises(ContactDetailsError):
        social_handle_normalize(raw)


def test_log__answer_sent_by_email_adds_the_address_and_sends_after_commit() -> None:
    agent = staff_user(Role.AGENT)
    contact = ContactFactory(first_name="Lee")
    article = ArticleFactory(title="Bulk pickup", body="Call 311 to book a **bulk pickup**.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        interaction = interaction_log(
            contact=contact,
            channel=Channel.PHONE,
            reason=InteractionReason.QUESTION,
            outcome=InteractionOutcome.ANSWERED,
            started_at=NOW.replace(minute=0),
            actor=agent,
            now=NOW.replace(minute=4),
            article=article,
            is_first_contact_resolution=True,
            send_article_to="Lee@Mail.example",
        )
    interaction.refresh_from_db()
    assert interaction.article == article
    assert interaction.article_sent_to == "lee@mail.example"
    assert interaction.duration is not None
    assert interaction.duration.total_seconds() == 240
    assert contact.identities.filter(value="lee@mail.example").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lee@mail.example"]
    assert "Bulk pickup" in mail.outbox[0].subject
    assert "bulk pickup" in mail.outbox[0].body


def test_log__staff_only_article_is_never_sent_to_a_resident() -> None:
    article = ArticleFactory(audience=Audience.STAFF)
    with pytest.raises(InteractionError) as caught:
        interaction_log(
            contact=ContactFactory(),
            channel=Channel.PHONE,
            reason=InteractionReason.QUESTION,
            outcome=InteractionOutcome.ANSWERED,
            started_at=NOW,
            actor=staff_user(Role.AGENT),
            now=NOW,
            article=article,
            send_article_to="lee@mail.example",
        )
    assert "article" in caught.value.field_errors
    assert not Interaction.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("outcome", "field"),
    [
        (InteractionOutcome.STATUS_GIVEN, "service_request"),
        (InteractionOutcome.REFERRED, "referred_to"),
        (InteractionOutcome.TRANSFERRED, "referred_to"),
        (InteractionOutcome.REQUEST_CREATED, "outcome"),
    ],
)
def test_log__outcome_needs_what_it_is_about(outcome: InteractionOutcome, field: str) -> None:
    with pytest.raises(InteractionError) as caught:
        interaction_log(
            contact=ContactFactory(),
            channel=Channel.PHONE,
            reason=InteractionReason.STATUS_CHECK,
            outcome=outcome,
            started_at=NOW,
            actor=staff_user(Role.AGENT),
            now=NOW,
        )
    assert field in caught.value.field_errors
    assert not Interaction.objects.exists()


def test_seed__demo_desks_and_stations_load_once() -> None:
    from civicdesk.crm.models import ServiceCenter
    from civicdesk.crm.seed import SERVICE_CENTERS, seed_contact_center

    assert seed_contact_center() == {"created": len(SERVICE_CENTERS), "updated": 0}
    assert seed_contact_center() == {"created": 0, "updated": 0}
    assert ServiceCenter.objects.filter(kind="neighborhood_station").count() == 2


def test_log__an_answered_email_stops_the_first_response_clock() -> None:
    from datetime import timedelta

    from civicdesk.catalog.enums import SlaUnit
    from civicdesk.routing.models import ChannelSla, InteractionSla
    from tests.factories import SlaPolicyFactory, office_calendar

    policy = SlaPolicyFactory(
        calendar=office_calendar(), target_unit=SlaUnit.BUSINESS_HOURS, target_value=4
    )
    ChannelSla.objects.create(channel=Channel.EMAIL, sla_policy=policy)
    agent = staff_user(Role.AGENT)
    received = NOW - timedelta(hours=2)

    def log(channel: Channel) -> Interaction:
        return interaction_log(
            contact=ContactFactory(),
            channel=channel,
            reason=InteractionReason.QUESTION,
            outcome=InteractionOutcome.RECORDED,
            started_at=received,
            actor=agent,
            now=NOW,
        )

    emailed = log(Channel.EMAIL)
    clock = InteractionSla.objects.get(interaction=emailed)
    assert (clock.started_at, clock.first_response_at, clock.responder) == (received, NOW, agent)
    # A phone call is answered as it happens: no first-response clock for it.
    called = log(Channel.PHONE)
    assert not InteractionSla.objects.filter(interaction=called).exists()
