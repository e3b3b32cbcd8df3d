from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    """Open311's service `type`: how the service answers a new request."""

    REALTIME = "realtime", _("Realtime: the request id is returned at once")
    BATCH = "batch", _("Batch: a token is returned, the id comes later")
    BLACKBOX = "blackbox", _("Blackbox: no status updates are published")


class AttributeDatatype(models.TextChoices):
    """The six Open311 attribute datatypes."""

    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLEVALUELIST = "singlevaluelist", _("Pick one")
    MULTIVALUELIST = "multivaluelist", _("Pick one or more")

    @property
    def has_values(self) -> bool:
        return self in {AttributeDatatype.SINGLEVALUELIST, AttributeDatatype.MULTIVALUELIST}


class SlaUnit(models.TextChoices):
    BUSINESS_HOURS = "business_hours", _("business hours")
    BUSINESS_DAYS = "business_days", _("business days")
    CALENDAR_HOURS = "calendar_hours", _("calendar hours")
    CALENDAR_DAYS = "calendar_days", _("calendar days")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
