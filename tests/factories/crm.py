from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from civicdesk.crm.enums import (
    Channel,
    IdentityKind,
    InteractionOutcome,
    InteractionReason,
    ServiceCenterKind,
)
from civicdesk.crm.models import (
    Contact,
    ContactAddress,
    ContactIdentity,
    Interaction,
    ServiceCenter,
)

STARTED_AT = datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("America/Chicago"))


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = "Rosa"
    last_name = factory.Sequence(lambda n: f"Resident{n}")
    preferred_language = "en"
    has_email_consent = True


class ContactIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactIdentity

    contact = factory.SubFactory(ContactFactory)
    kind = IdentityKind.EMAIL
    value = factory.Sequence(lambda n: f"resident{n}@mail.example")
    is_primary = True


class ContactAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAddress

    contact = factory.SubFactory(ContactFactory)
    address = factory.Sequence(lambda n: f"{100 + n} Alder Street")
    zip_code = "52840"
    is_primary = True


class ServiceCenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCenter
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"center-{n}")
    name = factory.Sequence(lambda n: f"Neighborhood Station {n}")
    kind = ServiceCenterKind.NEIGHBORHOOD_STATION


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    contact = factory.SubFactory(ContactFactory)
    channel = Channel.PHONE
    reason = InteractionReason.QUESTION
    outcome = InteractionOutcome.ANSWERED
    started_at = STARTED_AT
    ended_at = STARTED_AT
    created_at = STARTED_AT
