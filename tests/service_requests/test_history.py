"""History in batches (`service_requests_import_history`): the rows its bulk writers store are
the rows the models describe, on either database and by either write method."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection

from civicdesk.crm.enums import Channel
from civicdesk.crm.models import Interaction
from civicdesk.routing.sla import sla_times
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services.history import (
    HistoricalRequest,
    service_requests_import_history,
)
from civicdesk.service_requests.services.intake import Location
from tests.factories import ServiceFactory
from tests.factories.geo import BoundaryFactory, jurisdiction, square

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
OPENED = datetime(2015, 3, 2, 13, 15, 7, 250000, tzinfo=UTC)


def _batch(source: str, service: Any) -> list[HistoricalRequest]:
    """Closed, open-and-overdue, duplicate, placed and unplaced, with and without a note."""
    return [
        HistoricalRequest(
            source=source,
            source_id=f"{source}-{number}",
            service=service,
            opened_at=OPENED + timedelta(hours=number),
            status=status,
            location=Location(
                latitude=42.35 + number / 1000 if number % 2 else None,
                longitude=-71.06 if number % 2 else None,
                address=f'{number} Main St "Rear" — Ünit 2',
                zip_code="02118",
            ),
            channel=channel,
            description=f"  Pothole number {number}, deep  ",
            closed_at=OPENED + timedelta(days=number) if status != Status.NEW else None,
            due_at=OPENED + timedelta(days=1) if number == 3 else None,
            closure_note='Case resolved: "patched" ✓' if number == 1 else "",
        )
        for number, status, channel in (
            (1, Status.CLOSED, Channel.APP),
            (2, Status.NEW, Channel.PHONE),
            (3, Status.IN_PROGRESS, Channel.WEB),
            (4, Status.CLOSED_DUPLICATE, Channel.STAFF),
        )
    ]


def _stored(source: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each imported request with its timeline, without ids and numbers."""
    stored = []
    for request in ServiceRequest.objects.filter(source=source).order_by("source_id"):
        request.full_clean()  # the bulk writers store nothing the model would refuse
        row = {
            field.attname: getattr(request, field.attname)
            for field in ServiceRequest._meta.concrete_fields
            if field.attname not in {"id", "public_id", "source", "source_id"}
        }
        events = [
            {
                "type": event.event_type,
                "at": event.occurred_at,
                "channel": event.channel,
                "public": event.is_public,
                "from": event.from_status,
                "to": event.to_status,
                "data": {k: v for k, v in event.data.items() if k not in {"source_id"}}
                | {"imported_from": None},
            }
            for event in request.events.order_by("occurred_at", "pk")
        ]
        stored.append((row, events))
    return stored


def test_import__writes_what_the_model_describes() -> None:
    service = ServiceFactory(code="POTHOLE")
    result = service_requests_import_history(requests=_batch("city", service), now=NOW)
    assert sorted(result.imported) == [0, 1, 2, 3]

    closed = ServiceRequest.objects.get(source_id="city-1")
    closed.full_clean()
    assert (closed.status, closed.channel, closed.created_at) == (
        Status.CLOSED,
        Channel.APP,
        OPENED + timedelta(hours=1),
    )
    assert closed.closed_at == closed.updated_at == OPENED + timedelta(days=1)
    assert closed.description == "Pothole number 1, deep"
    assert closed.address == '1 Main St "Rear" — Ünit 2'
    assert (closed.latitude, closed.h3_cell is not None) == (pytest.approx(42.351), True)
    assert closed.department == service.department
    assert closed.public_id.startswith("15-")
    clock = sla_times(policy=service.sla_policy, start=closed.created_at)
    assert (closed.sla_due_at, closed.sla_at_risk_at) == (clock.due_at, clock.at_risk_at)
    assert closed.expected_at == closed.sla_due_at
    created, changed = closed.events.order_by("occurred_at", "pk")
    assert (created.event_type, created.to_status, created.channel) == (
        EventType.CREATED,
        Status.NEW,
        Channel.APP,
    )
    assert created.data["source_id"] == "city-1"
    assert created.data["service_code"] == "POTHOLE"
    assert (changed.event_type, changed.from_status, changed.to_status) == (
        EventType.STATUS_CHANGED,
        Status.NEW,
        Status.CLOSED,
    )
    assert changed.occurred_at == closed.closed_at
    assert changed.data == {"source_note": 'Case resolved: "patched" ✓'}

    # Still open, long overdue: escalations count as done, so no years-old alarm goes off.
    overdue = ServiceRequest.objects.get(source_id="city-3")
    assert overdue.sla_due_at == OPENED + timedelta(days=1)  # the export's due time
    assert overdue.sla_at_risk_at is None
    assert overdue.sla_breach_escalated_at == NOW
    assert overdue.updated_at == overdue.created_at
    assert list(overdue.events.values_list("to_status", flat=True)) == [
        Status.NEW,
        Status.IN_PROGRESS,
    ]
    fresh = ServiceRequest.objects.get(source_id="city-2")
    assert (fresh.latitude, fresh.closed_at, fresh.events.count()) == (None, None, 1)

    # The old system's contacts are not in its export: no interaction is made up for them.
    assert not Interaction.objects.exists()
    assert len(_stored("city")) == 4


def test_import__places_each_point_in_its_district_and_refuses_those_outside() -> None:
    jurisdiction(-71.10, 42.30, -71.00, 42.40)
    BoundaryFactory(code="west", geometry=square(-71.10, 42.30, -71.05, 42.40))
    BoundaryFactory(code="east", geometry=square(-71.05, 42.30, -71.00, 42.40))
    BoundaryFactory(
        kind="service_area",
        layer="plow-routes",
        code="north",
        geometry=square(-71.10, 42.35, -71.00, 42.40),
    )
    service = ServiceFactory(code="POTHOLE")
    points = {
        "west-south": (42.31, -71.08),
        "east-north": (42.38, -71.02),
        "east-north-again": (42.38, -71.02),
        "on-the-line": (42.32, -71.05),
        "outside": (42.45, -71.02),
    }
    requests = [
        HistoricalRequest(
            source="city",
            source_id=name,
            service=service,
            opened_at=OPENED,
            status=Status.CLOSED,
            location=Location(latitude=latitude, longitude=longitude),
            channel=Channel.PHONE,
        )
        for name, (latitude, longitude) in points.items()
    ]

    result = service_requests_import_history(requests=requests, now=NOW)

    assert sorted(result.imported) == [0, 1, 2, 3]
    assert "outside" in result.refused[4]
    stored = {
        request.source_id: (request.district, request.areas)
        for request in ServiceRequest.objects.filter(source="city")
    }
    assert stored == {
        "west-south": ("west", {"city-limit": "city", "districts": "west"}),
        "east-north": (
            "east",
            {"city-limit": "city", "districts": "east", "plow-routes": "north"},
        ),
        "east-north-again": (
            "east",
            {"city-limit": "city", "districts": "east", "plow-routes": "north"},
        ),
        # on the line between two districts, a request belongs to one: the first by code
        "on-the-line": ("east", {"city-limit": "city", "districts": "east"}),
    }


def test_import__ids_continue_the_tables_sequences() -> None:
    """Request ids are reserved ahead of the rows: a request filed afterwards, and a second
    batch, get ids of their own."""
    service = ServiceFactory()
    first = service_requests_import_history(requests=_batch("one", service), now=NOW)
    second = service_requests_import_history(requests=_batch("two", service), now=NOW)
    ids = [*first.imported.values(), *second.imported.values()]
    assert len(set(ids)) == 8
    assert min(second.imported.values()) > max(first.imported.values())
    filed = ServiceRequest.objects.create(
        public_id="26-00000001",
        service=service,
        department=service.department,
        channel=Channel.WEB,
    )
    assert filed.pk > max(ids)
    assert ServiceRequest.objects.filter(pk__in=ids).count() == 8
    assert ServiceRequestEvent.objects.filter(service_request_id__in=ids).count() == 14


def test_import__a_second_run_skips_the_batch_in_one_query(
    django_assert_max_num_queries: Any,
) -> None:
    service = ServiceFactory()
    batch = _batch("city", service)
    service_requests_import_history(requests=batch, now=NOW)
    with django_assert_max_num_queries(3):  # savepoint, the source ids, release
        again = service_requests_import_history(requests=batch, now=NOW)
    assert (again.imported, again.already_imported) == ({}, [0, 1, 2, 3])
    assert ServiceRequest.objects.count() == 4


@pytest.mark.postgres
def test_copy_and_executemany__write_the_same_rows() -> None:
    assert connection.vendor == "postgresql"
    service = ServiceFactory()
    service_requests_import_history(requests=_batch("copy", service), now=NOW)
    service_requests_import_history(
        requests=_batch("rows", service), now=NOW, write_method="executemany"
    )
    copied, inserted = _stored("copy"), _stored("rows")
    assert len(copied) == 4
    assert copied == inserted
