"""Every write to geographic data: boundary and address imports, rules, and the version stamp.

Each write that changes boundaries or address points also changes their `GeoDataVersion`
stamp in the same transaction, so every process rebuilds its in-memory index (see
`civicdesk.geo.indexes`).
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

import shapely
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import shape

from civicdesk.catalog.models import Service
from civicdesk.core.errors import ApplicationError
from civicdesk.geo.addressing import house_number_value, street_key
from civicdesk.geo.enums import BoundaryKind, GeoDataName
from civicdesk.geo.indexes import forget
from civicdesk.geo.models import AddressPoint, Boundary, GeoDataVersion, NearbyDuplicateRule
from civicdesk.service_requests.changes import service_requests_changed

Progress = Callable[[int], object]


class GeoImportError(ApplicationError):
    """An import was refused as a whole; nothing was stored."""

    code = "geo_import_failed"


@dataclass(frozen=True)
class BoundaryFeature:
    """One polygon to import: its code and name in its layer, and a GeoJSON geometry."""

    code: str
    name: str
    geometry: dict[str, Any]
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AddressRecord:
    """One address point to import; coordinates are WGS 84 degrees."""

    house_number: str
    street: str
    latitude: float
    longitude: float
    unit: str = ""
    zip_code: str = ""
    city: str = ""
    address_id: str = ""


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


def geo_data_mark_changed(*, name: GeoDataName, now: datetime) -> None:
    """Give `name` a new version stamp, so every process rebuilds its index of it."""
    GeoDataVersion.objects.update_or_create(
        name=name, defaults={"token": uuid.uuid4().hex, "changed_at": now}
    )
    forget(name)
    transaction.on_commit(lambda: forget(name))


def _clean_geometry(raw: Any) -> tuple[dict[str, Any], tuple[float, float, float, float]]:
    """A valid (Multi)Polygon in longitude/latitude, or GeoImportError saying what is wrong."""
    try:
        geometry = shape(raw)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException) as error:
        raise GeoImportError(
            _("The geometry cannot be read: %(error)s") % {"error": error}
        ) from error
    if geometry.is_empty or geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        raise GeoImportError(
            _("Only polygons can be boundaries, not “%(type)s”.") % {"type": geometry.geom_type}
        )
    min_x, min_y, max_x, max_y = geometry.bounds
    if not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        raise GeoImportError(
            _(
                "The coordinates are not longitude/latitude degrees (WGS 84); "
                "reproject the file to EPSG:4326 first."
            )
        )
    if not geometry.is_valid:
        repaired = shapely.make_valid(geometry)
        polygons = [
            part
            for part in getattr(repaired, "geoms", [repaired])
            if part.geom_type in {"Polygon", "MultiPolygon"}
        ]
        if not polygons:
            raise GeoImportError(_("The polygon is broken beyond repair."))
        geometry = shapely.union_all(polygons)
    return json.loads(shapely.to_geojson(geometry)), geometry.bounds


@transaction.atomic
def boundaries_import(
    *,
    features: Iterable[BoundaryFeature],
    kind: BoundaryKind,
    layer: str,
    replace: bool = False,
    now: datetime,
    progress: Progress | None = None,
) -> ImportCounts:
    """Create or update a layer's boundaries by code; with `replace`, drop codes not imported.

    A feature without a code or with an unreadable geometry refuses the whole import (nothing
    is stored), since a layer with a hole in it would misplace requests silently.
    """
    layer = slugify(layer)
    if not layer:
        raise GeoImportError(_("Give the layer a name, e.g. “council-districts”."))
    counts = ImportCounts()
    seen: set[str] = set()
    for position, feature in enumerate(features, start=1):
        code = str(feature.code).strip()
        if not code:
            raise GeoImportError(
                _("Feature %(number)d has no code.") % {"number": position},
            )
        if code in seen:
            raise GeoImportError(
                _("The code “%(code)s” appears twice in the file.") % {"code": code}
            )
        seen.add(code)
        try:
            geometry, (min_lon, min_lat, max_lon, max_lat) = _clean_geometry(feature.geometry)
        except GeoImportError as error:
            raise GeoImportError(
                _("Feature “%(code)s”: %(problem)s") % {"code": code, "problem": error.message}
            ) from error
        boundary = Boundary.objects.filter(layer=layer, code=code).first() or Boundary(
            layer=layer, code=code, created_at=now
        )
        is_new = boundary.pk is None
        boundary.kind = kind
        boundary.name = (feature.name or code).strip()[:200]
        boundary.geometry = geometry
        boundary.min_longitude, boundary.min_latitude = min_lon, min_lat
        boundary.max_longitude, boundary.max_latitude = max_lon, max_lat
        boundary.properties = _json_safe(feature.properties)
        boundary.is_active = True
        boundary.full_clean(validate_unique=False)
        boundary.save()
        if is_new:
            counts.created += 1
        else:
            counts.updated += 1
        if progress is not None:
            progress(1)
    if not seen:
        raise GeoImportError(_("The file holds no features."))
    if replace:
        counts.removed, _deleted = (
            Boundary.objects.filter(layer=layer).exclude(code__in=seen).delete()
        )
    geo_data_mark_changed(name=GeoDataName.BOUNDARIES, now=now)
    return counts


def _json_safe(value: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(value, default=str))


@transaction.atomic
def boundary_set_active(*, boundary: Boundary, is_active: bool, now: datetime) -> Boundary:
    """Switch a boundary on or off; an inactive one no longer places or limits requests."""
    boundary.is_active = is_active
    boundary.save(update_fields=["is_active", "updated_at"])
    geo_data_mark_changed(name=GeoDataName.BOUNDARIES, now=now)
    return boundary


@transaction.atomic
def boundary_delete(*, boundary: Boundary, now: datetime) -> None:
    boundary.delete()
    geo_data_mark_changed(name=GeoDataName.BOUNDARIES, now=now)


def _address_point(record: AddressRecord) -> AddressPoint | None:
    house_number = record.house_number.strip().upper()
    street = " ".join(record.street.split())
    latitude, longitude = record.latitude, record.longitude
    if not house_number or not street:
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or (latitude, longitude) == (0, 0):
        return None
    key = street_key(street)
    unit = record.unit.strip().upper()
    zip_code = record.zip_code.strip()[:20]
    address_id = record.address_id.strip() or slugify(f"{house_number} {key} {unit} {zip_code}")
    return AddressPoint(
        address_id=address_id[:100],
        house_number=house_number[:20],
        number=house_number_value(house_number),
        street=street[:200],
        street_key=key[:200],
        unit=unit[:50],
        zip_code=zip_code,
        city=record.city.strip()[:100],
        latitude=round(latitude, 7),
        longitude=round(longitude, 7),
    )


def _batches(items: Iterable[AddressRecord], size: int) -> Iterator[list[AddressRecord]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@transaction.atomic
def address_points_import(
    *,
    records: Iterable[AddressRecord],
    replace: bool = False,
    now: datetime,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> ImportCounts:
    """Create or update address points by address id; with `replace`, start from empty.

    Rows without a house number, a street or usable coordinates are skipped and counted; the
    rest are written in batches. Points with no address id get one made from their address.
    """
    counts = ImportCounts()
    if replace:
        counts.removed, _deleted = AddressPoint.objects.all().delete()
    update_fields = [
        "house_number",
        "number",
        "street",
        "street_key",
        "unit",
        "zip_code",
        "city",
        "latitude",
        "longitude",
        "updated_at",
    ]
    for batch in _batches(records, batch_size):
        points: dict[str, AddressPoint] = {}
        for record in batch:
            point = _address_point(record)
            if point is None:
                counts.skipped += 1
                if len(counts.problems) < 20:
                    counts.problems.append(
                        f"{record.house_number} {record.street} "
                        f"({record.latitude}, {record.longitude})"
                    )
                continue
            point.created_at = now
            points[point.address_id] = point
        existing = set(
            AddressPoint.objects.filter(address_id__in=list(points)).values_list(
                "address_id", flat=True
            )
        )
        AddressPoint.objects.bulk_create(
            list(points.values()),
            update_conflicts=True,
            unique_fields=["address_id"],
            update_fields=update_fields,
        )
        counts.updated += len(existing)
        counts.created += len(points) - len(existing)
        if progress is not None:
            progress(len(batch))
    geo_data_mark_changed(name=GeoDataName.ADDRESSES, now=now)
    return counts


@transaction.atomic
def nearby_duplicate_rule_set(
    *, service: Service, radius_metres: int, window_days: int, now: datetime
) -> NearbyDuplicateRule:
    """Set how far and how far back intake looks for open requests of `service`."""
    rule = NearbyDuplicateRule.objects.filter(service=service).first() or NearbyDuplicateRule(
        service=service
    )
    rule.radius_metres = radius_metres
    rule.window_days = window_days
    rule.full_clean()
    rule.save()
    geo_data_mark_changed(name=GeoDataName.DUPLICATE_RULES, now=now)
    return rule


@transaction.atomic
def nearby_duplicate_rule_delete(*, rule: NearbyDuplicateRule, now: datetime) -> None:
    """Drop a service's rule: it goes back to the defaults from settings."""
    rule.delete()
    geo_data_mark_changed(name=GeoDataName.DUPLICATE_RULES, now=now)


@dataclass(frozen=True)
class RelocateCounts:
    examined: int
    changed: int


def service_requests_relocate(
    *, only_missing: bool = True, batch_size: int = 2000, progress: Progress | None = None
) -> RelocateCounts:
    """Recompute the H3 cell, district and areas of located requests from today's boundaries.

    For history loaded before the boundaries (`only_missing`: rows without an H3 cell), and after
    boundaries change (`only_missing=False`: every located row). Derived columns only; each batch
    commits on its own, so a long run can be interrupted and resumed.
    """
    from civicdesk.geo.cells import cell_for
    from civicdesk.geo.spatial import boundary_index
    from civicdesk.service_requests.models import ServiceRequest

    located = ServiceRequest.objects.filter(latitude__isnull=False, longitude__isnull=False)
    if only_missing:
        located = located.filter(h3_cell__isnull=True)
    index = boundary_index()
    examined = changed = 0
    last_pk = 0
    while True:
        batch = list(
            located.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "latitude", "longitude", "h3_cell", "district", "areas")[:batch_size]
        )
        if not batch:
            break
        dirty = []
        for request in batch:
            assert request.latitude is not None  # noqa: S101 (filtered above)
            assert request.longitude is not None  # noqa: S101
            placement = index.place(longitude=request.longitude, latitude=request.latitude)
            cell = cell_for(latitude=request.latitude, longitude=request.longitude)
            new = (cell, placement.district, placement.areas)
            if (request.h3_cell, request.district, request.areas) != new:
                request.h3_cell, request.district, request.areas = new
                dirty.append(request)
        with transaction.atomic():
            ServiceRequest.objects.bulk_update(dirty, ["h3_cell", "district", "areas"])
            if dirty:
                service_requests_changed()
        examined += len(batch)
        changed += len(dirty)
        last_pk = batch[-1].pk
        if progress is not None:
            progress(len(batch))
    return RelocateCounts(examined=examined, changed=changed)
