"""`civicdesk serve`: the production web server (gunicorn) for the CivicDesk WSGI app."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


def default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))


class Command(BaseCommand):
    help = "Serve CivicDesk with gunicorn (for production; runserver is for development)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))  # noqa: S104
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="worker processes (default: WEB_CONCURRENCY, or 2 x cores + 1)",
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("WEB_TIMEOUT", "30")))

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.wsgiapp import WSGIApplication

        argv = [
            "gunicorn",
            "civicdesk.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            str(options["timeout"]),
            "--access-logfile",
            "-",
        ]
        self.stdout.write(
            f"Serving CivicDesk on http://{options['host']}:{options['port']} "
            f"with {options['workers']} workers x {options['threads']} threads"
        )
        sys.argv = argv
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
