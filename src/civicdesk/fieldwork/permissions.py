"""Who may use the crew view and act on a work order. Views only ask these.

Crew members (and department staff or supervisors who are on a crew) work the orders of their
own crews, in departments where they hold a role; administrators see every crew's orders.
"""

from __future__ import annotations

from typing import Any

from civicdesk.accounts import permissions
from civicdesk.accounts.enums import Role
from civicdesk.fieldwork.models import Crew, WorkOrder

FIELD_ROLES = (Role.CREW_MEMBER, Role.DEPARTMENT_STAFF, Role.SUPERVISOR)


def field_department_ids(user: Any) -> frozenset[int] | None:
    """Departments whose crews `user` works in; None means every department (administrators)."""
    if permissions.is_administrator(user):
        return None
    return permissions.department_ids_for(user, *FIELD_ROLES)


def can_use_crew_view(user: Any) -> bool:
    departments = field_department_ids(user)
    if departments is None:
        return True
    if not departments:
        return False
    return bool(user.crews.filter(is_active=True, department_id__in=departments).exists())


def can_work_on_work_order(user: Any, work_order: WorkOrder) -> bool:
    """Update status, add notes and photos, record materials and time, complete."""
    departments = field_department_ids(user)
    if departments is None:
        return True
    if work_order.department_id not in departments or work_order.crew_id is None:
        return False
    return bool(user.crews.filter(pk=work_order.crew_id, is_active=True).exists())


def can_manage_work_orders(user: Any) -> bool:
    """Create and schedule work orders (in the admin): supervisors and administrators."""
    return permissions.is_administrator(user) or permissions.has_role(user, Role.SUPERVISOR)


def can_send_to_crew(user: Any, crew: Crew) -> bool:
    """Send requests to `crew` from the department queue (/work/): the staff and supervisors of
    the crew's department, and administrators. Each request must be one they may work too
    (`accounts.permissions.can_work_service_request`) and of the crew's department."""
    departments = permissions.work_department_ids(user)
    return departments is None or crew.department_id in departments
