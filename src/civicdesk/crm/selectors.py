"""Reads of residents' records shared by the agent console, the admin and the screen-pop,
narrowed to what the acting user may see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from civicdesk.crm import permissions
from civicdesk.crm.enums import IdentityKind
from civicdesk.crm.models import Contact, ContactIdentity, Interaction, ServiceCenter
from civicdesk.crm.services.contacts import IDENTITY_NORMALIZERS, ContactDetailsError

REQUEST_NUMBER = re.compile(r"^\d{2}-\d{1,8}$")
MIN_PHONE_DIGITS = 7


def contact_identity_primary(contact: Contact, kind: IdentityKind) -> str:
    """The contact's e-mail address or phone number to write to: the primary one of `kind`,
    else the first recorded; "" when they have none."""
    return (
        contact.identities.filter(kind=kind)
        .order_by("-is_primary", "pk")
        .values_list("value", flat=True)
        .first()
        or ""
    )


@dataclass(frozen=True)
class ContactQuery:
    """How a search was read: which look-up it ran, and with what value."""

    kind: str  # "request", "email", "phone", "social", "name_or_address", "" (nothing to search)
    value: str


def _identity_kind_of(text: str) -> IdentityKind | None:
    """Which identity `text` looks like, before it is checked."""
    if text.startswith("@") or re.match(r"^[a-z]+:@", text, re.IGNORECASE):
        return IdentityKind.SOCIAL
    if "@" in text and " " not in text:
        return IdentityKind.EMAIL
    digits = sum(char.isdigit() for char in text)
    if digits >= MIN_PHONE_DIGITS and not re.search(r"[a-z]", text, re.IGNORECASE):
        return IdentityKind.PHONE
    return None


def contact_query_parse(raw: str) -> ContactQuery:
    """Read what an agent typed: a request number, an e-mail address, a phone number, a
    handle (`@…`), or else a name or address."""
    text = " ".join(raw.split())
    if not text:
        return ContactQuery("", "")
    if REQUEST_NUMBER.match(text):
        year, number = text.split("-")
        return ContactQuery("request", f"{year}-{int(number):08d}")
    kind = _identity_kind_of(text)
    if kind is not None:
        try:
            return ContactQuery(kind.value, IDENTITY_NORMALIZERS[kind](text))
        except ContactDetailsError:
            pass
    return ContactQuery("name_or_address", text)


def _with_profile(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.prefetch_related("identities", "addresses").annotate(
        request_count=Count("service_requests", distinct=True)
    )


def contact_find(*, user: Any, query: str, limit: int = 25) -> QuerySet[Contact]:
    """Residents matching `query` — phone (any spelling), e-mail, handle, request number, name,
    or an address on file or of one of their requests — with identities and addresses fetched.
    Empty for users who may not search."""
    parsed = contact_query_parse(query)
    if not parsed.kind or not permissions.can_search_contacts(user):
        return Contact.objects.none()
    if parsed.kind == "request":
        condition = Q(service_requests__public_id=parsed.value) | Q(
            interactions__service_request__public_id=parsed.value
        )
    elif parsed.kind in {"email", "phone", "social"}:
        condition = Q(identities__kind=parsed.kind, identities__value=parsed.value)
    else:
        condition = Q()
        for word in parsed.value.split():
            condition &= (
                Q(first_name__istartswith=word)
                | Q(last_name__istartswith=word)
                | Q(addresses__address__icontains=word)
            )
        condition |= Q(addresses__address__icontains=parsed.value) | Q(
            service_requests__address__icontains=parsed.value
        )
    matching = Contact.objects.filter(condition).values("pk")
    return _with_profile(Contact.objects.filter(pk__in=matching)).order_by(
        "last_name", "first_name", "pk"
    )[:limit]


def contact_list_by_phone(*, user: Any, phone: str) -> list[Contact]:
    """The residents whose phone number is `phone` (any spelling); for the screen-pop."""
    try:
        value = IDENTITY_NORMALIZERS[IdentityKind.PHONE](phone)
    except ContactDetailsError:
        return []
    if not permissions.can_search_contacts(user):
        return []
    return list(
        _with_profile(
            Contact.objects.filter(identities__kind=IdentityKind.PHONE, identities__value=value)
        )
    )


def access_contact(*, user: Any, contact_id: int) -> Contact | None:
    """The contact with their identities and addresses, if `user` may see their personal data."""
    contact = (
        Contact.objects.prefetch_related(
            Prefetch(
                "identities", queryset=ContactIdentity.objects.order_by("kind", "-is_primary")
            ),
            "addresses",
        )
        .filter(pk=contact_id)
        .first()
    )
    if contact is None or not permissions.can_view_contact(user, contact):
        return None
    return contact


@dataclass(frozen=True)
class ContactHistory:
    interactions: list[Interaction]
    service_requests: list[Any]
    surveys: list[Any]


def contact_history(*, contact: Contact, limit: int = 100) -> ContactHistory:
    """Everything the resident did with the city across channels, newest first: their
    interactions (with the agent, article, request and place), their requests with status, and
    the surveys they were sent with their answers. Five queries, however long the history."""
    from civicdesk.service_requests.models import ServiceRequest
    from civicdesk.surveys.selectors import survey_invitation_list_for_contact

    interactions = list(
        Interaction.objects.filter(contact=contact)
        .select_related("agent", "article", "service_request__service", "service_center")
        .order_by("-started_at", "-pk")[:limit]
    )
    service_requests = list(
        ServiceRequest.objects.filter(requester=contact)
        .select_related("service", "department")
        .order_by("-created_at", "-pk")[:limit]
    )
    return ContactHistory(
        interactions=interactions,
        service_requests=service_requests,
        surveys=survey_invitation_list_for_contact(contact=contact, limit=limit),
    )


def service_center_list_open() -> QuerySet[ServiceCenter]:
    return ServiceCenter.objects.filter(is_active=True).order_by("name")
