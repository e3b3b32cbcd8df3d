"""Reads of the catalog that several screens and channels share.

Intake reads a service's whole definition (form, department, SLA calendar) for every request, and
the catalog changes a few times a year; so each process keeps the definitions it has read, stamped
with the catalog version held in the shared cache. Any change to a catalog row gives the catalog a
new version (see `catalog.signals`), and every process reads the definitions afresh.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from civicdesk.catalog.models import (
    Department,
    DepartmentTranslation,
    Service,
    ServiceAttribute,
    ServiceTranslation,
)
from civicdesk.core.versions import SharedVersion

_VERSION = SharedVersion("catalog")
_definitions: dict[str, tuple[str, Service | None]] = {}
_definitions_lock = threading.Lock()


def catalog_version() -> str:
    """The catalog's current version, shared by every process through the cache."""
    return _VERSION.current()


def catalog_version_bump() -> None:
    """Tell every process that the catalog changed. Bulk writes that skip signals call this."""
    _VERSION.bump()
    with _definitions_lock:
        _definitions.clear()


def service_list_active() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True)
        .select_related("department")
        .order_by("group", "name")
    )


def service_get_for_intake(*, code: str) -> Service | None:
    """An active service with everything intake needs fetched: form, department, SLA calendar.

    The result is shared within the process until the catalog changes: read it, never modify it.
    """
    version = catalog_version()
    known = _definitions.get(code)
    if known is not None and known[0] == version:
        return known[1]
    service = _service_definition_fetch(code=code)
    with _definitions_lock:
        _definitions[code] = (version, service)
    return service


def _service_definition_fetch(*, code: str) -> Service | None:
    return (
        Service.objects.filter(is_active=True, code=code)
        .select_related("department", "sla_policy__calendar")
        .prefetch_related(
            Prefetch(
                "attributes",
                queryset=ServiceAttribute.objects.filter(is_active=True).prefetch_related("values"),
                to_attr="active_attributes",
            ),
            "sla_policy__calendar__working_hours",
            "sla_policy__calendar__closures",
        )
        .first()
    )


# --- Services in the resident's language ---------------------------------------------------------


@dataclass(frozen=True)
class LocalizedValue:
    key: str
    name: str


@dataclass(frozen=True)
class LocalizedAttribute:
    """One question of a service's form, worded in the requested language."""

    code: str
    datatype: str
    is_variable: bool
    is_required: bool
    description: str
    datatype_description: str
    values: tuple[LocalizedValue, ...]


@dataclass(frozen=True)
class LocalizedService:
    """A service as residents read it in one language (the original where not translated)."""

    code: str
    name: str
    group: str
    description: str
    keywords: tuple[str, ...]
    allows_anonymous: bool
    department_name: str
    language: str

    @property
    def search_text(self) -> str:
        return " ".join((self.name, self.group, *self.keywords)).casefold()


def _translation_for(service: Service, language: str) -> ServiceTranslation | None:
    for translation in service.translations.all():
        if translation.language == language:
            return translation
    return None


def _localize(service: Service, language: str) -> LocalizedService:
    translation = _translation_for(service, language)
    keywords = service.keyword_list
    if translation is not None and translation.keywords.strip():
        keywords = [word.strip() for word in translation.keywords.split(",") if word.strip()]
    return LocalizedService(
        code=service.code,
        name=(translation.name if translation and translation.name else service.name),
        group=(translation.group if translation and translation.group else service.group),
        description=(
            translation.description
            if translation and translation.description
            else service.description
        ),
        keywords=tuple(keywords),
        allows_anonymous=service.allows_anonymous,
        department_name=service.department.name,
        language=language if translation is not None else "",
    )


def service_name_localized(language: str) -> Coalesce:
    """A service's name in `language` as a query expression, for reading many services' names
    in one query: the catalog's translation where it has a non-blank one, else the service's
    own name (as `_localize` names a service for the resident portal)."""
    return _name_localized(ServiceTranslation.objects.filter(service=OuterRef("pk")), language)


def department_name_localized(language: str) -> Coalesce:
    """A department's name in `language` as a query expression: its non-blank translation, else
    its own name."""
    return _name_localized(
        DepartmentTranslation.objects.filter(department=OuterRef("pk")), language
    )


def _name_localized(translations: QuerySet[Any], language: str) -> Coalesce:
    """The non-blank `name` of the row's translation into `language`, else the row's own."""
    translated = translations.filter(language=language).exclude(name="")
    return Coalesce(Subquery(translated.values("name")[:1]), F("name"))


def department_name_in(*, department: Department, language: str) -> str:
    """One department's name in `language`: its non-blank translation, else its own name."""
    translated = (
        DepartmentTranslation.objects.filter(department=department, language=language)
        .exclude(name="")
        .values_list("name", flat=True)
        .first()
    )
    return translated or department.name


def service_list_localized(*, language: str) -> list[LocalizedService]:
    """Active services in `language`, sorted by group then name as residents read them."""
    services = (
        Service.objects.filter(is_active=True)
        .select_related("department")
        .prefetch_related(
            Prefetch("translations", queryset=ServiceTranslation.objects.filter(language=language))
        )
    )
    localized = [_localize(service, language) for service in services]
    return sorted(localized, key=lambda item: (item.group.casefold(), item.name.casefold()))


def service_get_localized(
    *, code: str, language: str
) -> tuple[LocalizedService, list[LocalizedAttribute]] | None:
    """An active service and its active questions in `language`; None when there is none."""
    service = (
        Service.objects.filter(is_active=True, code=code)
        .select_related("department")
        .prefetch_related(
            Prefetch("translations", queryset=ServiceTranslation.objects.filter(language=language)),
            Prefetch(
                "attributes",
                queryset=ServiceAttribute.objects.filter(is_active=True).prefetch_related("values"),
                to_attr="active_attributes",
            ),
        )
        .first()
    )
    if service is None:
        return None
    translation = _translation_for(service, language)
    texts: dict[str, Any] = translation.attribute_texts if translation is not None else {}
    attributes: list[LocalizedAttribute] = []
    for attribute in service.active_attributes:
        text = texts.get(attribute.code) or {}
        value_names = text.get("values") or {}
        attributes.append(
            LocalizedAttribute(
                code=attribute.code,
                datatype=attribute.datatype,
                is_variable=attribute.variable,
                is_required=attribute.required,
                description=text.get("description") or attribute.description,
                datatype_description=(
                    text.get("datatype_description") or attribute.datatype_description
                ),
                values=tuple(
                    LocalizedValue(key=value.key, name=value_names.get(value.key) or value.name)
                    for value in attribute.values.all()
                ),
            )
        )
    return _localize(service, language), attributes
