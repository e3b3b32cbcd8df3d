"""The default geocoder: offline, on the city's own address points.

Forward: the typed address is parsed and normalised (`civicdesk.geo.addressing`); its street is
found exactly, or else by typo-tolerant matching (rapidfuzz) among the city's street names; then
the house number is found exactly, or interpolated between the nearest numbers on the same side
of the same street. Reverse: the nearest address point (STRtree) within
`GEOCODER_REVERSE_MAX_METRES`.

The gazetteer lives in memory, built once per process and rebuilt when the address points change
(`civicdesk.geo.indexes`).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
import shapely
from django.conf import settings
from rapidfuzz import fuzz, process

from civicdesk.geo.addressing import ParsedAddress, parse_address
from civicdesk.geo.cells import distance_m
from civicdesk.geo.enums import GeoDataName
from civicdesk.geo.geocoding.base import GeocodeCandidate
from civicdesk.geo.indexes import cached_index
from civicdesk.geo.models import AddressPoint

# How much a street-name typo costs relative to an exact street (the fuzzy ratio scales it).
FUZZY_STREET_CUTOFF = 80.0
SCORE_INTERPOLATED = 88.0
SCORE_NEAREST_NUMBER = 72.0
SCORE_OTHER_UNIT = 97.0
SCORE_ZIP_MISMATCH_PENALTY = 10.0


@dataclass(frozen=True)
class GazetteerPoint:
    address_id: str
    house_number: str
    number: int | None
    street: str
    unit: str
    zip_code: str
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        parts = [f"{self.house_number} {self.street}".strip()]
        if self.unit:
            parts.append(f"Unit {self.unit}")
        if self.zip_code:
            parts.append(self.zip_code)
        return ", ".join(parts)


class Gazetteer:
    """Address points grouped by normalised street, plus a point tree for reverse look-ups."""

    def __init__(self, points: list[GazetteerPoint], street_keys: list[str]) -> None:
        self.points = points
        self.by_street: dict[str, list[int]] = defaultdict(list)
        for position, key in enumerate(street_keys):
            self.by_street[key].append(position)
        for positions in self.by_street.values():
            positions.sort(key=lambda p: (points[p].number or 0, points[p].house_number))
        self.street_names = list(self.by_street)
        latitudes = np.array([point.latitude for point in points], dtype=float)
        longitudes = np.array([point.longitude for point in points], dtype=float)
        # Longitude degrees shrink with latitude; scale them so "nearest" means nearest on foot.
        self._x_scale = math.cos(math.radians(float(latitudes.mean()))) if points else 1.0
        self._tree = shapely.STRtree(shapely.points(longitudes * self._x_scale, latitudes))

    def __len__(self) -> int:
        return len(self.points)

    def nearest(self, *, latitude: float, longitude: float) -> GazetteerPoint | None:
        if not self.points:
            return None
        position = self._tree.nearest(shapely.Point(longitude * self._x_scale, latitude))
        return None if position is None else self.points[int(position)]

    def streets_for(self, parsed: ParsedAddress) -> list[tuple[str, float]]:
        """Known streets the typed one may mean, with a 0-100 similarity, best first."""
        words = parsed.street_key.split()
        for end in range(len(words), min(2, len(words)) - 1, -1):
            key = " ".join(words[:end])
            if key in self.by_street:
                return [(key, 100.0)]
        for key in parsed.street_candidates:
            if key in self.by_street:
                return [(key, 100.0)]
        matches: dict[str, float] = {}
        for key in parsed.street_candidates:
            for name, score, _position in process.extract(
                key,
                self.street_names,
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_STREET_CUTOFF,
                limit=3,
            ):
                matches[name] = max(matches.get(name, 0.0), float(score))
        return sorted(matches.items(), key=lambda item: -item[1])

    def candidates_on(
        self, street: str, parsed: ParsedAddress, street_score: float
    ) -> list[GeocodeCandidate]:
        positions = self.by_street[street]
        number = parsed.number
        if number is None:
            return []
        points = self.points
        exact = [p for p in positions if points[p].house_number == parsed.house_number]
        if not exact:
            exact = [p for p in positions if points[p].number == number]
        found: list[GeocodeCandidate] = []
        if exact:
            for position in exact:
                point = points[position]
                score = street_score
                if parsed.unit and point.unit != parsed.unit:
                    score *= SCORE_OTHER_UNIT / 100
                elif not parsed.unit and point.unit:
                    score *= 0.995
                found.append(self._candidate(point, score, parsed, "exact"))
            return found
        same_side = [p for p in positions if (points[p].number or 0) % 2 == number % 2]
        numbers = [points[p].number or 0 for p in same_side]
        at = bisect.bisect_left(numbers, number)
        below = same_side[at - 1] if at > 0 else None
        above = same_side[at] if at < len(same_side) else None
        if below is not None and above is not None:
            low, high = points[below], points[above]
            span = (high.number or 0) - (low.number or 0)
            share = (number - (low.number or 0)) / span if span else 0.0
            latitude = low.latitude + (high.latitude - low.latitude) * share
            longitude = low.longitude + (high.longitude - low.longitude) * share
            zip_code = low.zip_code if low.zip_code == high.zip_code else ""
            interpolated = GazetteerPoint(
                address_id="",
                house_number=parsed.house_number,
                number=number,
                street=low.street,
                unit="",
                zip_code=zip_code,
                latitude=round(latitude, 7),
                longitude=round(longitude, 7),
            )
            score = street_score * SCORE_INTERPOLATED / 100
            return [self._candidate(interpolated, score, parsed, "interpolated")]
        nearest = below if below is not None else above
        if nearest is None:
            return []
        score = street_score * SCORE_NEAREST_NUMBER / 100
        return [self._candidate(points[nearest], score, parsed, "nearest_number")]

    def geocode(self, query: str, *, zip_code: str = "", limit: int = 5) -> list[GeocodeCandidate]:
        """Candidates for a typed address, best first."""
        parsed = parse_address(query)
        if zip_code and not parsed.zip_code:
            parsed = replace(parsed, zip_code=zip_code.strip()[:5])
        if not parsed.street_key or not self.points:
            return []
        found: list[GeocodeCandidate] = []
        for street, street_score in self.streets_for(parsed):
            found.extend(self.candidates_on(street, parsed, street_score))
        found.sort(key=lambda candidate: (-candidate.score, candidate.address))
        return found[:limit]

    @staticmethod
    def _candidate(
        point: GazetteerPoint, score: float, parsed: ParsedAddress, match: str
    ) -> GeocodeCandidate:
        if parsed.zip_code and point.zip_code and parsed.zip_code != point.zip_code:
            score -= SCORE_ZIP_MISMATCH_PENALTY
        return GeocodeCandidate(
            address=point.label,
            latitude=point.latitude,
            longitude=point.longitude,
            score=round(max(0.0, score), 1),
            address_id=point.address_id,
            zip_code=point.zip_code,
            match=match,
        )


def build_gazetteer() -> Gazetteer:
    points: list[GazetteerPoint] = []
    keys: list[str] = []
    rows = AddressPoint.objects.order_by("pk").values_list(
        "address_id",
        "house_number",
        "number",
        "street",
        "street_key",
        "unit",
        "zip_code",
        "latitude",
        "longitude",
    )
    for address_id, house_number, number, street, key, unit, zip_code, lat, lon in rows.iterator(
        chunk_size=5000
    ):
        points.append(
            GazetteerPoint(
                address_id=address_id,
                house_number=house_number.upper(),
                number=number,
                street=street,
                unit=unit.upper(),
                zip_code=zip_code,
                latitude=lat,
                longitude=lon,
            )
        )
        keys.append(key)
    return Gazetteer(points, keys)


def gazetteer() -> Gazetteer:
    """This process's gazetteer, current with the database."""
    return cached_index(GeoDataName.ADDRESSES, build_gazetteer)


class AddressPointGeocoder:
    """Geocodes offline against `AddressPoint` rows (the `GEOCODER` default)."""

    def geocode(self, query: str, *, zip_code: str = "", limit: int = 5) -> list[GeocodeCandidate]:
        return gazetteer().geocode(query, zip_code=zip_code, limit=limit)

    def reverse(self, *, latitude: float, longitude: float) -> GeocodeCandidate | None:
        point = gazetteer().nearest(latitude=latitude, longitude=longitude)
        if point is None:
            return None
        distance = distance_m(latitude, longitude, point.latitude, point.longitude)
        if distance > settings.CIVICDESK["GEOCODER_REVERSE_MAX_METRES"]:
            return None
        return GeocodeCandidate(
            address=point.label,
            latitude=point.latitude,
            longitude=point.longitude,
            score=round(max(0.0, 100.0 - distance / 3), 1),
            address_id=point.address_id,
            zip_code=point.zip_code,
            match="reverse",
        )
