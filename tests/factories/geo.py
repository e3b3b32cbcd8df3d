"""Factories for geography: boundaries (squares by default) and address points.

Both mark the data changed, as the import services do, so the in-memory indexes see them.
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from civicdesk.geo.addressing import house_number_value, street_key
from civicdesk.geo.enums import BoundaryKind, GeoDataName
from civicdesk.geo.models import AddressPoint, Boundary
from civicdesk.geo.services import geo_data_mark_changed


def square(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    """A GeoJSON Polygon for the box."""
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [east, south], [east, north], [west, north], [west, south]]
        ],
    }


class BoundaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Boundary

    kind = BoundaryKind.DISTRICT
    layer = "districts"
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.LazyAttribute(lambda boundary: f"District {boundary.code}")
    geometry = factory.LazyFunction(lambda: square(-92.90, 42.36, -92.80, 42.44))
    min_longitude = factory.LazyAttribute(lambda b: min(p[0] for p in b.geometry["coordinates"][0]))
    min_latitude = factory.LazyAttribute(lambda b: min(p[1] for p in b.geometry["coordinates"][0]))
    max_longitude = factory.LazyAttribute(lambda b: max(p[0] for p in b.geometry["coordinates"][0]))
    max_latitude = factory.LazyAttribute(lambda b: max(p[1] for p in b.geometry["coordinates"][0]))

    @classmethod
    def _create(cls, model_class: type[Boundary], *args: Any, **kwargs: Any) -> Boundary:
        boundary = super()._create(model_class, *args, **kwargs)
        geo_data_mark_changed(name=GeoDataName.BOUNDARIES, now=timezone.now())
        return boundary


def jurisdiction(west: float, south: float, east: float, north: float) -> Boundary:
    """A rectangular city limit."""
    return BoundaryFactory(
        kind=BoundaryKind.JURISDICTION,
        layer="city-limit",
        code="city",
        name="City limit",
        geometry=square(west, south, east, north),
    )


class AddressPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AddressPoint

    address_id = factory.Sequence(lambda n: f"A{n:06d}")
    house_number = factory.Sequence(lambda n: str(100 + 2 * n))
    number = factory.LazyAttribute(lambda point: house_number_value(point.house_number))
    street = "Alder Street"
    street_key = factory.LazyAttribute(lambda point: street_key(point.street))
    zip_code = "52840"
    latitude = 42.40
    longitude = -92.85

    @classmethod
    def _create(cls, model_class: type[AddressPoint], *args: Any, **kwargs: Any) -> AddressPoint:
        point = super()._create(model_class, *args, **kwargs)
        geo_data_mark_changed(name=GeoDataName.ADDRESSES, now=timezone.now())
        return point
