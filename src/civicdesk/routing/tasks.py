"""Background work of routing: the escalation sweep and the supervisors' digests.

`civicdesk scheduler` queues `sla_escalations_sweep_task` every minute for the task worker
(`civicdesk db_worker`); `civicdesk escalate` runs one sweep in the foreground (for cron).
"""

from __future__ import annotations

from django_tasks import task

from civicdesk.core import clock
from civicdesk.routing import notify
from civicdesk.routing.services import sla_escalations_sweep


@task()
def sla_escalations_sweep_task() -> dict[str, int]:
    result = sla_escalations_sweep(now=clock.now())
    return {
        "at_risk": result.at_risk,
        "breached": result.breached,
        "contacts_at_risk": result.contacts_at_risk,
        "contacts_breached": result.contacts_breached,
    }


@task(queue_name="notifications")
def escalation_digest_send(
    queue_id: int | None,
    department_id: int,
    threshold: str,
    count: int,
    public_ids: list[str],
) -> int:
    return notify.escalation_digest_send(
        queue_id=queue_id,
        department_id=department_id,
        threshold=threshold,
        count=count,
        public_ids=public_ids,
    )


@task(queue_name="notifications")
def contact_escalation_digest_send(channel: str, threshold: str, interaction_ids: list[int]) -> int:
    return notify.contact_escalation_digest_send(
        channel=channel, threshold=threshold, interaction_ids=interaction_ids
    )
