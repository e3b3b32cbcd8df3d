"""Fixtures shared by the notification tests: the street department of the field-work tests."""

from __future__ import annotations

from tests.fieldwork.conftest import streets

__all__ = ["streets"]
