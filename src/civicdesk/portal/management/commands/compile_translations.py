"""Compile the translation catalogues (`locale/<language>/LC_MESSAGES/*.po`) into the `.mo`
files Django reads, with Babel: no system gettext needed. The set-up step (`make venv`) runs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def catalogue_paths() -> list[Path]:
    """Every `.po` file under the project's locale folders and its apps' own."""
    package = Path(settings.PACKAGE_DIR)
    folders = [Path(folder) for folder in settings.LOCALE_PATHS]
    folders += sorted(path for path in package.glob("*/locale") if path.is_dir())
    found: list[Path] = []
    for folder in dict.fromkeys(folders):
        found.extend(sorted(folder.glob("*/LC_MESSAGES/*.po")))
    return found


def compile_catalogue(po_path: Path) -> Path:
    """Write `<name>.mo` beside `po_path`; fuzzy (unreviewed) entries are left out."""
    with po_path.open("rb") as source:
        catalog = read_po(source, locale=po_path.parent.parent.name)
    mo_path = po_path.with_suffix(".mo")
    with mo_path.open("wb") as target:
        write_mo(target, catalog, use_fuzzy=False)
    return mo_path


class Command(BaseCommand):
    help = "Compile the .po translation catalogues into .mo files (with Babel, no gettext)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet-ok", action="store_true", help="Print nothing when all went well."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = [compile_catalogue(path) for path in catalogue_paths()]
        if not options["quiet_ok"]:
            for path in compiled:
                self.stdout.write(f"compiled {path}")
