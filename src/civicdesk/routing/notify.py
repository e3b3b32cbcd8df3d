"""The escalation e-mails to supervisors, one digest per queue and threshold per sweep.

Each supervisor reads it in their own language (`User.preferred_language`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.catalog.models import Department
from civicdesk.crm.enums import Channel
from civicdesk.routing.enums import EscalationThreshold
from civicdesk.routing.models import ChannelSla, Queue


def escalation_recipients(*, queue: Queue | None, department: Department) -> list[User]:
    """The queue's supervisors; when it names none, the department's supervisors."""
    people = list(queue.supervisors.filter(is_active=True)) if queue is not None else []
    if not people:
        people = list(
            User.objects.filter(
                is_active=True,
                role_assignments__role=Role.SUPERVISOR,
                role_assignments__department=department,
            ).distinct()
        )
    return [person for person in people if person.email]


def escalation_digest_send(
    *,
    queue_id: int | None,
    department_id: int,
    threshold: str,
    count: int,
    public_ids: list[str],
) -> int:
    """E-mail the supervisors which requests just became at risk or late; return how many
    messages were sent."""
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        return 0
    queue = Queue.objects.filter(pk=queue_id).first() if queue_id is not None else None
    base_url = settings.CIVICDESK["PUBLIC_URL"].rstrip("/")
    sent = 0
    for person in escalation_recipients(queue=queue, department=department):
        context = {
            "person": person,
            "queue": queue,
            "department": department,
            "is_breach": threshold == EscalationThreshold.BREACHED,
            "count": count,
            "public_ids": public_ids,
            "more": max(0, count - len(public_ids)),
            "work_url": f"{base_url}/work/?sla={threshold}",
            "base_url": base_url,
        }
        with translation.override(person.preferred_language):
            subject = render_to_string("routing/email/escalation_subject.txt", context).strip()
            body = render_to_string("routing/email/escalation_body.txt", context)
        sent += send_mail(subject, body, None, [person.email])
    return sent


def contact_escalation_digest_send(
    *, channel: str, threshold: str, interaction_ids: list[int]
) -> int:
    """E-mail the contact center's supervisors about e-mails or chats still waiting."""
    target = ChannelSla.objects.filter(channel=channel).first()
    if target is None or not target.escalation_email:
        return 0
    context = {
        "channel": Channel(channel).label,
        "is_breach": threshold == EscalationThreshold.BREACHED,
        "count": len(interaction_ids),
        "interaction_ids": interaction_ids,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("routing/email/contact_escalation_subject.txt", context).strip()
        body = render_to_string("routing/email/contact_escalation_body.txt", context)
    return send_mail(subject, body, None, [target.escalation_email])
