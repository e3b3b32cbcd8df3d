"""`civicdesk refresh_rollups [--full]`: bring reporting facts and daily rollups up to date."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from civicdesk.core import clock
from civicdesk.reporting.services import rollups_pending_count, rollups_refresh
from civicdesk.reporting.tasks import figures_warm


class Command(BaseCommand):
    help = (
        "Rebuild the reporting facts of requests changed since the last run and the daily "
        "rollups of the days they touch, then compute the most-read figures ahead of "
        "visitors. --full rebuilds everything."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--full", action="store_true", help="throw the rollups away and rebuild them all"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        full: bool = options["full"]
        with tqdm(
            total=rollups_pending_count(full=full),
            desc="Requests",
            unit="req",
            disable=options["verbosity"] == 0,
            file=sys.stderr,
        ) as bar:
            now = clock.now()
            result = rollups_refresh(now=now, full=full, on_progress=bar.update)
        figures_warm(now=now)
        self.stdout.write(
            f"Refreshed {result.requests_refreshed} requests, "
            f"{result.request_days_refreshed} request days and "
            f"{result.interaction_days_refreshed} contact-center days."
        )
