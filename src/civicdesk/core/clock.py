"""The clock. Services take `now` as an argument; interfaces get it from here."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
