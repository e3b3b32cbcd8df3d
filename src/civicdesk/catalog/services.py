"""Writes to the catalog: importing Open311 service lists and definitions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from civicdesk.accounts.models import User
from civicdesk.accounts.services import audit_log_record
from civicdesk.catalog.enums import AttributeDatatype, ServiceType
from civicdesk.catalog.importing import ImportedDefinition, ImportedService
from civicdesk.catalog.models import Department, Service, ServiceAttribute, ServiceAttributeValue
from civicdesk.core.errors import ApplicationError


class CatalogImportError(ApplicationError):
    code = "invalid_catalog"


@dataclass(frozen=True)
class CatalogImportResult:
    services_created: int
    services_updated: int
    definitions: int


def _check(instance: Service | ServiceAttribute | ServiceAttributeValue, label: str) -> None:
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise CatalogImportError(f"{label}: {'; '.join(error.messages)}") from None


def _service_upsert(item: ImportedService, department: Department) -> bool:
    service = Service.objects.filter(code=item.code).first()
    is_new = service is None
    if service is None:
        service = Service(code=item.code, department=department)
    service.name = item.name[:200]
    service.description = item.description
    service.group = item.group[:100]
    service.keywords = item.keywords[:500]
    service.type = item.type if item.type in ServiceType.values else ServiceType.REALTIME
    service.is_active = True
    _check(service, f"Service {item.code}")
    service.save()
    return is_new


def _definition_replace(definition: ImportedDefinition, department: Department) -> None:
    service = Service.objects.filter(code=definition.service_code).first()
    if service is None:
        service = Service(
            code=definition.service_code, name=definition.service_code, department=department
        )
        _check(service, f"Service {definition.service_code}")
        service.save()
    service.attributes.all().delete()
    for item in definition.attributes:
        if item.datatype not in AttributeDatatype.values:
            raise CatalogImportError(
                f"Attribute {item.code} of {service.code}: unknown datatype “{item.datatype}”."
            )
        attribute = ServiceAttribute(
            service=service,
            code=item.code,
            datatype=item.datatype,
            variable=item.variable,
            required=item.required and item.variable,
            order=item.order,
            description=item.description,
            datatype_description=item.datatype_description[:300],
        )
        _check(attribute, f"Attribute {item.code} of {service.code}")
        attribute.save()
        for position, choice in enumerate(item.values, start=1):
            value = ServiceAttributeValue(
                attribute=attribute, key=choice.key, name=choice.name, order=position
            )
            _check(value, f"Value {choice.key} of {item.code}")
            value.save()
    service.save(update_fields=["updated_at"])


@transaction.atomic
def service_catalog_import(
    *,
    services: Sequence[ImportedService],
    definitions: Sequence[ImportedDefinition],
    department: Department,
    actor: User | None,
    now: datetime,
) -> CatalogImportResult:
    """Create or update services by code and replace the questions of each imported definition.

    All or nothing: a service or attribute the catalog cannot hold rolls the whole import back.
    """
    created = sum(_service_upsert(item, department) for item in services)
    for definition in definitions:
        _definition_replace(definition, department)
    result = CatalogImportResult(
        services_created=created,
        services_updated=len(services) - created,
        definitions=len(definitions),
    )
    audit_log_record(
        actor=actor,
        action="catalog.imported",
        now=now,
        summary=(
            f"{result.services_created} services created, {result.services_updated} updated, "
            f"{result.definitions} definitions"
        ),
    )
    return result


@transaction.atomic
def department_get_or_create(*, code: str, name: str) -> Department:
    department = Department.objects.filter(code=code).first()
    if department is None:
        department = Department(code=code, name=name)
        department.full_clean()
        department.save()
    return department
