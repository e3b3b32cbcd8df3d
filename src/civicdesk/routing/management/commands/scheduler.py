"""`civicdesk scheduler`: queue the SLA escalation sweep every minute for the task worker.

Run exactly one scheduler per deployment beside `civicdesk db_worker` (or the RQ worker). Two
schedulers do no harm — a sweep escalates each threshold once however often it runs — but
waste work.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from civicdesk.routing.tasks import sla_escalations_sweep_task


class Command(BaseCommand):
    help = "Queue the SLA escalation sweep every --interval seconds (default 60)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=60, help="Seconds between sweeps.")
        parser.add_argument("--once", action="store_true", help="Queue one sweep and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = max(5, int(options["interval"]))
        while True:
            started = time.monotonic()
            result = sla_escalations_sweep_task.enqueue()
            self.stdout.write(f"Queued the SLA escalation sweep ({result.id}).")
            if options["once"]:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
