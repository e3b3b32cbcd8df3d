from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkOrderStatus(models.TextChoices):
    """A work order's own progress; its requests follow through the lifecycle services."""

    UNSCHEDULED = "unscheduled", _("Not scheduled")
    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_WORK_ORDER_STATUSES = frozenset(
    {WorkOrderStatus.UNSCHEDULED, WorkOrderStatus.SCHEDULED, WorkOrderStatus.IN_PROGRESS}
)
