"""Where a request goes: rules by position, then the service's default, then the department's.

`routing_resolve` reads and never writes. Intake calls it once the location is known; changing
a request's service calls it again. The admin's "which queue would this go to?" page calls it
with what an administrator types.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from civicdesk.catalog.models import Department, Service
from civicdesk.catalog.selectors import catalog_version
from civicdesk.core.versions import SharedVersion
from civicdesk.routing.enums import RoutingSource
from civicdesk.routing.models import Queue, ReferralAgency, RoutingRule, ServiceRoute
from civicdesk.service_requests.enums import Priority


@dataclass(frozen=True)
class Route:
    """The outcome: the department and queue (if any) that own the request, and its priority."""

    department: Department
    queue: Queue | None
    priority: Priority
    source: RoutingSource
    rule: RoutingRule | None = None
    refer_to: ReferralAgency | None = None

    @property
    def is_referral(self) -> bool:
        return self.refer_to is not None

    def as_data(self) -> dict[str, Any]:
        """What the timeline records about the decision."""
        data: dict[str, Any] = {
            "department": self.department.code,
            "queue": self.queue.code if self.queue else "",
            "priority": int(self.priority),
            "source": self.source.value,
        }
        if self.rule is not None:
            data["rule"] = self.rule.pk
        if self.refer_to is not None:
            data["referred_to"] = self.refer_to.code
        return data


def _answer_matches(answer: Any, wanted: str) -> bool:
    if answer is None:
        return False
    if isinstance(answer, list | tuple):
        return any(str(item) == wanted for item in answer)
    if isinstance(answer, bool):
        return wanted.lower() in ({"true", "1", "yes"} if answer else {"false", "0", "no"})
    return str(answer) == wanted


def rule_matches(
    rule: RoutingRule,
    *,
    service: Service,
    areas: Mapping[str, str],
    district: str,
    attributes: Mapping[str, Any],
    channel: str,
) -> bool:
    """Whether every condition the rule sets holds (blank conditions hold for anything)."""
    if rule.service_id is not None and rule.service_id != service.pk:
        return False
    if rule.channel and rule.channel != channel:
        return False
    boundary = rule.boundary
    if boundary is not None:
        in_layer = areas.get(boundary.layer) == boundary.code
        in_district = boundary.kind == "district" and district == boundary.code
        if not (in_layer or in_district):
            return False
    if rule.attribute_code:
        answer = attributes.get(rule.attribute_code)
        if rule.attribute_value:
            return _answer_matches(answer, rule.attribute_value)
        return answer not in (None, "", [], False)
    return True


@dataclass(frozen=True)
class RoutingTable:
    """Everything routing reads, loaded once per process until rules or catalog change."""

    rules: tuple[RoutingRule, ...]
    service_routes: Mapping[int, ServiceRoute]
    default_queues: Mapping[int, Queue]


_VERSION = SharedVersion("routing")
_table: tuple[tuple[str, str], RoutingTable] | None = None
_table_lock = threading.Lock()


def routing_version() -> str:
    return _VERSION.current()


def routing_version_bump() -> None:
    """Tell every process that rules, queues or defaults changed (signals call this)."""
    global _table  # noqa: PLW0603 - the process's one cached table
    _VERSION.bump()
    with _table_lock:
        _table = None


def routing_table() -> RoutingTable:
    """This process's table, current with the database (two version-stamp reads from the shared
    cache when nothing changed). A caller routing many requests at once (the history import)
    reads it once and hands it to each `routing_resolve`."""
    global _table  # noqa: PLW0603 - the process's one cached table
    key = (routing_version(), catalog_version())
    known = _table
    if known is not None and known[0] == key:
        return known[1]
    rules = tuple(
        RoutingRule.objects.filter(is_active=True)
        .select_related("boundary", "queue__department", "department", "refer_to")
        .order_by("position", "pk")
    )
    service_routes: dict[int, ServiceRoute] = {}
    for route in (
        ServiceRoute.objects.filter(queue__is_active=True)
        .select_related("queue__department")
        .order_by("pk")
    ):
        service_routes.setdefault(route.service_id, route)
    default_queues: dict[int, Queue] = {}
    for queue in (
        Queue.objects.filter(is_default=True, is_active=True)
        .select_related("department")
        .order_by("pk")
    ):
        default_queues.setdefault(queue.department_id, queue)
    table = RoutingTable(rules, service_routes, default_queues)
    with _table_lock:
        _table = (key, table)
    return table


def _active_rules(table: RoutingTable, service: Service) -> Iterable[RoutingRule]:
    return (
        rule for rule in table.rules if rule.service_id is None or rule.service_id == service.pk
    )


def routing_resolve(
    *,
    service: Service,
    areas: Mapping[str, str] | None = None,
    district: str = "",
    attributes: Mapping[str, Any] | None = None,
    channel: str = "",
    table: RoutingTable | None = None,
) -> Route:
    """The route of a request with these properties. Always answers: the fallbacks end at the
    service's own department with no queue and normal priority. `table` is the routing table
    to read (`routing_table()`, the current one, when not given)."""
    areas = areas or {}
    attributes = attributes or {}
    if table is None:
        table = routing_table()
    for rule in _active_rules(table, service):
        if not rule_matches(
            rule,
            service=service,
            areas=areas,
            district=district,
            attributes=attributes,
            channel=channel,
        ):
            continue
        if rule.refer_to is not None:
            return Route(
                department=service.department,
                queue=None,
                priority=Priority(rule.priority or Priority.NORMAL),
                source=RoutingSource.RULE,
                rule=rule,
                refer_to=rule.refer_to,
            )
        fallback = _fallback(table, service)
        queue = rule.queue
        if queue is not None and not queue.is_active:
            queue = None
        department = (
            queue.department
            if queue is not None
            else rule.department
            if rule.department is not None
            else fallback.department
        )
        if queue is None:
            queue = (
                fallback.queue
                if fallback.queue is not None and fallback.queue.department_id == department.pk
                else table.default_queues.get(department.pk)
            )
        return Route(
            department=department,
            queue=queue,
            priority=Priority(rule.priority) if rule.priority else fallback.priority,
            source=RoutingSource.RULE,
            rule=rule,
        )
    return _fallback(table, service)


def _fallback(table: RoutingTable, service: Service) -> Route:
    default = table.service_routes.get(service.pk)
    if default is not None:
        return Route(
            department=default.queue.department,
            queue=default.queue,
            priority=Priority(default.priority),
            source=RoutingSource.SERVICE_DEFAULT,
        )
    queue = table.default_queues.get(service.department_id)
    if queue is not None:
        return Route(
            department=service.department,
            queue=queue,
            priority=Priority.NORMAL,
            source=RoutingSource.DEPARTMENT_DEFAULT,
        )
    return Route(
        department=service.department,
        queue=None,
        priority=Priority.NORMAL,
        source=RoutingSource.DEPARTMENT,
    )
