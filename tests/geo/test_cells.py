"""The geometry helpers the nearby-duplicate search relies on."""

from __future__ import annotations

import math

import pytest

from civicdesk.geo.cells import bounding_box, distance_m


@pytest.mark.parametrize("latitude", [-60.0, 0.0, 42.4, 64.8])
@pytest.mark.parametrize("radius", [5.0, 50.0, 1_000.0])
def test_bounding_box__holds_every_point_within_the_radius(latitude: float, radius: float) -> None:
    longitude = -92.85
    south, north, west, east = bounding_box(latitude=latitude, longitude=longitude, radius_m=radius)
    for bearing in range(0, 360, 5):
        # A point `radius` metres away on this bearing (small-distance approximation, then
        # checked with the same distance the search uses).
        angle = math.radians(bearing)
        metres_per_degree = distance_m(latitude, longitude, latitude + 1e-3, longitude) / 1e-3
        point_latitude = latitude + radius * math.cos(angle) / metres_per_degree
        point_longitude = longitude + radius * math.sin(angle) / (
            metres_per_degree * math.cos(math.radians(latitude))
        )
        if distance_m(latitude, longitude, point_latitude, point_longitude) <= radius:
            assert south <= point_latitude <= north
            assert west <= point_longitude <= east
    # …and it is not much bigger than the circle.
    assert distance_m(south, longitude, north, longitude) < 2.1 * radius
