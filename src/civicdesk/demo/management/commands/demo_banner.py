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
            f"  Residents      {url}/                 report, track, follow (English, Español)",
            f"  Help center    {url}/help/",
            f"  Performance    {url}/performance/     public scorecard; {url}/open-data/",
            f"  Agent console  {url}/console/         sign in as agent",
            f"  Department     {url}/work/            sign in as staff or supervisor",
            f"  Crew           {url}/crew/            sign in as crew (a phone-sized window)",
            f"  Dashboard      {url}/dashboard/       sign in as supervisor or admin",
            f"  Open311 API    {url}/open311/v2/discovery.json   docs at {url}/api/docs/",
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
            "  Administrators and supervisors also use the admin. Press Ctrl+C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))
