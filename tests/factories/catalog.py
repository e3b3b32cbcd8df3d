from __future__ import annotations

from datetime import time

import factory

from civicdesk.catalog.enums import AttributeDatatype, ServiceType, SlaUnit
from civicdesk.catalog.models import (
    BusinessCalendar,
    Department,
    Service,
    ServiceAttribute,
    ServiceAttributeValue,
    SlaPolicy,
    WorkingHours,
)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"department-{n}")
    name = factory.Sequence(lambda n: f"Department {n}")


class BusinessCalendarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessCalendar

    code = factory.Sequence(lambda n: f"calendar-{n}")
    name = factory.Sequence(lambda n: f"Calendar {n}")
    timezone = "America/Chicago"
    holiday_country = "US"


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours

    calendar = factory.SubFactory(BusinessCalendarFactory)
    weekday = 0
    opens_at = time(8, 0)
    closes_at = time(17, 0)


def office_calendar(**kwargs: object) -> BusinessCalendar:
    """Monday to Friday, 08:00-17:00 in America/Chicago, US federal holidays."""
    calendar = BusinessCalendarFactory(**kwargs)
    for weekday in range(5):
        WorkingHoursFactory(calendar=calendar, weekday=weekday)
    return calendar


class SlaPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlaPolicy

    code = factory.Sequence(lambda n: f"sla-{n}")
    name = factory.Sequence(lambda n: f"SLA {n}")
    calendar = factory.LazyFunction(office_calendar)
    target_value = 2
    target_unit = SlaUnit.BUSINESS_DAYS


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"SERVICE_{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A problem residents report."
    group = "Streets"
    type = ServiceType.REALTIME
    department = factory.SubFactory(DepartmentFactory)
    sla_policy = factory.SubFactory(SlaPolicyFactory)
    allows_anonymous = True


class ServiceAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAttribute

    service = factory.SubFactory(ServiceFactory)
    code = factory.Sequence(lambda n: f"question_{n}")
    datatype = AttributeDatatype.STRING
    description = factory.Sequence(lambda n: f"Question {n}?")
    required = False
    variable = True
    order = factory.Sequence(lambda n: n)


class ServiceAttributeValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAttributeValue

    attribute = factory.SubFactory(
        ServiceAttributeFactory, datatype=AttributeDatatype.SINGLEVALUELIST
    )
    key = factory.Sequence(lambda n: f"choice_{n}")
    name = factory.Sequence(lambda n: f"Choice {n}")
    order = factory.Sequence(lambda n: n)
