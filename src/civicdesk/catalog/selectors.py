"""Reads of the catalog that several screens and channels share.

Intake reads a service's whole definition (form, department, SLA calendar) for every request, and
the catalog changes a few times a year; so each process keeps the definitions it has read, stamped
with the catalog version held in the shared cache. Any change to a catalog row gives the catalog a
new version (see `catalog.signals`), and every process reads the definitions afresh.
"""

from __future__ import annotations

import threading
import uuid

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from civicdesk.catalog.models import Service, ServiceAttribute

_VERSION_KEY = "catalog:version"
_definitions: dict[str, tuple[str, Service | None]] = {}
_definitions_lock = threading.Lock()


def catalog_version() -> str:
    """The catalog's current version, shared by every process through the cache."""
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(_VERSION_KEY)
    return str(version)


def catalog_version_bump() -> None:
    """Tell every process that the catalog changed. Bulk writes that skip signals call this."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
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
