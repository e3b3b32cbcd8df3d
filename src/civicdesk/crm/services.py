"""Writes for the CRM: finding or creating the one record of a resident, logging interactions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from civicdesk.core.errors import ApplicationError
from civicdesk.crm.enums import Channel, IdentityKind, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Contact, ContactIdentity, Interaction


class ContactDetailsError(ApplicationError):
    code = "invalid_contact"


@dataclass(frozen=True)
class ContactDetails:
    """What a resident told us about themselves on one contact. Every field is optional."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    language: str = ""
    wants_email_updates: bool = False
    wants_sms_updates: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.email.strip() or self.phone.strip())


def email_normalize(raw: str) -> str:
    email = raw.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ContactDetailsError(
            _("“%(email)s” is not an e-mail address.") % {"email": raw},
            field_errors={"email": [_("Enter an e-mail address such as name@example.com.")]},
        ) from None
    return email


def phone_normalize(raw: str) -> str:
    """The number in E.164 form (+13195550101); local numbers use the city's region."""
    try:
        number = phonenumbers.parse(raw, settings.CIVICDESK["PHONE_REGION"])
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ContactDetailsError(
            _("“%(phone)s” is not a phone number.") % {"phone": raw},
            field_errors={"phone": [_("Enter a phone number such as 319-555-0101.")]},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _identities_of(details: ContactDetails) -> list[tuple[IdentityKind, str]]:
    identities: list[tuple[IdentityKind, str]] = []
    if details.email.strip():
        identities.append((IdentityKind.EMAIL, email_normalize(details.email)))
    if details.phone.strip():
        identities.append((IdentityKind.PHONE, phone_normalize(details.phone)))
    return identities


def _identity_add(contact: Contact, kind: IdentityKind, value: str, *, now: datetime) -> None:
    """Attach an identity unless it already belongs to someone (then it stays theirs)."""
    is_primary = not contact.identities.filter(kind=kind).exists()
    try:
        with transaction.atomic():
            ContactIdentity.objects.create(
                contact=contact, kind=kind, value=value, is_primary=is_primary, created_at=now
            )
    except IntegrityError:
        # Taken meanwhile by another contact: keep the first owner, as a lookup would.
        return


@transaction.atomic
def contact_resolve(*, details: ContactDetails, now: datetime) -> Contact | None:
    """The resident these details identify, created when new; None when nothing identifies them.

    An e-mail or phone number already on file finds its contact. Names already on file are
    kept; missing ones, new identities and newly given consent are added.
    """
    identities = _identities_of(details)
    if not identities:
        return None
    contact: Contact | None = None
    for kind, value in identities:
        identity = (
            ContactIdentity.objects.select_related("contact").filter(kind=kind, value=value).first()
        )
        if identity is not None:
            contact = identity.contact
            break
    language = details.language if details.language in dict(settings.LANGUAGES) else ""
    if contact is None:
        contact = Contact(
            first_name=details.first_name.strip()[:100],
            last_name=details.last_name.strip()[:100],
            preferred_language=language or settings.LANGUAGE_CODE,
            has_email_consent=details.wants_email_updates,
            has_sms_consent=details.wants_sms_updates,
            created_at=now,
        )
        contact.full_clean()
        contact.save()
    else:
        changed: list[str] = []
        if not contact.first_name and details.first_name.strip():
            contact.first_name = details.first_name.strip()[:100]
            changed.append("first_name")
        if not contact.last_name and details.last_name.strip():
            contact.last_name = details.last_name.strip()[:100]
            changed.append("last_name")
        if details.wants_email_updates and not contact.has_email_consent:
            contact.has_email_consent = True
            changed.append("has_email_consent")
        if details.wants_sms_updates and not contact.has_sms_consent:
            contact.has_sms_consent = True
            changed.append("has_sms_consent")
        if changed:
            contact.full_clean()
            contact.save(update_fields=[*changed, "updated_at"])
    known = set(contact.identities.values_list("kind", "value"))
    for kind, value in identities:
        if (kind.value, value) not in known:
            _identity_add(contact, kind, value, now=now)
    return contact


def interaction_record(
    *,
    channel: Channel,
    reason: InteractionReason,
    outcome: InteractionOutcome,
    started_at: datetime,
    contact: Contact | None = None,
    service_request_id: int | None = None,
    agent_id: int | None = None,
    ended_at: datetime | None = None,
    is_first_contact_resolution: bool = False,
    notes: str = "",
) -> Interaction:
    """Log one contact. Call inside the transaction of whatever the contact changed."""
    interaction = Interaction(
        contact=contact,
        channel=channel,
        reason=reason,
        outcome=outcome,
        service_request_id=service_request_id,
        agent_id=agent_id,
        started_at=started_at,
        ended_at=ended_at,
        is_first_contact_resolution=is_first_contact_resolution,
        notes=notes,
        created_at=started_at,
    )
    interaction.full_clean()
    interaction.save()
    return interaction
