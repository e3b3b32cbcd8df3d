"""`civicdesk import_boundaries FILE --kind district --layer wards --name-field NAME`."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from civicdesk.core import clock
from civicdesk.geo.enums import BoundaryKind
from civicdesk.geo.importers import boundary_features, read_geojson
from civicdesk.geo.services import GeoImportError, boundaries_import


class Command(BaseCommand):
    help = (
        "Import polygons from a GeoJSON file (optionally .gz, longitude/latitude) as boundaries: "
        "the city limit (--kind jurisdiction), districts, wards, service areas …"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=[kind.value for kind in BoundaryKind])
        parser.add_argument(
            "--layer",
            default="",
            help="the set these boundaries form, e.g. council-districts (default: the kind)",
        )
        parser.add_argument("--name-field", default="", help="the property holding the name")
        parser.add_argument(
            "--code-field", default="", help="the property holding the code (default: the name)"
        )
        parser.add_argument(
            "--replace", action="store_true", help="remove boundaries of the layer not in the file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            data = read_geojson(path)
            features = list(
                boundary_features(
                    data, code_field=options["code_field"], name_field=options["name_field"]
                )
            )
            with tqdm(
                total=len(features),
                desc="Boundaries",
                unit="polygon",
                disable=options["verbosity"] == 0,
                file=sys.stderr,
            ) as bar:
                counts = boundaries_import(
                    features=features,
                    kind=BoundaryKind(options["kind"]),
                    layer=options["layer"] or options["kind"],
                    replace=options["replace"],
                    now=clock.now(),
                    progress=bar.update,
                )
        except GeoImportError as error:
            raise CommandError(f"Nothing was imported. {error.message}") from error
        self.stdout.write(
            f"Boundaries: {counts.created} created, {counts.updated} updated, "
            f"{counts.removed} removed."
        )
