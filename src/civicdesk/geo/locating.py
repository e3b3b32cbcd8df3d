"""Where a submitted request is: geocode, reverse-geocode, check the jurisdiction, find districts.

`location_resolve` is what intake calls (and only intake: it is part of the one road in). It
never writes; it returns the completed location together with any problems, keyed by the input
they concern, so intake can report them with every other problem at once.

The rules (docs/geography.md):

- coordinates given → kept; the nearest address fills in a missing address (best effort);
- no coordinates, an address id given → the city's address point with that id;
- no coordinates, an address given → geocoded; the best candidate counts when it scores at
  least `GEOCODER_MIN_SCORE`. An address that cannot be found is kept as typed, without
  coordinates and without district, for staff to place (a resident's "behind the library"
  is still a report worth taking). A geocoder that cannot answer refuses the submission under
  `address_string` (nothing is stored), so the resident can mark the spot on a map instead;
- located anywhere outside every jurisdiction boundary → refused under `location`. With no
  jurisdiction loaded, any valid coordinates are accepted.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from civicdesk.geo.cells import cell_for
from civicdesk.geo.geocoding import Geocoder, GeocoderUnavailableError, get_geocoder
from civicdesk.geo.models import AddressPoint
from civicdesk.geo.spatial import BoundaryIndex, Placement, boundary_index

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResolvedLocation:
    latitude: float | None
    longitude: float | None
    address: str
    address_id: str
    zip_code: str
    district: str = ""
    areas: dict[str, str] = field(default_factory=dict)
    h3_cell: int | None = None
    # How the point was found: given, address_id, geocoded, not_found (address kept as typed).
    source: str = "given"
    score: float | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class _Draft:
    latitude: float | None
    longitude: float | None
    address: str
    address_id: str
    zip_code: str
    source: str = "given"
    score: float | None = None


def _locate_by_address_id(draft: _Draft) -> bool:
    point = AddressPoint.objects.filter(address_id=draft.address_id).first()
    if point is None:
        return False
    draft.latitude, draft.longitude, draft.source = point.latitude, point.longitude, "address_id"
    draft.address = draft.address or point.label
    draft.zip_code = draft.zip_code or point.zip_code
    return True


def _geocode(draft: _Draft, geocoder: Geocoder, errors: dict[str, list[str]]) -> None:
    try:
        candidates = geocoder.geocode(draft.address, zip_code=draft.zip_code, limit=1)
    except GeocoderUnavailableError as error:
        errors["address_string"] = [
            _(
                "We could not look up this address just now (%(reason)s). "
                "Please mark the spot on the map, or try again in a few minutes."
            )
            % {"reason": error.message}
        ]
        return
    best = candidates[0] if candidates else None
    if best is None or best.score < settings.CIVICDESK["GEOCODER_MIN_SCORE"]:
        draft.source = "not_found"
        return
    draft.latitude, draft.longitude = best.latitude, best.longitude
    draft.source, draft.score = "geocoded", best.score
    if best.match == "exact":
        draft.address = best.address
    draft.address_id = draft.address_id or best.address_id
    draft.zip_code = draft.zip_code or best.zip_code


def _reverse_geocode(
    draft: _Draft, geocoder: Geocoder, *, latitude: float, longitude: float
) -> None:
    try:
        nearest = geocoder.reverse(latitude=latitude, longitude=longitude)
    except GeocoderUnavailableError as error:
        logger.warning("Reverse geocoding failed; keeping the point without an address: %s", error)
        return
    if nearest is not None:
        draft.address = nearest.address
        draft.address_id = draft.address_id or nearest.address_id
        draft.zip_code = draft.zip_code or nearest.zip_code


def location_resolve(
    *,
    latitude: float | None,
    longitude: float | None,
    address: str,
    address_id: str,
    zip_code: str,
    geocoder: Geocoder | None = None,
    boundaries: BoundaryIndex | None = None,
    placements: Mapping[tuple[float, float], Placement] | None = None,
) -> tuple[ResolvedLocation, dict[str, list[str]]]:
    """The completed location and the problems found (empty when it is acceptable).

    A caller placing many locations at once (the history import) passes the `boundaries` it
    read once, and may pass `placements` it worked out with them beforehand, by (longitude,
    latitude) (`BoundaryIndex.place_many`); otherwise the process's current index is used."""
    errors: dict[str, list[str]] = {}
    geocoder = geocoder or get_geocoder()
    draft = _Draft(latitude, longitude, address, address_id, zip_code)
    if draft.latitude is None or draft.longitude is None:
        if draft.address_id and _locate_by_address_id(draft):
            pass
        elif draft.address:
            _geocode(draft, geocoder, errors)
        elif draft.address_id:
            errors["address_id"] = [
                _("We do not know the address id “%(id)s”.") % {"id": draft.address_id}
            ]
    elif not draft.address:
        _reverse_geocode(draft, geocoder, latitude=draft.latitude, longitude=draft.longitude)
    if draft.latitude is None or draft.longitude is None:
        return (
            ResolvedLocation(
                latitude=None,
                longitude=None,
                address=draft.address,
                address_id=draft.address_id,
                zip_code=draft.zip_code,
                source=draft.source,
            ),
            errors,
        )
    placement = placements.get((draft.longitude, draft.latitude)) if placements else None
    if placement is None:
        if boundaries is None:
            boundaries = boundary_index()
        placement = boundaries.place(longitude=draft.longitude, latitude=draft.latitude)
    if placement.is_inside_jurisdiction is False:
        errors["location"] = [
            _(
                "This place is outside %(city)s, so the city cannot take the request. "
                "Check the address or the spot on the map."
            )
            % {"city": settings.CIVICDESK["CITY_NAME"]}
        ]
    return (
        ResolvedLocation(
            latitude=draft.latitude,
            longitude=draft.longitude,
            address=draft.address[:300],
            address_id=draft.address_id[:100],
            zip_code=draft.zip_code[:20],
            district=placement.district,
            areas=placement.areas,
            h3_cell=cell_for(latitude=draft.latitude, longitude=draft.longitude),
            source=draft.source,
            score=draft.score,
        ),
        errors,
    )
