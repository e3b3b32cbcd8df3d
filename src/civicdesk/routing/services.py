"""Escalation of SLA clocks, and the contact center's first-response clocks.

`sla_escalations_sweep` is the periodic task's body (`civicdesk escalate`, or the
`sla_escalations_sweep_task` that `civicdesk scheduler` queues every minute). For each threshold
a request (or an e-mail/chat contact) crosses — at risk, then breached — it fires **once**: the
row's escalation marker is claimed in the same UPDATE that raises its priority, and only rows
whose marker was still empty get a timeline event and a line in the supervisors' digest. Running
the sweep twice, or two sweeps at once, escalates nothing twice (rows are claimed under
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has a single writer).

A request that crosses both thresholds between two sweeps gets one escalation, the breach.
On PostgreSQL each batch is one statement (claim, raise, write the events); elsewhere the same
steps go through the ORM.
Each escalation event also goes to the webhook subscriptions that want
`service_request.escalated`: their deliveries are bulk-written in the batch's transaction
(`notifications.webhooks.webhook_deliveries_create_many`), so they too exist exactly once per
threshold, and are sent after the commit.
Paused clocks (requests on hold) are never escalated; closed requests neither.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Least

from civicdesk.accounts.models import User
from civicdesk.crm.models import Interaction
from civicdesk.notifications.webhooks import webhook_deliveries_create_many
from civicdesk.routing.enums import EscalationThreshold
from civicdesk.routing.models import ChannelSla, InteractionSla
from civicdesk.routing.sla import sla_times
from civicdesk.service_requests.changes import service_requests_changed
from civicdesk.service_requests.enums import EventType, Priority
from civicdesk.service_requests.models import (
    SR_OPEN_STATUS_VALUES,
    ServiceRequest,
    ServiceRequestEvent,
)

logger = logging.getLogger(__name__)

SWEEP_BATCH_SIZE = 5000
# Where a sweep's batches have got to: the threshold time and id of the last row escalated.
Cursor = tuple[datetime, int] | None
# A digest lists at most this many request numbers; the count says how many there were.
DIGEST_LIST_LIMIT = 100


@dataclass
class SweepResult:
    at_risk: int = 0
    breached: int = 0
    contacts_at_risk: int = 0
    contacts_breached: int = 0
    # (queue id or None, department id, threshold) → request numbers, for the digests.
    digests: dict[tuple[int | None, int, str], list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @property
    def total(self) -> int:
        return self.at_risk + self.breached + self.contacts_at_risk + self.contacts_breached


def _claim_batch(
    *, threshold: EscalationThreshold, now: datetime, batch_size: int
) -> list[dict[str, Any]]:
    """Lock up to `batch_size` open, running requests past `threshold` and not yet escalated
    for it; return their ids, numbers, priorities and queues."""
    open_running = ServiceRequest.objects.filter(
        status__in=SR_OPEN_STATUS_VALUES, sla_paused_at__isnull=True
    )
    if threshold == EscalationThreshold.BREACHED:
        due = open_running.filter(sla_breach_escalated_at__isnull=True, sla_due_at__lte=now)
        order = "sla_due_at"
    else:
        due = open_running.filter(sla_at_risk_escalated_at__isnull=True, sla_at_risk_at__lte=now)
        order = "sla_at_risk_at"
    ids = list(
        due.order_by(order)
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)[:batch_size]
    )
    if not ids:
        return []
    return [
        dict(row)
        for row in ServiceRequest.objects.filter(pk__in=ids).values(
            "pk", "public_id", "priority", "queue_id", "department_id", "sla_due_at"
        )
    ]


def _escalate_batch(
    *,
    threshold: EscalationThreshold,
    now: datetime,
    batch_size: int,
    result: SweepResult,
    after: Cursor,
) -> tuple[int, Cursor]:
    """Escalate one batch through the ORM. (SQLite's single writer leaves no dead index
    entries for the next batch to walk over, so every batch starts from the beginning.)"""
    with transaction.atomic():
        rows = _claim_batch(threshold=threshold, now=now, batch_size=batch_size)
        if not rows:
            return 0, None
        ids = [row["pk"] for row in rows]
        raised = Least(F("priority") + 1, Value(int(Priority.URGENT)))
        if threshold == EscalationThreshold.BREACHED:
            ServiceRequest.objects.filter(pk__in=ids).update(
                sla_breach_escalated_at=now,
                # Past due supersedes at risk: one escalation, not two.
                sla_at_risk_escalated_at=Coalesce(F("sla_at_risk_escalated_at"), Value(now)),
                priority=raised,
                updated_at=now,
            )
        else:
            ServiceRequest.objects.filter(pk__in=ids).update(
                sla_at_risk_escalated_at=now, priority=raised, updated_at=now
            )
        events = []
        for row in rows:
            priority = int(row["priority"])
            due_at = row["sla_due_at"]
            events.append(
                ServiceRequestEvent(
                    service_request_id=row["pk"],
                    event_type=EventType.ESCALATED,
                    occurred_at=now,
                    is_public=False,
                    data={
                        "threshold": threshold.value,
                        "priority_from": priority,
                        "priority_to": min(priority + 1, int(Priority.URGENT)),
                        "due_at": due_at.isoformat() if isinstance(due_at, datetime) else None,
                    },
                )
            )
            key = (row["queue_id"], row["department_id"], threshold.value)
            result.digests[key].append(str(row["public_id"]))
        written = ServiceRequestEvent.objects.bulk_create(events, batch_size=1000)
        service_requests_changed()  # the updates and bulk_create send no signals
        webhook_deliveries_create_many(
            event_type=EventType.ESCALATED, event_ids=[event.pk for event in written]
        )
    return len(rows), None


def _escalate_batch_postgres(
    *,
    threshold: EscalationThreshold,
    now: datetime,
    batch_size: int,
    result: SweepResult,
    after: Cursor,
) -> tuple[int, Cursor]:
    """The same as `_escalate_batch`, in one statement: PostgreSQL claims the rows, raises
    their priority and writes their events without a round trip per step (the sweep of 200k
    open requests must stay well under 30 s)."""
    quote = connection.ops.quote_name
    requests = quote(ServiceRequest._meta.db_table)
    events = quote(ServiceRequestEvent._meta.db_table)
    if threshold == EscalationThreshold.BREACHED:
        marker, moment = "sla_breach_escalated_at", "sla_due_at"
        also = ', "sla_at_risk_escalated_at" = COALESCE(r."sla_at_risk_escalated_at", %(now)s)'
    else:
        marker, moment, also = "sla_at_risk_escalated_at", "sla_at_risk_at", ""
    statuses = ", ".join(f"%(status_{n})s" for n in range(len(SR_OPEN_STATUS_VALUES)))
    # Each batch starts where the last one stopped (keyset), so it does not walk again over
    # the index entries of the rows just escalated: until vacuum they are dead entries that
    # every scan from the start would visit, making a large sweep quadratic.
    resume = (
        f'AND "{moment}" >= %(after_moment)s AND ("{moment}", "id") > (%(after_moment)s, '
        "%(after_id)s)"
        if after is not None
        else ""
    )
    sql = f"""
        WITH claimed AS (
            SELECT "id", "priority" FROM {requests}
            WHERE "status" IN ({statuses}) AND "sla_paused_at" IS NULL
              AND "{marker}" IS NULL AND "{moment}" <= %(now)s {resume}
            ORDER BY "{moment}", "id" LIMIT %(limit)s
            FOR UPDATE SKIP LOCKED
        ), updated AS (
            UPDATE {requests} AS r
            SET "{marker}" = %(now)s, "priority" = LEAST(r."priority" + 1, %(urgent)s),
                "updated_at" = %(now)s{also}
            FROM claimed WHERE r."id" = claimed."id"
            RETURNING r."id", r."public_id", r."queue_id", r."department_id", r."sla_due_at",
                      r."{moment}" AS "moment",
                      claimed."priority" AS "priority_from", r."priority" AS "priority_to"
        ), written AS (
            INSERT INTO {events} ("service_request_id", "event_type", "occurred_at",
                "actor_id", "channel", "is_public", "from_status", "to_status", "note", "data")
            SELECT "id", %(event_type)s, %(now)s, NULL, '', FALSE, '', '', '',
                jsonb_build_object('threshold', %(threshold)s::text,
                    'priority_from', "priority_from", 'priority_to', "priority_to",
                    'due_at', "sla_due_at")
            FROM updated ORDER BY "id"
            RETURNING "id", "service_request_id"
        )
        SELECT updated."queue_id", updated."department_id", updated."public_id", written."id",
               updated."moment", updated."id"
        FROM updated JOIN written ON written."service_request_id" = updated."id"
    """  # noqa: S608 - table and column names come from the models, values are parameters
    parameters: dict[str, Any] = {
        "now": now,
        "limit": batch_size,
        "urgent": int(Priority.URGENT),
        "event_type": EventType.ESCALATED.value,
        "threshold": threshold.value,
        **{f"status_{n}": status for n, status in enumerate(SR_OPEN_STATUS_VALUES)},
    }
    if after is not None:
        parameters["after_moment"], parameters["after_id"] = after
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            rows = cursor.fetchall()
        if rows:
            service_requests_changed()
        webhook_deliveries_create_many(
            event_type=EventType.ESCALATED, event_ids=[row[3] for row in rows]
        )
    for queue_id, department_id, public_id, _event_id, _moment, _id in rows:
        result.digests[(queue_id, department_id, threshold.value)].append(public_id)
    last = max(((row[4], row[5]) for row in rows), default=after)
    return len(rows), last


def _escalate_contacts(*, threshold: EscalationThreshold, now: datetime) -> list[InteractionSla]:
    with transaction.atomic():
        waiting = InteractionSla.objects.filter(first_response_at__isnull=True)
        if threshold == EscalationThreshold.BREACHED:
            waiting = waiting.filter(breach_escalated_at__isnull=True, due_at__lte=now)
        else:
            waiting = waiting.filter(at_risk_escalated_at__isnull=True, at_risk_at__lte=now)
        clocks = list(waiting.select_for_update(skip_locked=True).order_by("due_at")[:1000])
        ids = [clock.pk for clock in clocks]
        if threshold == EscalationThreshold.BREACHED:
            InteractionSla.objects.filter(pk__in=ids).update(
                breach_escalated_at=now,
                at_risk_escalated_at=Coalesce(F("at_risk_escalated_at"), Value(now)),
            )
        else:
            InteractionSla.objects.filter(pk__in=ids).update(at_risk_escalated_at=now)
    return clocks


def sla_escalations_sweep(*, now: datetime, batch_size: int = SWEEP_BATCH_SIZE) -> SweepResult:
    """Escalate every open request and waiting contact that crossed a threshold, once each;
    queue the supervisors' digests after each commit."""
    result = SweepResult()
    for threshold in (EscalationThreshold.BREACHED, EscalationThreshold.AT_RISK):
        escalate = (
            _escalate_batch_postgres if connection.vendor == "postgresql" else _escalate_batch
        )
        after: Cursor = None
        while True:
            count, after = escalate(
                threshold=threshold, now=now, batch_size=batch_size, result=result, after=after
            )
            if threshold == EscalationThreshold.BREACHED:
                result.breached += count
            else:
                result.at_risk += count
            if count < batch_size:
                break
        contacts = _escalate_contacts(threshold=threshold, now=now)
        if threshold == EscalationThreshold.BREACHED:
            result.contacts_breached += len(contacts)
        else:
            result.contacts_at_risk += len(contacts)
        _queue_contact_digest(contacts, threshold)
    _queue_request_digests(result)
    if result.total:
        logger.info(
            "SLA sweep: %d at risk, %d breached, %d contacts at risk, %d contacts late",
            result.at_risk,
            result.breached,
            result.contacts_at_risk,
            result.contacts_breached,
        )
    return result


def _queue_request_digests(result: SweepResult) -> None:
    from civicdesk.routing.tasks import escalation_digest_send

    for (queue_id, department_id, threshold), public_ids in result.digests.items():
        arguments: dict[str, Any] = {
            "queue_id": queue_id,
            "department_id": department_id,
            "threshold": threshold,
            "count": len(public_ids),
            "public_ids": public_ids[:DIGEST_LIST_LIMIT],
        }
        transaction.on_commit(partial(escalation_digest_send.enqueue, **arguments))


def _queue_contact_digest(clocks: list[InteractionSla], threshold: EscalationThreshold) -> None:
    if not clocks:
        return
    from civicdesk.routing.tasks import contact_escalation_digest_send

    by_channel: dict[str, list[int]] = defaultdict(list)
    for clock in clocks:
        by_channel[clock.channel].append(clock.pk)
    for channel, interaction_ids in by_channel.items():
        arguments: dict[str, Any] = {
            "channel": channel,
            "threshold": threshold.value,
            "interaction_ids": interaction_ids,
        }
        transaction.on_commit(partial(contact_escalation_digest_send.enqueue, **arguments))


# --- The contact center's first-response clocks ------------------------------------------------


def interaction_sla_start(*, interaction: Interaction, now: datetime) -> InteractionSla | None:
    """Start the first-response clock of an incoming contact, if its channel has a target.

    Channel adapters call this when an e-mail or chat arrives (inside their transaction);
    calling it again for the same contact changes nothing.
    """
    target = (
        ChannelSla.objects.filter(channel=interaction.channel)
        .select_related("sla_policy__calendar")
        .first()
    )
    if target is None:
        return None
    times = sla_times(policy=target.sla_policy, start=interaction.started_at)
    if times.due_at is None or times.at_risk_at is None:
        return None
    clock, _created = InteractionSla.objects.get_or_create(
        interaction=interaction,
        defaults={
            "channel": interaction.channel,
            "started_at": interaction.started_at,
            "due_at": times.due_at,
            "at_risk_at": times.at_risk_at,
        },
    )
    return clock


def interaction_first_response_record(
    *, interaction: Interaction, actor: User | None, now: datetime
) -> bool:
    """Stop the clock at the first reply to the resident; later replies change nothing.

    Returns whether this was the first response.
    """
    return bool(
        InteractionSla.objects.filter(
            interaction=interaction, first_response_at__isnull=True
        ).update(first_response_at=now, responder=actor)
    )


# --- Setting up --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DefaultQueuesResult:
    queues_created: int
    requests_placed: int


@transaction.atomic
def queue_defaults_create(*, now: datetime) -> DefaultQueuesResult:
    """Give every active department without one a default queue, supervised by the
    department's supervisors, and place its open requests that have no queue in it.

    For a new deployment or the demo city; running it again changes nothing.
    """
    from civicdesk.accounts.enums import Role
    from civicdesk.catalog.models import Department
    from civicdesk.routing.models import Queue

    created = placed = 0
    for department in Department.objects.filter(is_active=True).exclude(queues__is_default=True):
        queue = Queue(
            department=department,
            code="main",
            name=department.name,
            is_default=True,
            created_at=now,
        )
        queue.full_clean()
        queue.save()
        queue.supervisors.set(
            User.objects.filter(
                is_active=True,
                role_assignments__role=Role.SUPERVISOR,
                role_assignments__department=department,
            ).distinct()
        )
        created += 1
        placed += ServiceRequest.objects.filter(
            department=department, queue__isnull=True, status__in=SR_OPEN_STATUS_VALUES
        ).update(queue=queue)
    return DefaultQueuesResult(queues_created=created, requests_placed=placed)


__all__ = [
    "DefaultQueuesResult",
    "SweepResult",
    "interaction_first_response_record",
    "interaction_sla_start",
    "queue_defaults_create",
    "sla_escalations_sweep",
]
