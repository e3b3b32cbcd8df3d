"""Bringing a city's past requests in from another system: the one road in, a batch at a time.

History goes through the same steps as a request filed today — the location is resolved and
checked against the jurisdiction by `geo.locating.location_resolve`, the route comes from
`routing.resolve.routing_resolve`, the SLA clock from the service's policy (unless the export
says when it was due), the request is numbered from the same per-year sequence, and its
timeline is written with it — but in bulk: one transaction per batch, so a batch is imported
whole or not at all, and no resident is notified (they heard long ago).

What differs from `service_request_submit`, on purpose:
- the requester is unknown (exports carry no personal data), so services that refuse
  anonymous reports still take their history;
- the service may be one the city no longer offers (imported services start inactive);
- the timeline holds the request's past: created when it was opened, and its last status
  when it was closed, with the export's closure note kept for staff;
- SLA escalations already past at import time are marked done, so the sweep does not raise
  years-old alarms;
- no contact-center interaction is written: the old system's contacts (who called, for how
  long, whether the first call settled it) are not in its exports, and an invented interaction
  per request would put zero-second calls into the contact center's handle time, first-contact
  resolution and volumes. Where a request came from stays on the request (`channel`).

Speed (docs/import.md): a batch asks each question once — which source ids are already in (one
query), where each location is (the same inputs give the same answer), which route each
(service, place, channel) takes, each SLA policy's calendar — and writes its rows as plain
tuples through `core.bulk.TableWriter` (COPY on PostgreSQL, one executemany on SQLite), with
request ids reserved up front so the timeline can point at them. No model
instance is built per row: the values are checked here the way the models would check them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence, Set
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import encode_basestring_ascii
from typing import Literal

from django.db import connection, transaction
from django.utils import timezone

from civicdesk.catalog.models import Service, SlaPolicy
from civicdesk.core.bulk import TableWriter
from civicdesk.crm.enums import Channel
from civicdesk.geo.geocoding import Geocoder, get_geocoder
from civicdesk.geo.locating import ResolvedLocation, location_resolve
from civicdesk.geo.spatial import BoundaryIndex, Placement, boundary_index
from civicdesk.routing.resolve import Route, RoutingTable, routing_resolve, routing_table
from civicdesk.routing.sla import SlaClock
from civicdesk.service_requests.changes import service_requests_changed
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import (
    ServiceRequest,
    ServiceRequestEvent,
)
from civicdesk.service_requests.services.intake import (
    DESCRIPTION_MAX_LENGTH,
    Location,
    public_ids_reserve,
)
from civicdesk.service_requests.workflow import CLOSED_STATUSES

CLOSED = CLOSED_STATUSES

# The columns each table's rows give, in this order; every other column takes its default.
REQUEST_COLUMNS = (
    "id",
    "public_id",
    "service_id",
    "description",
    "status",
    "priority",
    "channel",
    "address",
    "address_id",
    "zip_code",
    "latitude",
    "longitude",
    "district",
    "areas",
    "h3_cell",
    "department_id",
    "queue_id",
    "sla_due_at",
    "sla_at_risk_at",
    "expected_at",
    "closed_at",
    "created_at",
    "updated_at",
    "sla_at_risk_escalated_at",
    "sla_breach_escalated_at",
    "source",
    "source_id",
)
EVENT_COLUMNS = (
    "service_request_id",
    "event_type",
    "occurred_at",
    "channel",
    "is_public",
    "from_status",
    "to_status",
    "data",
)

WriteMethod = Literal["copy", "executemany"]


@dataclass(slots=True)
class HistoricalRequest:
    """One past request, its service already chosen, as an import hands it over. (Made once per
    imported row: not frozen, which would cost three times as much to build.)"""

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

    # position → id of the request written
    imported: dict[int, int] = field(default_factory=dict)
    already_imported: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def _reserve_public_ids(years: Sequence[int]) -> list[str]:
    """Request numbers for requests opened in `years` (one entry per request), in that order:
    one statement per year (`public_ids_reserve`), the same counter intake numbers from."""
    wanted: dict[int, int] = defaultdict(int)
    for year in years:
        wanted[year] += 1
    next_value = {
        year: public_ids_reserve(year, count) - count + 1 for year, count in wanted.items()
    }
    numbers = []
    for year in years:
        numbers.append(f"{year % 100:02d}-{next_value[year]:08d}")
        next_value[year] += 1
    return numbers


def _problem_text(problems: dict[str, list[str]]) -> str:
    return " ".join(message for messages in problems.values() for message in messages)


RouteKey = tuple[int, str, tuple[tuple[str, str], ...], str]
PlaceKey = tuple[float | None, float | None, str, str, str]


def _known_source_ids(requests: Sequence[HistoricalRequest]) -> set[tuple[str, str]]:
    by_source: dict[str, set[str]] = defaultdict(set)
    for request in requests:
        by_source[request.source].add(request.source_id)
    known: set[tuple[str, str]] = set()
    for source, ids in by_source.items():
        if connection.vendor == "postgresql":
            # One array parameter rather than a thousand placeholders to bind, and one probe of
            # the unique index per id (the LIMIT keeps the probes). `source_id = ANY(…)` let the
            # planner read every row of the source instead whenever the table had no statistics
            # yet (a new table, or a young one during its first import): without them it takes
            # a thousand ids to match the whole table, and each batch then cost more than the last.
            table = connection.ops.quote_name(ServiceRequest._meta.db_table)
            with connection.cursor() as cursor:
                # The condition of the unique index, so the database can use that index.
                probe = (
                    f"SELECT source_id FROM {table} WHERE source = %s "  # noqa: S608 - quoted
                    "AND source_id = wanted.source_id AND NOT (source_id = '') LIMIT 1"
                )
                cursor.execute(
                    "SELECT found.source_id FROM unnest(%s::text[]) AS wanted(source_id) "  # noqa: S608
                    f"CROSS JOIN LATERAL ({probe}) AS found",
                    [list(ids), source],
                )
                known.update((source, source_id) for (source_id,) in cursor.fetchall())
            continue
        known.update(
            (source, source_id)
            for source_id in ServiceRequest.objects.filter(source=source, source_id__in=ids)
            .exclude(source_id="")
            .values_list("source_id", flat=True)
        )
    return known


@dataclass(frozen=True)
class _Routed:
    """What every request of one route key shares in its rows."""

    route: Route
    service_id: int
    department_id: int
    queue_id: int | None
    priority: int
    sla_policy: SlaPolicy | None


class _BatchAnswers:
    """The answers a batch asks for thousands of times, each worked out once per batch.

    Every memo is exact: the same inputs give the same answer within one transaction."""

    def __init__(self) -> None:
        self.geocoder: Geocoder = get_geocoder()
        self._boundaries: BoundaryIndex | None = None
        self._routing: RoutingTable | None = None
        self.places: dict[PlaceKey, tuple[ResolvedLocation, dict[str, list[str]]]] = {}
        self.placements: dict[tuple[float, float], Placement] = {}
        self.routes: dict[RouteKey, _Routed] = {}
        self.clocks: dict[int, SlaClock] = {}
        self.event_data: dict[tuple[RouteKey, str, str], str] = {}

    @property
    def boundaries(self) -> BoundaryIndex:
        """The districts and areas, read once for the whole batch (when it places a point)."""
        if self._boundaries is None:
            self._boundaries = boundary_index()
        return self._boundaries

    @property
    def routing(self) -> RoutingTable:
        """The routing rules and defaults, read once for the whole batch."""
        if self._routing is None:
            self._routing = routing_table()
        return self._routing

    def place_given_points(self, locations: Sequence[Location]) -> None:
        """Find the boundaries of every given point at once (`BoundaryIndex.place_many`), for
        `place` to use: a tenth of the cost of asking point by point."""
        if not locations or not len(self.boundaries):
            return  # without boundaries `place` answers at once: nothing to find beforehand
        points = list(
            {
                (location.longitude, location.latitude): None
                for location in locations
                if location.latitude is not None and location.longitude is not None
            }
        )
        if points:
            self.placements.update(zip(points, self.boundaries.place_many(points), strict=True))

    def place(self, location: Location) -> tuple[ResolvedLocation, dict[str, list[str]]]:
        key = (
            location.latitude,
            location.longitude,
            location.address,
            location.address_id,
            location.zip_code,
        )
        answer = self.places.get(key)
        if answer is None:
            answer = self.places[key] = location_resolve(
                latitude=location.latitude,
                longitude=location.longitude,
                address=location.address,
                address_id=location.address_id,
                zip_code=location.zip_code,
                geocoder=self.geocoder,
                boundaries=self.boundaries,
                placements=self.placements,
            )
        return answer

    def route(self, key: RouteKey, request: HistoricalRequest, place: ResolvedLocation) -> _Routed:
        routed = self.routes.get(key)
        if routed is None:
            route = routing_resolve(
                service=request.service,
                areas=place.areas,
                district=place.district,
                attributes={},
                channel=request.channel,
                table=self.routing,
            )
            routed = self.routes[key] = _Routed(
                route=route,
                service_id=request.service.pk,
                department_id=route.department.pk,
                queue_id=route.queue.pk if route.queue is not None else None,
                priority=int(route.priority),
                sla_policy=request.service.sla_policy,
            )
        return routed

    def clock(self, policy: SlaPolicy) -> SlaClock:
        clock = self.clocks.get(policy.pk)
        if clock is None:
            clock = self.clocks[policy.pk] = SlaClock.for_policy(policy)
        return clock

    def created_data(
        self, key: RouteKey, request: HistoricalRequest, place: ResolvedLocation, route: Route
    ) -> str:
        """The `created` event's details as JSON text, the same as `json.dumps` of:
        {service_code, department, routing, located_by, imported_from, source_id}."""
        data_key = (key, place.source, request.source)
        head = self.event_data.get(data_key)
        if head is None:
            common = {
                "service_code": request.service.code,
                "department": route.department.code,
                "routing": route.as_data(),
                "located_by": place.source,
                "imported_from": request.source,
            }
            head = self.event_data[data_key] = json.dumps(common)[:-1] + ', "source_id": '
        return f"{head}{_json_string(request.source_id)}}}"


class _BatchRows:
    """The rows of a batch's requests and timeline events, as the writers take them: the values
    `ServiceRequest` and `ServiceRequestEvent` would store."""

    def __init__(self, *, answers: _BatchAnswers, now: datetime, write_method: WriteMethod | None):
        self.answers = answers
        self.now = now
        self.requests = TableWriter(ServiceRequest, REQUEST_COLUMNS, method=write_method)
        self.events = TableWriter(ServiceRequestEvent, EVENT_COLUMNS, method=write_method)
        self.adapt = self.requests.adapt_datetime
        self.now_value = self.adapt(now)
        self.request_rows: list[tuple[object, ...]] = []
        self.event_rows: list[tuple[object, ...]] = []

    def _sla(
        self, request: HistoricalRequest, routed: _Routed
    ) -> tuple[datetime | None, datetime | None]:
        """Due and at-risk times: the export's due time, else the service's SLA clock."""
        if request.due_at is not None or routed.sla_policy is None:
            return request.due_at, None
        clock = self.answers.clock(routed.sla_policy)
        return clock.due_at(request.opened_at), clock.at_risk_at(request.opened_at)

    def add(
        self,
        request: HistoricalRequest,
        place: ResolvedLocation,
        route_key: RouteKey,
        routed: _Routed,
        *,
        pk: int,
        public_id: str,
    ) -> None:
        adapt, opened_at = self.adapt, request.opened_at
        due_at, at_risk_at = self._sla(request, routed)
        status = request.status
        if routed.route.is_referral and status not in CLOSED:
            status = Status.REFERRED
        is_closed = status in CLOSED
        closed_at = (request.closed_at or opened_at) if is_closed else None
        at_risk_escalated = breach_escalated = None
        if not is_closed:
            # Thresholds passed before the import were the old system's to raise, not ours.
            if at_risk_at is not None and at_risk_at <= self.now:
                at_risk_escalated = self.now_value
            if due_at is not None and due_at <= self.now:
                breach_escalated = self.now_value
        opened = adapt(opened_at)
        closed = adapt(closed_at) if closed_at is not None else None
        due = adapt(due_at) if due_at is not None else None
        channel = request.channel.value
        self.request_rows.append(
            (
                pk,
                public_id,
                routed.service_id,
                request.description.strip()[:DESCRIPTION_MAX_LENGTH],
                status.value,
                routed.priority,
                channel,
                place.address,
                place.address_id,
                place.zip_code,
                place.latitude,
                place.longitude,
                place.district,
                json.dumps(place.areas) if place.areas else "{}",
                place.h3_cell,
                routed.department_id,
                routed.queue_id,
                due,
                adapt(at_risk_at) if at_risk_at is not None else None,
                due,
                closed,
                opened,
                # The row's last change is its past, not the moment of the import.
                closed if closed is not None else opened,
                at_risk_escalated,
                breach_escalated,
                request.source,
                request.source_id,
            )
        )
        created_data = self.answers.created_data(route_key, request, place, routed.route)
        self.event_rows.append((pk, _CREATED, opened, channel, True, "", _NEW, created_data))
        if status != Status.NEW:
            note = request.closure_note
            self.event_rows.append(
                (
                    pk,
                    _STATUS_CHANGED,
                    closed if closed is not None else opened,
                    "",
                    True,
                    _NEW,
                    status.value,
                    f'{{"source_note": {_json_string(note)}}}' if note else "{}",
                )
            )

    def write(self) -> None:
        self.requests.write(self.request_rows)
        self.events.write(self.event_rows)


_NEW = Status.NEW.value
_CREATED = EventType.CREATED.value
_STATUS_CHANGED = EventType.STATUS_CHANGED.value
# A text as a JSON string, exactly as `json.dumps` writes it.
_json_string = encode_basestring_ascii


@dataclass
class PreparedHistoryBatch:
    """A batch worked out, numbered and turned into rows, ready for `history_batch_write`."""

    result: HistoryBatchResult
    rows: _BatchRows | None  # None when none of its requests is to be written
    # (source, source id) of the requests it writes
    keys: set[tuple[str, str]] = field(default_factory=set)


def history_batch_prepare(
    *,
    requests: Sequence[HistoricalRequest],
    now: datetime,
    write_method: WriteMethod | None = None,
    pending_keys: Set[tuple[str, str]] = frozenset(),
) -> PreparedHistoryBatch:
    """Everything of a batch's import but the write: which requests are already in, where each
    is and where it goes, its number and id, its rows.

    `pending_keys` are the (source, source id) of batches prepared but not yet written: their
    requests count as already imported here. The numbers and ids are taken before the write,
    outside its transaction, so that another writer is not held up until this batch is written;
    if the write then fails, they are not used again (gaps, as after a failed intake).
    """
    result = HistoryBatchResult()
    known = _known_source_ids(requests)
    new: list[tuple[int, HistoricalRequest]] = []
    for index, request in enumerate(requests):
        key = (request.source, request.source_id)
        if key in known or key in pending_keys:
            result.already_imported.append(index)
            continue
        known.add(key)
        new.append((index, request))
    answers = _BatchAnswers()
    answers.place_given_points([request.location for _index, request in new])
    accepted: list[tuple[int, HistoricalRequest, ResolvedLocation, RouteKey, _Routed]] = []
    for index, request in new:
        place, problems = answers.place(request.location)
        if problems:
            result.refused[index] = _problem_text(problems)
            continue
        route_key: RouteKey = (
            request.service.pk,
            place.district,
            tuple(sorted(place.areas.items())) if place.areas else (),
            request.channel,
        )
        accepted.append(
            (index, request, place, route_key, answers.route(route_key, request, place))
        )
    if not accepted:
        return PreparedHistoryBatch(result, None)
    rows = _BatchRows(answers=answers, now=now, write_method=write_method)
    zone = timezone.get_current_timezone()
    # On PostgreSQL each reservation is one statement, atomic on its own and holding its lock
    # no longer than that; SQLite's key counter takes two, and its write lock, in a transaction.
    with nullcontext() if connection.vendor == "postgresql" else transaction.atomic():
        numbers = _reserve_public_ids(
            [item[1].opened_at.astimezone(zone).year for item in accepted]
        )
        ids = rows.requests.reserve_pks(len(accepted))
    keys: set[tuple[str, str]] = set()
    for (index, request, place, route_key, routed), number, pk in zip(
        accepted, numbers, ids, strict=True
    ):
        rows.add(request, place, route_key, routed, pk=pk, public_id=number)
        result.imported[index] = pk
        keys.add((request.source, request.source_id))
    return PreparedHistoryBatch(result, rows, keys)


@transaction.atomic
def history_batch_write(batch: PreparedHistoryBatch) -> HistoryBatchResult:
    """Write a prepared batch in one transaction: all of it, or nothing if the database refuses
    any of it (the `DatabaseError` goes to the caller). May run on another thread than the one
    that prepared it (on its own connection)."""
    return _written(batch)


def _written(batch: PreparedHistoryBatch) -> HistoryBatchResult:
    if batch.rows is not None:
        batch.rows.write()
        service_requests_changed()
    return batch.result


@transaction.atomic
def service_requests_import_history(
    *,
    requests: Sequence[HistoricalRequest],
    now: datetime,
    write_method: WriteMethod | None = None,
) -> HistoryBatchResult:
    """Import a batch of past requests; skip those already imported; refuse those that
    cannot be placed (outside the jurisdiction), saying why. Writes nothing for a batch that
    fails as a whole (the transaction rolls back).

    `write_method` picks how rows reach the database: COPY (PostgreSQL's default) or
    executemany (SQLite's); both write the same rows."""
    return _written(history_batch_prepare(requests=requests, now=now, write_method=write_method))
