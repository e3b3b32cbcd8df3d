"""The status workflow, in one place: which moves are allowed, and what Open311 shows.

    new → acknowledged → in progress ⇄ on hold → resolved → closed
    any open status → closed as duplicate / cancelled / referred
    resolved → in progress (reopened: the resident says it is not fixed)

`closed`, `closed_duplicate`, `cancelled` and `referred` are final.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from civicdesk.core.errors import ApplicationError
from civicdesk.service_requests.enums import Open311Status, Status

_CLOSE_WITHOUT_WORK = frozenset({Status.CLOSED_DUPLICATE, Status.CANCELLED, Status.REFERRED})

ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, *_CLOSE_WITHOUT_WORK}),
    Status.ACKNOWLEDGED: frozenset(
        {Status.IN_PROGRESS, Status.ON_HOLD, Status.RESOLVED, *_CLOSE_WITHOUT_WORK}
    ),
    Status.IN_PROGRESS: frozenset({Status.ON_HOLD, Status.RESOLVED, *_CLOSE_WITHOUT_WORK}),
    Status.ON_HOLD: frozenset({Status.IN_PROGRESS, Status.RESOLVED, *_CLOSE_WITHOUT_WORK}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset(),
    Status.CLOSED_DUPLICATE: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.REFERRED: frozenset(),
}

CLOSED_STATUSES = frozenset(
    {Status.RESOLVED, Status.CLOSED, Status.CLOSED_DUPLICATE, Status.CANCELLED, Status.REFERRED}
)
OPEN_STATUSES = frozenset(set(Status) - CLOSED_STATUSES)
FINAL_STATUSES = frozenset(status for status, moves in ALLOWED_TRANSITIONS.items() if not moves)


class InvalidStatusTransitionError(ApplicationError):
    code = "invalid_transition"


def is_transition_allowed(from_status: Status, to_status: Status) -> bool:
    return to_status in ALLOWED_TRANSITIONS[from_status]


def transition_check(from_status: Status, to_status: Status) -> None:
    """Raise `InvalidStatusTransitionError` (a sentence for staff) unless the move is allowed."""
    if is_transition_allowed(from_status, to_status):
        return
    if from_status == to_status:
        message = _("The request is already “%(status)s”.") % {"status": from_status.label}
    elif from_status in FINAL_STATUSES:
        message = _("A request that is “%(status)s” cannot change status any more.") % {
            "status": from_status.label
        }
    else:
        allowed = ", ".join(
            f"“{status.label}”" for status in _ordered(ALLOWED_TRANSITIONS[from_status])
        )
        message = _(
            "A request that is “%(from)s” cannot become “%(to)s”. It can become: %(allowed)s."
        ) % {"from": from_status.label, "to": to_status.label, "allowed": allowed}
    raise InvalidStatusTransitionError(message)


def _ordered(statuses: frozenset[Status]) -> list[Status]:
    order = list(Status)
    return sorted(statuses, key=order.index)


def open311_status(status: Status) -> Open311Status:
    """Open311 knows only open and closed; a resolved request is closed."""
    return Open311Status.CLOSED if status in CLOSED_STATUSES else Open311Status.OPEN
