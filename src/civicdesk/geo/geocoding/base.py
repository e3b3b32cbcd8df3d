"""The geocoder interface: a small protocol chosen by the `GEOCODER` dotted-path setting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from civicdesk.core.errors import ApplicationError


@dataclass(frozen=True)
class GeocodeCandidate:
    """One answer: a place, the address that names it, and how sure the geocoder is (0-100)."""

    address: str
    latitude: float
    longitude: float
    score: float
    address_id: str = ""
    zip_code: str = ""
    # How the answer was found: "exact", "interpolated", "nearest_number", "reverse", "external".
    match: str = "exact"


class GeocoderUnavailableError(ApplicationError):
    """The geocoder could not answer (timed out, refused, sent nonsense). Try again later."""

    code = "geocoder_unavailable"


class Geocoder(Protocol):
    def geocode(self, query: str, *, zip_code: str = "", limit: int = 5) -> list[GeocodeCandidate]:
        """Candidates for a typed address, best first; [] when nothing matches."""
        ...

    def reverse(self, *, latitude: float, longitude: float) -> GeocodeCandidate | None:
        """The address nearest to the point, or None when there is none close enough."""
        ...


def get_geocoder() -> Geocoder:
    """A geocoder of the configured class; cheap to make (the data lives in shared indexes)."""
    geocoder_class = import_string(settings.CIVICDESK["GEOCODER"])
    return geocoder_class()
