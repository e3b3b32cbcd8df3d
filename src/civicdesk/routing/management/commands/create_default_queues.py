"""`civicdesk create_default_queues`: one default queue per department that has none."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civicdesk.core import clock
from civicdesk.routing.services import queue_defaults_create


class Command(BaseCommand):
    help = (
        "Create a default queue for every active department without one (supervised by the "
        "department's supervisors) and place its open requests without a queue in it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = queue_defaults_create(now=clock.now())
        self.stdout.write(
            f"Queues created: {result.queues_created}; "
            f"open requests placed: {result.requests_placed}."
        )
