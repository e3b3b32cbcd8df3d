"""`civicdesk create_api_key NAME`: make an Open311 API key and print it, once."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.accounts.services import api_key_create
from civicdesk.core import clock
from civicdesk.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Create an API key for an Open311 client. The key is printed once; only its hash is kept."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name", help="who or what will use the key, e.g. 'Alderport iOS app'")
        parser.add_argument(
            "--rate-limit",
            type=int,
            default=None,
            help="service requests it may file a minute (default: OPEN311_RATE_LIMIT_PER_MINUTE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            api_key, raw_key = api_key_create(
                name=options["name"],
                rate_limit_per_minute=options["rate_limit"],
                actor=None,
                now=clock.now(),
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stderr.write(
            f"Created API key “{api_key.name}”. Copy it now: it cannot be shown again."
        )
        self.stdout.write(raw_key)
