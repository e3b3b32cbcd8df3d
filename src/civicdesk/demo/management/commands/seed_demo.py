"""`civicdesk seed_demo`: load the demo City of Alderport. Safe to run again: nothing doubles."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from civicdesk.core import clock
from civicdesk.crm.seed import seed_contact_center
from civicdesk.demo.field_work import seed_field_work
from civicdesk.demo.seed import (
    DEFAULT_REQUEST_COUNT,
    seed_catalog,
    seed_geography,
    seed_requests,
    seed_staff,
)
from civicdesk.knowledge.seed import seed_knowledge
from civicdesk.reporting.services import rollups_refresh
from civicdesk.routing.services import queue_defaults_create
from civicdesk.surveys.seed import seed_survey_responses, seed_surveys


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
        queues = queue_defaults_create(now=now)
        self.stdout.write(
            f"Queues: {queues.queues_created} department queues added, "
            f"{queues.requests_placed} open requests placed in them."
        )
        knowledge = seed_knowledge(now=now)
        self.stdout.write(
            "Knowledge base: {articles} articles, {translations} translations, "
            "{categories} categories ({written} written).".format(**knowledge)
        )
        centers = seed_contact_center()
        self.stdout.write(
            "Contact center: {created} walk-in desks and stations added, {updated} updated.".format(
                **centers
            )
        )
        geography = seed_geography(now=now)
        self.stdout.write(
            "Geography: city limit, {districts} council districts, "
            "{address_points} address points.".format(**geography)
        )
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
        surveys = seed_surveys()
        answered = seed_survey_responses(now=now)
        self.stdout.write(
            f"Surveys: {surveys['surveys']} active surveys, {answered} answers added."
        )
        refreshed = rollups_refresh(now=now).requests_refreshed
        self.stdout.write(f"Reporting: figures brought up to date for {refreshed} requests.")
        field_work = seed_field_work(now=now)
        self.stdout.write(
            "Field work: {crews} crew, {work_orders} work order planned for today.".format(
                **field_work
            )
        )
