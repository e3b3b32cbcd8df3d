"""`civicdesk import_requests FILE --format …`: bring a city's 311 history into CivicDesk."""

from __future__ import annotations

import csv
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from civicdesk.core import clock
from civicdesk.reporting.imports.formats import FORMATS
from civicdesk.reporting.imports.importer import BATCH_SIZE, import_file
from civicdesk.reporting.imports.mapping import MappingError, ServiceMapping
from civicdesk.reporting.services import rollups_refresh

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = (
        "Import past service requests from a city's 311 export (CSV, plain or gzip). "
        "Re-running skips rows already imported; bad rows are reported with their line numbers."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=FORMATS, dest="format_name")
        parser.add_argument("--mapping", type=Path, help="TOML file mapping types to services")
        parser.add_argument(
            "--source", default="", help="name recorded on each request (default: the format)"
        )
        parser.add_argument(
            "--timezone",
            default=settings.TIME_ZONE,
            help="zone of the export's local times (default: TIME_ZONE)",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--report", type=Path, help="write every bad or adjusted row to this CSV file"
        )
        parser.add_argument(
            "--skip-rollups",
            action="store_true",
            help="leave the dashboards' refresh to `civicdesk refresh_rollups` (when importing "
            "several files in a row, refresh once after the last)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        report_path = Path(options["report"]) if options["report"] else None
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            timezone = ZoneInfo(options["timezone"])
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise CommandError(f"Unknown time zone {options['timezone']!r}.") from error
        try:
            mapping = (
                ServiceMapping.from_file(Path(options["mapping"]))
                if options["mapping"]
                else ServiceMapping()
            )
            with tqdm(
                desc=f"Importing {path.name}",
                unit=" rows",
                disable=options["verbosity"] == 0,
                file=sys.stderr,
            ) as bar:
                report = import_file(
                    path,
                    format_name=options["format_name"],
                    timezone=timezone,
                    mapping=mapping,
                    now=clock.now(),
                    source=options["source"],
                    batch_size=options["batch_size"],
                    progress=bar.update,
                )
        except MappingError as error:
            raise CommandError(str(error)) from error
        if report.imported and not options["skip_rollups"]:
            # Dashboards and the public scorecard count the history from now on.
            rollups_refresh(now=clock.now())
        self.stdout.write(
            f"{report.rows} rows: {report.imported} imported, "
            f"{report.already_imported} already imported, {report.bad} not imported "
            f"(bad rows), {report.adjusted} imported with adjustments."
        )
        if report.created_services:
            self.stdout.write(
                f"New services (inactive until you activate them in the admin): "
                f"{', '.join(report.created_services)}"
            )
        if report.created_departments:
            self.stdout.write(f"New departments: {', '.join(report.created_departments)}")
        for reason, count in report.reasons.most_common(10):
            self.stdout.write(f"  {count:>8}  {reason}")
        for problem in report.problems[:SHOWN_PROBLEMS]:
            self.stdout.write(f"  line {problem.line}: {problem.reason}")
        if report.bad > SHOWN_PROBLEMS and report_path is None:
            self.stdout.write("  … use --report FILE to see every bad row.")
        if report_path is not None:
            with report_path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["line", "outcome", "reason"])
                for problem in report.problems:
                    writer.writerow([problem.line, "not imported", problem.reason])
                for adjustment in report.adjustments:
                    writer.writerow([adjustment.line, "imported, adjusted", adjustment.reason])
            self.stdout.write(f"Report written to {report_path}.")
