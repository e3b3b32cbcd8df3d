"""The offline geocoder on the city's address points: forward, typos, interpolation, reverse."""

from __future__ import annotations

import pytest

from civicdesk.geo.addressing import parse_address, street_key
from civicdesk.geo.cells import distance_m
from civicdesk.geo.geocoding import AddressPointGeocoder
from tests.factories.geo import AddressPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> None:
    """Alder Street runs east from -92.86 (numbers 100-120, 20 m apart per 2 numbers)."""
    for step, number in enumerate(range(100, 122, 2)):
        AddressPointFactory(
            address_id=f"ALD-{number}",
            house_number=str(number),
            street="Alder Street",
            latitude=42.40,
            longitude=-92.86 + step * 0.00025,
        )
    AddressPointFactory(
        address_id="ALD-105",
        house_number="105",
        street="Alder Street",
        latitude=42.4002,
        longitude=-92.8594,
    )
    AddressPointFactory(
        address_id="HAR-12-2",
        house_number="12",
        unit="2",
        street="North Harbor Avenue",
        zip_code="52841",
        latitude=42.41,
        longitude=-92.84,
    )
    AddressPointFactory(
        address_id="HAR-12-1",
        house_number="12",
        unit="1",
        street="North Harbor Avenue",
        zip_code="52841",
        latitude=42.4101,
        longitude=-92.8401,
    )
    AddressPointFactory(
        address_id="ALB-104",
        house_number="104",
        street="Albion Court",
        latitude=42.38,
        longitude=-92.88,
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("North Alder Street", "N ALDER ST"),
        ("n. alder st", "N ALDER ST"),
        ("ALDER STREET NORTH", "ALDER ST N"),
        ("Martin Luther King Jr. Boulevard", "MARTIN LUTHER KING JR BLVD"),
        ("First   Avenue", "1ST AVE"),
    ],
)
def test_street_key__folds_case_punctuation_types_and_directions(typed: str, expected: str) -> None:
    assert street_key(typed) == expected


def test_parse_address__reads_unit_zip_state_and_a_trailing_neighbourhood() -> None:
    parsed = parse_address("12 Main St Apt 4  Dorchester  MA  02122")

    assert (parsed.house_number, parsed.unit, parsed.zip_code) == ("12", "4", "02122")
    assert "MAIN ST" in parsed.street_candidates


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize(
    "typed", ["104 Alder Street", "104 alder st.", "104 ALDER ST, Alderport, IA 52840"]
)
def test_geocode__finds_the_address_however_it_is_written(typed: str) -> None:
    best = AddressPointGeocoder().geocode(typed)[0]

    assert best.address_id == "ALD-104"
    assert best.match == "exact"
    assert best.score == pytest.approx(100, abs=1)


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize("typed", ["104 Alderr Street", "104 Aldr St", "104 Alter Street"])
def test_geocode__forgives_a_one_letter_typo_in_the_street(typed: str) -> None:
    best = AddressPointGeocoder().geocode(typed)[0]

    assert best.address_id == "ALD-104"
    assert 80 <= best.score < 100


@pytest.mark.usefixtures("city")
def test_geocode__prefers_the_closer_spelling_among_similar_streets() -> None:
    results = AddressPointGeocoder().geocode("104 Albion Ct")

    assert results[0].address_id == "ALB-104"


@pytest.mark.usefixtures("city")
def test_geocode__abbreviated_direction_and_type_find_the_unit() -> None:
    best = AddressPointGeocoder().geocode("12 N Harbor Ave #1")[0]

    assert best.address_id == "HAR-12-1"
    assert best.zip_code == "52841"


@pytest.mark.usefixtures("city")
def test_geocode__past_the_last_known_number_takes_the_nearest_with_a_lower_score() -> None:
    best = AddressPointGeocoder().geocode("124 Alder Street")[0]

    assert best.address_id == "ALD-120"
    assert best.match == "nearest_number"
    assert best.score < 75  # below the default GEOCODER_MIN_SCORE: intake will not trust it


@pytest.mark.usefixtures("city")
def test_geocode__places_a_number_between_two_known_ones_on_the_same_side() -> None:
    AddressPointFactory(
        address_id="ALD-125",
        house_number="125",
        street="Alder Street",
        latitude=42.4002,
        longitude=-92.8574,
    )

    best = AddressPointGeocoder().geocode("115 Alder Street")[0]

    assert best.match == "interpolated"
    assert best.latitude == pytest.approx(42.4002)
    assert best.longitude == pytest.approx(-92.8584, abs=1e-6)  # halfway from 105 to 125
    assert 70 <= best.score < 100


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize("typed", ["Alder Street", "104 Nowhere Road", ""])
def test_geocode__finds_nothing_without_a_number_or_a_known_street(typed: str) -> None:
    assert AddressPointGeocoder().geocode(typed) == []


@pytest.mark.usefixtures("city")
def test_geocode__a_wrong_zip_lowers_the_score() -> None:
    right = AddressPointGeocoder().geocode("104 Alder St 52840")[0]
    wrong = AddressPointGeocoder().geocode("104 Alder St 52999")[0]

    assert wrong.address_id == right.address_id
    assert wrong.score < right.score


@pytest.mark.usefixtures("city")
def test_reverse__names_the_nearest_address_point() -> None:
    # 3 m east of 106 Alder Street.
    nearest = AddressPointGeocoder().reverse(latitude=42.40, longitude=-92.85921)

    assert nearest is not None
    assert nearest.address_id == "ALD-106"
    assert nearest.address.startswith("106 Alder Street")
    assert distance_m(42.40, -92.85921, nearest.latitude, nearest.longitude) < 5


@pytest.mark.usefixtures("city")
def test_reverse__names_nothing_far_from_every_address() -> None:
    assert AddressPointGeocoder().reverse(latitude=42.43, longitude=-92.80) is None


def test_geocoders__answer_nothing_before_any_address_is_loaded() -> None:
    geocoder = AddressPointGeocoder()

    assert geocoder.geocode("104 Alder Street") == []
    assert geocoder.reverse(latitude=42.4, longitude=-92.85) is None
