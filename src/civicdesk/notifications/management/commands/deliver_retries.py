"""`civicdesk deliver_retries`: send the failed messages, survey invitations and webhook
deliveries that are due.

With the database task backend, failed sends are queued again with a delay by themselves; this
sweep is the safety net (and the only retry with the immediate backend). Run it from cron
every minute, or `--interval 60` to keep it running.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from civicdesk.core import clock
from civicdesk.notifications.delivery import notifications_retry_due
from civicdesk.notifications.webhooks import webhook_deliveries_retry_due
from civicdesk.surveys.services import survey_invitations_retry_due


class Command(BaseCommand):
    help = (
        "Retry failed notifications, survey invitations and webhook deliveries whose next "
        "attempt is due."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=int, default=0, help="Keep running, sweeping every N seconds."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interval = int(options["interval"])
        while True:
            now = clock.now()
            sent = notifications_retry_due(now=now)
            sent += survey_invitations_retry_due(now=now)
            delivered = webhook_deliveries_retry_due(now=now)
            self.stdout.write(f"Retried: {sent} messages sent, {delivered} webhooks delivered.")
            if interval <= 0:
                return
            time.sleep(max(5, interval))
