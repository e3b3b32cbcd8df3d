"""The one road in: every channel, the importer included, files a request through this module.

`service_request_submit` checks the whole submission first — geocoding or reverse-geocoding the
location, refusing one outside the jurisdiction, finding its districts (`civicdesk.geo.locating`)
— and reports every problem at once, writing nothing; then, in one transaction, it resolves the
resident's CRM record, routes it (department, queue and priority, `civicdesk.routing`; a
referral rule closes it as referred) and starts its SLA clock, numbers the request,
writes it with its first timeline event and the interaction that brought it, lists open requests
of the same service nearby as possible duplicates, and queues the confirmation for after the
commit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicdesk.accounts.models import User
from civicdesk.catalog.attributes import AttributeValidationError, attribute_values_clean
from civicdesk.catalog.models import Service
from civicdesk.catalog.selectors import service_get_for_intake
from civicdesk.core.errors import ApplicationError
from civicdesk.core.inserts import model_insert
from civicdesk.core.sql import bound_cursor
from civicdesk.crm.enums import Channel, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Contact, Interaction
from civicdesk.crm.services import (
    ContactDetails,
    ContactDetailsError,
    contact_resolve,
    email_normalize,
    interaction_record,
    phone_normalize,
)
from civicdesk.geo.locating import ResolvedLocation, location_resolve
from civicdesk.geo.selectors import DuplicateCandidate, service_request_list_duplicate_candidates
from civicdesk.routing.resolve import routing_resolve
from civicdesk.routing.sla import sla_times
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import (
    PublicIdSequence,
    ServiceRequest,
    ServiceRequestEvent,
)
from civicdesk.service_requests.services.lifecycle import service_request_refer
from civicdesk.service_requests.services.media import MediaItem, media_attach

DESCRIPTION_MAX_LENGTH = 4000


class IntakeValidationError(ApplicationError):
    """The submission was refused; `field_errors` says what to fix. Nothing was stored."""

    code = "invalid_request"


@dataclass(frozen=True)
class Location:
    """Where the problem is: coordinates, an address, an address id, or several of them."""

    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    address_id: str = ""
    zip_code: str = ""


@dataclass(frozen=True)
class IntakeResult:
    service_request: ServiceRequest
    interaction: Interaction
    # Open requests of the same service nearby, closest and newest first: "already reported?"
    duplicate_candidates: tuple[DuplicateCandidate, ...] = ()


@dataclass(frozen=True)
class _Checked:
    service: Service
    description: str
    attributes: dict[str, Any]
    location: Location
    language: str
    place: ResolvedLocation


def _check_location(location: Location, errors: dict[str, list[str]]) -> Location:
    latitude, longitude = location.latitude, location.longitude
    if (latitude is None) != (longitude is None):
        errors["location"] = [_("Give both latitude and longitude, or neither.")]
        return location
    if latitude is not None and longitude is not None:
        if not (math.isfinite(latitude) and -90 <= latitude <= 90):
            errors["lat"] = [_("Latitude must be a number between -90 and 90.")]
        if not (math.isfinite(longitude) and -180 <= longitude <= 180):
            errors["long"] = [_("Longitude must be a number between -180 and 180.")]
    address = location.address.strip()
    address_id = location.address_id.strip()
    if latitude is None and not address and not address_id:
        errors["location"] = [_("Tell us where the problem is: an address, or a point on the map.")]
    if len(address) > 300:
        errors["address_string"] = [_("The address can be at most 300 characters long.")]
    return Location(
        latitude=latitude,
        longitude=longitude,
        address=address,
        address_id=address_id,
        zip_code=location.zip_code.strip(),
    )


def _check_contact(
    service: Service | None, contact: ContactDetails | None, errors: dict[str, list[str]]
) -> None:
    if contact is not None:
        for normalize, value in (
            (email_normalize, contact.email),
            (phone_normalize, contact.phone),
        ):
            if value.strip():
                try:
                    normalize(value)
                except ContactDetailsError as error:
                    errors.update(error.field_errors)
    if (
        service is not None
        and not service.allows_anonymous
        and (contact is None or contact.is_empty)
    ):
        errors.setdefault("email", []).append(
            _(
                "“%(service)s” needs an e-mail address or phone number, "
                "so that the city can reach you about it."
            )
            % {"service": service.name}
        )


def _check(
    *,
    service_code: str,
    description: str,
    attributes: Mapping[str, Any],
    location: Location,
    contact: ContactDetails | None,
    language: str,
) -> _Checked:
    errors: dict[str, list[str]] = {}
    service = service_get_for_intake(code=service_code.strip()) if service_code.strip() else None
    if service is None:
        errors["service_code"] = [
            _("“%(code)s” is not a service we offer; choose one from the list.")
            % {"code": service_code}
            if service_code.strip()
            else _("Choose the kind of problem you are reporting.")
        ]
    description = description.strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = [
            _("The description can be at most %(limit)d characters long (it has %(length)d).")
            % {"limit": DESCRIPTION_MAX_LENGTH, "length": len(description)}
        ]
    cleaned_attributes: dict[str, Any] = {}
    if service is not None:
        try:
            cleaned_attributes = attribute_values_clean(
                attributes=service.active_attributes,  # type: ignore[attr-defined]
                values=attributes,
            )
        except AttributeValidationError as error:
            for code, messages in error.field_errors.items():
                errors[f"attribute[{code}]"] = messages
    checked_location = _check_location(location, errors)
    place = _resolve_location(checked_location, errors)
    _check_contact(service, contact, errors)
    if errors or service is None or place is None:
        raise IntakeValidationError(
            _("The request was not filed. Please correct the highlighted answers."),
            field_errors=errors,
        )
    languages = dict(settings.LANGUAGES)
    chosen_language = next(
        (
            code
            for code in (language, contact.language if contact else "", settings.LANGUAGE_CODE)
            if code in languages
        ),
        "en",
    )
    return _Checked(
        service=service,
        description=description,
        attributes=cleaned_attributes,
        location=checked_location,
        language=chosen_language,
        place=place,
    )


_LOCATION_FIELDS = ("location", "lat", "long", "address_string", "address_id")


def _resolve_location(location: Location, errors: dict[str, list[str]]) -> ResolvedLocation | None:
    """Geocode, reverse-geocode and place the location (see `civicdesk.geo.locating`).

    Problems are added to `errors`: `location` when the place is outside the jurisdiction,
    `address_string` when the geocoder cannot answer, `address_id` for an unknown address id.
    """
    if any(field in errors for field in _LOCATION_FIELDS):
        return None
    place, problems = location_resolve(
        latitude=location.latitude,
        longitude=location.longitude,
        address=location.address,
        address_id=location.address_id,
        zip_code=location.zip_code,
    )
    errors.update(problems)
    return None if problems else place


def _public_id_next(now: datetime) -> str:
    """The next request number of the year, `YY-NNNNNNNN`; safe under concurrent intake."""
    year = timezone.localtime(now).year
    return f"{year % 100:02d}-{public_ids_reserve(year):08d}"


def public_ids_reserve(year: int, count: int = 1) -> int:
    """Take the year's next `count` request numbers; return the last of them.

    One `UPDATE … RETURNING` statement: it locks the year's row until the transaction ends, so
    two requests never read the same value (on SQLite, the IMMEDIATE transaction already
    serialises writers). Outside a transaction the statement is its own, and the lock lasts
    only as long as the statement. The year's row is created by the first request of the year.
    """
    value = _public_id_increment(year, count)
    if value is None:
        try:
            with transaction.atomic():
                PublicIdSequence.objects.create(year=year, last_value=count)
            value = count
        except IntegrityError:
            value = _public_id_increment(year, count)
    if value is None:  # pragma: no cover - the row was just created
        raise RuntimeError(f"No public id sequence for {year}.")
    return value


def _public_id_increment(year: int, count: int) -> int | None:
    """Add `count` to the year's counter and return it (None: the year has no row yet)."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    table = quote(PublicIdSequence._meta.db_table)
    value, key = quote("last_value"), quote("year")
    sql = f"UPDATE {table} SET {value} = {value} + %s WHERE {key} = %s RETURNING {value}"  # noqa: S608
    with bound_cursor(connection, prepare=True) as cursor:
        cursor.execute(sql, [count, year])
        row = cursor.fetchone()
    return int(row[0]) if row is not None else None


def _queue_confirmation(service_request: ServiceRequest, requester: Contact | None) -> None:
    if requester is None:
        return
    from civicdesk.notifications.tasks import service_request_confirmation_send

    service_request_id = service_request.pk
    transaction.on_commit(
        lambda: service_request_confirmation_send.enqueue(service_request_id=service_request_id)
    )


def service_request_submit(
    *,
    service_code: str,
    description: str = "",
    attributes: Mapping[str, Any] | None = None,
    location: Location,
    channel: Channel,
    contact: ContactDetails | None = None,
    language: str = "",
    actor: User | None = None,
    now: datetime,
    interaction_started_at: datetime | None = None,
    notify: bool = True,
    media: Sequence[MediaItem] = (),
    on_stored: Callable[[ServiceRequest], None] | None = None,
) -> IntakeResult:
    """File a service request from any channel; raise `IntakeValidationError` and store nothing
    when the submission is not acceptable.

    `actor` is the staff member filing on the resident's behalf (an agent on a call), if any.
    `notify=False` is for historical imports, whose residents heard from the city long ago.
    `media`: photos and photo links already checked by `media.media_prepare` and
    `media.media_links_prepare`, stored with the request in that order (uploads first).
    `on_stored`: the channel's own bookkeeping (an API key's counts), called with the stored
    request inside the write transaction, so that it commits with it.
    """
    checked = _check(
        service_code=service_code,
        description=description,
        attributes=attributes or {},
        location=location,
        contact=contact,
        language=language,
    )
    # The number comes from a statement of its own when this call is not already inside a
    # transaction, so concurrent submissions do not queue behind the year's sequence row for the
    # whole write; a write that then fails leaves a gap in the numbering, never a duplicate.
    public_id = None if transaction.get_connection().in_atomic_block else _public_id_next(now)
    return _submit_checked(
        checked=checked,
        public_id=public_id,
        channel=channel,
        contact=contact,
        actor=actor,
        now=now,
        interaction_started_at=interaction_started_at,
        notify=notify,
        media=media,
        on_stored=on_stored,
    )


@transaction.atomic
def _submit_checked(
    *,
    checked: _Checked,
    public_id: str | None,
    channel: Channel,
    contact: ContactDetails | None,
    actor: User | None,
    now: datetime,
    interaction_started_at: datetime | None,
    notify: bool,
    media: Sequence[MediaItem],
    on_stored: Callable[[ServiceRequest], None] | None,
) -> IntakeResult:
    service = checked.service
    requester = contact_resolve(details=contact, now=now) if contact is not None else None
    route = routing_resolve(
        service=service,
        areas=checked.place.areas,
        district=checked.place.district,
        attributes=checked.attributes,
        channel=channel,
    )
    clock = sla_times(policy=service.sla_policy, start=now)
    service_request = ServiceRequest(
        public_id=public_id or _public_id_next(now),
        service=service,
        description=checked.description,
        attributes=checked.attributes,
        status=Status.NEW,
        priority=route.priority,
        channel=channel,
        language=checked.language,
        address=checked.place.address,
        address_id=checked.place.address_id,
        zip_code=checked.place.zip_code,
        latitude=checked.place.latitude,
        longitude=checked.place.longitude,
        district=checked.place.district,
        areas=checked.place.areas,
        h3_cell=checked.place.h3_cell,
        requester=requester,
        department=route.department,
        queue=route.queue,
        sla_due_at=clock.due_at,
        sla_at_risk_at=clock.at_risk_at,
        expected_at=clock.due_at,
        created_at=now,
    )
    # The service, department, queue and requester were just read: checking that they exist
    # again, and re-running the table's constraints in Python, would only repeat the database.
    service_request.full_clean(
        exclude=["service", "department", "queue", "requester"],
        validate_unique=False,
        validate_constraints=False,
    )
    model_insert(service_request)  # as save() does, without compiling the INSERT each time
    duplicates = _duplicate_candidates(service_request, checked.place, now)
    created_event = ServiceRequestEvent(
        service_request=service_request,
        event_type=EventType.CREATED,
        occurred_at=now,
        actor=actor,
        channel=channel,
        is_public=True,
        to_status=Status.NEW,
        data={
            "service_code": service.code,
            "department": route.department.code,
            "routing": route.as_data(),
            "located_by": checked.place.source,
            **(
                {"nearby_open_requests": [d.service_request.public_id for d in duplicates]}
                if duplicates
                else {}
            ),
        },
    )
    model_insert(created_event)
    if media:
        media_attach(service_request=service_request, media=media, now=now)
    # Webhooks for department systems (the confirmation is queued below).
    from civicdesk.notifications.dispatch import timeline_event_recorded

    timeline_event_recorded(event=created_event)
    interaction = interaction_record(
        contact=requester,
        channel=channel,
        reason=InteractionReason.REQUEST,
        outcome=InteractionOutcome.REQUEST_CREATED,
        service_request_id=service_request.pk,
        agent_id=actor.pk if actor is not None else None,
        started_at=interaction_started_at or now,
        ended_at=now,
    )
    if route.refer_to is not None:
        service_request_refer(
            service_request=service_request, agency=route.refer_to, actor=None, now=now
        )
    if notify:
        _queue_confirmation(service_request, requester)
    if on_stored is not None:
        on_stored(service_request)
    return IntakeResult(
        service_request=service_request,
        interaction=interaction,
        duplicate_candidates=tuple(duplicates),
    )


def _duplicate_candidates(
    service_request: ServiceRequest, place: ResolvedLocation, now: datetime
) -> list[DuplicateCandidate]:
    if place.latitude is None or place.longitude is None:
        return []
    return service_request_list_duplicate_candidates(
        service=service_request.service,
        latitude=place.latitude,
        longitude=place.longitude,
        now=now,
        exclude_ids=[service_request.pk],
        limit=5,
    )
