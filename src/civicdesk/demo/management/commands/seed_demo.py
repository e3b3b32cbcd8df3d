"""`civicdesk seed_demo`: load the demo City of Alderport. Safe to run again: nothing doubles."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from civicdesk.core import clock
from civicdesk.demo.seed import (
    DEFAULT_REQUEST_COUNT,
    seed_catalog,
    seed_requests,
    seed_staff,
)


class Command(BaseCommand):
    help = "Load the demo city: departments, services, SLAs, staff logins and a year of requests."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--requests",
            type=int,
            default=DEFAULT_REQUEST_COUNT,
            help=f"how many requests the city should have (default {DEFAULT_REQUEST_COUNT})",
        )
        parser.add_argument("--seed", type=int, default=311, help="random seed for the requests")

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        counts = seed_catalog()
        self.stdout.write(
            "Catalog: {departments} departments, {services} services, "
            "{sla_policies} SLA policies, {calendars} business calendars.".format(**counts)
        )
        logins = seed_staff(now=now)
        self.stdout.write(f"Staff: {len(logins)} demo logins.")
        target = options["requests"]
        with tqdm(
            total=target,
            desc="Service requests",
            unit="req",
            disable=options["verbosity"] == 0,
            file=sys.stderr,
        ) as bar:
            from civicdesk.service_requests.models import ServiceRequest

            bar.update(min(target, ServiceRequest.objects.count()))
            added = seed_requests(
                target=target, now=now, random_seed=options["seed"], progress=bar.update
            )
        self.stdout.write(
            f"Requests: {added} added." if added else "Requests: already loaded, nothing added."
        )
