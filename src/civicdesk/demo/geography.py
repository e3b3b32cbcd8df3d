"""The fictional City of Alderport's outline, drawn for the demo (our own coordinates).

The city sits on the west bank of a river that forms its eastern limit; the outline is an
irregular polygon about 9 km across. Longitude first, as in GeoJSON.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from dataclasses import dataclass
from typing import Any

CITY_CENTER = (-92.8500, 42.4000)

CITY_LIMIT: list[tuple[float, float]] = [
    (-92.9010, 42.4330),
    (-92.8705, 42.4405),
    (-92.8390, 42.4378),
    (-92.8120, 42.4290),
    (-92.7965, 42.4105),
    (-92.7990, 42.3890),
    (-92.8105, 42.3705),
    (-92.8350, 42.3612),
    (-92.8660, 42.3620),
    (-92.8925, 42.3715),
    (-92.9080, 42.3905),
    (-92.9105, 42.4140),
    (-92.9010, 42.4330),
]


def point_in_polygon(lon: float, lat: float, polygon: list[tuple[float, float]]) -> bool:
    """Ray casting: whether the point lies inside the closed ring `polygon`."""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(polygon):
        if (y1 > lat) != (y2 > lat):
            crossing = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < crossing:
                inside = not inside
    return inside


def random_point(rng: random.Random) -> tuple[float, float]:
    """A point inside the city, denser near downtown (as requests are)."""
    min_lon = min(x for x, _ in CITY_LIMIT)
    max_lon = max(x for x, _ in CITY_LIMIT)
    min_lat = min(y for _, y in CITY_LIMIT)
    max_lat = max(y for _, y in CITY_LIMIT)
    while True:
        if rng.random() < 0.45:
            # Downtown cluster: a normal spread of about 1 km around the center.
            lon = rng.gauss(CITY_CENTER[0], 0.012)
            lat = rng.gauss(CITY_CENTER[1], 0.009)
        else:
            lon = rng.uniform(min_lon, max_lon)
            lat = rng.uniform(min_lat, max_lat)
        if point_in_polygon(lon, lat, CITY_LIMIT):
            return round(lon, 6), round(lat, 6)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


# --- Districts, service areas and address points (all generated, our own data) -----------------

# Council districts: the Voronoi cells of these seats, clipped to the city limit.
DISTRICT_SEATS: list[tuple[str, str, tuple[float, float]]] = [
    ("1", "Old Town", (-92.8480, 42.4010)),
    ("2", "Riverside", (-92.8130, 42.4120)),
    ("3", "North Bluff", (-92.8650, 42.4260)),
    ("4", "Foundry Flats", (-92.8220, 42.3760)),
    ("5", "Prairie Heights", (-92.8920, 42.3950)),
    ("6", "Millrace", (-92.8600, 42.3720)),
]
# Sanitation collection routes: north and south of this latitude.
SANITATION_SPLIT_LATITUDE = 42.4000
# Streets: east-west streets every ~250 m, north-south avenues every ~300 m.
STREET_SPACING_LATITUDE = 0.00225
AVENUE_SPACING_LONGITUDE = 0.0037
# Address points every ~60 m along each side of a street, ~12 m off its centre line.
ADDRESS_SPACING_M = 60.0
ADDRESS_SETBACK_M = 12.0
METRES_PER_DEGREE_LATITUDE = 111_195.0
ZIP_CODES = {"west": "52840", "east": "52841", "south": "52842"}

_ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_SUFFIXES.get(number % 10, "th")
    return f"{number}{suffix}"


def _city_polygon() -> Any:
    import shapely

    return shapely.Polygon(CITY_LIMIT)


def district_polygons() -> list[tuple[str, str, dict[str, Any]]]:
    """(code, name, GeoJSON geometry) for each council district; together they tile the city."""
    import shapely

    city = _city_polygon()
    seats = shapely.MultiPoint([seat for _code, _name, seat in DISTRICT_SEATS])
    cells = shapely.voronoi_polygons(seats, extend_to=city.buffer(0.05))
    districts = []
    for code, name, seat in DISTRICT_SEATS:
        cell = next(part for part in cells.geoms if part.contains(shapely.Point(seat)))
        clipped = shapely.set_precision(cell.intersection(city), 1e-7)
        districts.append((code, name, json.loads(shapely.to_geojson(clipped))))
    return districts


def city_limit_geometry() -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[list(point) for point in CITY_LIMIT]]}


def sanitation_areas() -> list[tuple[str, str, dict[str, Any]]]:
    import shapely

    city = _city_polygon()
    min_lon, min_lat, max_lon, max_lat = city.bounds
    north = shapely.box(min_lon, SANITATION_SPLIT_LATITUDE, max_lon, max_lat).intersection(city)
    south = shapely.box(min_lon, min_lat, max_lon, SANITATION_SPLIT_LATITUDE).intersection(city)
    return [
        ("north", "North collection route", json.loads(shapely.to_geojson(north))),
        ("south", "South collection route", json.loads(shapely.to_geojson(south))),
    ]


@dataclass(frozen=True)
class DemoAddress:
    address_id: str
    house_number: str
    street: str
    zip_code: str
    latitude: float
    longitude: float


def _zip_for(lon: float, lat: float) -> str:
    if lat < 42.3850:
        return ZIP_CODES["south"]
    return ZIP_CODES["west"] if lon < CITY_CENTER[0] else ZIP_CODES["east"]


def street_grid() -> list[tuple[str, str, float]]:
    """(street name, "ew" or "ns", fixed coordinate): streets run along latitudes, avenues
    along longitudes."""
    from civicdesk.demo.catalog_data import STREET_NAMES, STREET_SUFFIXES

    min_lon, min_lat, max_lon, max_lat = _city_polygon().bounds
    grid: list[tuple[str, str, float]] = []
    lat = min_lat + STREET_SPACING_LATITUDE / 2
    position = 0
    while lat < max_lat:
        suffix = STREET_SUFFIXES[position % 4]  # Street, Avenue, Road, Boulevard
        name = f"{STREET_NAMES[position % len(STREET_NAMES)]} {suffix}"
        grid.append((name, "ew", round(lat, 6)))
        lat += STREET_SPACING_LATITUDE
        position += 1
    lon = min_lon + AVENUE_SPACING_LONGITUDE / 2
    number = 1
    while lon < max_lon:
        grid.append((f"{_ordinal(number)} Avenue", "ns", round(lon, 6)))
        lon += AVENUE_SPACING_LONGITUDE
        number += 1
    return grid


def address_points() -> list[DemoAddress]:
    """Every generated address: both sides of every street, inside the city limit.

    Numbers grow by 100 a block: eastward from the west edge on streets, northward from the
    south edge on avenues; odd numbers on the north/west side, even on the south/east side.
    """
    import shapely

    city = _city_polygon()
    min_lon, min_lat, max_lon, max_lat = city.bounds
    metres_per_degree_lon = METRES_PER_DEGREE_LATITUDE * math.cos(math.radians(CITY_CENTER[1]))
    points: list[DemoAddress] = []
    for name, direction, fixed in street_grid():
        if direction == "ew":
            start, end, block = min_lon, max_lon, AVENUE_SPACING_LONGITUDE
            step = ADDRESS_SPACING_M / metres_per_degree_lon
            offset = ADDRESS_SETBACK_M / METRES_PER_DEGREE_LATITUDE
        else:
            start, end, block = min_lat, max_lat, STREET_SPACING_LATITUDE
            step = ADDRESS_SPACING_M / METRES_PER_DEGREE_LATITUDE
            offset = ADDRESS_SETBACK_M / metres_per_degree_lon
        along = start + step / 2
        while along < end:
            block_number = int((along - start) / block) + 1
            within = int(((along - start) % block) / block * 48)
            for side, parity in ((1, 1), (-1, 0)):  # north/west odd, south/east even
                if direction == "ew":
                    lon, lat = along, fixed + side * offset
                else:
                    lon, lat = fixed - side * offset, along
                if not city.contains(shapely.Point(lon, lat)):
                    continue
                house = block_number * 100 + within * 2 + parity
                points.append(
                    DemoAddress(
                        address_id=f"ALD-{len(points) + 1:06d}",
                        house_number=str(house),
                        street=name,
                        zip_code=_zip_for(lon, lat),
                        latitude=round(lat, 7),
                        longitude=round(lon, 7),
                    )
                )
            along += step
    return points
