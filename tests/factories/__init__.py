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
from tests.factories.crm import (
    ContactAddressFactory,
    ContactFactory,
    ContactIdentityFactory,
    InteractionFactory,
    ServiceCenterFactory,
)

__all__ = [
    "BusinessCalendarFactory",
    "ContactAddressFactory",
    "ContactFactory",
    "ContactIdentityFactory",
    "DepartmentFactory",
    "InteractionFactory",
    "RoleAssignmentFactory",
    "ServiceAttributeFactory",
    "ServiceAttributeValueFactory",
    "ServiceCenterFactory",
    "ServiceFactory",
    "SlaPolicyFactory",
    "UserFactory",
    "WorkingHoursFactory",
    "office_calendar",
    "staff_user",
]
