from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a staff member does. Department-scoped roles need a department; the rest must not."""

    AGENT = "agent", _("Contact-center agent")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    CREW_MEMBER = "crew_member", _("Crew member")
    ENGAGEMENT_COORDINATOR = "engagement_coordinator", _("Engagement coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")

    @property
    def is_department_scoped(self) -> bool:
        return self in DEPARTMENT_SCOPED_ROLES


DEPARTMENT_SCOPED_ROLES = frozenset({Role.DEPARTMENT_STAFF, Role.SUPERVISOR, Role.CREW_MEMBER})
