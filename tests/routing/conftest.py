"""Fixtures shared by the routing tests: the field-work tests' street department with its
crew, as `crew_streets` (the queue tests have a `streets` department of their own)."""

from __future__ import annotations

from tests.fieldwork.conftest import streets as crew_streets

__all__ = ["crew_streets"]
