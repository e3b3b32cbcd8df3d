"""`civicdesk demo_banner`: print where the demo lives and how to sign in."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from civicdesk.demo.seed import DEMO_PASSWORD, DEMO_STAFF


class Command(BaseCommand):
    help = "Print the demo city's URLs and staff logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"].rstrip("/")
        city = settings.CIVICDESK["CITY_NAME"]
        lines = [
            "",
            f"  CivicDesk demo — {city}",
            "",
            f"  Admin          {url}/admin/",
            f"  Health check   {url}/healthz",
            "",
            f"  Staff logins (password for all: {DEMO_PASSWORD})",
        ]
        for username, first, last, role, department in DEMO_STAFF:
            where = f" — {department}" if department else ""
            lines.append(f"    {username:<12} {first} {last}, {role.label}{where}")
        lines += [
            "",
            "  Administrators and supervisors can use the admin; other roles get their own",
            "  screens as those interfaces arrive (see README).",
            "  Press Ctrl+C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))
