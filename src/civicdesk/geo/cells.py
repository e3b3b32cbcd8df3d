"""H3 cells and distances: the arithmetic behind nearby look-ups and hotspot maps.

Every located request stores the integer id of its H3 cell at `H3_RESOLUTION` (about 76 m edge,
0.015 km² per cell). A nearby search turns a point and a radius into the few cells that can hold
a match (`cells_within`), so the database reads an index range per cell instead of a table scan;
the exact distance check happens afterwards on the handful of rows found. Hotspot maps count the
stored cells and roll them up to a coarser parent resolution.
"""

from __future__ import annotations

import math

import h3.api.basic_int as h3

H3_RESOLUTION = 10
EARTH_RADIUS_M = 6_371_008.8
MAX_SEARCH_RADIUS_M = 5_000.0


def cell_for(*, latitude: float, longitude: float) -> int:
    """The H3 cell (as an integer) at `H3_RESOLUTION` that holds the point."""
    return int(h3.latlng_to_cell(latitude, longitude, H3_RESOLUTION))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(
    *, latitude: float, longitude: float, radius_m: float
) -> tuple[float, float, float, float]:
    """(min latitude, max latitude, min longitude, max longitude) around a circle of `radius_m`,
    a little wider than the circle, so that a filter on it never drops a point `distance_m`
    would keep (away from the poles, which no city needs)."""
    degrees = radius_m * 1.01 / (EARTH_RADIUS_M * math.pi / 180)
    lon_degrees = degrees / max(math.cos(math.radians(latitude)), 1e-6)
    return (
        latitude - degrees,
        latitude + degrees,
        longitude - lon_degrees,
        longitude + lon_degrees,
    )


def _cell_circumradius_m(cell: int) -> float:
    """The largest centre-to-corner distance of `cell`, i.e. its local edge length."""
    centre_lat, centre_lon = h3.cell_to_latlng(cell)
    return max(
        distance_m(centre_lat, centre_lon, lat, lon) for lat, lon in h3.cell_to_boundary(cell)
    )


def cells_within(*, latitude: float, longitude: float, radius_m: float) -> list[int]:
    """Every cell that may hold a point within `radius_m` of the given point.

    A matching point lies within `radius_m` of the query point, and each point lies within one
    circumradius `e` of its cell's centre, so a matching cell's centre lies within `radius_m + 2e`
    of the query cell's centre. Cell centres `k` steps apart are at least `1.5·e·k` apart, which
    gives the ring count; cells whose centre is farther than `radius_m + e` from the point itself
    cannot hold a match and are dropped.
    """
    if not 0 <= radius_m <= MAX_SEARCH_RADIUS_M:
        raise ValueError(f"radius_m must be between 0 and {MAX_SEARCH_RADIUS_M:.0f} metres")
    origin = cell_for(latitude=latitude, longitude=longitude)
    # 5% margin: neighbouring cells differ slightly in size.
    edge = _cell_circumradius_m(origin) * 1.05
    rings = max(1, math.ceil((radius_m + 2 * edge) / (1.5 * edge / 1.05)))
    reach = radius_m + edge
    cells: list[int] = []
    for cell in h3.grid_disk(origin, rings):
        cell_lat, cell_lon = h3.cell_to_latlng(cell)
        if distance_m(latitude, longitude, cell_lat, cell_lon) <= reach:
            cells.append(int(cell))
    return cells


def cell_parent(cell: int, resolution: int) -> int:
    """The cell at the coarser `resolution` that contains `cell`."""
    return int(h3.cell_to_parent(cell, resolution))


def cell_outline(cell: int) -> list[tuple[float, float]]:
    """The cell's closed outline as GeoJSON (longitude, latitude) pairs."""
    ring = [(lon, lat) for lat, lon in h3.cell_to_boundary(cell)]
    return [*ring, ring[0]]


def cell_to_text(cell: int) -> str:
    """The usual hexadecimal spelling of an H3 cell, e.g. `8a2a1072b59ffff`."""
    return str(h3.int_to_str(cell))
