"""Who may do what with surveys. Roles come from `accounts.permissions`.

- Administrators set up surveys and read every response.
- Supervisors read the responses about their departments' requests (in the admin).
- Agents and supervisors see a resident's surveys in the agent console's history
  (`crm.permissions.can_view_contact`).
- Residents answer through the token in their invitation; nobody signs in for that.
"""

from __future__ import annotations

from typing import Any

from civicdesk.accounts import permissions as accounts_permissions
from civicdesk.accounts.enums import Role


def can_manage_surveys(user: Any) -> bool:
    return accounts_permissions.is_administrator(user)


def survey_response_department_ids(user: Any) -> frozenset[int] | None:
    """The departments whose responses `user` may read: None for all, empty for none."""
    if accounts_permissions.is_administrator(user):
        return None
    return accounts_permissions.department_ids_for(user, Role.SUPERVISOR)


def can_view_survey_responses(user: Any) -> bool:
    departments = survey_response_department_ids(user)
    return departments is None or bool(departments)
