"""Derived data of routing: the version that tells every process to re-read its routing table."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from civicdesk.geo.models import Boundary
from civicdesk.routing.models import Queue, ReferralAgency, RoutingRule, ServiceRoute
from civicdesk.routing.resolve import routing_version_bump

ROUTING_MODELS = (RoutingRule, Queue, ServiceRoute, ReferralAgency, Boundary)


def _routing_changed(sender: type, **kwargs: Any) -> None:
    routing_version_bump()


def connect() -> None:
    for model in ROUTING_MODELS:
        uid = f"routing-{model._meta.label_lower}"
        post_save.connect(_routing_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_routing_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _routing_changed, sender=Queue.supervisors.through, dispatch_uid="routing-supervisors"
    )
