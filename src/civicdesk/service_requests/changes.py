"""The version of what the public sees of service requests.

Answers built from many requests and kept in memory (the Open311 pages, `open311.pages`) are
kept under this version: any change to a request, its timeline or its photos moves it when the
change commits, and no process serves an answer built before. Saves and deletes move it through
signals (`connect`, from the app's `ready`); writes that skip signals (the escalation sweep, the
history import, queryset updates) call `service_requests_changed()` themselves.

One committed transaction moves it once, however many rows it wrote (`bump_when_committed`).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from civicdesk.core.versions import SharedVersion

_VERSION = SharedVersion("service-requests")


def service_requests_version() -> str:
    """The current version, shared by every process through the cache."""
    return _VERSION.current()


def service_requests_changed() -> None:
    """Say that requests changed: the version moves when the current transaction commits."""
    _VERSION.bump_when_committed()


def _changed(sender: type, **kwargs: Any) -> None:
    service_requests_changed()


def connect() -> None:
    from civicdesk.service_requests.models import (
        ServiceRequest,
        ServiceRequestEvent,
        ServiceRequestMedia,
    )

    for model in (ServiceRequest, ServiceRequestEvent, ServiceRequestMedia):
        name = model.__name__
        post_save.connect(_changed, sender=model, dispatch_uid=f"requests-changed-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"requests-changed-del-{name}")
