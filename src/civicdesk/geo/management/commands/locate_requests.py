"""`civicdesk locate_requests [--all]`: fill in requests' H3 cell, district and areas."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from civicdesk.geo.services import service_requests_relocate


class Command(BaseCommand):
    help = (
        "Place located service requests in today's boundaries: those without an H3 cell (history "
        "loaded before the boundaries), or with --all every one (after boundaries changed)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--all", action="store_true", help="recompute every located request")

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(
            desc="Requests", unit="req", disable=options["verbosity"] == 0, file=sys.stderr
        ) as bar:
            counts = service_requests_relocate(only_missing=not options["all"], progress=bar.update)
        self.stdout.write(f"Requests: {counts.examined} examined, {counts.changed} changed.")
