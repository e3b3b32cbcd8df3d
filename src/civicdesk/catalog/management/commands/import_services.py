"""`civicdesk import_services FILE…`: load Open311 service lists and definitions (JSON or XML)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalog.importing import CatalogFile, read_catalog_file
from civicdesk.catalog.services import department_get_or_create, service_catalog_import
from civicdesk.core import clock
from civicdesk.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Import Open311 GET services and GET service definition documents (JSON or XML) into "
        "the catalog. Services are matched by code; a definition replaces the service's questions."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="services or definition files")
        parser.add_argument(
            "--department",
            default="general",
            help="code of the department new services belong to (created if missing)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        catalog = CatalogFile()
        try:
            for path in options["files"]:
                part = read_catalog_file(path)
                catalog.services.extend(part.services)
                catalog.definitions.extend(part.definitions)
            department = department_get_or_create(
                code=options["department"], name=options["department"].replace("-", " ").title()
            )
            result = service_catalog_import(
                services=catalog.services,
                definitions=catalog.definitions,
                department=department,
                actor=None,
                now=clock.now(),
            )
        except OSError as error:
            raise CommandError(f"Cannot read {error.filename}: {error.strerror}") from error
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{result.services_created} services created, {result.services_updated} updated, "
            f"{result.definitions} definitions imported."
        )
