"""Add a language, or bring the catalogues up to date with the code: extracts every
translatable string of CivicDesk into `locale/<language>/LC_MESSAGES/django.po` (keeping the
translations already there). Translators then fill in the `.po` file; `compile_translations`
turns it into what Django reads, and listing the code in the LANGUAGES setting offers it.

Extraction uses Django's `makemessages`, which needs GNU gettext's tools on the translator's
machine; compiling and running CivicDesk do not.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Extract translatable strings into locale/<language>/LC_MESSAGES/django.po."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--language",
            action="append",
            default=[],
            help="A language code (repeat for several); default: every language of LANGUAGES.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        languages = options["language"] or [code for code, _name in settings.LANGUAGES]
        package = Path(settings.PACKAGE_DIR)
        if not (package / "locale").is_dir():
            raise CommandError(f"{package / 'locale'} is missing.")
        previous = Path.cwd()
        os.chdir(package)
        try:
            call_command(
                "makemessages",
                locale=languages,
                domain="django",
                ignore_patterns=["*/migrations/*", "demo/*"],
                no_obsolete=True,
                add_location="file",
                verbosity=options["verbosity"],
            )
        finally:
            os.chdir(previous)
        call_command("compile_translations", quiet_ok=True)
