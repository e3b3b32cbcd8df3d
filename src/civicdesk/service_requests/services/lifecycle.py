"""Moving a request through its workflow. Each change writes its timeline event alongside."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from civicdesk.accounts.models import User
from civicdesk.core.errors import ApplicationError
from civicdesk.crm.enums import Channel
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.workflow import CLOSED_STATUSES, transition_check

NOTE_MAX_LENGTH = 4000


class NoteError(ApplicationError):
    code = "invalid_note"


class DuplicateError(ApplicationError):
    code = "invalid_duplicate"


def _locked(service_request: ServiceRequest) -> ServiceRequest:
    """The request's row, locked for this transaction (PostgreSQL; SQLite serialises writers)."""
    return ServiceRequest.objects.select_for_update().get(pk=service_request.pk)


def _event_write(
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
    return ServiceRequestEvent.objects.create(
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
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    _event_write(
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
    service_request.status = locked.status
    service_request.closed_at = locked.closed_at
    service_request.updated_at = locked.updated_at
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
    return _event_write(
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
    """Close `service_request` as a duplicate of `original`, which carries on."""
    if original.pk == service_request.pk:
        raise DuplicateError(_("A request cannot be a duplicate of itself."))
    if original.duplicate_of_id is not None:
        raise DuplicateError(
            _("%(original)s is itself a duplicate; link to the request it duplicates.")
            % {"original": original.public_id}
        )
    ServiceRequest.objects.filter(pk=service_request.pk).update(duplicate_of=original)
    service_request.duplicate_of = original
    return service_request_change_status(
        service_request=service_request,
        to_status=Status.CLOSED_DUPLICATE,
        actor=actor,
        now=now,
        note=note
        or _("This problem was already reported as %(original)s; follow that request.")
        % {"original": original.public_id},
        data={"duplicate_of": original.public_id},
    )
