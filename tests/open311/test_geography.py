"""Geography through intake, as Open311 clients see it: a point outside the city is refused,
address ids resolve to the address point, and the district shows with extensions=true."""

from __future__ import annotations

import pytest
from django.test import Client

from civicdesk.service_requests.models import ServiceRequest
from tests.factories.geo import AddressPointFactory, BoundaryFactory, jurisdiction, square
from tests.open311.conftest import BASE, City, errors_of, get, parse
from tests.open311.test_submit import stored

FORMATS = ["json", "xml"]


@pytest.fixture
def limits(city: City) -> None:
    jurisdiction(-92.90, 42.36, -92.80, 42.44)
    BoundaryFactory(code="7", name="Ward 7", geometry=square(-92.90, 42.36, -92.85, 42.44))


@pytest.mark.parametrize("fmt", FORMATS)
def test_post__a_point_outside_the_city_is_400_and_stores_nothing(
    client: Client, city: City, limits: None, fmt: str
) -> None:
    before = stored()
    response = client.post(
        f"{BASE}/requests.{fmt}",
        {"api_key": city.api_key, "service_code": "GRAF", "lat": "41.8781", "long": "-87.6298"},
    )
    assert response.status_code == 400
    errors = errors_of(response, fmt)
    assert [code for code, _description in errors] == [400]
    assert errors[0][1].startswith("location:")
    assert stored() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_post__inside_the_city_gets_its_district_shown_with_extensions(
    client: Client, city: City, limits: None, fmt: str
) -> None:
    response = client.post(
        f"{BASE}/requests.json",
        {"api_key": city.api_key, "service_code": "GRAF", "lat": "42.40", "long": "-92.87"},
    )
    public_id = parse(response)[0]["service_request_id"]
    body = parse(get(client, f"requests/{public_id}.{fmt}", extensions="true"))
    if fmt == "json":
        assert body[0]["extended_attributes"]["district"] == "7"
    else:
        assert body.findtext("request/extended_attributes/district") == "7"


def test_post__an_address_id_is_placed_at_its_address_point(
    client: Client, city: City, limits: None
) -> None:
    point = AddressPointFactory(latitude=42.401, longitude=-92.861)
    response = client.post(
        f"{BASE}/requests.json",
        {"api_key": city.api_key, "service_code": "GRAF", "address_id": point.address_id},
    )
    assert response.status_code == 200, response.content
    record = parse(get(client, f"requests/{parse(response)[0]['service_request_id']}.json"))[0]
    assert record["address_id"] == point.address_id
    assert (record["lat"], record["long"]) == (pytest.approx(42.401), pytest.approx(-92.861))


@pytest.mark.parametrize("fmt", FORMATS)
def test_post__an_unknown_address_id_is_400_naming_it(
    client: Client, city: City, limits: None, fmt: str
) -> None:
    response = client.post(
        f"{BASE}/requests.{fmt}",
        {"api_key": city.api_key, "service_code": "GRAF", "address_id": "NOPE-1"},
    )
    assert response.status_code == 400
    assert "NOPE-1" in errors_of(response, fmt)[0][1]
    assert ServiceRequest.objects.count() == 0
