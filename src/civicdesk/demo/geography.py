"""The fictional City of Alderport's outline, drawn for the demo (our own coordinates).

The city sits on the west bank of a river that forms its eastern limit; the outline is an
irregular polygon about 9 km across. Longitude first, as in GeoJSON.
"""

from __future__ import annotations

import itertools
import math
import random

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
