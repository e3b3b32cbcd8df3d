"""Boundaries (jurisdiction, districts, service areas …), address points and nearby rules.

Geometries are GeoJSON in WGS 84 (longitude, latitude) stored as JSON, so the same tables work on
SQLite and PostgreSQL without a spatial extension; point-in-polygon look-ups run in memory on a
shapely STRtree (`civicdesk.geo.spatial`). Written only by `civicdesk.geo.services`.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.geo.enums import BoundaryKind, GeoDataName


class Boundary(TimeStampedModel):
    """One polygon of a layer: the city limit, council district 3, the north sanitation area."""

    kind = models.CharField(_("kind"), max_length=20, choices=BoundaryKind.choices)
    layer = models.SlugField(
        _("layer"),
        max_length=50,
        help_text=_("The set it belongs to, e.g. “council-districts”; codes are unique per layer."),
    )
    code = models.CharField(_("code"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    geometry = models.JSONField(_("geometry"), help_text=_("GeoJSON Polygon or MultiPolygon."))
    min_longitude = models.FloatField(_("west"), editable=False)
    min_latitude = models.FloatField(_("south"), editable=False)
    max_longitude = models.FloatField(_("east"), editable=False)
    max_latitude = models.FloatField(_("north"), editable=False)
    properties = models.JSONField(_("source attributes"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "layer", "code"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        constraints = [
            models.UniqueConstraint(fields=["layer", "code"], name="boundary_code_unique_in_layer")
        ]
        indexes = [models.Index(fields=["kind", "is_active"], name="boundary_kind_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.layer})"


class AddressPoint(TimeStampedModel):
    """One address of the city's own gazetteer, with the point it stands for."""

    address_id = models.CharField(_("address id"), max_length=100, unique=True)
    house_number = models.CharField(_("house number"), max_length=20)
    number = models.IntegerField(_("numeric house number"), null=True, blank=True, editable=False)
    street = models.CharField(_("street"), max_length=200)
    street_key = models.CharField(
        _("normalised street"), max_length=200, editable=False, db_index=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )

    class Meta:
        ordering = ["street_key", "number", "house_number", "unit"]
        verbose_name = _("address point")
        verbose_name_plural = _("address points")
        indexes = [models.Index(fields=["street_key", "number"], name="address_street_number_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The address as a person writes it: `12 Alder Street, Unit 3, 52840`."""
        parts = [f"{self.house_number} {self.street}".strip()]
        if self.unit:
            parts.append(str(_("Unit %(unit)s") % {"unit": self.unit}))
        if self.zip_code:
            parts.append(self.zip_code)
        return ", ".join(parts)


class NearbyDuplicateRule(models.Model):
    """How far and how far back intake looks for open requests of the same service.

    Services without a rule use the defaults in settings (`GEO_DUPLICATE_RADIUS_METRES`,
    `GEO_DUPLICATE_WINDOW_DAYS`).
    """

    service = models.OneToOneField(
        "catalog.Service",
        on_delete=models.CASCADE,
        related_name="nearby_duplicate_rule",
        verbose_name=_("service"),
    )
    radius_metres = models.PositiveIntegerField(
        _("radius (metres)"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    window_days = models.PositiveIntegerField(
        _("time window (days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        ordering = ["service__code"]
        verbose_name = _("nearby-duplicate rule")
        verbose_name_plural = _("nearby-duplicate rules")

    def __str__(self) -> str:
        return f"{self.service}: {self.radius_metres} m, {self.window_days} d"


class GeoDataVersion(models.Model):
    """A stamp that changes whenever boundaries or address points change.

    Each process keeps its spatial indexes in memory and compares their stamp with this row, so
    an import run by one process (or a command) reaches every web process and worker.
    """

    name = models.CharField(_("data"), max_length=20, primary_key=True, choices=GeoDataName.choices)
    token = models.CharField(_("version"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("geo data version")
        verbose_name_plural = _("geo data versions")

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
