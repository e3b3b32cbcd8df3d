"""How fast the one intake function files requests, on SQLite and on PostgreSQL.

    .venv/bin/python bench/intake.py [--count 2000] [--databases sqlite,postgres]

Each database is a fresh one made for the run (a file under var/bench/, and the PostgreSQL
database `intake_bench` on 127.0.0.1:5432, skipped when no server answers). The demo catalog is
loaded, then `service_request_submit` files `--count` requests one after another, each in its own
transaction, with a resident's contact details, coordinates in the demo city and the answers the
service asks for, exactly as a web or API channel would. Prints requests per second and the
p50/p95/p99 time of one submission. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/intake_bench"


def _postgres_ready() -> bool:
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as connection:
            connection.execute("DROP DATABASE IF EXISTS intake_bench")
            connection.execute("CREATE DATABASE intake_bench")
    except psycopg.Error:
        return False
    return True


def _run_leg(database_url: str, count: int) -> None:
    """Run one measurement in a child process, so that each gets its own settings."""
    environment = {**os.environ, "DATABASE_URL": database_url, "CIVICDESK_ENV": "development"}
    environment["DEBUG"] = "false"
    environment["TASKS_BACKEND"] = "database"
    subprocess.run(  # noqa: S603 - our own interpreter running this file
        [sys.executable, __file__, "--leg", "--count", str(count)],
        env=environment,
        check=True,
        cwd=ROOT,
    )


def _measure(count: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicdesk.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from civicdesk.catalog.models import Service
    from civicdesk.core import clock
    from civicdesk.crm.enums import Channel
    from civicdesk.crm.services import ContactDetails
    from civicdesk.demo.geography import random_point
    from civicdesk.demo.seed import seed_catalog
    from civicdesk.service_requests.services import Location, service_request_submit

    call_command("migrate", verbosity=0)
    seed_catalog()
    rng = random.Random(311)
    services = [
        service
        for service in Service.objects.filter(is_active=True).prefetch_related("attributes")
        if not any(attribute.required for attribute in service.attributes.all())
    ]
    timings: list[float] = []
    started = time.perf_counter()
    for index in range(count):
        longitude, latitude = random_point(rng)
        before = time.perf_counter()
        service_request_submit(
            service_code=rng.choice(services).code,
            description=f"Benchmark report {index}: seen on the way to work.",
            location=Location(latitude=latitude, longitude=longitude),
            channel=Channel.WEB,
            contact=ContactDetails(
                first_name="Pat", last_name=f"Resident{index % 500}", email=f"r{index % 500}@x.org"
            ),
            now=clock.now(),
        )
        timings.append(time.perf_counter() - before)
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(timings, n=100)
    print(
        f"{connection.vendor:<10} {count:>6} requests  {count / elapsed:8.1f} req/s  "
        f"p50 {cuts[49] * 1000:6.2f} ms  p95 {cuts[94] * 1000:6.2f} ms  "
        f"p99 {cuts[98] * 1000:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--leg", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.leg:
        _measure(arguments.count)
        return
    chosen = set(arguments.databases.split(","))
    if "sqlite" in chosen:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        database = folder / "intake.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        _run_leg(f"sqlite:///{database}", arguments.count)
    if "postgres" in chosen:
        if _postgres_ready():
            _run_leg(POSTGRES_URL, arguments.count)
        else:
            print("postgresql: no server answered at 127.0.0.1:5432; skipped")


if __name__ == "__main__":
    main()
