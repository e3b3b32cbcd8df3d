"""Which CivicDesk service each of an export's request types becomes.

A mapping file (TOML) says it explicitly; what it leaves out is matched to an existing service
by code or name; what still has no match becomes a new, inactive service ("history only") in
the department the export names, so nothing is lost and nothing new appears to residents until
an administrator decides. docs/import.md shows a complete mapping file:

    source = "boston-311"              # recorded on every imported request
    [services]
    "Request for Pothole Repair" = "POTHOLE"
    [departments]
    "Public Works Department" = "public-works"
    [unknown]
    create = true                      # false: unmapped types are bad rows instead
    department = "public-works"        # for new services whose department the export omits
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils.text import slugify

from civicdesk.catalog.models import Department, Service
from civicdesk.catalog.selectors import catalog_version_bump
from civicdesk.reporting.imports.records import HistoricalRecord, RowError

IMPORTED_GROUP = "Imported"


class MappingError(ValueError):
    """The mapping file is unreadable or names what does not exist."""


@dataclass
class ServiceMapping:
    source: str = ""
    services: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    create_unknown: bool = True
    default_department: str = ""

    @classmethod
    def from_file(cls, path: Path) -> ServiceMapping:
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise MappingError(f"The mapping file {path} cannot be read: {error}") from error
        unknown = data.get("unknown", {})
        return cls(
            source=str(data.get("source", "")),
            services={str(k).casefold(): str(v) for k, v in data.get("services", {}).items()},
            departments={str(k).casefold(): str(v) for k, v in data.get("departments", {}).items()},
            create_unknown=bool(unknown.get("create", True)),
            default_department=str(unknown.get("department", "")),
        )


class ServiceResolver:
    """Finds or makes the service of each record, remembering its answers for the run."""

    def __init__(self, mapping: ServiceMapping, *, source: str) -> None:
        self.mapping = mapping
        self.source = source
        self._services: dict[str, Service] = {}
        self._departments: dict[str, Department] = {}
        self.created_services: list[Service] = []
        self.created_departments: list[Department] = []
        # Every spelling an existing service's code or name might match case-insensitively:
        # a type that meets none of them is new, and needs no look-up in the database.
        self._spellings: set[str] = set()
        for code, name in Service.objects.values_list("code", "name"):
            self._spellings.update(_spellings(code), _spellings(name))
        for name, code in mapping.services.items():
            service = (
                Service.objects.select_related("sla_policy__calendar").filter(code=code).first()
            )
            if service is None:
                raise MappingError(
                    f"The mapping sends “{name}” to service “{code}”, which does not exist."
                )
            self._services[name] = service
        for code in {*mapping.departments.values(), mapping.default_department} - {""}:
            if not Department.objects.filter(code=code).exists():
                raise MappingError(f"The mapping names department “{code}”, which does not exist.")

    def service_for(self, record: HistoricalRecord) -> Service:
        key = record.service_name.casefold()
        service = self._services.get(key)
        if service is not None:
            return service
        service = None
        if not self._spellings.isdisjoint(_spellings(record.service_name)):
            service = _existing_service(record.service_name)
        if service is None:
            if not self.mapping.create_unknown:
                raise RowError(
                    f"“{record.service_name}” is not a service here; map it in the mapping file."
                )
            service = self._create_service(record)
        self._services[key] = service
        return service

    def _department_for(self, record: HistoricalRecord) -> Department:
        name = record.department_name or ""
        key = name.casefold()
        if key in self._departments:
            return self._departments[key]
        code = self.mapping.departments.get(key, "")
        department = Department.objects.filter(code=code).first() if code else None
        if department is None and name:
            department = (
                Department.objects.filter(name__iexact=name).first()
                or Department.objects.filter(code=slugify(name)[:50]).first()
            )
        if department is None and not name and self.mapping.default_department:
            department = Department.objects.get(code=self.mapping.default_department)
        if department is None:
            department = self._create_department(name or f"{self.source} (imported)")
        self._departments[key] = department
        return department

    @transaction.atomic
    def _create_department(self, name: str) -> Department:
        # Called within `_create_service`, under its lock.
        code = _unique_code(slugify(name)[:50] or "imported", Department, 50)
        department = Department(code=code, name=name[:200], description="Created by an import.")
        department.full_clean(validate_unique=False)  # as for services
        department.save()
        self.created_departments.append(department)
        return department

    @transaction.atomic
    def _create_service(self, record: HistoricalRecord) -> Service:
        _lock_creation()
        # Another import running at once may have made it meanwhile.
        existing = _existing_service(record.service_name)
        if existing is not None:
            return existing
        department = self._department_for(record)
        base = slugify(record.service_name).replace("-", "_").upper()[:56] or "SERVICE"
        service = Service(
            code=_unique_code(f"IMP_{base}", Service, 64),
            name=record.service_name[:200],
            group=(record.service_group or IMPORTED_GROUP)[:100],
            description=f"Imported from {self.source}; not offered to residents until activated.",
            department=department,
            is_active=False,
        )
        service.full_clean(validate_unique=False)  # `_unique_code`, under the lock, saw to it
        service.save()
        catalog_version_bump()
        self.created_services.append(service)
        self._spellings.update(_spellings(service.code), _spellings(service.name))
        return service


def _existing_service(name: str) -> Service | None:
    """The service whose code, else whose name, is `name`, ignoring case (the active one
    first, then the oldest). The look-up reads three columns; only a service found is read
    whole, with what the import needs of it."""
    candidates = (
        Service.objects.filter(Q(code__iexact=name) | Q(name__iexact=name))
        .order_by("-is_active", "pk")
        .values_list("pk", "code")
    )
    chosen = None
    spellings = _spellings(name)
    for pk, code in candidates:
        if not spellings.isdisjoint(_spellings(code)):  # the database matched its code
            chosen = pk
            break
        if chosen is None:  # the first whose name matched
            chosen = pk
    if chosen is None:
        return None
    return Service.objects.select_related("sla_policy__calendar", "department").get(pk=chosen)


# Taken by every import before it creates a service or a department, until its transaction ends.
_CREATION_LOCK = "civicdesk.reporting.imports.create"


def _lock_creation() -> None:
    """On PostgreSQL, wait for any other import creating services to commit, so that two
    imports running at once never create the same type twice (each would see only its own). SQLite
    writes one transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_CREATION_LOCK])


def _spellings(text: str) -> set[str]:
    """Folded forms of `text`: two texts the database deems equal ignoring case (`iexact`, on
    PostgreSQL or SQLite) share at least one, so no shared form means no match."""
    return {text.casefold(), text.upper(), text.lower()}


def _unique_code(base: str, model: type[Department] | type[Service], limit: int) -> str:
    code, number = base[:limit], 1
    while model.objects.filter(code=code).exists():
        number += 1
        suffix = f"_{number}"
        code = f"{base[: limit - len(suffix)]}{suffix}"
    return code
