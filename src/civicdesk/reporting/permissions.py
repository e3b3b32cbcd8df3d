"""Who sees which performance figures. Roles come from `accounts.permissions`.

- The public performance page and the open-data export are for everyone: they hold no personal
  data.
- The internal dashboard is for supervisors and managers. A supervisor sees the departments they
  supervise. **A manager** sees every department: CivicDesk has no separate manager role, so a
  manager is an administrator (or superuser), or a user granted the model permission
  `reporting.view_city_performance` directly or through a group in the admin — a city manager or
  a contact-center lead who should see the whole city without administering it.
- Everyone else (agents, department staff, crew members, engagement coordinators, residents) is
  refused.
"""

from __future__ import annotations

from typing import Any

from civicdesk.accounts import permissions as accounts_permissions
from civicdesk.accounts.enums import Role

CITY_PERFORMANCE_PERMISSION = "reporting.view_city_performance"


def is_manager(user: Any) -> bool:
    """Sees the dashboard for every department."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return accounts_permissions.is_administrator(user) or user.has_perm(CITY_PERFORMANCE_PERMISSION)


def dashboard_department_ids(user: Any) -> frozenset[int] | None:
    """The departments `user` may see on the dashboard: None for all, empty for none."""
    if is_manager(user):
        return None
    return accounts_permissions.department_ids_for(user, Role.SUPERVISOR)


def can_view_dashboard(user: Any) -> bool:
    return dashboard_department_ids(user) != frozenset()
