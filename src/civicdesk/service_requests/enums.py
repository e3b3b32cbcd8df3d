from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """The internal workflow. `workflow.py` says which moves are allowed."""

    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CLOSED_DUPLICATE = "closed_duplicate", _("Closed as duplicate")
    CANCELLED = "cancelled", _("Cancelled")
    REFERRED = "referred", _("Referred elsewhere")


class Open311Status(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class EventType(models.TextChoices):
    """What a timeline event records. Later features add their own types here."""

    CREATED = "service_request.created", _("Request received")
    STATUS_CHANGED = "service_request.status_changed", _("Status changed")
    NOTE_ADDED = "service_request.note_added", _("Note added")
    ROUTED = "service_request.routed", _("Routed")
    ASSIGNED = "service_request.assigned", _("Assigned")
    SERVICE_CHANGED = "service_request.service_changed", _("Service changed")
    MERGED = "service_request.merged", _("Duplicates merged in")
    ESCALATED = "service_request.escalated", _("Escalated")
    SURVEY_ANSWERED = "service_request.survey_answered", _("Survey answered")
