"""Who may do what. Every view, API and admin page asks these functions; none decides alone.

Roles come from `RoleAssignment` rows. Department-scoped roles (department staff, supervisor,
crew member) grant access only to their department's services and requests. A superuser and an
administrator may do everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from civicdesk.accounts.enums import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from civicdesk.accounts.models import User
    from civicdesk.catalog.models import Service
    from civicdesk.routing.models import Queue
    from civicdesk.service_requests.models import ServiceRequest

    AnyUser = User | AnonymousUser

_CACHE_ATTRIBUTE = "_civicdesk_roles"

# Django model permissions (for the admin) that each city-wide or departmental role carries.
# Administrators hold every permission of the apps below.
ADMINISTRATOR_APPS = frozenset(
    {"accounts", "catalog", "crm", "service_requests", "notifications", "django_tasks_db", "geo"}
)
SUPERVISOR_PERMISSIONS = frozenset(
    {
        "catalog.view_department",
        "catalog.view_service",
        "catalog.change_service",
        "catalog.view_serviceattribute",
        "catalog.add_serviceattribute",
        "catalog.change_serviceattribute",
        "catalog.delete_serviceattribute",
        "catalog.view_serviceattributevalue",
        "catalog.add_serviceattributevalue",
        "catalog.change_serviceattributevalue",
        "catalog.delete_serviceattributevalue",
        "catalog.view_slapolicy",
        "catalog.view_businesscalendar",
    }
)


def user_roles(user: Any) -> frozenset[tuple[str, int | None]]:
    """The (role, department id) pairs of an active user, read once per request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached: frozenset[tuple[str, int | None]] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(user.role_assignments.values_list("role", "department_id"))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_cached_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(user: Any, role: Role, *, department_id: int | None = None) -> bool:
    """Whether `user` holds `role` (in `department_id`, when given)."""
    roles = user_roles(user)
    if department_id is None:
        return any(held == role for held, _department in roles)
    return (role.value, department_id) in roles


def is_administrator(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser) or has_role(user, Role.ADMINISTRATOR)


def department_ids_for(user: Any, *roles: Role) -> frozenset[int]:
    """Departments in which `user` holds any of `roles`."""
    wanted = {role.value for role in roles}
    return frozenset(
        department for role, department in user_roles(user) if role in wanted and department
    )


def can_use_admin(user: Any) -> bool:
    return is_administrator(user) or has_role(user, Role.SUPERVISOR)


def can_manage_catalog(user: Any) -> bool:
    """Create departments, services, SLA policies and calendars; manage users and keys."""
    return is_administrator(user)


def can_change_service(user: Any, service: Service) -> bool:
    if is_administrator(user):
        return True
    return service.department_id in department_ids_for(user, Role.SUPERVISOR)


def can_view_service_request(user: Any, service_request: ServiceRequest) -> bool:
    if is_administrator(user) or has_role(user, Role.AGENT):
        return True
    departments = department_ids_for(user, Role.DEPARTMENT_STAFF, Role.SUPERVISOR, Role.CREW_MEMBER)
    return service_request.department_id in departments


def can_change_service_request_status(user: Any, service_request: ServiceRequest) -> bool:
    if is_administrator(user):
        return True
    departments = department_ids_for(user, Role.DEPARTMENT_STAFF, Role.SUPERVISOR)
    return service_request.department_id in departments


def can_file_service_request_for_resident(user: Any) -> bool:
    """Agents file on a caller's behalf; department staff file what they find in the field."""
    return is_administrator(user) or any(
        has_role(user, role)
        for role in (Role.AGENT, Role.DEPARTMENT_STAFF, Role.SUPERVISOR, Role.CREW_MEMBER)
    )


# --- Department queues at /work/ (civicdesk.routing) ---------------------------------------------


def work_department_ids(user: Any) -> frozenset[int] | None:
    """Departments whose queues `user` works at /work/; None means every department."""
    if is_administrator(user):
        return None
    return department_ids_for(user, Role.DEPARTMENT_STAFF, Role.SUPERVISOR)


def can_use_work_queues(user: Any) -> bool:
    """Department staff, supervisors and administrators use /work/."""
    departments = work_department_ids(user)
    return departments is None or bool(departments)


def can_view_queue(user: Any, queue: Queue) -> bool:
    departments = work_department_ids(user)
    return departments is None or queue.department_id in departments


def can_work_service_request(user: Any, service_request: ServiceRequest) -> bool:
    """Open a request at /work/ and act on it: acknowledge, assign, notes, hold, status, merge."""
    departments = work_department_ids(user)
    return departments is None or service_request.department_id in departments


def can_change_service_request_service(user: Any, service_request: ServiceRequest) -> bool:
    """Reclassify a request, which may send it to another department."""
    return can_work_service_request(user, service_request)


def can_manage_routing(user: Any) -> bool:
    """Edit queues, routing rules, service defaults, referral agencies, contact-center SLAs."""
    return is_administrator(user)


def can_try_routing(user: Any) -> bool:
    """Use the "which queue would this go to?" tester."""
    return is_administrator(user) or has_role(user, Role.SUPERVISOR)


def role_permissions(user: Any) -> frozenset[str]:
    """The Django model permissions (`app_label.codename`) that `user`'s roles carry."""
    if has_role(user, Role.SUPERVISOR):
        return SUPERVISOR_PERMISSIONS
    return frozenset()
