"""Public GeoJSON map layers: requests in a bounding box, boundaries, hotspot cells.

Public and anonymous on purpose, so they never carry personal data: a request is its number,
service, public status, day and point (rounded to about a metre) — no requester, description,
answers, photos or address. Hotspot cells with fewer than `GEO_HOTSPOT_MIN_COUNT` requests are
left out, so a lone report cannot be singled out.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import h3.api.basic_int as h3
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from civicdesk.core import clock
from civicdesk.geo.cells import H3_RESOLUTION, cell_outline, cell_to_text
from civicdesk.geo.enums import BoundaryKind
from civicdesk.geo.selectors import (
    MapFilters,
    boundary_list_for_map,
    service_request_count_by_cell,
    service_request_list_for_map,
)
from civicdesk.service_requests.workflow import CLOSED_STATUSES

GEOJSON = "application/geo+json"
MAX_PAGE_SIZE = 2000
HOTSPOT_RESOLUTIONS = range(5, H3_RESOLUTION)
MAX_HOTSPOT_DAYS = 366
_CLOSED = {status.value for status in CLOSED_STATUSES}


class _BadParameterError(ValueError):
    pass


def _geojson(body: dict[str, Any], *, max_age: int = 60) -> JsonResponse:
    response = JsonResponse(body, content_type=GEOJSON)
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def _bbox(text: str) -> tuple[float, float, float, float]:
    parts = text.split(",")
    try:
        values = [float(part) for part in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(value) for value in values):
        raise _BadParameterError(
            _("bbox must be four numbers: west,south,east,north (longitude, latitude).")
        )
    west, south, east, north = values
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise _BadParameterError(
            _("bbox must run west < east and south < north, within -180..180 and -90..90.")
        )
    return west, south, east, north


def _date(request: HttpRequest, name: str) -> date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _BadParameterError(
            _("%(name)s must be a date like 2026-01-31.") % {"name": name}
        ) from None


def _int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise _BadParameterError(
            _("%(name)s must be a whole number from %(low)d to %(high)d.")
            % {"name": name, "low": low, "high": high}
        )
    return value


def _filters(request: HttpRequest, *, bbox_required: bool) -> MapFilters:
    bbox_text = request.GET.get("bbox", "").strip()
    if not bbox_text and bbox_required:
        raise _BadParameterError(_("bbox is required: west,south,east,north."))
    west, south, east, north = _bbox(bbox_text) if bbox_text else (-180.0, -90.0, 180.0, 90.0)
    status = request.GET.get("status", "").strip().lower()
    if status not in {"", "open", "closed"}:
        raise _BadParameterError(_("status must be open or closed."))
    start_date, end_date = _date(request, "start_date"), _date(request, "end_date")
    if start_date and end_date and start_date > end_date:
        raise _BadParameterError(_("start_date must not be after end_date."))
    services = tuple(
        code.strip() for code in request.GET.get("service", "").split(",") if code.strip()
    )
    return MapFilters(
        min_longitude=west,
        min_latitude=south,
        max_longitude=east,
        max_latitude=north,
        service_codes=services,
        status=status,
        start_date=start_date,
        end_date=end_date,
    )


def _cluster_resolution(filters: MapFilters) -> int:
    """A resolution giving cells about 1/40 of the box's width: tens to hundreds of clusters."""
    middle = math.radians((filters.min_latitude + filters.max_latitude) / 2)
    width_m = (filters.max_longitude - filters.min_longitude) * 111_320 * math.cos(middle)
    for resolution in range(H3_RESOLUTION - 1, 0, -1):
        if h3.average_hexagon_edge_length(resolution, "m") * 2 >= width_m / 40:
            return resolution
    return 0


@require_GET
def requests_layer(request: HttpRequest) -> JsonResponse:
    """Requests in `bbox` as points, a page at a time, or as clusters (`mode=clusters`)."""
    mode = request.GET.get("mode", "points")
    if mode not in {"points", "clusters"}:
        return _bad_request(_("mode must be points or clusters."))
    try:
        filters = _filters(request, bbox_required=True)
        page = _int(request, "page", 1, 1, 100_000)
        page_size = _int(
            request, "page_size", settings.CIVICDESK["GEO_MAP_PAGE_SIZE"], 1, MAX_PAGE_SIZE
        )
    except _BadParameterError as error:
        return _bad_request(str(error))
    if mode == "clusters":
        resolution = _cluster_resolution(filters)
        counts = service_request_count_by_cell(filters=filters, resolution=resolution)
        features = []
        for cell, count in sorted(counts.items()):
            latitude, longitude = h3.cell_to_latlng(cell)
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [round(longitude, 5), round(latitude, 5)],
                    },
                    "properties": {"cell": cell_to_text(cell), "count": count},
                }
            )
        return _geojson(
            {"type": "FeatureCollection", "resolution": resolution, "features": features}
        )
    rows = list(
        service_request_list_for_map(filters=filters).values_list(
            "public_id",
            "service__code",
            "service__name",
            "status",
            "created_at",
            "longitude",
            "latitude",
            "district",
        )[(page - 1) * page_size : page * page_size + 1]
    )
    has_next = len(rows) > page_size
    features = [
        {
            "type": "Feature",
            "id": public_id,
            "geometry": {"type": "Point", "coordinates": [round(lon or 0, 5), round(lat or 0, 5)]},
            "properties": {
                "service_request_id": public_id,
                "service_code": code,
                "service_name": name,
                "status": "closed" if status in _CLOSED else "open",
                "requested_date": timezone.localtime(created_at).date().isoformat(),
                "district": district,
            },
        }
        for public_id, code, name, status, created_at, lon, lat, district in rows[:page_size]
    ]
    next_url = None
    if has_next:
        query = request.GET.copy()
        query["page"] = str(page + 1)
        next_url = f"{request.path}?{urlencode(sorted(query.items()))}"
    return _geojson(
        {
            "type": "FeatureCollection",
            "page": page,
            "page_size": page_size,
            "next": next_url,
            "features": features,
        }
    )


@require_GET
def boundaries_layer(request: HttpRequest) -> JsonResponse:
    """Active boundaries, optionally of one `kind` or `layer`, touching `bbox`."""
    kind = request.GET.get("kind", "").strip()
    if kind and kind not in BoundaryKind.values:
        return _bad_request(
            _("kind must be one of: %(kinds)s.") % {"kinds": ", ".join(BoundaryKind.values)}
        )
    try:
        bbox_text = request.GET.get("bbox", "").strip()
        bbox = _bbox(bbox_text) if bbox_text else None
    except _BadParameterError as error:
        return _bad_request(str(error))
    boundaries = boundary_list_for_map(
        kind=kind, layer=request.GET.get("layer", "").strip(), bbox=bbox
    )
    features = [
        {
            "type": "Feature",
            "id": f"{boundary.layer}:{boundary.code}",
            "geometry": boundary.geometry,
            "properties": {
                "kind": boundary.kind,
                "layer": boundary.layer,
                "code": boundary.code,
                "name": boundary.name,
            },
        }
        for boundary in boundaries.only("kind", "layer", "code", "name", "geometry")
    ]
    return _geojson({"type": "FeatureCollection", "features": features}, max_age=300)


@require_GET
def hotspots_layer(request: HttpRequest) -> JsonResponse:
    """H3 cells with how many requests were filed in them over a period (default 30 days)."""
    try:
        filters = _filters(request, bbox_required=False)
        resolution = _int(
            request, "resolution", 8, HOTSPOT_RESOLUTIONS.start, HOTSPOT_RESOLUTIONS.stop - 1
        )
    except _BadParameterError as error:
        return _bad_request(str(error))
    today = timezone.localdate(clock.now())
    end_date = filters.end_date or today
    start_date = filters.start_date or end_date - timedelta(days=29)
    if (end_date - start_date).days >= MAX_HOTSPOT_DAYS:
        return _bad_request(_("The period can be at most a year long."))
    filters = MapFilters(
        min_longitude=filters.min_longitude,
        min_latitude=filters.min_latitude,
        max_longitude=filters.max_longitude,
        max_latitude=filters.max_latitude,
        service_codes=filters.service_codes,
        status=filters.status,
        start_date=start_date,
        end_date=end_date,
    )
    minimum = settings.CIVICDESK["GEO_HOTSPOT_MIN_COUNT"]
    counts = service_request_count_by_cell(filters=filters, resolution=resolution)
    features = [
        {
            "type": "Feature",
            "id": cell_to_text(cell),
            "geometry": {"type": "Polygon", "coordinates": [cell_outline(cell)]},
            "properties": {"cell": cell_to_text(cell), "count": count},
        }
        for cell, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if count >= minimum
    ]
    return _geojson(
        {
            "type": "FeatureCollection",
            "resolution": resolution,
            "start_date": start_date.isoformat(),
            "end_date": end_date.isoformat(),
            "min_count": minimum,
            "features": features,
        },
        max_age=300,
    )
