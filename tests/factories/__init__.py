"""factory_boy factories for the domain models: `from tests.factories import …`."""

from tests.factories.accounts import RoleAssignmentFactory, UserFactory, staff_user
from tests.factories.catalog import (
    BusinessCalendarFactory,
    DepartmentFactory,
    ServiceAttributeFactory,
    ServiceAttributeValueFactory,
    ServiceFactory,
    SlaPolicyFactory,
    WorkingHoursFactory,
    office_calendar,
)
from tests.factories.crm import ContactFactory, ContactIdentityFactory

__all__ = [
    "BusinessCalendarFactory",
    "ContactFactory",
    "ContactIdentityFactory",
    "DepartmentFactory",
    "RoleAssignmentFactory",
    "ServiceAttributeFactory",
    "ServiceAttributeValueFactory",
    "ServiceFactory",
    "SlaPolicyFactory",
    "UserFactory",
    "WorkingHoursFactory",
    "office_calendar",
    "staff_user",
]
