from __future__ import annotations

import factory

from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.models import Contact, ContactIdentity


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
