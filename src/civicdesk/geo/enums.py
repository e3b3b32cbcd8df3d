from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BoundaryKind(models.TextChoices):
    """What a boundary is for. The jurisdiction decides which locations the city accepts."""

    JURISDICTION = "jurisdiction", _("Jurisdiction (city limit)")
    DISTRICT = "district", _("District")
    WARD = "ward", _("Ward")
    PRECINCT = "precinct", _("Precinct")
    NEIGHBORHOOD = "neighborhood", _("Neighborhood")
    SERVICE_AREA = "service_area", _("Service area")
    POLICE_DISTRICT = "police_district", _("Police district")
    ZIP_AREA = "zip_area", _("ZIP code area")
    OTHER = "other", _("Other")


# The order in which a location's boundaries are listed (and the first district wins).
KIND_ORDER = {kind.value: position for position, kind in enumerate(BoundaryKind)}


class GeoDataName(models.TextChoices):
    BOUNDARIES = "boundaries", _("Boundaries")
    ADDRESSES = "addresses", _("Address points")
    DUPLICATE_RULES = "duplicate_rules", _("Nearby-duplicate rules")
