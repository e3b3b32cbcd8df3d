"""Writes of field work: create, schedule, start, notes, photos, materials and time, complete;
and sending requests to a crew from the department queue (`work_order_dispatch`).

Completing a work order resolves each of its open requests through the lifecycle services,
with the crew's photos attached to each request as public proof; the resolved status change is
what tells the residents (notifications, after the commit).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicdesk.accounts.models import User
from civicdesk.accounts.services import audit_log_record
from civicdesk.core.errors import ApplicationError
from civicdesk.crm.enums import Channel
from civicdesk.fieldwork.enums import OPEN_WORK_ORDER_STATUSES, WorkOrderStatus
from civicdesk.fieldwork.models import (
    Crew,
    WorkOrder,
    WorkOrderMaterial,
    WorkOrderNote,
    WorkOrderPhoto,
    WorkOrderTimeEntry,
)
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services.lifecycle import (
    service_request_change_status,
    service_request_event_write,
)
from civicdesk.service_requests.services.media import (
    PreparedMedia,
    media_attach,
    media_prepare,
)

NOTE_MAX_LENGTH = 4000
# Statuses a request moves from to "in progress" when the crew starts.
_STARTABLE = frozenset({Status.NEW, Status.ACKNOWLEDGED, Status.ON_HOLD})


class WorkOrderError(ApplicationError):
    code = "invalid_work_order"


def _locked(work_order: WorkOrder) -> WorkOrder:
    return WorkOrder.objects.select_for_update().get(pk=work_order.pk)


def _require_open(work_order: WorkOrder) -> None:
    if work_order.status not in OPEN_WORK_ORDER_STATUSES:
        raise WorkOrderError(
            _("Work order %(number)s is %(status)s and cannot change any more.")
            % {
                "number": work_order.number,
                "status": WorkOrderStatus(work_order.status).label.lower(),
            }
        )


def _check_crew(crew: Crew, department_id: int) -> None:
    if not crew.is_active:
        raise WorkOrderError(_("%(crew)s is not an active crew.") % {"crew": crew.name})
    if crew.department_id != department_id:
        raise WorkOrderError(
            _("%(crew)s works for another department.") % {"crew": crew.name},
            field_errors={"crew": [_("Choose a crew of the work order's department.")]},
        )


def _clean_text(text: str, *, required_message: str = "") -> str:
    text = text.strip()
    if required_message and not text:
        raise WorkOrderError(required_message)
    if len(text) > NOTE_MAX_LENGTH:
        raise WorkOrderError(
            _("A note can be at most %(limit)d characters long.") % {"limit": NOTE_MAX_LENGTH}
        )
    return text


def work_order_check(
    *,
    service_requests: Sequence[ServiceRequest],
    crew: Crew | None = None,
    scheduled_date: date | None = None,
) -> None:
    """Raise `WorkOrderError` unless a work order can be made of these requests: at least one,
    all open, of one department, none already on an open work order; a crew of that department
    and a day together, or neither. Reads only (forms call it to show errors early)."""
    if not service_requests:
        raise WorkOrderError(_("Choose at least one request for the work order."))
    departments = {sr.department_id for sr in service_requests}
    if len(departments) != 1:
        raise WorkOrderError(_("The requests of one work order must belong to one department."))
    closed = [sr.public_id for sr in service_requests if sr.is_closed]
    if closed:
        raise WorkOrderError(
            _("These requests are closed: %(numbers)s.") % {"numbers": ", ".join(closed)}
        )
    taken = sorted(
        set(
            WorkOrder.objects.filter(
                service_requests__in=list(service_requests), status__in=OPEN_WORK_ORDER_STATUSES
            ).values_list("service_requests__public_id", flat=True)
        )
        & {sr.public_id for sr in service_requests}
    )
    if taken:
        raise WorkOrderError(
            _("These requests are already on an open work order: %(numbers)s.")
            % {"numbers": ", ".join(taken)}
        )
    if (crew is None) != (scheduled_date is None):
        raise WorkOrderError(_("Give both a crew and a day to schedule the work order."))
    if crew is not None:
        _check_crew(crew, next(iter(departments)))


@transaction.atomic
def work_order_create(
    *,
    service_requests: Sequence[ServiceRequest],
    title: str,
    actor: User | None,
    now: datetime,
    instructions: str = "",
    crew: Crew | None = None,
    scheduled_date: date | None = None,
) -> WorkOrder:
    """A work order for one or more open requests of one department, none of them already on
    another open work order; scheduled at once when a crew and a day are given."""
    if not service_requests:
        raise WorkOrderError(_("Choose at least one request for the work order."))
    locked = list(
        ServiceRequest.objects.select_for_update()
        .filter(pk__in=[sr.pk for sr in service_requests])
        .order_by("pk")
    )
    work_order_check(service_requests=locked, crew=crew, scheduled_date=scheduled_date)
    work_order = WorkOrder(
        department_id=locked[0].department_id,
        title=title.strip()[:200] or _("Work on %(number)s") % {"number": locked[0].public_id},
        instructions=_clean_text(instructions),
        created_by=actor,
        created_at=now,
    )
    work_order.full_clean()
    work_order.save()
    work_order.service_requests.set(locked)
    if crew is not None and scheduled_date is not None:
        return work_order_schedule(
            work_order=work_order, crew=crew, scheduled_date=scheduled_date, actor=actor, now=now
        )
    return work_order


@transaction.atomic
def work_order_schedule(
    *,
    work_order: WorkOrder,
    crew: Crew,
    scheduled_date: date,
    actor: User | None,
    now: datetime,
) -> WorkOrder:
    """Give the work order to a crew for a day. Each open request's timeline says so publicly,
    which tells its resident when the work is planned."""
    locked = _locked(work_order)
    _require_open(locked)
    _check_crew(crew, locked.department_id)
    if locked.crew_id == crew.pk and locked.scheduled_date == scheduled_date:
        return locked
    locked.crew = crew
    locked.scheduled_date = scheduled_date
    if locked.status == WorkOrderStatus.UNSCHEDULED:
        locked.status = WorkOrderStatus.SCHEDULED
    locked.full_clean()
    locked.save(update_fields=["crew", "scheduled_date", "status", "updated_at"])
    for service_request in locked.service_requests.order_by("pk"):
        if service_request.is_closed:
            continue
        _scheduled_event_write(service_request, locked, actor=actor, now=now)
    return locked


def _scheduled_event_write(
    service_request: ServiceRequest, work_order: WorkOrder, *, actor: User | None, now: datetime
) -> None:
    """The request's public "scheduled" event: it tells the resident when the work is planned."""
    crew = work_order.crew
    scheduled_date = work_order.scheduled_date
    if crew is None or scheduled_date is None:
        return
    service_request_event_write(
        service_request=service_request,
        event_type=EventType.ASSIGNED,
        now=now,
        actor=actor,
        channel=Channel.STAFF,
        is_public=True,
        data={
            "work_order": work_order.number,
            "crew": crew.name,
            "scheduled_date": scheduled_date.isoformat(),
        },
    )
    ServiceRequest.objects.filter(pk=service_request.pk).update(updated_at=now)


@transaction.atomic
def work_order_add_requests(
    *,
    work_order: WorkOrder,
    service_requests: Sequence[ServiceRequest],
    actor: User | None,
    now: datetime,
) -> WorkOrder:
    """Add open requests of the work order's department, on no other open work order, to an
    open work order. Each gets the public "scheduled" event when the order has a crew and a
    day; on an order already in progress a waiting request moves to "in progress" too."""
    locked = _locked(work_order)
    _require_open(locked)
    requests = list(
        ServiceRequest.objects.select_for_update()
        .filter(pk__in=[sr.pk for sr in service_requests])
        .exclude(work_orders=locked)
        .order_by("pk")
    )
    if not requests:
        return locked
    work_order_check(service_requests=requests)
    if requests[0].department_id != locked.department_id:
        raise WorkOrderError(
            _("Work order %(number)s is for another department's requests.")
            % {"number": locked.number}
        )
    locked.service_requests.add(*requests)
    locked.save(update_fields=["updated_at"])
    for service_request in requests:
        _scheduled_event_write(service_request, locked, actor=actor, now=now)
        if locked.status == WorkOrderStatus.IN_PROGRESS and service_request.status in _STARTABLE:
            service_request_change_status(
                service_request=service_request,
                to_status=Status.IN_PROGRESS,
                actor=actor,
                now=now,
                channel=Channel.STAFF,
                data={"work_order": locked.number},
            )
    return locked


@dataclass(frozen=True)
class DispatchResult:
    """What `work_order_dispatch` did: the work order the requests went on, whether it was
    new, the requests sent, and those refused with the reason."""

    work_order: WorkOrder
    is_new: bool
    dispatched: list[str]
    refused: dict[str, str] = field(default_factory=dict)


def _dispatch_refusals(requests: Sequence[ServiceRequest], crew: Crew) -> dict[str, str]:
    taken = dict(
        WorkOrder.service_requests.through.objects.filter(
            servicerequest_id__in=[sr.pk for sr in requests],
            workorder__status__in=OPEN_WORK_ORDER_STATUSES,
        ).values_list("servicerequest_id", "workorder_id")
    )
    refused: dict[str, str] = {}
    for service_request in requests:
        if service_request.is_closed:
            refused[service_request.public_id] = _("it is closed.")
        elif service_request.department_id != crew.department_id:
            refused[service_request.public_id] = _(
                "it belongs to %(department)s and %(crew)s works for %(crew_department)s."
            ) % {
                "department": service_request.department,
                "crew": crew.name,
                "crew_department": crew.department,
            }
        elif service_request.pk in taken:
            refused[service_request.public_id] = _(
                "it is already on the open work order %(number)s."
            ) % {"number": WorkOrder(pk=taken[service_request.pk]).number}
    return refused


def _dispatch_title(requests: Sequence[ServiceRequest]) -> str:
    if len(requests) == 1:
        only = requests[0]
        where = only.address or only.public_id
        return f"{only.service.name}: {where}"[:200]
    services = sorted({sr.service.name for sr in requests})
    return (
        _("%(count)d requests: %(services)s")
        % {"count": len(requests), "services": ", ".join(services)}
    )[:200]


@transaction.atomic
def work_order_dispatch(
    *,
    service_requests: Sequence[ServiceRequest],
    crew: Crew,
    scheduled_date: date,
    actor: User,
    now: datetime,
    join_existing: bool = True,
) -> DispatchResult:
    """Send requests to a crew for a day, from the department queue.

    With `join_existing` they go on the crew's open work order for that day (the first one,
    scheduled or in progress) when there is one; otherwise on a new work order, scheduled at
    once. Requests that are closed, of another department than the crew's, or already on an
    open work order are refused with the reason; the others go. Nothing goes — and
    `WorkOrderError` says why — when none can. Each request sent gets its public "scheduled"
    timeline event and an audit entry for `actor`.
    """
    if not service_requests:
        raise WorkOrderError(_("Choose at least one request to send to the crew."))
    if scheduled_date < timezone.localdate(now):
        raise WorkOrderError(
            _("Choose today or a later day for the crew."),
            field_errors={"scheduled_date": [_("The day has passed.")]},
        )
    # One dispatch to a crew at a time: two people sending requests to the same crew for the
    # same day end up on one work order, not two.
    locked_crew = Crew.objects.select_for_update().select_related("department").get(pk=crew.pk)
    if not locked_crew.is_active:
        raise WorkOrderError(_("%(crew)s is not an active crew.") % {"crew": locked_crew.name})
    requests = list(
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("service", "department")
        .filter(pk__in=[sr.pk for sr in service_requests])
        .order_by("pk")
    )
    refused = _dispatch_refusals(requests, locked_crew)
    going = [sr for sr in requests if sr.public_id not in refused]
    if not going:
        raise WorkOrderError(
            " ".join(
                _("%(number)s cannot go to %(crew)s: %(reason)s")
                % {"number": number, "crew": locked_crew.name, "reason": reason}
                for number, reason in refused.items()
            )
        )
    existing = None
    if join_existing:
        existing = (
            WorkOrder.objects.filter(
                crew=locked_crew,
                scheduled_date=scheduled_date,
                status__in=[WorkOrderStatus.SCHEDULED, WorkOrderStatus.IN_PROGRESS],
            )
            .order_by("pk")
            .first()
        )
    if existing is not None:
        work_order = work_order_add_requests(
            work_order=existing, service_requests=going, actor=actor, now=now
        )
    else:
        work_order = work_order_create(
            service_requests=going,
            title=_dispatch_title(going),
            actor=actor,
            now=now,
            crew=locked_crew,
            scheduled_date=scheduled_date,
        )
    for service_request in going:
        audit_log_record(
            actor=actor,
            action="service_request.sent_to_crew",
            now=now,
            target=service_request,
            summary=f"{service_request.public_id} → {locked_crew.name} ({work_order.number})",
            data={
                "work_order": work_order.number,
                "work_order_id": work_order.pk,
                "crew": locked_crew.code,
                "scheduled_date": scheduled_date.isoformat(),
                "new_work_order": existing is None,
            },
        )
    return DispatchResult(
        work_order=work_order,
        is_new=existing is None,
        dispatched=[sr.public_id for sr in going],
        refused=refused,
    )


@transaction.atomic
def work_order_start(*, work_order: WorkOrder, actor: User, now: datetime) -> WorkOrder:
    """The crew is on site: the work order and its waiting requests are in progress."""
    locked = _locked(work_order)
    _require_open(locked)
    if locked.status == WorkOrderStatus.IN_PROGRESS:
        return locked
    if locked.status != WorkOrderStatus.SCHEDULED:
        raise WorkOrderError(_("Schedule the work order for a crew before starting it."))
    locked.status = WorkOrderStatus.IN_PROGRESS
    locked.started_at = now
    locked.save(update_fields=["status", "started_at", "updated_at"])
    for service_request in locked.service_requests.order_by("pk"):
        if service_request.status in _STARTABLE:
            service_request_change_status(
                service_request=service_request,
                to_status=Status.IN_PROGRESS,
                actor=actor,
                now=now,
                channel=Channel.STAFF,
                data={"work_order": locked.number},
            )
    return locked


@transaction.atomic
def work_order_add_note(
    *, work_order: WorkOrder, text: str, actor: User, now: datetime
) -> WorkOrderNote:
    locked = _locked(work_order)
    _require_open(locked)
    note = WorkOrderNote(
        work_order=locked,
        author=actor,
        text=_clean_text(text, required_message=_("Write the note before saving it.")),
        created_at=now,
    )
    note.full_clean()
    note.save()
    locked.save(update_fields=["updated_at"])
    return note


def work_order_photo_prepare(*, uploads: Sequence[UploadedFile]) -> list[PreparedMedia]:
    """Check and clean photos as the request intake does (images only, size limit, no EXIF).
    Call it before the transaction: it reads the files and writes nothing."""
    # Uploads only (no links), so every item is a prepared file.
    return [item for item in media_prepare(uploads=uploads) if isinstance(item, PreparedMedia)]


@transaction.atomic
def work_order_add_photos(
    *,
    work_order: WorkOrder,
    photos: Sequence[PreparedMedia],
    actor: User,
    now: datetime,
) -> list[WorkOrderPhoto]:
    """Store photos prepared by `work_order_photo_prepare`."""
    if not photos:
        raise WorkOrderError(_("Choose or take a photo first."))
    locked = _locked(work_order)
    _require_open(locked)
    stored: list[WorkOrderPhoto] = []
    for item in photos:
        photo = WorkOrderPhoto(
            work_order=locked, content_type=item.content_type, taken_by=actor, created_at=now
        )
        photo.file.save(
            f"{uuid.uuid4().hex}.{item.extension}", ContentFile(item.content), save=False
        )
        photo.full_clean()
        photo.save()
        stored.append(photo)
    locked.save(update_fields=["updated_at"])
    return stored


@transaction.atomic
def work_order_record_material(
    *,
    work_order: WorkOrder,
    description: str,
    quantity: Decimal,
    unit: str,
    actor: User,
    now: datetime,
) -> WorkOrderMaterial:
    locked = _locked(work_order)
    _require_open(locked)
    material = WorkOrderMaterial(
        work_order=locked,
        description=description.strip(),
        quantity=quantity,
        unit=unit.strip(),
        recorded_by=actor,
        created_at=now,
    )
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def work_order_record_time(
    *, work_order: WorkOrder, minutes: int, actor: User, now: datetime
) -> WorkOrderTimeEntry:
    locked = _locked(work_order)
    _require_open(locked)
    entry = WorkOrderTimeEntry(work_order=locked, worker=actor, minutes=minutes, created_at=now)
    entry.full_clean()
    entry.save()
    return entry


def _photo_as_media(photo: WorkOrderPhoto) -> PreparedMedia:
    with photo.file.open("rb") as source:
        content = source.read()
    extension = photo.file.name.rsplit(".", 1)[-1]
    return PreparedMedia(content=content, extension=extension, content_type=photo.content_type)


@transaction.atomic
def work_order_complete(
    *, work_order: WorkOrder, note: str, actor: User, now: datetime
) -> WorkOrder:
    """The job is done. Each open request of the work order is resolved with the crew's photos
    attached as public proof and `note` as the public note; the resolved status change tells
    each resident once (see notifications.dispatch). A request closed meanwhile (a duplicate,
    say) is left as it is. At least one photo is needed: it is the proof."""
    locked = _locked(work_order)
    _require_open(locked)
    if locked.status != WorkOrderStatus.IN_PROGRESS:
        raise WorkOrderError(_("Start the work order before completing it."))
    note = _clean_text(note)
    photos = list(locked.photos.order_by("pk"))
    if not photos:
        raise WorkOrderError(
            _("Take a photo of the finished work before completing the work order."),
            field_errors={"photo": [_("A photo of the finished work is needed.")]},
        )
    proof = [_photo_as_media(photo) for photo in photos]
    public_note = note or _("The crew finished the work (%(number)s).") % {"number": locked.number}
    for service_request in locked.service_requests.order_by("pk"):
        if service_request.is_closed:
            continue
        if service_request.status == Status.NEW:
            service_request_change_status(
                service_request=service_request,
                to_status=Status.IN_PROGRESS,
                actor=actor,
                now=now,
                channel=Channel.STAFF,
                is_public=False,
                data={"work_order": locked.number},
            )
        attached = media_attach(service_request=service_request, media=proof, now=now)
        service_request_change_status(
            service_request=service_request,
            to_status=Status.RESOLVED,
            actor=actor,
            now=now,
            note=public_note,
            channel=Channel.STAFF,
            data={"work_order": locked.number, "proof_media": [media.pk for media in attached]},
        )
    locked.status = WorkOrderStatus.COMPLETED
    locked.completed_at = now
    locked.completed_by = actor
    locked.completion_note = note
    locked.save(
        update_fields=["status", "completed_at", "completed_by", "completion_note", "updated_at"]
    )
    return locked


@transaction.atomic
def work_order_cancel(*, work_order: WorkOrder, actor: User, now: datetime) -> WorkOrder:
    """Call the job off; its requests stay as they are, free for another work order."""
    locked = _locked(work_order)
    _require_open(locked)
    locked.status = WorkOrderStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    return locked
