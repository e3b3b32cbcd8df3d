"""Nearby duplicate candidates: radius, time window, service, status and ranking."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicdesk.catalog.models import Service
from civicdesk.geo.cells import cell_for, cells_within, distance_m
from civicdesk.geo.selectors import (
    service_request_list_duplicate_candidates,
    service_request_list_nearby_duplicates,
)
from civicdesk.geo.services import nearby_duplicate_rule_delete, nearby_duplicate_rule_set
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from tests.factories import ServiceFactory

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/Chicago"))
HERE = (42.40, -92.85)
METRE_LAT = 1 / 111_195  # degrees of latitude per metre


def north_of_here(metres: float) -> tuple[float, float]:
    return HERE[0] + metres * METRE_LAT, HERE[1]


def make_request(
    service: Service,
    *,
    metres_north: float = 0.0,
    days_ago: float = 1.0,
    status: Status = Status.NEW,
) -> ServiceRequest:
    latitude, longitude = north_of_here(metres_north)
    return ServiceRequest.objects.create(
        public_id=f"26-{ServiceRequest.objects.count() + 1:08d}",
        service=service,
        department=service.department,
        status=status,
        channel="web",
        latitude=latitude,
        longitude=longitude,
        h3_cell=cell_for(latitude=latitude, longitude=longitude),
        created_at=NOW - timedelta(days=days_ago),
    )


def candidates(service: Service, **kwargs: object) -> list[str]:
    found = service_request_list_duplicate_candidates(
        service=service, latitude=HERE[0], longitude=HERE[1], now=NOW, **kwargs
    )
    return [candidate.service_request.public_id for candidate in found]


@pytest.fixture
def pothole() -> Service:
    return ServiceFactory(code="POTHOLE")


@pytest.mark.django_db
def test_candidates__only_within_the_default_50_metres(pothole: Service) -> None:
    near = make_request(pothole, metres_north=45)
    make_request(pothole, metres_north=56)

    assert candidates(pothole) == [near.public_id]


@pytest.mark.django_db
def test_candidates__only_within_the_default_30_days(pothole: Service) -> None:
    recent = make_request(pothole, days_ago=29)
    make_request(pothole, days_ago=31)
    make_request(pothole, days_ago=-1)  # filed after `now`: not yet there at that moment

    assert candidates(pothole) == [recent.public_id]


@pytest.mark.django_db
def test_candidates__only_open_requests_of_the_same_service(pothole: Service) -> None:
    open_one = make_request(pothole, status=Status.IN_PROGRESS)
    make_request(pothole, status=Status.RESOLVED)
    make_request(pothole, status=Status.CLOSED_DUPLICATE)
    make_request(ServiceFactory(code="GRAFFITI"))

    assert candidates(pothole) == [open_one.public_id]


@pytest.mark.django_db
def test_candidates__ranked_by_distance_and_recency_together(pothole: Service) -> None:
    close_old = make_request(pothole, metres_north=5, days_ago=25)
    far_new = make_request(pothole, metres_north=40, days_ago=1)
    close_new = make_request(pothole, metres_north=10, days_ago=2)

    assert candidates(pothole) == [close_new.public_id, far_new.public_id, close_old.public_id]


@pytest.mark.django_db
def test_candidates__follow_the_service_rule(pothole: Service) -> None:
    wide = make_request(pothole, metres_north=180, days_ago=50)
    rule = nearby_duplicate_rule_set(service=pothole, radius_metres=200, window_days=60, now=NOW)

    assert candidates(pothole) == [wide.public_id]
    assert candidates(ServiceFactory(code="OTHER")) == []

    nearby_duplicate_rule_delete(rule=rule, now=NOW)

    assert candidates(pothole) == []  # back to 50 m and 30 days


@pytest.mark.django_db
def test_nearby_duplicates__of_an_existing_request_leave_it_out(pothole: Service) -> None:
    original = make_request(pothole, days_ago=3)
    later = make_request(pothole, metres_north=12, days_ago=1)

    found = service_request_list_nearby_duplicates(service_request=later, now=NOW)

    assert [c.service_request.pk for c in found] == [original.pk]
    assert found[0].distance_metres == pytest.approx(12, abs=0.2)


@pytest.mark.parametrize("radius", [10, 50, 120, 400])
def test_cells_within__cover_every_point_inside_the_radius(radius: float) -> None:
    rng = random.Random(radius)  # noqa: S311
    for _ in range(300):
        origin_lat = rng.uniform(-60, 60)
        origin_lon = rng.uniform(-179, 179)
        cells = set(cells_within(latitude=origin_lat, longitude=origin_lon, radius_m=radius))
        for _ in range(10):
            bearing = rng.uniform(0, 2 * math.pi)
            reach = radius * math.sqrt(rng.random()) * 0.999
            lat = origin_lat + reach * math.cos(bearing) / 111_195
            lon = origin_lon + reach * math.sin(bearing) / (
                111_195 * math.cos(math.radians(origin_lat))
            )
            if distance_m(origin_lat, origin_lon, lat, lon) <= radius:
                assert cell_for(latitude=lat, longitude=lon) in cells


def test_cells_within__stays_small_for_the_default_radius() -> None:
    assert len(cells_within(latitude=42.4, longitude=-92.85, radius_m=50)) <= 10


def test_candidate_fields__are_in_the_models_column_order() -> None:
    """`Model.from_db` takes a partial row in column order: a new field must keep that order."""
    from civicdesk.geo.selectors import _CANDIDATE_FIELDS

    columns = [field.attname for field in ServiceRequest._meta.concrete_fields]
    assert list(_CANDIDATE_FIELDS) == sorted(_CANDIDATE_FIELDS, key=columns.index)


@pytest.mark.django_db
def test_candidates__are_what_the_orm_finds_and_distance_keeps(pothole: Service) -> None:
    """The plain SQL read against its ORM twin, over requests scattered around the point."""
    rng = random.Random(311)  # noqa: S311 - scattered test data
    other = ServiceFactory(code="STREETLIGHT")
    statuses = [Status.NEW, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED_DUPLICATE]
    for _ in range(120):
        latitude = HERE[0] + rng.uniform(-70, 70) * METRE_LAT
        longitude = HERE[1] + rng.uniform(-70, 70) * METRE_LAT / math.cos(math.radians(HERE[0]))
        ServiceRequest.objects.create(
            public_id=f"26-{ServiceRequest.objects.count() + 1:08d}",
            service=rng.choice([pothole, pothole, other]),
            department=pothole.department,
            status=rng.choice(statuses),
            channel="web",
            latitude=latitude,
            longitude=longitude,
            h3_cell=cell_for(latitude=latitude, longitude=longitude),
            created_at=NOW - timedelta(days=rng.uniform(-2, 35)),
        )
    twin = [
        request
        for request in ServiceRequest.objects.filter(
            service=pothole,
            status__in=[Status.NEW, Status.IN_PROGRESS],
            created_at__gte=NOW - timedelta(days=30),
            created_at__lte=NOW,
        )
        if distance_m(HERE[0], HERE[1], request.latitude, request.longitude) <= 50
    ]

    found = service_request_list_duplicate_candidates(
        service=pothole, latitude=HERE[0], longitude=HERE[1], now=NOW, limit=1000
    )

    assert twin, "the scattered requests put some within reach"
    assert sorted(c.service_request.pk for c in found) == sorted(r.pk for r in twin)
    stored = {request.pk: request for request in twin}
    for candidate in found:
        request = stored[candidate.service_request.pk]
        assert candidate.service_request.created_at == request.created_at
        assert candidate.age == NOW - request.created_at
        assert (candidate.service_request.public_id, candidate.service_request.status) == (
            request.public_id,
            request.status,
        )


@pytest.mark.django_db
def test_candidates__in_a_hotspot_are_the_best_ranked_of_all(pothole: Service) -> None:
    """Dozens of open reports within reach: the database hands over only a few of them, and
    they are still the best by the exact ranking of every one."""
    rng = random.Random(2026)  # noqa: S311 - scattered test data
    for _ in range(60):
        make_request(pothole, metres_north=rng.uniform(-48, 48), days_ago=rng.uniform(0, 29))
    exact = sorted(
        (
            distance_m(HERE[0], HERE[1], request.latitude, request.longitude) / 50
            + (NOW - request.created_at) / timedelta(days=30),
            -request.pk,
            request.public_id,
        )
        for request in ServiceRequest.objects.all()
    )

    assert candidates(pothole, limit=5) == [public_id for _s, _pk, public_id in exact[:5]]
    assert candidates(pothole, limit=60) == [public_id for _s, _pk, public_id in exact]


@pytest.mark.django_db
def test_candidates__are_found_behind_recent_reports_just_outside_the_circle(
    pothole: Service,
) -> None:
    """The search box's corners lie outside the circle: recent reports there rank ahead of an
    older one inside it by the database's score, and must not hide it."""
    metre_lon = METRE_LAT / math.cos(math.radians(HERE[0]))
    for _ in range(6):  # 45 m north and 45 m east: about 64 m away, inside the box
        latitude, longitude = HERE[0] + 45 * METRE_LAT, HERE[1] + 45 * metre_lon
        ServiceRequest.objects.create(
            public_id=f"26-{ServiceRequest.objects.count() + 1:08d}",
            service=pothole,
            department=pothole.department,
            status=Status.NEW,
            channel="web",
            latitude=latitude,
            longitude=longitude,
            h3_cell=cell_for(latitude=latitude, longitude=longitude),
            created_at=NOW - timedelta(hours=1),
        )
    inside = make_request(pothole, metres_north=40, days_ago=29)

    assert candidates(pothole, limit=1) == [inside.public_id]
