from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SlaState(models.TextChoices):
    """Where a request (or a contact) stands against its target."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Paused")
    NONE = "none", _("No target")


class EscalationThreshold(models.TextChoices):
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")


class RoutingSource(models.TextChoices):
    """What decided where a request went."""

    RULE = "rule", _("Routing rule")
    SERVICE_DEFAULT = "service_default", _("The service's default")
    DEPARTMENT_DEFAULT = "department_default", _("The department's default queue")
    DEPARTMENT = "department", _("The service's department (no queue)")
