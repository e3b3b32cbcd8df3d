"""`civicdesk serve`: the production web server (gunicorn) for the CivicDesk WSGI app."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from civicdesk.core.env import env_bool


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
        parser.add_argument(
            "--keep-alive",
            type=int,
            default=int(os.environ.get("WEB_KEEPALIVE", "5")),
            help="seconds an idle client connection stays open (default: WEB_KEEPALIVE, or 5)",
        )
        parser.add_argument(
            "--no-access-log",
            action="store_true",
            default=not env_bool("WEB_ACCESS_LOG", default=True),
            help="do not write a line per request to standard output (WEB_ACCESS_LOG=false)",
        )

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
            # Threads serve keep-alive connections (API clients and proxies reuse them); the
            # sync worker would close each connection after one request.
            "--worker-class",
            "gthread",
            "--keep-alive",
            str(options["keep_alive"]),
        ]
        if not options["no_access_log"]:
            argv += ["--access-logfile", "-"]
        self.stdout.write(
            f"Serving CivicDesk on http://{options['host']}:{options['port']} "
            f"with {options['workers']} workers x {options['threads']} threads"
        )
        sys.argv = argv
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
