"""`civicdesk escalate`: run one SLA escalation sweep now (for cron, every minute)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civicdesk.core import clock
from civicdesk.routing.services import sla_escalations_sweep


class Command(BaseCommand):
    help = "Escalate requests and contacts that became at risk or late since the last sweep."

    def handle(self, *args: Any, **options: Any) -> None:
        result = sla_escalations_sweep(now=clock.now())
        self.stdout.write(
            f"At risk: {result.at_risk}; breached: {result.breached}; "
            f"contacts at risk: {result.contacts_at_risk}; "
            f"contacts breached: {result.contacts_breached}."
        )
