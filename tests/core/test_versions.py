"""Version stamps: a transaction that changes many rows moves a `bump_when_committed` stamp once,
when it commits, and not at all when it rolls back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from civicdesk.core.versions import SharedVersion

pytestmark = pytest.mark.django_db


def _moves(stamp: SharedVersion, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    moved: list[str] = []
    move = stamp._move

    def counted() -> None:
        moved.append(stamp.key)
        move()

    monkeypatch.setattr(stamp, "_move", counted)
    return moved


def test_one_move_per_committed_transaction(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    stamp = SharedVersion("test-stamp")
    before = stamp.current()
    moved = _moves(stamp, monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            stamp.bump_when_committed()
        assert stamp.current() == before  # nothing moves before the commit
    assert len(moved) == 1
    assert stamp.current() != before


def test_a_rolled_back_change_moves_nothing(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    stamp = SharedVersion("test-stamp")
    before = stamp.current()
    moved = _moves(stamp, monkeypatch)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        stamp.bump_when_committed()
        transaction.set_rollback(True)
    assert moved == []
    assert stamp.current() == before
