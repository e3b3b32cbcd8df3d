"""Who may see and change residents' records. Roles come from `accounts.permissions`.

- Agents and supervisors use the agent console: they find residents, see their personal data
  and history, log contacts and file requests on their behalf. Administrators may too.
- Department staff and crews see a resident only through a request of their department (the
  requester of work they do); they never search the CRM.
- Merging two records is for supervisors and administrators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from civicdesk.accounts import permissions as accounts_permissions
from civicdesk.accounts.enums import Role

if TYPE_CHECKING:
    from civicdesk.crm.models import Contact
    from civicdesk.service_requests.models import ServiceRequest


def can_use_console(user: Any) -> bool:
    return accounts_permissions.is_administrator(user) or any(
        accounts_permissions.has_role(user, role) for role in (Role.AGENT, Role.SUPERVISOR)
    )


def can_search_contacts(user: Any) -> bool:
    return can_use_console(user)


def can_create_contact(user: Any) -> bool:
    return can_use_console(user)


def can_view_contact(user: Any, contact: Contact) -> bool:
    """Whether `user` may see `contact`'s personal data (names, identities, addresses)."""
    if can_use_console(user):
        return True
    departments = accounts_permissions.department_ids_for(
        user, Role.DEPARTMENT_STAFF, Role.CREW_MEMBER
    )
    if not departments:
        return False
    return contact.service_requests.filter(department_id__in=departments).exists()


def can_change_contact(user: Any, contact: Contact) -> bool:
    return can_use_console(user)


def can_merge_contacts(user: Any) -> bool:
    return accounts_permissions.is_administrator(user) or accounts_permissions.has_role(
        user, Role.SUPERVISOR
    )


def can_log_interaction(user: Any) -> bool:
    return can_use_console(user)


def can_file_service_request_for_contact(user: Any, contact: Contact) -> bool:
    return can_use_console(user) and accounts_permissions.can_file_service_request_for_resident(
        user
    )


def can_view_service_request_status(user: Any, service_request: ServiceRequest) -> bool:
    """Read a request's full timeline in the console to tell a resident where it stands."""
    return can_use_console(user) and accounts_permissions.can_view_service_request(
        user, service_request
    )
