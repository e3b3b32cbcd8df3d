"""`civicdesk scheduler`: queue the periodic work for the task worker.

Every minute: the SLA escalation sweep and the retry of notifications and webhook deliveries
that are due. Every fifth minute: the reporting rollups (dashboards and the public scorecard).

Run exactly one scheduler per deployment beside `civicdesk db_worker` (or the RQ worker). Two
schedulers do no harm — a sweep escalates each threshold once however often it runs — but
waste work.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from civicdesk.notifications.tasks import deliveries_retry_due
from civicdesk.reporting.tasks import rollups_refresh_task
from civicdesk.routing.tasks import sla_escalations_sweep_task

ROLLUPS_EVERY = 5  # sweeps


class Command(BaseCommand):
    help = "Queue the SLA escalation sweep every --interval seconds (default 60)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=60, help="Seconds between sweeps.")
        parser.add_argument("--once", action="store_true", help="Queue one sweep and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = max(5, int(options["interval"]))
        tick = 0
        while True:
            started = time.monotonic()
            result = sla_escalations_sweep_task.enqueue()
            deliveries_retry_due.enqueue()
            self.stdout.write(f"Queued the SLA escalation sweep ({result.id}) and due retries.")
            if tick % ROLLUPS_EVERY == 0:
                rollups_refresh_task.enqueue()
                self.stdout.write("Queued the reporting rollups refresh.")
            tick += 1
            if options["once"]:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
