"""Bringing a city's past requests in from another system: the one road in, a batch at a time.

History goes through the same steps as a request filed today — the location is resolved and
checked against the jurisdiction by `geo.locating.location_resolve`, the route comes from
`routing.resolve.routing_resolve`, the SLA clock from the service's policy (unless the export
says when it was due), the request is numbered from the same per-year sequence, and its
timeline and interaction are written with it — but in bulk: one transaction per batch, so a
batch is imported whole or not at all, and no resident is notified (they heard long ago).

What differs from `service_request_submit`, on purpose:
- the requester is unknown (exports carry no personal data), so services that refuse
  anonymous reports still take their history;
- the service may be one the city no longer offers (imported services start inactive);
- the timeline holds the request's past: created when it was opened, and its last status
  when it was closed, with the export's closure note kept for staff;
- SLA escalations already past at import time are marked done, so the sweep does not raise
  years-old alarms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Interaction
from civicdesk.geo.locating import ResolvedLocation, location_resolve
from civicdesk.routing.resolve import Route, routing_resolve
from civicdesk.routing.sla import sla_times
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import (
    PublicIdSequence,
    ServiceRequest,
    ServiceRequestEvent,
)
from civicdesk.service_requests.services.intake import DESCRIPTION_MAX_LENGTH, Location
from civicdesk.service_requests.workflow import CLOSED_STATUSES

CLOSED = CLOSED_STATUSES


@dataclass(frozen=True)
class HistoricalRequest:
    """One past request, its service already chosen, as an import hands it over."""

    source: str
    source_id: str
    service: Service
    opened_at: datetime
    status: Status
    location: Location
    channel: Channel
    description: str = ""
    closed_at: datetime | None = None
    due_at: datetime | None = None
    closure_note: str = ""


@dataclass
class HistoryBatchResult:
    """What happened to each request of a batch, by its position in the batch."""

    imported: dict[int, ServiceRequest] = field(default_factory=dict)
    already_imported: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def _reserve_public_ids(years: Sequence[int]) -> list[str]:
    """Request numbers for requests opened in `years` (one entry per request), in that order."""
    wanted: dict[int, int] = defaultdict(int)
    for year in years:
        wanted[year] += 1
    next_value: dict[int, int] = {}
    for year, count in wanted.items():
        PublicIdSequence.objects.get_or_create(year=year)
        sequence = PublicIdSequence.objects.select_for_update().filter(year=year)
        sequence.update(last_value=models.F("last_value") + count)
        last = sequence.values_list("last_value", flat=True).get()
        next_value[year] = last - count + 1
    numbers = []
    for year in years:
        numbers.append(f"{year % 100:02d}-{next_value[year]:08d}")
        next_value[year] += 1
    return numbers


def _problem_text(problems: dict[str, list[str]]) -> str:
    return " ".join(message for messages in problems.values() for message in messages)


RouteKey = tuple[int, str, tuple[tuple[str, str], ...], str]


def _known_source_ids(requests: Sequence[HistoricalRequest]) -> set[tuple[str, str]]:
    by_source: dict[str, set[str]] = defaultdict(set)
    for request in requests:
        by_source[request.source].add(request.source_id)
    known: set[tuple[str, str]] = set()
    for source, ids in by_source.items():
        known.update(
            (source, source_id)
            for source_id in ServiceRequest.objects.filter(source=source, source_id__in=ids)
            # The condition of the unique index, so the database can use that index.
            .exclude(source_id="")
            .values_list("source_id", flat=True)
        )
    return known


def _route(
    request: HistoricalRequest, place: ResolvedLocation, routes: dict[RouteKey, Route]
) -> Route:
    """The request's route; a batch of history asks the same question thousands of times."""
    key = (request.service.pk, place.district, tuple(sorted(place.areas.items())), request.channel)
    route = routes.get(key)
    if route is None:
        route = routes[key] = routing_resolve(
            service=request.service,
            areas=place.areas,
            district=place.district,
            attributes={},
            channel=request.channel,
        )
    return route


def _draft(
    request: HistoricalRequest, place: ResolvedLocation, route: Route, now: datetime
) -> tuple[ServiceRequest, dict[str, Any]]:
    service = request.service
    clock = sla_times(policy=service.sla_policy, start=request.opened_at)
    due_at = request.due_at or clock.due_at
    at_risk_at = clock.at_risk_at if request.due_at is None else None
    status = request.status
    if route.is_referral and status not in CLOSED:
        status = Status.REFERRED
    service_request = ServiceRequest(
        service=service,
        description=request.description.strip()[:DESCRIPTION_MAX_LENGTH],
        status=status,
        priority=route.priority,
        channel=request.channel,
        address=place.address,
        address_id=place.address_id,
        zip_code=place.zip_code,
        latitude=place.latitude,
        longitude=place.longitude,
        district=place.district,
        areas=place.areas,
        h3_cell=place.h3_cell,
        department=route.department,
        queue=route.queue,
        sla_due_at=due_at,
        sla_at_risk_at=at_risk_at,
        expected_at=due_at,
        closed_at=(request.closed_at or request.opened_at) if status in CLOSED else None,
        created_at=request.opened_at,
        source=request.source,
        source_id=request.source_id,
    )
    if status not in CLOSED:
        # Thresholds passed before the import were the old system's to raise, not ours.
        if at_risk_at is not None and at_risk_at <= now:
            service_request.sla_at_risk_escalated_at = now
        if due_at is not None and due_at <= now:
            service_request.sla_breach_escalated_at = now
    data = {
        "service_code": service.code,
        "department": route.department.code,
        "routing": route.as_data(),
        "located_by": place.source,
        "imported_from": request.source,
        "source_id": request.source_id,
    }
    return service_request, data


@transaction.atomic
def service_requests_import_history(
    *, requests: Sequence[HistoricalRequest], now: datetime
) -> HistoryBatchResult:
    """Import a batch of past requests; skip those already imported; refuse those that
    cannot be placed (outside the jurisdiction), saying why. Writes nothing for a batch that
    fails as a whole (the transaction rolls back)."""
    result = HistoryBatchResult()
    known = _known_source_ids(requests)
    drafts: list[tuple[int, HistoricalRequest, ServiceRequest, dict[str, Any]]] = []
    routes: dict[RouteKey, Route] = {}
    for index, request in enumerate(requests):
        key = (request.source, request.source_id)
        if key in known:
            result.already_imported.append(index)
            continue
        known.add(key)
        place, problems = location_resolve(
            latitude=request.location.latitude,
            longitude=request.location.longitude,
            address=request.location.address,
            address_id=request.location.address_id,
            zip_code=request.location.zip_code,
        )
        if problems:
            result.refused[index] = _problem_text(problems)
            continue
        service_request, data = _draft(request, place, _route(request, place, routes), now)
        drafts.append((index, request, service_request, data))
    if not drafts:
        return result
    numbers = _reserve_public_ids(
        [timezone.localtime(draft[2].created_at).year for draft in drafts]
    )
    for number, (_index, _request, service_request, _data) in zip(numbers, drafts, strict=True):
        service_request.public_id = number
    created = ServiceRequest.objects.bulk_create([draft[2] for draft in drafts], batch_size=500)
    events: list[ServiceRequestEvent] = []
    interactions: list[Interaction] = []
    for service_request, (index, request, _unsaved, data) in zip(created, drafts, strict=True):
        result.imported[index] = service_request
        events.append(
            ServiceRequestEvent(
                service_request=service_request,
                event_type=EventType.CREATED,
                occurred_at=request.opened_at,
                channel=request.channel,
                is_public=True,
                to_status=Status.NEW,
                data=data,
            )
        )
        if service_request.status != Status.NEW:
            events.append(
                ServiceRequestEvent(
                    service_request=service_request,
                    event_type=EventType.STATUS_CHANGED,
                    occurred_at=service_request.closed_at or request.opened_at,
                    is_public=True,
                    from_status=Status.NEW,
                    to_status=service_request.status,
                    data={"source_note": request.closure_note} if request.closure_note else {},
                )
            )
        interactions.append(
            Interaction(
                channel=request.channel,
                reason=InteractionReason.REQUEST,
                outcome=InteractionOutcome.REQUEST_CREATED,
                service_request=service_request,
                started_at=request.opened_at,
                ended_at=request.opened_at,
                created_at=request.opened_at,
            )
        )
    ServiceRequestEvent.objects.bulk_create(events, batch_size=1000)
    Interaction.objects.bulk_create(interactions, batch_size=1000)
    # The rows' last change is their past, not the moment of the import.
    ServiceRequest.objects.filter(pk__in=[request.pk for request in created]).update(
        updated_at=Coalesce("closed_at", "created_at")
    )
    Interaction.objects.filter(service_request__in=created).update(
        updated_at=models.F("created_at")
    )
    return result
