"""Moving a request through its workflow. Each change writes its timeline event alongside."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from civicdesk.accounts import permissions
from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.accounts.services import audit_log_record
from civicdesk.catalog.models import Service
from civicdesk.core.errors import ApplicationError
from civicdesk.crm.enums import Channel, IdentityKind
from civicdesk.crm.selectors import contact_identity_primary
from civicdesk.routing.sla import SlaClock, sla_times
from civicdesk.service_requests.enums import EventType, Priority, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.workflow import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    transition_check,
)

if TYPE_CHECKING:
    from civicdesk.routing.models import ReferralAgency
    from civicdesk.routing.resolve import Route

NOTE_MAX_LENGTH = 4000


class NoteError(ApplicationError):
    code = "invalid_note"


class DuplicateError(ApplicationError):
    code = "invalid_duplicate"


class AssignmentError(ApplicationError):
    code = "invalid_assignee"


class ServiceChangeError(ApplicationError):
    code = "invalid_service_change"


# Moves the resident should hear the reason for: a staff member must write a public note.
STATUSES_NEEDING_PUBLIC_NOTE = frozenset(
    {Status.ON_HOLD, Status.RESOLVED, Status.CLOSED, Status.CANCELLED, Status.REFERRED}
)


def _locked(service_request: ServiceRequest) -> ServiceRequest:
    """The request's row, locked for this transaction (PostgreSQL; SQLite serialises writers)."""
    return ServiceRequest.objects.select_for_update().get(pk=service_request.pk)


def service_request_event_write(
    *,
    service_request: ServiceRequest,
    event_type: EventType,
    now: datetime,
    actor: User | None,
    channel: Channel | str = "",
    is_public: bool = True,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ServiceRequestEvent:
    """Write one timeline event and queue what follows from it (messages, webhooks) for after
    the commit. Every writer of the timeline outside intake calls this."""
    event = ServiceRequestEvent.objects.create(
        service_request=service_request,
        event_type=event_type,
        occurred_at=now,
        actor=actor,
        channel=channel,
        is_public=is_public,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
    # Residents' messages, followers' updates and webhooks, queued for after the commit.
    from civicdesk.notifications.dispatch import timeline_event_recorded

    timeline_event_recorded(event=event)
    return event


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise NoteError(
            _("A note can be at most %(limit)d characters long.") % {"limit": NOTE_MAX_LENGTH}
        )
    return note


@transaction.atomic
def service_request_change_status(
    *,
    service_request: ServiceRequest,
    to_status: Status,
    actor: User | None,
    now: datetime,
    note: str = "",
    is_public: bool = True,
    channel: Channel | str = "",
    data: dict[str, Any] | None = None,
) -> ServiceRequest:
    """Move the request to `to_status` if the workflow allows it, and record why."""
    note = _clean_note(note)
    locked = _locked(service_request)
    from_status = Status(locked.status)
    transition_check(from_status, to_status)
    locked.status = to_status
    if to_status in CLOSED_STATUSES:
        locked.closed_at = now
    elif from_status in CLOSED_STATUSES:
        locked.closed_at = None
    sla_fields, sla_data = _sla_clock_follow_status(locked, from_status, to_status, now)
    if sla_data:
        data = {**(data or {}), **sla_data}
    locked.save(update_fields=["status", "closed_at", *sla_fields, "updated_at"])
    service_request_event_write(
        service_request=locked,
        event_type=EventType.STATUS_CHANGED,
        now=now,
        actor=actor,
        channel=channel,
        is_public=is_public,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data,
    )
    for field in ("status", "closed_at", *sla_fields, "updated_at"):
        setattr(service_request, field, getattr(locked, field))
    return service_request


@transaction.atomic
def service_request_add_note(
    *,
    service_request: ServiceRequest,
    note: str,
    is_public: bool,
    actor: User | None,
    now: datetime,
) -> ServiceRequestEvent:
    """A note on the timeline: public ones are shown to the resident, internal ones to staff."""
    note = _clean_note(note)
    if not note:
        raise NoteError(_("Write the note before saving it."))
    locked = _locked(service_request)
    locked.save(update_fields=["updated_at"])
    return service_request_event_write(
        service_request=locked,
        event_type=EventType.NOTE_ADDED,
        now=now,
        actor=actor,
        is_public=is_public,
        note=note,
    )


@transaction.atomic
def service_request_mark_duplicate(
    *,
    service_request: ServiceRequest,
    original: ServiceRequest,
    actor: User | None,
    now: datetime,
    note: str = "",
) -> ServiceRequest:
    """Close `service_request` as a duplicate of `original`, which carries on; its requester
    and followers follow `original` from now on."""
    if original.pk == service_request.pk:
        raise DuplicateError(_("A request cannot be a duplicate of itself."))
    if original.duplicate_of_id is not None:
        raise DuplicateError(
            _("%(original)s is itself a duplicate; link to the request it duplicates.")
            % {"original": original.public_id}
        )
    ServiceRequest.objects.filter(pk=service_request.pk).update(duplicate_of=original)
    service_request.duplicate_of = original
    closed = service_request_change_status(
        service_request=service_request,
        to_status=Status.CLOSED_DUPLICATE,
        actor=actor,
        now=now,
        note=note
        or _("This problem was already reported as %(original)s; follow that request.")
        % {"original": original.public_id},
        data={"duplicate_of": original.public_id},
    )
    _followers_carry_over(survivor=original, duplicates=[service_request], now=now)
    return closed


def _audit(
    *, actor: User | None, action: str, service_request: ServiceRequest, now: datetime, **data: Any
) -> None:
    """Staff actions go to the audit log too; the system's own moves (actor None) do not."""
    if actor is None:
        return
    audit_log_record(
        actor=actor,
        action=action,
        now=now,
        target=service_request,
        summary=service_request.public_id,
        data=data,
    )


def _sla_clock_follow_status(
    locked: ServiceRequest, from_status: Status, to_status: Status, now: datetime
) -> tuple[list[str], dict[str, Any]]:
    """Pause the SLA clock on hold; on leaving hold, move due and at-risk times later by the
    clock time spent on hold (a clock already past a threshold when paused stays past it).

    Returns the changed fields and what the timeline event should record.
    """
    if to_status == Status.ON_HOLD and from_status != Status.ON_HOLD:
        locked.sla_paused_at = now
        return ["sla_paused_at"], {"sla_paused": True}
    if from_status != Status.ON_HOLD or locked.sla_paused_at is None:
        return [], {}
    paused_at = locked.sla_paused_at
    locked.sla_paused_at = None
    fields = ["sla_paused_at"]
    policy = locked.service.sla_policy
    if policy is None or locked.sla_due_at is None:
        return fields, {"sla_resumed": True}
    clock = SlaClock.for_policy(policy)
    on_hold = clock.elapsed(paused_at, now)
    if to_status in OPEN_STATUSES and paused_at < locked.sla_due_at:
        locked.sla_due_at = clock.add(now, clock.elapsed(paused_at, locked.sla_due_at))
        if locked.sla_at_risk_at is not None and paused_at < locked.sla_at_risk_at:
            locked.sla_at_risk_at = clock.add(now, clock.elapsed(paused_at, locked.sla_at_risk_at))
        fields += ["sla_due_at", "sla_at_risk_at"]
    if paused_at < locked.sla_due_at:
        locked.sla_paused_seconds += int(on_hold.total_seconds())
        fields.append("sla_paused_seconds")
    return fields, {"sla_resumed": True, "seconds_on_hold": int(on_hold.total_seconds())}


def _note_required(to_status: Status, note: str) -> None:
    if to_status in STATUSES_NEEDING_PUBLIC_NOTE and not note.strip():
        raise NoteError(
            _("Tell the resident why the request is now “%(status)s”: write a public note.")
            % {"status": to_status.label},
            field_errors={"note": [_("A public note is needed for this status.")]},
        )


@transaction.atomic
def service_request_staff_change_status(
    *,
    service_request: ServiceRequest,
    to_status: Status,
    note: str,
    actor: User,
    now: datetime,
) -> ServiceRequest:
    """A staff member moves a request on; where the resident should hear why (on hold,
    resolved, closed, cancelled, referred) a public note is required."""
    _note_required(to_status, note)
    from_status = service_request.status
    changed = service_request_change_status(
        service_request=service_request,
        to_status=to_status,
        actor=actor,
        now=now,
        note=note,
        is_public=True,
        channel=Channel.STAFF,
    )
    _audit(
        actor=actor,
        action="service_request.status_changed",
        service_request=changed,
        now=now,
        from_status=from_status,
        to_status=to_status.value,
    )
    return changed


def service_request_acknowledge(
    *, service_request: ServiceRequest, actor: User, now: datetime, note: str = ""
) -> ServiceRequest:
    """The department has seen the request and takes it on."""
    return service_request_staff_change_status(
        service_request=service_request,
        to_status=Status.ACKNOWLEDGED,
        note=note,
        actor=actor,
        now=now,
    )


def service_request_hold(
    *, service_request: ServiceRequest, note: str, actor: User, now: datetime
) -> ServiceRequest:
    """Put the request on hold (waiting for a part, a contractor, the weather): the SLA clock
    stops until it is resumed. The public note tells the resident why."""
    return service_request_staff_change_status(
        service_request=service_request, to_status=Status.ON_HOLD, note=note, actor=actor, now=now
    )


def service_request_resume(
    *, service_request: ServiceRequest, actor: User, now: datetime, note: str = ""
) -> ServiceRequest:
    """Back to work after a hold; the SLA clock runs again, its due time moved later."""
    return service_request_staff_change_status(
        service_request=service_request,
        to_status=Status.IN_PROGRESS,
        note=note,
        actor=actor,
        now=now,
    )


def _assignable(user: User, service_request: ServiceRequest) -> bool:
    if not user.is_active:
        return False
    departments = permissions.department_ids_for(
        user, Role.DEPARTMENT_STAFF, Role.SUPERVISOR, Role.CREW_MEMBER
    )
    return service_request.department_id in departments


@transaction.atomic
def service_request_assign(
    *,
    service_request: ServiceRequest,
    assignee: User | None,
    actor: User,
    now: datetime,
) -> ServiceRequest:
    """Give the request to a person of its department (or take it back with None)."""
    locked = _locked(service_request)
    if locked.is_closed:
        raise AssignmentError(_("A closed request cannot be assigned."))
    if assignee is not None and not _assignable(assignee, locked):
        raise AssignmentError(
            _("%(name)s does not work in %(department)s, so cannot be given this request.")
            % {
                "name": assignee.get_full_name() or assignee.username,
                "department": locked.department,
            }
        )
    previous_id = locked.assignee_id
    if previous_id == (assignee.pk if assignee else None):
        return service_request
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    service_request_event_write(
        service_request=locked,
        event_type=EventType.ASSIGNED,
        now=now,
        actor=actor,
        channel=Channel.STAFF,
        is_public=False,
        data={
            "assignee": assignee.username if assignee else "",
            "assignee_name": (assignee.get_full_name() or assignee.username) if assignee else "",
            "previous_assignee_id": previous_id,
        },
    )
    _audit(
        actor=actor,
        action="service_request.assigned",
        service_request=locked,
        now=now,
        assignee=assignee.username if assignee else "",
    )
    service_request.assignee = assignee
    service_request.updated_at = locked.updated_at
    return service_request


def _route_apply(locked: ServiceRequest, route: Route, *, keep_higher_priority: bool) -> list[str]:
    locked.department = route.department
    locked.queue = route.queue
    priority = int(route.priority)
    if keep_higher_priority:
        priority = max(priority, int(locked.priority))
    locked.priority = Priority(priority)
    return ["department", "queue", "priority"]


@transaction.atomic
def service_request_change_service(
    *,
    service_request: ServiceRequest,
    service: Service,
    actor: User,
    now: datetime,
    note: str = "",
) -> ServiceRequest:
    """Reclassify a request (a "pothole" that is really a sunken manhole): the routing rules
    run again, the SLA clock is recomputed under the new service's policy from the time the
    request arrived (time on hold still counted out), and a new department's staff take over."""
    from civicdesk.routing.resolve import routing_resolve

    note = _clean_note(note)
    locked = _locked(service_request)
    if locked.is_closed:
        raise ServiceChangeError(_("A closed request cannot change service."))
    if not service.is_active:
        raise ServiceChangeError(
            _("“%(service)s” is no longer offered.") % {"service": service.name}
        )
    if service.pk == locked.service_id:
        raise ServiceChangeError(
            _("The request is already “%(service)s”.") % {"service": service.name}
        )
    previous_service = locked.service
    previous_department_id = locked.department_id
    route = routing_resolve(
        service=service,
        areas=locked.areas,
        district=locked.district,
        attributes=locked.attributes,
        channel=locked.channel,
    )
    locked.service = service
    fields = ["service", *_route_apply(locked, route, keep_higher_priority=True)]
    times = sla_times(
        policy=service.sla_policy,
        start=locked.created_at,
        paused=timedelta(seconds=locked.sla_paused_seconds),
    )
    locked.sla_due_at, locked.sla_at_risk_at = times.due_at, times.at_risk_at
    locked.expected_at = times.due_at
    # A new clock can escalate again at thresholds it has not reached yet.
    moment = locked.sla_paused_at or now
    if times.at_risk_at is None or times.at_risk_at > moment:
        locked.sla_at_risk_escalated_at = None
    if times.due_at is None or times.due_at > moment:
        locked.sla_breach_escalated_at = None
    fields += [
        "sla_due_at",
        "sla_at_risk_at",
        "expected_at",
        "sla_at_risk_escalated_at",
        "sla_breach_escalated_at",
    ]
    if locked.department_id != previous_department_id and locked.assignee_id is not None:
        locked.assignee = None
        fields.append("assignee")
    locked.full_clean(validate_unique=False)
    locked.save(update_fields=[*fields, "updated_at"])
    service_request_event_write(
        service_request=locked,
        event_type=EventType.SERVICE_CHANGED,
        now=now,
        actor=actor,
        channel=Channel.STAFF,
        is_public=True,
        note=note,
        data={"from_service": previous_service.code, "to_service": service.code},
    )
    service_request_event_write(
        service_request=locked,
        event_type=EventType.ROUTED,
        now=now,
        actor=actor,
        is_public=False,
        data=route.as_data(),
    )
    _audit(
        actor=actor,
        action="service_request.service_changed",
        service_request=locked,
        now=now,
        from_service=previous_service.code,
        to_service=service.code,
        department=route.department.code,
    )
    for field in (*fields, "updated_at"):
        setattr(service_request, field, getattr(locked, field))
    if route.refer_to is not None:
        return service_request_refer(
            service_request=service_request, agency=route.refer_to, actor=actor, now=now
        )
    return service_request


def referral_note(agency: ReferralAgency) -> str:
    """What the resident reads: who handles this, and how to reach them."""
    parts = [
        _("This is handled by %(agency)s, not the city.") % {"agency": agency.name},
        agency.instructions.strip(),
    ]
    if agency.phone:
        parts.append(_("Phone: %(phone)s") % {"phone": agency.phone})
    if agency.url:
        parts.append(_("Web: %(url)s") % {"url": agency.url})
    return "\n".join(part for part in parts if part)


@transaction.atomic
def service_request_refer(
    *,
    service_request: ServiceRequest,
    agency: ReferralAgency,
    actor: User | None,
    now: datetime,
    note: str = "",
) -> ServiceRequest:
    """Close the request as referred: outside the city's remit; the public note says where
    the resident should go."""
    text = referral_note(agency)
    if note.strip():
        text = f"{note.strip()}\n{text}"
    changed = service_request_change_status(
        service_request=service_request,
        to_status=Status.REFERRED,
        actor=actor,
        now=now,
        note=text[:NOTE_MAX_LENGTH],
        is_public=True,
        channel=Channel.STAFF if actor is not None else "",
        data={
            "referred_to": {
                "code": agency.code,
                "name": agency.name,
                "phone": agency.phone,
                "url": agency.url,
            }
        },
    )
    _audit(
        actor=actor,
        action="service_request.referred",
        service_request=changed,
        now=now,
        referred_to=agency.code,
    )
    return changed


def _requester_email(service_request: ServiceRequest) -> tuple[int, str] | None:
    """The requester's contact id and e-mail address, if they agreed to e-mail updates."""
    contact = service_request.requester
    if contact is None or not contact.has_email_consent:
        return None
    email = contact_identity_primary(contact, IdentityKind.EMAIL)
    return (contact.pk, email) if email else None


def _followers_carry_over(
    *, survivor: ServiceRequest, duplicates: Sequence[ServiceRequest], now: datetime
) -> int:
    """Everyone who heard about a duplicate — its requester and its confirmed followers —
    follows the survivor from now on. A resident who unfollowed the survivor stays unfollowed;
    the survivor's own requester hears about it as requester already."""
    from civicdesk.notifications.models import Subscription

    taken = set(
        Subscription.objects.filter(service_request=survivor).values_list("email", flat=True)
    )
    own = _requester_email(survivor)
    if own is not None:
        taken.add(own[1])
    carried: dict[str, Subscription] = {}

    def carry(*, email: str, contact_id: int | None, language: str, is_affected: bool) -> None:
        if email in taken or email in carried:
            return
        carried[email] = Subscription(
            service_request=survivor,
            contact_id=contact_id,
            email=email,
            language=language,
            is_affected=is_affected,
            is_confirmed=True,
            confirmed_at=now,
            token=secrets.token_urlsafe(32),
            created_at=now,
        )

    for duplicate in duplicates:
        requester = _requester_email(duplicate)
        if requester is not None:
            carry(
                email=requester[1],
                contact_id=requester[0],
                language=duplicate.language,
                is_affected=True,
            )
    followers = Subscription.objects.filter(
        service_request__in=[duplicate.pk for duplicate in duplicates],
        is_confirmed=True,
        cancelled_at__isnull=True,
    ).order_by("pk")
    for follower in followers:
        carry(
            email=follower.email,
            contact_id=follower.contact_id,
            language=follower.language,
            is_affected=follower.is_affected,
        )
    Subscription.objects.bulk_create(carried.values())
    return len(carried)


@transaction.atomic
def service_request_merge(
    *,
    survivor: ServiceRequest,
    duplicates: Sequence[ServiceRequest],
    actor: User,
    now: datetime,
    note: str = "",
) -> ServiceRequest:
    """Close `duplicates` as duplicates of `survivor`; everyone who followed any of them
    follows the survivor from now on."""
    note = _clean_note(note)
    locked = _locked(survivor)
    if locked.is_closed:
        raise DuplicateError(
            _("%(survivor)s is closed; merge into an open request.")
            % {"survivor": locked.public_id}
        )
    others = [d for d in duplicates if d.pk != locked.pk]
    if not others:
        raise DuplicateError(_("Choose at least one other request to merge into this one."))
    from civicdesk.notifications.models import Subscription

    followers_before = Subscription.objects.filter(service_request=locked).count()
    merged: list[ServiceRequest] = []
    for duplicate in sorted(others, key=lambda d: d.pk):
        fresh = _locked(duplicate)
        if fresh.is_closed:
            raise DuplicateError(_("%(request)s is already closed.") % {"request": fresh.public_id})
        service_request_mark_duplicate(
            service_request=fresh, original=locked, actor=actor, now=now, note=note
        )
        merged.append(fresh)
    followers_added = Subscription.objects.filter(service_request=locked).count() - followers_before
    locked.save(update_fields=["updated_at"])
    service_request_event_write(
        service_request=locked,
        event_type=EventType.MERGED,
        now=now,
        actor=actor,
        channel=Channel.STAFF,
        is_public=True,
        data={"merged": [d.public_id for d in merged], "followers_added": followers_added},
    )
    _audit(
        actor=actor,
        action="service_request.merged",
        service_request=locked,
        now=now,
        merged=[d.public_id for d in merged],
    )
    return survivor
