"""Intake and geography: geocoding, reverse geocoding, the jurisdiction, districts, duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from civicdesk.crm.enums import Channel
from civicdesk.geo.cells import cell_for
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services import (
    IntakeValidationError,
    Location,
    service_request_submit,
)
from tests.factories import ServiceFactory
from tests.factories.geo import AddressPointFactory, BoundaryFactory, jurisdiction, square

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def city() -> None:
    """A city limit with two districts split at -92.85, and a few addresses."""
    ServiceFactory(code="GRAFFITI")
    jurisdiction(-92.90, 42.36, -92.80, 42.44)
    BoundaryFactory(code="1", name="West", geometry=square(-92.90, 42.36, -92.85, 42.44))
    BoundaryFactory(code="2", name="East", geometry=square(-92.85, 42.36, -92.80, 42.44))
    AddressPointFactory(
        address_id="ALD-104",
        house_number="104",
        street="Alder Street",
        latitude=42.40,
        longitude=-92.86,
    )
    AddressPointFactory(
        address_id="HAR-9",
        house_number="9",
        street="Harbor Avenue",
        zip_code="52841",
        latitude=42.41,
        longitude=-92.82,
    )
    # An address the city's own file lists, but outside its limit (a county island).
    AddressPointFactory(
        address_id="OUT-1",
        house_number="1",
        street="County Road",
        latitude=42.50,
        longitude=-92.70,
    )


def submit(location: Location, **overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "service_code": "GRAFFITI",
        "description": "Tags on the wall",
        "location": location,
        "channel": Channel.WEB,
        "now": NOW,
    }
    arguments.update(overrides)
    return service_request_submit(**arguments)


@pytest.mark.usefixtures("city")
def test_submit__a_typed_address_is_geocoded_and_placed_in_its_district() -> None:
    request = submit(Location(address="104 alder st")).service_request

    assert (request.latitude, request.longitude) == (42.40, -92.86)
    assert request.address == "104 Alder Street, 52840"
    assert request.address_id == "ALD-104"
    assert request.district == "1"
    assert request.areas == {"city-limit": "city", "districts": "1"}
    assert request.h3_cell == cell_for(latitude=42.40, longitude=-92.86)
    assert request.events.get().data["located_by"] == "geocoded"


@pytest.mark.usefixtures("city")
def test_submit__a_point_without_an_address_gets_the_nearest_address() -> None:
    request = submit(Location(latitude=42.41002, longitude=-92.82001)).service_request

    assert request.address == "9 Harbor Avenue, 52841"
    assert request.zip_code == "52841"
    assert request.district == "2"


@pytest.mark.usefixtures("city")
def test_submit__an_address_id_places_the_request_at_that_address() -> None:
    request = submit(Location(address_id="HAR-9")).service_request

    assert (request.latitude, request.longitude, request.district) == (42.41, -92.82, "2")


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize(
    "location",
    [
        Location(latitude=42.45, longitude=-92.85),
        Location(address="1 County Road"),
        Location(address_id="OUT-1"),
    ],
    ids=["point", "address", "address-id"],
)
def test_submit__outside_the_city_is_refused_under_location_and_nothing_is_stored(
    location: Location,
) -> None:
    with pytest.raises(IntakeValidationError) as refused:
        submit(location)

    assert list(refused.value.field_errors) == ["location"]
    assert "outside City of Alderport" in refused.value.field_errors["location"][0]
    assert ServiceRequest.objects.count() == 0
    assert ServiceRequestEvent.objects.count() == 0


@pytest.mark.usefixtures("city")
def test_submit__on_the_city_limit_is_accepted() -> None:
    request = submit(Location(latitude=42.40, longitude=-92.80)).service_request

    assert request.areas["city-limit"] == "city"


@pytest.mark.usefixtures("city")
def test_submit__reports_the_location_with_every_other_problem_at_once() -> None:
    with pytest.raises(IntakeValidationError) as refused:
        submit(Location(latitude=42.45, longitude=-92.85), service_code="NOPE")

    assert set(refused.value.field_errors) == {"service_code", "location"}


@pytest.mark.usefixtures("city")
def test_submit__an_address_that_cannot_be_found_is_kept_as_typed_without_a_point() -> None:
    request = submit(Location(address="behind the old library")).service_request

    assert request.address == "behind the old library"
    assert (request.latitude, request.longitude, request.h3_cell) == (None, None, None)
    assert request.district == ""
    assert request.events.get().data["located_by"] == "not_found"


@pytest.mark.usefixtures("city")
def test_submit__an_unknown_address_id_alone_is_refused() -> None:
    with pytest.raises(IntakeValidationError) as refused:
        submit(Location(address_id="NO-SUCH-ID"))

    assert list(refused.value.field_errors) == ["address_id"]


def test_submit__without_a_jurisdiction_any_valid_point_is_accepted() -> None:
    ServiceFactory(code="GRAFFITI")

    request = submit(Location(latitude=-33.86, longitude=151.21)).service_request

    assert (request.latitude, request.longitude) == (-33.86, 151.21)
    assert request.district == ""
    assert request.areas == {}


@pytest.mark.usefixtures("city")
def test_submit__lists_open_requests_of_the_same_service_nearby() -> None:
    first = submit(Location(latitude=42.40, longitude=-92.86), now=NOW - timedelta(days=3))
    submit(
        Location(latitude=42.40, longitude=-92.86),
        service_code=ServiceFactory(code="POTHOLE").code,
        now=NOW - timedelta(days=1),
    )
    far = submit(Location(latitude=42.41, longitude=-92.82), now=NOW - timedelta(days=1))

    result = submit(Location(latitude=42.40015, longitude=-92.86))  # about 17 m north

    candidates = result.duplicate_candidates
    assert [c.service_request.public_id for c in candidates] == [first.service_request.public_id]
    assert candidates[0].distance_metres == pytest.approx(16.7, abs=0.5)
    assert far.service_request.public_id not in result.service_request.events.get().data.get(
        "nearby_open_requests", []
    )
    assert result.service_request.events.get().data["nearby_open_requests"] == [
        first.service_request.public_id
    ]
