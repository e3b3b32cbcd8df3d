"""`civicdesk export_open_data`: the open-data export of every request's public fields.

civicdesk export_open_data --snapshot               # tonight's files, to storage
civicdesk export_open_data --format csv -o out.csv  # a one-off file (or - for stdout)
civicdesk export_open_data --format jsonl --start 2026-01-01 --department streets
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from civicdesk.catalog.models import Department, Service
from civicdesk.core import clock
from civicdesk.reporting.opendata import csv_lines, jsonl_lines
from civicdesk.reporting.selectors import MetricFilters, open_data_rows
from civicdesk.reporting.services import open_data_snapshot_write


class Command(BaseCommand):
    help = "Export requests' public fields as CSV or JSON Lines, or write the nightly snapshot."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--snapshot",
            action="store_true",
            help="write open-data/requests-<date>.csv/.jsonl and requests-latest.* to storage",
        )
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument("-o", "--output", default="-", help="a file, or - for stdout")
        parser.add_argument("--start", type=date.fromisoformat, help="received on or after")
        parser.add_argument("--end", type=date.fromisoformat, help="received on or before")
        parser.add_argument("--department", default="", help="a department code")
        parser.add_argument("--service", default="", help="a service code")
        parser.add_argument("--district", default="")
        parser.add_argument("--channel", default="")

    def _filters(self, options: dict[str, Any]) -> MetricFilters:
        department_ids = None
        service_id = None
        if options["department"]:
            department = Department.objects.filter(code=options["department"]).first()
            if department is None:
                raise CommandError(f"No department has the code {options['department']!r}.")
            department_ids = frozenset({department.pk})
        if options["service"]:
            service = Service.objects.filter(code=options["service"]).first()
            if service is None:
                raise CommandError(f"No service has the code {options['service']!r}.")
            service_id = service.pk
        return MetricFilters(
            start_date=options["start"],
            end_date=options["end"],
            department_ids=department_ids,
            service_id=service_id,
            district=options["district"],
            channel=options["channel"],
        )

    def handle(self, *args: Any, **options: Any) -> None:
        filters = self._filters(options)
        quiet = options["verbosity"] == 0
        with tqdm(desc="Requests", unit="req", disable=quiet, file=sys.stderr) as bar:
            if options["snapshot"]:
                result = open_data_snapshot_write(
                    now=clock.now(), filters=filters, on_progress=bar.update
                )
                self.stderr.write(
                    f"Wrote {result.row_count} requests to {', '.join(result.names)}."
                )
                return
            lines = csv_lines if options["format"] == "csv" else jsonl_lines

            def counted() -> Any:
                for row in open_data_rows(filters=filters):
                    bar.update(1)
                    yield row

            output = options["output"]
            if output == "-":
                for line in lines(counted()):
                    self.stdout.write(line, ending="")
                return
            with Path(output).open("w", encoding="utf-8", newline="") as stream:
                for line in lines(counted()):
                    stream.write(line)
