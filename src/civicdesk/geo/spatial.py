"""Point-in-polygon look-ups on every active boundary, through a shapely STRtree.

The tree holds one prepared geometry per boundary and answers "which boundaries contain this
point" in microseconds with hundreds of polygons. A point exactly on a boundary line counts as
inside (the city accepts a report on its own border street).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import shape

from civicdesk.geo.enums import KIND_ORDER, BoundaryKind, GeoDataName
from civicdesk.geo.indexes import cached_index
from civicdesk.geo.models import Boundary


@dataclass(frozen=True)
class BoundaryRef:
    pk: int
    kind: str
    layer: str
    code: str
    name: str


@dataclass(frozen=True)
class Placement:
    """What the boundaries say about one point."""

    boundaries: tuple[BoundaryRef, ...]
    # None when no jurisdiction is loaded: then every valid point is accepted.
    is_inside_jurisdiction: bool | None
    district: str = ""
    areas: dict[str, str] = field(default_factory=dict)


class BoundaryIndex:
    """An immutable STRtree over a snapshot of the active boundaries."""

    def __init__(self, refs: list[BoundaryRef], geometries: list[shapely.Geometry]) -> None:
        self._refs = refs
        self._geometries = np.array(geometries, dtype=object)
        for geometry in geometries:
            shapely.prepare(geometry)
        self._tree = shapely.STRtree(geometries)
        self.has_jurisdiction = any(ref.kind == BoundaryKind.JURISDICTION for ref in refs)

    def __len__(self) -> int:
        return len(self._refs)

    def boundaries_at(self, *, longitude: float, latitude: float) -> list[BoundaryRef]:
        """The boundaries that contain the point (or have it on their edge), in kind order."""
        if not self._refs:
            return []
        positions = self._tree.query(shapely.Point(longitude, latitude), predicate="intersects")
        return sorted((self._refs[position] for position in positions), key=_kind_order)

    def place(self, *, longitude: float, latitude: float) -> Placement:
        return self._placement(self.boundaries_at(longitude=longitude, latitude=latitude))

    def place_many(self, points: Sequence[tuple[float, float]]) -> list[Placement]:
        """`place` of each (longitude, latitude), in that order, asked of the tree in one query:
        for a thousand points, a tenth of the cost of asking point by point."""
        if not self._refs:
            return [self._placement([]) for _point in points]
        if not points:
            return []
        found: list[list[int]] = [[] for _point in points]
        shapes = shapely.points(np.asarray(points, dtype=float))
        inputs, positions = self._tree.query(shapes, predicate="intersects")
        for index, position in zip(inputs.tolist(), positions.tolist(), strict=True):
            found[index].append(position)
        # Points in the same boundaries share one answer (a Placement is read, never changed).
        answers: dict[tuple[int, ...], Placement] = {}
        placements = []
        for hits in found:
            key = tuple(hits)
            answer = answers.get(key)
            if answer is None:
                refs = sorted((self._refs[position] for position in hits), key=_kind_order)
                answer = answers[key] = self._placement(refs)
            placements.append(answer)
        return placements

    def _placement(self, hits: list[BoundaryRef]) -> Placement:
        areas: dict[str, str] = {}
        for ref in hits:
            areas.setdefault(ref.layer, ref.code)
        district = next((ref.code for ref in hits if ref.kind == BoundaryKind.DISTRICT), "")
        is_inside: bool | None = None
        if self.has_jurisdiction:
            is_inside = any(ref.kind == BoundaryKind.JURISDICTION for ref in hits)
        return Placement(
            boundaries=tuple(hits), is_inside_jurisdiction=is_inside, district=district, areas=areas
        )


def _kind_order(ref: BoundaryRef) -> tuple[int, str, str]:
    return (KIND_ORDER.get(ref.kind, 99), ref.layer, ref.code)


def build_boundary_index() -> BoundaryIndex:
    refs: list[BoundaryRef] = []
    geometries: list[shapely.Geometry] = []
    for boundary in Boundary.objects.filter(is_active=True).order_by("pk"):
        refs.append(
            BoundaryRef(
                pk=boundary.pk,
                kind=boundary.kind,
                layer=boundary.layer,
                code=boundary.code,
                name=boundary.name,
            )
        )
        geometries.append(shape(boundary.geometry))
    return BoundaryIndex(refs, geometries)


def boundary_index() -> BoundaryIndex:
    """This process's index of the active boundaries, current with the database."""
    return cached_index(GeoDataName.BOUNDARIES, build_boundary_index)
