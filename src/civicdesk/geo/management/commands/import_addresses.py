"""`civicdesk import_addresses FILE`: load the city's address points (CSV or GeoJSON)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from civicdesk.core import clock
from civicdesk.geo.importers import ADDRESS_FIELD_ALIASES, address_records
from civicdesk.geo.services import GeoImportError, address_points_import


def _field(text: str) -> tuple[str, str]:
    field, separator, column = text.partition("=")
    if not separator or field not in ADDRESS_FIELD_ALIASES or not column:
        raise ValueError(text)
    return field, column


class Command(BaseCommand):
    help = (
        "Import address points (house number, street, unit, ZIP code, latitude/longitude) from "
        "a CSV or a GeoJSON file of points, optionally gzipped. Existing address ids are updated."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--field",
            action="append",
            type=_field,
            default=[],
            metavar="FIELD=COLUMN",
            help="which column holds a field: " + ", ".join(ADDRESS_FIELD_ALIASES),
        )
        parser.add_argument(
            "--replace", action="store_true", help="delete all address points first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            with tqdm(
                desc="Address points",
                unit="address",
                disable=options["verbosity"] == 0,
                file=sys.stderr,
            ) as bar:
                counts = address_points_import(
                    records=address_records(path, overrides=dict(options["field"])),
                    replace=options["replace"],
                    now=clock.now(),
                    progress=bar.update,
                )
        except GeoImportError as error:
            raise CommandError(f"Nothing was imported. {error.message}") from error
        self.stdout.write(
            f"Address points: {counts.created} created, {counts.updated} updated, "
            f"{counts.skipped} skipped, {counts.removed} removed."
        )
        for problem in counts.problems:
            self.stdout.write(f"  skipped: {problem}")
