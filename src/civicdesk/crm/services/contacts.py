"""Writes for contacts: finding or creating the one record of a resident, and keeping it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from civicdesk.accounts.models import User
from civicdesk.accounts.services import audit_log_record
from civicdesk.core.errors import ApplicationError
from civicdesk.crm.enums import AddressKind, ContactMethod, IdentityKind
from civicdesk.crm.models import Contact, ContactAddress, ContactIdentity


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
    # The contact already identified (an agent on a call chose them): they are the resident.
    contact_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return self.contact_id is None and not (self.email.strip() or self.phone.strip())


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


def social_handle_normalize(raw: str) -> str:
    """A social handle as stored: lower case, no spaces, `network:@handle` or `@handle`."""
    handle = raw.strip().lower()
    network, separator, name = handle.rpartition(":")
    name = name.lstrip("@")
    if len(name) < 2 or not all(char.isalnum() or char in "._-" for char in name):
        raise ContactDetailsError(
            _("“%(handle)s” is not a social-media handle.") % {"handle": raw},
            field_errors={"social_handle": [_("Enter a handle such as @alderport_resident.")]},
        )
    return f"{network}{separator}@{name}"


IDENTITY_NORMALIZERS: dict[str, Callable[[str], str]] = {
    IdentityKind.EMAIL: email_normalize,
    IdentityKind.PHONE: phone_normalize,
    IdentityKind.SOCIAL: social_handle_normalize,
}


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


def _contact_known(
    details: ContactDetails, identities: list[tuple[IdentityKind, str]]
) -> Contact | None:
    """The contact chosen already (`contact_id`), else the owner of the first identity on file."""
    if details.contact_id is not None:
        contact = Contact.objects.filter(pk=details.contact_id).first()
        if contact is None:
            raise ContactDetailsError(_("That contact no longer exists; search again."))
        return contact
    for kind, value in identities:
        identity = (
            ContactIdentity.objects.select_related("contact").filter(kind=kind, value=value).first()
        )
        if identity is not None:
            return identity.contact
    return None


@transaction.atomic
def contact_resolve(*, details: ContactDetails, now: datetime) -> Contact | None:
    """The resident these details identify, created when new; None when nothing identifies them.

    An e-mail or phone number already on file finds its contact. Names already on file are
    kept; missing ones, new identities and newly given consent are added.
    """
    identities = _identities_of(details)
    if not identities and details.contact_id is None:
        return None
    contact = _contact_known(details, identities)
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


class ContactIdentityTakenError(ContactDetailsError):
    code = "identity_taken"


@dataclass(frozen=True)
class ContactProfile:
    """What an agent types on the new-contact form or the profile form."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    social_handle: str = ""
    address: str = ""
    zip_code: str = ""
    language: str = ""
    preferred_contact_method: str = ContactMethod.EMAIL
    has_email_consent: bool = False
    has_sms_consent: bool = False
    has_survey_consent: bool = False
    wants_status_updates: bool = True


def _profile_identities(profile: ContactProfile) -> list[tuple[IdentityKind, str]]:
    """The profile's identities, normalised; every problem reported at once."""
    errors: dict[str, list[str]] = {}
    identities: list[tuple[IdentityKind, str]] = []
    for kind, raw in (
        (IdentityKind.EMAIL, profile.email),
        (IdentityKind.PHONE, profile.phone),
        (IdentityKind.SOCIAL, profile.social_handle),
    ):
        if not raw.strip():
            continue
        try:
            identities.append((kind, IDENTITY_NORMALIZERS[kind](raw)))
        except ContactDetailsError as error:
            errors.update(error.field_errors)
    if errors:
        raise ContactDetailsError(_("Please correct the contact details."), field_errors=errors)
    return identities


def _field_of(kind: str) -> str:
    return {IdentityKind.SOCIAL: "social_handle"}.get(IdentityKind(kind), str(kind))


def _check_identities_free(
    identities: list[tuple[IdentityKind, str]], *, contact: Contact | None
) -> None:
    taken = ContactIdentity.objects.filter(
        kind__in=[kind for kind, _value in identities],
        value__in=[value for _kind, value in identities],
    ).select_related("contact")
    errors: dict[str, list[str]] = {}
    for identity in taken:
        if (IdentityKind(identity.kind), identity.value) not in identities:
            continue
        if contact is not None and identity.contact_id == contact.pk:
            continue
        errors[_field_of(identity.kind)] = [
            _("%(value)s already belongs to %(name)s (contact #%(id)d).")
            % {"value": identity.value, "name": identity.contact, "id": identity.contact_id}
        ]
    if errors:
        raise ContactIdentityTakenError(
            _("These details belong to a resident on file; open their record instead."),
            field_errors=errors,
        )


def _language_or_default(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@transaction.atomic
def contact_create(*, profile: ContactProfile, actor: User | None, now: datetime) -> Contact:
    """A new resident record with their identities and address, written to the audit log.

    Refuses identities that already belong to another resident (the CRM keeps one record per
    resident); a walk-in may give only a name.
    """
    identities = _profile_identities(profile)
    if not (profile.first_name.strip() or profile.last_name.strip() or identities):
        raise ContactDetailsError(
            _("Give at least a name, an e-mail address, a phone number or a handle."),
            field_errors={"first_name": [_("Enter the resident's name.")]},
        )
    _check_identities_free(identities, contact=None)
    contact = Contact(
        first_name=profile.first_name.strip()[:100],
        last_name=profile.last_name.strip()[:100],
        preferred_language=_language_or_default(profile.language),
        preferred_contact_method=profile.preferred_contact_method,
        has_email_consent=profile.has_email_consent,
        has_sms_consent=profile.has_sms_consent,
        has_survey_consent=profile.has_survey_consent,
        wants_status_updates=profile.wants_status_updates,
        created_at=now,
    )
    contact.full_clean()
    contact.save()
    for kind, value in identities:
        try:
            with transaction.atomic():
                ContactIdentity.objects.create(
                    contact=contact, kind=kind, value=value, is_primary=True, created_at=now
                )
        except IntegrityError:
            # Another agent filed the same identity a moment ago: their record stands.
            raise ContactIdentityTakenError(
                _("These details belong to a resident on file; open their record instead."),
                field_errors={
                    _field_of(kind): [_("%(value)s is already on file.") % {"value": value}]
                },
            ) from None
    if profile.address.strip():
        contact_address_add(
            contact=contact,
            address=profile.address,
            zip_code=profile.zip_code,
            actor=actor,
            now=now,
            is_audited=False,
        )
    audit_log_record(
        actor=actor,
        action="contact.created",
        now=now,
        target=contact,
        summary=str(contact),
        data={"identities": [kind.value for kind, _value in identities]},
    )
    return contact


@transaction.atomic
def contact_update(
    *, contact: Contact, profile: ContactProfile, actor: User | None, now: datetime
) -> Contact:
    """Change a resident's names, language and preferences; add new identities and address.

    Identities and addresses are only added here (history stays); consent follows the form.
    """
    identities = _profile_identities(profile)
    _check_identities_free(identities, contact=contact)
    before = {
        field: getattr(contact, field)
        for field in (
            "first_name",
            "last_name",
            "preferred_language",
            "preferred_contact_method",
            "has_email_consent",
            "has_sms_consent",
            "has_survey_consent",
            "wants_status_updates",
        )
    }
    contact.first_name = profile.first_name.strip()[:100]
    contact.last_name = profile.last_name.strip()[:100]
    contact.preferred_language = _language_or_default(profile.language)
    contact.preferred_contact_method = profile.preferred_contact_method
    contact.has_email_consent = profile.has_email_consent
    contact.has_sms_consent = profile.has_sms_consent
    contact.has_survey_consent = profile.has_survey_consent
    contact.wants_status_updates = profile.wants_status_updates
    changed = [field for field, value in before.items() if getattr(contact, field) != value]
    if changed:
        contact.full_clean()
        contact.save(update_fields=[*changed, "updated_at"])
    known = set(contact.identities.values_list("kind", "value"))
    added = []
    for kind, value in identities:
        if (kind.value, value) not in known:
            _identity_add(contact, kind, value, now=now)
            added.append(kind.value)
    if profile.address.strip() and not contact.addresses.filter(
        address__iexact=profile.address.strip()
    ):
        contact_address_add(
            contact=contact,
            address=profile.address,
            zip_code=profile.zip_code,
            actor=actor,
            now=now,
            is_audited=False,
        )
        changed.append("address")
    if changed or added:
        audit_log_record(
            actor=actor,
            action="contact.updated",
            now=now,
            target=contact,
            summary=str(contact),
            data={"fields": changed, "identities_added": added},
        )
    return contact


def contact_address_add(
    *,
    contact: Contact,
    address: str,
    zip_code: str = "",
    kind: AddressKind = AddressKind.HOME,
    actor: User | None,
    now: datetime,
    is_audited: bool = True,
) -> ContactAddress:
    entry = ContactAddress(
        contact=contact,
        kind=kind,
        address=" ".join(address.split())[:300],
        zip_code=zip_code.strip()[:20],
        is_primary=not contact.addresses.exists(),
        created_at=now,
    )
    entry.full_clean()
    entry.save()
    if is_audited:
        audit_log_record(
            actor=actor, action="contact.updated", now=now, target=contact, summary=str(contact)
        )
    return entry


def contact_view_record(
    *, contact: Contact, actor: User | None, now: datetime, via: str = "console"
) -> None:
    """Write to the audit log that `actor` saw `contact`'s personal data (who, when, which)."""
    audit_log_record(
        actor=actor,
        action="contact.viewed",
        now=now,
        target=contact,
        summary=str(contact),
        data={"via": via},
    )


def contact_search_record(
    *, query: str, contact_ids: list[int], actor: User | None, now: datetime
) -> None:
    """Write to the audit log which residents a contact search showed to `actor`."""
    audit_log_record(
        actor=actor,
        action="contact.searched",
        now=now,
        summary=query[:200],
        data={"query": query[:200], "contact_ids": contact_ids},
    )
