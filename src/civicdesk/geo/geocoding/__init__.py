"""Geocoding: the interface, the offline address-point geocoder and the Nominatim adapter."""

from civicdesk.geo.geocoding.address_points import AddressPointGeocoder, gazetteer
from civicdesk.geo.geocoding.base import (
    GeocodeCandidate,
    Geocoder,
    GeocoderUnavailableError,
    get_geocoder,
)
from civicdesk.geo.geocoding.nominatim import NominatimGeocoder

__all__ = [
    "AddressPointGeocoder",
    "GeocodeCandidate",
    "Geocoder",
    "GeocoderUnavailableError",
    "NominatimGeocoder",
    "gazetteer",
    "get_geocoder",
]
