"""Boundaries: which ones hold a point, the jurisdiction's edge, and index freshness."""

from __future__ import annotations

import pytest

from civicdesk.geo.enums import BoundaryKind, GeoDataName
from civicdesk.geo.models import GeoDataVersion
from civicdesk.geo.services import (
    BoundaryFeature,
    GeoImportError,
    boundaries_import,
    boundary_set_active,
)
from civicdesk.geo.spatial import boundary_index
from tests.factories.geo import BoundaryFactory, jurisdiction, square

pytestmark = pytest.mark.django_db


def test_place__without_any_jurisdiction_accepts_every_point() -> None:
    placement = boundary_index().place(longitude=2.35, latitude=48.85)

    assert placement.is_inside_jurisdiction is None
    assert placement.district == ""


def test_place__inside_and_outside_the_city_limit() -> None:
    jurisdiction(-92.90, 42.36, -92.80, 42.44)
    index = boundary_index()

    assert index.place(longitude=-92.85, latitude=42.40).is_inside_jurisdiction is True
    assert index.place(longitude=-92.79, latitude=42.40).is_inside_jurisdiction is False
    assert index.place(longitude=-92.85, latitude=42.45).is_inside_jurisdiction is False


def test_place__a_point_on_the_city_limit_counts_as_inside() -> None:
    jurisdiction(-92.90, 42.36, -92.80, 42.44)
    index = boundary_index()

    on_edge = index.place(longitude=-92.80, latitude=42.40)
    on_corner = index.place(longitude=-92.90, latitude=42.36)

    assert on_edge.is_inside_jurisdiction is True
    assert on_corner.is_inside_jurisdiction is True


@pytest.fixture
def two_districts() -> None:
    """A city of two districts side by side, "1" west and "2" east, and a north service area."""
    jurisdiction(-92.90, 42.36, -92.80, 42.44)
    BoundaryFactory(code="1", geometry=square(-92.90, 42.36, -92.85, 42.44))
    BoundaryFactory(code="2", geometry=square(-92.85, 42.36, -92.80, 42.44))
    BoundaryFactory(
        kind=BoundaryKind.SERVICE_AREA,
        layer="sanitation-routes",
        code="north",
        geometry=square(-92.90, 42.40, -92.80, 42.44),
    )


@pytest.mark.usefixtures("two_districts")
def test_place__names_the_district_and_every_layer_holding_the_point() -> None:
    east_north = boundary_index().place(longitude=-92.82, latitude=42.42)
    west_south = boundary_index().place(longitude=-92.88, latitude=42.37)

    assert east_north.district == "2"
    assert east_north.areas == {
        "city-limit": "city",
        "districts": "2",
        "sanitation-routes": "north",
    }
    assert west_south.district == "1"
    assert west_south.areas == {"city-limit": "city", "districts": "1"}


@pytest.mark.usefixtures("two_districts")
def test_place_many__answers_each_point_as_place_does() -> None:
    index = boundary_index()
    # inside each district, north and south; on the line between them; on the city limit;
    # outside; and the same point twice
    points = [
        (-92.82, 42.42),
        (-92.88, 42.37),
        (-92.85, 42.41),
        (-92.80, 42.38),
        (-92.70, 42.40),
        (-92.82, 42.42),
    ]

    placements = index.place_many(points)

    assert placements == [index.place(longitude=x, latitude=y) for x, y in points]
    assert [p.district for p in placements] == ["2", "1", "1", "2", "", "2"]
    assert placements[4].is_inside_jurisdiction is False
    assert placements[0].areas["sanitation-routes"] == "north"
    assert index.place_many([]) == []


def test_index__follows_a_switched_off_boundary() -> None:
    district = BoundaryFactory(code="7", geometry=square(-92.90, 42.36, -92.80, 42.44))
    assert boundary_index().place(longitude=-92.85, latitude=42.40).district == "7"

    boundary_set_active(boundary=district, is_active=False, now=district.created_at)

    assert boundary_index().place(longitude=-92.85, latitude=42.40).district == ""


def test_index__rebuilds_when_another_process_changed_the_boundaries() -> None:
    BoundaryFactory(code="7", geometry=square(-92.90, 42.36, -92.80, 42.44))
    first = boundary_index()
    assert boundary_index() is first  # nothing changed: the same index is reused

    # Another process renamed the district and moved the stamp; this process only sees the row.
    from civicdesk.geo.models import Boundary

    Boundary.objects.filter(code="7").update(code="8")
    GeoDataVersion.objects.filter(name=GeoDataName.BOUNDARIES).update(token="from-elsewhere")

    assert boundary_index() is not first
    assert boundary_index().place(longitude=-92.85, latitude=42.40).district == "8"


def test_import__creates_updates_and_replaces_a_layer() -> None:
    now = BoundaryFactory.build().created_at
    features = [
        BoundaryFeature(code="1", name="North", geometry=square(-92.9, 42.40, -92.8, 42.44)),
        BoundaryFeature(code="2", name="South", geometry=square(-92.9, 42.36, -92.8, 42.40)),
    ]
    first = boundaries_import(
        features=features, kind=BoundaryKind.DISTRICT, layer="Council Districts", now=now
    )
    second = boundaries_import(
        features=[features[0]],
        kind=BoundaryKind.DISTRICT,
        layer="council-districts",
        replace=True,
        now=now,
    )

    assert (first.created, first.updated) == (2, 0)
    assert (second.created, second.updated, second.removed) == (0, 1, 1)
    assert boundary_index().place(longitude=-92.85, latitude=42.42).areas == {
        "council-districts": "1"
    }
    assert boundary_index().place(longitude=-92.85, latitude=42.37).district == ""


def test_import__repairs_a_self_intersecting_polygon() -> None:
    bow_tie = {
        "type": "Polygon",
        "coordinates": [
            [[-92.9, 42.36], [-92.8, 42.44], [-92.8, 42.36], [-92.9, 42.44], [-92.9, 42.36]]
        ],
    }

    boundaries_import(
        features=[BoundaryFeature(code="x", name="X", geometry=bow_tie)],
        kind=BoundaryKind.DISTRICT,
        layer="districts",
        now=BoundaryFactory.build().created_at,
    )

    index = boundary_index()
    assert index.place(longitude=-92.82, latitude=42.40).district == "x"
    assert index.place(longitude=-92.88, latitude=42.40).district == "x"
    assert index.place(longitude=-92.85, latitude=42.37).district == ""


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [-92.85, 42.4]}, "Only polygons"),
        (square(760_000, 2_950_000, 770_000, 2_960_000), "EPSG:4326"),
        ({"type": "Polygon"}, "cannot be read"),
    ],
)
def test_import__refuses_an_unusable_geometry_and_stores_nothing(
    geometry: dict[str, object], message: str
) -> None:
    good = BoundaryFeature(code="1", name="Fine", geometry=square(-92.9, 42.36, -92.8, 42.44))
    bad = BoundaryFeature(code="2", name="Broken", geometry=geometry)

    with pytest.raises(GeoImportError, match=message):
        boundaries_import(
            features=[good, bad],
            kind=BoundaryKind.DISTRICT,
            layer="districts",
            now=BoundaryFactory.build().created_at,
        )

    assert len(boundary_index()) == 0
