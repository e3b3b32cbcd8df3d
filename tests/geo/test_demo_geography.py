"""The demo City of Alderport's geography: a limit, districts that tile it, many addresses."""

from __future__ import annotations

import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import shapely
from shapely.geometry import shape

from civicdesk.crm.enums import Channel
from civicdesk.demo.geography import CITY_LIMIT, address_points, district_polygons
from civicdesk.demo.seed import _demo_location, seed_geography
from civicdesk.geo.geocoding import AddressPointGeocoder
from civicdesk.geo.models import AddressPoint, Boundary
from civicdesk.geo.spatial import boundary_index
from civicdesk.service_requests.services import service_request_submit
from tests.factories import ServiceFactory

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/Chicago"))


def test_districts__tile_the_city_without_overlap() -> None:
    city = shapely.Polygon(CITY_LIMIT)
    districts = [shape(geometry) for _code, _name, geometry in district_polygons()]

    assert len(districts) >= 5
    assert shapely.union_all(districts).symmetric_difference(city).area < city.area * 1e-6
    assert sum(d.area for d in districts) == pytest.approx(city.area, rel=1e-6)


def test_address_points__are_many_unique_and_inside_the_city() -> None:
    points = address_points()
    city = shapely.Polygon(CITY_LIMIT)

    assert len(points) >= 2000
    assert len({(p.house_number, p.street) for p in points}) == len(points)
    assert all(city.contains(shapely.Point(p.longitude, p.latitude)) for p in points[::50])


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_geography__loads_once_and_geocodes_out_of_the_box() -> None:
    first = seed_geography(now=NOW)
    again = seed_geography(now=NOW)

    assert first == again
    assert Boundary.objects.filter(kind="jurisdiction").count() == 1
    assert Boundary.objects.filter(kind="district").count() == first["districts"] >= 5
    assert AddressPoint.objects.count() == first["address_points"] >= 2000
    sample = AddressPoint.objects.order_by("?").first()
    assert sample is not None
    best = AddressPointGeocoder().geocode(f"{sample.house_number} {sample.street}")[0]
    assert best.address_id == sample.address_id
    placement = boundary_index().place(longitude=sample.longitude, latitude=sample.latitude)
    assert placement.is_inside_jurisdiction is True
    assert placement.district


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.APP, Channel.WEB])
def test_demo_requests__from_every_channel_get_a_point_and_a_district(channel: Channel) -> None:
    seed_geography(now=NOW)
    ServiceFactory(code="POTHOLE")
    rng = random.Random(7)  # noqa: S311

    for _ in range(10):
        request = service_request_submit(
            service_code="POTHOLE",
            location=_demo_location(rng, channel),
            channel=channel,
            now=NOW,
        ).service_request
        assert request.latitude is not None
        assert request.address
        assert request.district
