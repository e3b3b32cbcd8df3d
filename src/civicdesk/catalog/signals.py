"""Derived data of the catalog: the version that tells every process to re-read definitions."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from civicdesk.catalog import models
from civicdesk.catalog.selectors import catalog_version_bump

CATALOG_MODELS = (
    models.Department,
    models.DepartmentTranslation,
    models.BusinessCalendar,
    models.WorkingHours,
    models.CalendarClosure,
    models.SlaPolicy,
    models.Service,
    models.ServiceAttribute,
    models.ServiceAttributeValue,
    models.ServiceTranslation,
)


def _catalog_changed(sender: type, **kwargs: Any) -> None:
    catalog_version_bump()


def connect() -> None:
    for model in CATALOG_MODELS:
        post_save.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-{model.__name__}")
        post_delete.connect(
            _catalog_changed, sender=model, dispatch_uid=f"catalog-del-{model.__name__}"
        )
