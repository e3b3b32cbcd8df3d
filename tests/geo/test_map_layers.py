"""Public GeoJSON map layers: paging and filters, clusters, boundaries, hotspots — no PII."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from civicdesk.accounts.enums import Role
from civicdesk.catalog.models import Service
from civicdesk.crm.models import Contact
from civicdesk.geo.cells import cell_for, cell_parent, cell_to_text
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from tests.factories import ContactFactory, ServiceFactory, UserFactory, staff_user
from tests.factories.geo import BoundaryFactory, jurisdiction, square

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=CHICAGO)
CITY_BBOX = "-92.90,42.36,-92.80,42.44"


def make_request(
    service: Service,
    *,
    latitude: float = 42.40,
    longitude: float = -92.85,
    status: Status = Status.NEW,
    created_at: datetime = NOW,
    requester: Contact | None = None,
) -> ServiceRequest:
    return ServiceRequest.objects.create(
        public_id=f"26-{ServiceRequest.objects.count() + 1:08d}",
        service=service,
        department=service.department,
        status=status,
        channel="web",
        description="My name is Rosa Private, call 319-555-0199",
        address="12 Private Lane",
        requester=requester,
        latitude=latitude,
        longitude=longitude,
        h3_cell=cell_for(latitude=latitude, longitude=longitude),
        district="3",
        created_at=created_at,
    )


def get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"/map/{path}", params)
    return response.status_code, (json.loads(response.content) if response.content else None)


@pytest.fixture
def pothole() -> Service:
    return ServiceFactory(code="POTHOLE", name="Pothole")


def test_requests__shows_points_in_the_box_without_personal_data(
    client: Client, pothole: Service
) -> None:
    inside = make_request(pothole, requester=ContactFactory())
    make_request(pothole, longitude=-92.70)  # east of the box

    status, body = get(client, "requests.geojson", bbox=CITY_BBOX)

    assert status == 200
    assert [feature["id"] for feature in body["features"]] == [inside.public_id]
    feature = body["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-92.85, 42.4]}
    assert feature["properties"] == {
        "service_request_id": inside.public_id,
        "service_code": "POTHOLE",
        "service_name": "Pothole",
        "status": "open",
        "requested_date": "2026-11-20",
        "district": "3",
    }
    text = json.dumps(body)
    assert "Rosa" not in text
    assert "Private" not in text
    assert "319-555" not in text


def test_requests__pages_through_a_big_box(client: Client, pothole: Service) -> None:
    made = [make_request(pothole, created_at=NOW - timedelta(minutes=n)) for n in range(5)]

    status, first = get(client, "requests.geojson", bbox=CITY_BBOX, page_size=2)
    _status, second = get(client, "requests.geojson", bbox=CITY_BBOX, page_size=2, page=2)
    _status, last = get(client, "requests.geojson", bbox=CITY_BBOX, page_size=2, page=3)

    assert status == 200
    seen = [f["id"] for page in (first, second, last) for f in page["features"]]
    assert seen == [request.public_id for request in made]  # newest first, none twice
    assert "page=2" in first["next"]
    assert "page_size=2" in first["next"]
    assert last["next"] is None


def test_requests__filters_by_service_status_and_dates(client: Client, pothole: Service) -> None:
    graffiti = ServiceFactory(code="GRAFFITI")
    wanted = make_request(pothole, created_at=NOW - timedelta(days=3))
    make_request(pothole, status=Status.CLOSED, created_at=NOW - timedelta(days=3))
    make_request(graffiti, created_at=NOW - timedelta(days=3))
    make_request(pothole, created_at=NOW - timedelta(days=20))

    _status, body = get(
        client,
        "requests.geojson",
        bbox=CITY_BBOX,
        service="POTHOLE",
        status="open",
        start_date=(NOW - timedelta(days=5)).date().isoformat(),
        end_date=NOW.date().isoformat(),
    )
    _status, closed = get(client, "requests.geojson", bbox=CITY_BBOX, status="closed")

    assert [f["id"] for f in body["features"]] == [wanted.public_id]
    assert [f["properties"]["status"] for f in closed["features"]] == ["closed"]


def test_requests__clusters_count_the_points(client: Client, pothole: Service) -> None:
    for _ in range(3):
        make_request(pothole, latitude=42.40, longitude=-92.85)
    make_request(pothole, latitude=42.43, longitude=-92.81)

    _status, body = get(client, "requests.geojson", bbox=CITY_BBOX, mode="clusters")

    assert sorted(f["properties"]["count"] for f in body["features"]) == [1, 3]
    assert sum(f["properties"]["count"] for f in body["features"]) == 4


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"bbox": "1,2,3"},
        {"bbox": "-92.8,42.36,-92.9,42.44"},
        {"bbox": CITY_BBOX, "status": "pending"},
        {"bbox": CITY_BBOX, "start_date": "20/11/2026"},
        {"bbox": CITY_BBOX, "page_size": "100000"},
        {"bbox": CITY_BBOX, "mode": "heatmap"},
    ],
)
def test_requests__a_bad_question_is_a_400_with_a_reason(
    client: Client, params: dict[str, str]
) -> None:
    response = client.get("/map/requests.geojson", params)

    assert response.status_code == 400
    assert json.loads(response.content)["error"]


def test_boundaries__lists_active_polygons_of_a_kind(client: Client) -> None:
    jurisdiction(-92.90, 42.36, -92.80, 42.44)
    BoundaryFactory(code="1", name="West", geometry=square(-92.90, 42.36, -92.85, 42.44))
    BoundaryFactory(code="2", name="Gone", is_active=False)

    _status, districts = get(client, "boundaries.geojson", kind="district")
    _status, everything = get(client, "boundaries.geojson")
    _status, none_there = get(client, "boundaries.geojson", bbox="0,0,1,1")

    assert [f["properties"]["name"] for f in districts["features"]] == ["West"]
    assert districts["features"][0]["geometry"]["type"] == "Polygon"
    assert len(everything["features"]) == 2
    assert none_there["features"] == []


def test_hotspots__count_cells_over_the_period_and_hide_lonely_ones(
    client: Client, pothole: Service, settings: Any
) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "GEO_HOTSPOT_MIN_COUNT": 2}
    for days_ago in (1, 2, 3):
        make_request(pothole, created_at=NOW - timedelta(days=days_ago))
    make_request(pothole, created_at=NOW - timedelta(days=60))  # before the period
    make_request(pothole, latitude=42.43, longitude=-92.81)  # alone in its cell

    _status, body = get(
        client,
        "hotspots.geojson",
        start_date=(NOW - timedelta(days=30)).date().isoformat(),
        end_date=NOW.date().isoformat(),
        resolution=8,
    )

    expected = cell_to_text(cell_parent(cell_for(latitude=42.40, longitude=-92.85), 8))
    assert [(f["id"], f["properties"]["count"]) for f in body["features"]] == [(expected, 3)]
    assert body["features"][0]["geometry"]["type"] == "Polygon"
    assert body["min_count"] == 2


def test_layers__refuse_writes(client: Client) -> None:
    assert client.post("/map/requests.geojson", {"bbox": CITY_BBOX}).status_code == 405


@pytest.mark.parametrize("who", ["anonymous", "resident", "staff", "administrator"])
def test_layers__show_everyone_the_same_public_answer(
    client: Client, pothole: Service, who: str
) -> None:
    make_request(pothole, requester=ContactFactory())
    jurisdiction(-92.90, 42.36, -92.80, 42.44)
    _status, anonymous_body = get(Client(), "requests.geojson", bbox=CITY_BBOX)
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True))
    elif who == "administrator":
        client.force_login(staff_user(Role.ADMINISTRATOR))
    before = ServiceRequest.objects.count()

    for layer in ("requests.geojson", "boundaries.geojson", "hotspots.geojson"):
        status, body = get(client, layer, bbox=CITY_BBOX)
        assert status == 200
        if layer == "requests.geojson":
            assert body == anonymous_body
    assert ServiceRequest.objects.count() == before
