"""Every status transition, allowed and forbidden, checked in the one place that decides."""

from __future__ import annotations

import itertools

import pytest

from civicdesk.service_requests.enums import Open311Status, Status
from civicdesk.service_requests.workflow import (
    InvalidStatusTransitionError,
    is_transition_allowed,
    open311_status,
    transition_check,
)

S = Status
ALLOWED = {
    (S.NEW, S.ACKNOWLEDGED),
    (S.NEW, S.IN_PROGRESS),
    (S.NEW, S.CLOSED_DUPLICATE),
    (S.NEW, S.CANCELLED),
    (S.NEW, S.REFERRED),
    (S.ACKNOWLEDGED, S.IN_PROGRESS),
    (S.ACKNOWLEDGED, S.ON_HOLD),
    (S.ACKNOWLEDGED, S.RESOLVED),
    (S.ACKNOWLEDGED, S.CLOSED_DUPLICATE),
    (S.ACKNOWLEDGED, S.CANCELLED),
    (S.ACKNOWLEDGED, S.REFERRED),
    (S.IN_PROGRESS, S.ON_HOLD),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.IN_PROGRESS, S.CLOSED_DUPLICATE),
    (S.IN_PROGRESS, S.CANCELLED),
    (S.IN_PROGRESS, S.REFERRED),
    (S.ON_HOLD, S.IN_PROGRESS),
    (S.ON_HOLD, S.RESOLVED),
    (S.ON_HOLD, S.CLOSED_DUPLICATE),
    (S.ON_HOLD, S.CANCELLED),
    (S.ON_HOLD, S.REFERRED),
    (S.RESOLVED, S.CLOSED),
    (S.RESOLVED, S.IN_PROGRESS),
}
ALL_PAIRS = list(itertools.product(Status, Status))


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_transition__allowed(from_status: Status, to_status: Status) -> None:
    assert is_transition_allowed(from_status, to_status)
    transition_check(from_status, to_status)


@pytest.mark.parametrize(
    ("from_status", "to_status"), [pair for pair in ALL_PAIRS if pair not in ALLOWED]
)
def test_transition__forbidden_is_refused_with_a_reason(
    from_status: Status, to_status: Status
) -> None:
    assert not is_transition_allowed(from_status, to_status)
    with pytest.raises(InvalidStatusTransitionError) as caught:
        transition_check(from_status, to_status)
    assert str(from_status.label) in caught.value.message


def test_transition__refusal_lists_what_is_possible() -> None:
    with pytest.raises(InvalidStatusTransitionError) as caught:
        transition_check(S.NEW, S.RESOLVED)
    assert caught.value.message == (
        "A request that is “New” cannot become “Resolved”. It can become: “Acknowledged”, "
        "“In progress”, “Closed as duplicate”, “Cancelled”, “Referred elsewhere”."
    )


def test_transition__final_statuses_say_so() -> None:
    with pytest.raises(InvalidStatusTransitionError, match="cannot change status any more"):
        transition_check(S.CLOSED, S.IN_PROGRESS)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.NEW, "open"),
        (S.ACKNOWLEDGED, "open"),
        (S.IN_PROGRESS, "open"),
        (S.ON_HOLD, "open"),
        (S.RESOLVED, "closed"),
        (S.CLOSED, "closed"),
        (S.CLOSED_DUPLICATE, "closed"),
        (S.CANCELLED, "closed"),
        (S.REFERRED, "closed"),
    ],
)
def test_open311_status__maps_every_status(status: Status, expected: str) -> None:
    assert open311_status(status) == Open311Status(expected)
