"""A page of GET requests is read with plain SQL (`selectors._page_sql`): it must select what its
ORM twin, `service_request_page_query`, selects, for every filter, on the database the suite runs
on (SQLite, then PostgreSQL), with the same values, media and events."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicdesk.open311.selectors import (
    PublicEvent,
    PublicMedia,
    PublicRequest,
    RequestFilters,
    service_request_get_public,
    service_request_list_public,
    service_request_page_query,
)
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import (
    ServiceRequest,
    ServiceRequestEvent,
    ServiceRequestMedia,
)
from tests.factories import DepartmentFactory, ServiceFactory

NOW = datetime(2026, 11, 20, 18, 30, 15, 123456, tzinfo=UTC)
DESCRIPTIONS = [
    "Deep hole",
    "",
    "HOLE by the 100% corner",
    "under_score",
    "back\\slash",
    "Café ☕",
    "CAFÉ",
    "ctrl\x01char",
]
ADDRESSES = ["", "100 Main St", "5_Fifth Ave", "Ünïcödé Plaza", "hole lane"]
CLOSED = {Status.CLOSED, Status.CLOSED_DUPLICATE, Status.CANCELLED, Status.RESOLVED}


def _columns(*, extensions: bool) -> list[str]:
    columns = [
        "public_id",
        "status",
        "description",
        "created_at",
        "updated_at",
        "closed_at",
        "expected_at",
        "address",
        "address_id",
        "zip_code",
        "latitude",
        "longitude",
        "channel",
        "district",
        "service__code",
        "service__name",
        "department__name",
    ]
    return [*columns, "duplicate_of__public_id"] if extensions else columns


@pytest.fixture
def varied(db: None) -> list[ServiceRequest]:
    """Sixty requests over 100 days in every status, two departments (one with a non-ASCII name),
    text with LIKE's wildcards, some without a location, duplicates, public and private photos
    and events; several filed at the same moment, some on the edges of the cases' windows."""
    streets = DepartmentFactory(code="streets", name="Streets and Sanitation")
    water = DepartmentFactory(code="water_1", name="Água e Esgoto")
    services = [
        ServiceFactory(code="POT", name="Pothole", department=streets),
        ServiceFactory(code="LEAK", name="Leak", department=water),
        ServiceFactory(code="GRAF", name="Graffiti", department=streets),
    ]
    statuses = list(Status)
    made = []
    for index in range(60):
        service = services[index % len(services)]
        status = statuses[index % len(statuses)]
        created_at = NOW - timedelta(days=index * 5 % 100, minutes=index, microseconds=index * 7)
        if index in {20, 21, 22}:
            created_at = NOW - timedelta(days=3)
        if index in {30, 31}:  # on the edges of "start and end"
            created_at = NOW - timedelta(days=30 * (index - 30))
        made.append(
            ServiceRequest(
                public_id=f"26-{index:08d}",
                service=service,
                department=service.department,
                status=status,
                channel=["web", "app", "phone"][index % 3],
                description=DESCRIPTIONS[index % len(DESCRIPTIONS)],
                address=ADDRESSES[index % len(ADDRESSES)],
                address_id=["", "AP-1"][index % 2],
                zip_code=["", "60601", "60602"][index % 3],
                latitude=None if index % 9 == 0 else 41.88 + (index % 7) * 0.002,
                longitude=None if index % 9 == 0 else -87.63 - (index % 5) * 0.003,
                district=["", "Ward 1"][index % 2],
                created_at=created_at,
                closed_at=created_at + timedelta(hours=index) if status in CLOSED else None,
                expected_at=None if index % 4 == 0 else created_at + timedelta(days=3),
            )
        )
    ServiceRequest.objects.bulk_create(made)
    made = list(ServiceRequest.objects.order_by("pk"))
    for index, service_request in enumerate(made):
        original = made[index - 1] if service_request.status == Status.CLOSED_DUPLICATE else None
        updated_at = service_request.created_at + timedelta(hours=index * 3, microseconds=1)
        if index in {40, 41}:  # on the edges of "updated between"
            updated_at = NOW - timedelta(days=50 - 30 * (index - 40))
        ServiceRequest.objects.filter(pk=service_request.pk).update(
            updated_at=updated_at, duplicate_of=original
        )
        for number in range(index % 3):
            ServiceRequestMedia.objects.create(
                service_request=service_request,
                file="" if number else f"requests/2026/11/photo_{index}.jpg",
                external_url=f"https://example.org/{index}.jpg" if number else "",
                is_public=(index + number) % 4 != 0,
            )
        for number in range(index % 4):
            ServiceRequestEvent.objects.create(
                service_request=service_request,
                event_type=[EventType.CREATED, EventType.STATUS_CHANGED, EventType.NOTE_ADDED][
                    number
                ],
                occurred_at=service_request.created_at + timedelta(minutes=number),
                is_public=(index + number) % 3 != 0,
                to_status=Status.CLOSED if number == 1 else "",
                note=f"Note {number}",
            )
    return list(ServiceRequest.objects.order_by("pk"))


CASES: dict[str, RequestFilters] = {
    "default window": RequestFilters(),
    "a second page": RequestFilters(page=2, page_size=7),
    "past the end": RequestFilters(page=50, page_size=7),
    "open": RequestFilters(statuses=["open"]),
    "closed": RequestFilters(statuses=["closed"]),
    "open and closed": RequestFilters(statuses=["open", "closed"]),
    "one service": RequestFilters(service_codes=["POT"]),
    "services, one unknown": RequestFilters(service_codes=["LEAK", "NOPE"], statuses=["open"]),
    "only unknown services": RequestFilters(service_codes=["NOPE"]),
    "start and end": RequestFilters(start_at=NOW - timedelta(days=30), end_at=NOW),
    "start only": RequestFilters(start_at=NOW - timedelta(days=95)),
    "updated after alone": RequestFilters(updated_after=NOW - timedelta(days=10)),
    "updated before alone": RequestFilters(updated_before=NOW - timedelta(days=60)),
    "updated between": RequestFilters(
        updated_after=NOW - timedelta(days=50), updated_before=NOW - timedelta(days=20)
    ),
    "agency by code": RequestFilters(agency="STREETS"),
    "agency by name": RequestFilters(agency="streets and sanitation"),
    "agency, underscore is no wildcard": RequestFilters(agency="water_1"),
    "agency, wildcards are literal": RequestFilters(agency="stre%"),
    "agency, non-ASCII name": RequestFilters(agency="água e esgoto"),
    "search": RequestFilters(search="hole"),
    "search, percent": RequestFilters(search="100%"),
    "search, underscore": RequestFilters(search="_"),
    "search, backslash": RequestFilters(search="back\\slash"),
    "search, non-ASCII case": RequestFilters(search="café"),
    "radius": RequestFilters(latitude=41.885, longitude=-87.635, radius_metres=600),
    "radius, open, search": RequestFilters(
        latitude=41.886, longitude=-87.64, radius_metres=1500, statuses=["open"], search="HOLE"
    ),
    "ids override the rest": RequestFilters(
        service_request_ids=["26-00000003", "26-00000059", "26-00000021", "nope"],
        statuses=["closed"],
        start_at=datetime(2000, 1, 1, tzinfo=UTC),
    ),
    "everything": RequestFilters(
        service_codes=["POT", "GRAF"],
        statuses=["open"],
        start_at=NOW - timedelta(days=80),
        end_at=NOW,
        updated_after=NOW - timedelta(days=70),
        agency="streets",
        search="e",
        latitude=41.885,
        longitude=-87.635,
        radius_metres=2000,
        page_size=3,
        page=2,
    ),
}


def _orm_page(filters: RequestFilters) -> list[PublicRequest]:
    """The page as the ORM reads it, media and events included."""
    rows = service_request_page_query(filters=filters, now=NOW).values_list(
        *_columns(extensions=filters.extensions)
    )
    page = []
    for row in rows:
        media = [
            PublicMedia(item.file.name, item.external_url)
            for item in ServiceRequestMedia.objects.filter(
                service_request__public_id=row[0], is_public=True
            ).order_by("created_at", "pk")
        ]
        events = [
            PublicEvent(event.event_type, event.occurred_at, event.note, event.to_status)
            for event in ServiceRequestEvent.objects.filter(
                service_request__public_id=row[0], is_public=True
            ).order_by("occurred_at", "pk")
        ]
        page.append(
            PublicRequest(
                *row[:17],
                parent_public_id=row[17] if filters.extensions else None,
                media=media,
                events=events if filters.extensions else [],
            )
        )
    return page


def _moments(page: list[PublicRequest]) -> list[Any]:
    return [
        moment
        for request in page
        for moment in (
            request.created_at,
            request.updated_at,
            request.closed_at,
            request.expected_at,
            *(event.occurred_at for event in request.events),
        )
        if moment is not None
    ]


@pytest.mark.parametrize("extensions", [False, True], ids=["core", "extensions"])
@pytest.mark.parametrize("name", CASES)
def test_page__plain_sql_selects_what_the_orm_query_selects(
    varied: list[ServiceRequest], name: str, extensions: bool
) -> None:
    filters = replace(CASES[name], extensions=extensions)
    expected = _orm_page(filters)
    page = service_request_list_public(filters=filters, now=NOW)
    assert page == expected
    assert all(moment.tzinfo is not None for moment in _moments(page))


def test_page__the_cases_select_some_requests_but_not_all(varied: list[ServiceRequest]) -> None:
    """Else the comparison above would prove little."""
    empty = {"past the end", "only unknown services", "agency, wildcards are literal"}
    # SQLite's LIKE folds the case of ASCII letters only; PostgreSQL's UPPER() folds Á too.
    empty_on_sqlite = {"agency, non-ASCII name"}
    for name, filters in CASES.items():
        count = len(service_request_list_public(filters=filters, now=NOW))
        if name in empty or (name in empty_on_sqlite and connection.vendor == "sqlite"):
            assert count == 0, name
        else:
            assert 0 < count < len(varied), name
    with_parent = service_request_list_public(filters=RequestFilters(extensions=True), now=NOW)
    assert any(request.parent_public_id for request in with_parent)
    assert any(request.events for request in with_parent)
    assert any(request.media for request in with_parent)


def test_page__only_unknown_services_reads_no_request(varied: list[ServiceRequest]) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = service_request_list_public(filters=CASES["only unknown services"], now=NOW)
    assert page == []
    assert not [
        query for query in queries.captured_queries if ServiceRequest._meta.db_table in query["sql"]
    ]


@pytest.mark.postgres
def test_page__is_planned_with_its_dates_every_time_not_prepared(
    varied: list[ServiceRequest], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prepared page would soon run with a generic plan, chosen without the window's dates:
    at 1M requests PostgreSQL then read a service's open requests with a bitmap scan of the
    whole window and a sort, 14 ms against 0.25 ms planned with the dates."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)  # as in production
    for _ in range(6):  # psycopg would prepare a statement run 5 times
        for filters in CASES.values():
            service_request_list_public(filters=replace(filters, extensions=True), now=NOW)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{ServiceRequest._meta.db_table}%"],
        )
        assert cursor.fetchall() == []


@pytest.mark.parametrize("extensions", [False, True], ids=["core", "extensions"])
def test_detail__reads_the_request_as_the_orm_does(
    varied: list[ServiceRequest], extensions: bool
) -> None:
    for service_request in varied[::7]:
        filters = RequestFilters(
            service_request_ids=[service_request.public_id], extensions=extensions
        )
        assert service_request_get_public(
            public_id=service_request.public_id, extensions=extensions
        ) == next(iter(_orm_page(filters)))
    assert service_request_get_public(public_id="nope", extensions=extensions) is None
