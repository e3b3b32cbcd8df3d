"""Server time of the performance dashboard and the public performance page at scale.

    .venv/bin/python bench/reporting.py [--sizes 1000000,10000000] [--databases sqlite,postgres]
                                        [--sqlite-max 1000000] [--repeat 15]

Each database is a fresh one made for the run (var/bench/reporting.sqlite3, and the PostgreSQL
database `reporting_bench` on 127.0.0.1:5432, skipped when no server answers). The demo catalog
and districts are loaded, then requests are generated up to each size in turn:

- the first `--generate` (250,000) with `bench.datagen.bulk_create_requests` (5% open, spread
  over a year, districts from the demo city's boundaries);
- the rest by copying those rows in SQL (`INSERT … SELECT`, each copy shifted 37 minutes further
  back in time), which loads millions in minutes instead of an hour of Python; the copies keep
  the generator's mix of services, districts, channels and statuses.

After each load `rollups_refresh` brings the facts and daily rollups up to date (its rate is
printed), and each page is requested through Django's full middleware stack, as an
administrator: once with an empty cache (cold: what the first visitor after a rollup refresh
waits), then `--repeat` times (warm). Prints the cold time and the warm p50/p95 per page.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/reporting_bench"
GENERATED_DEFAULT = 250_000


def _postgres_ready() -> bool:
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as connection:
            connection.execute("DROP DATABASE IF EXISTS reporting_bench WITH (FORCE)")
            connection.execute("CREATE DATABASE reporting_bench")
    except psycopg.Error:
        return False
    return True


def _run_leg(database_url: str, sizes: list[int], repeat: int, generate: int) -> None:
    """Run one database's measurements in a child process, so each gets its own settings."""
    environment = {**os.environ, "DATABASE_URL": database_url, "CIVICDESK_ENV": "development"}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    environment.update({"DEBUG": "false", "TASKS_BACKEND": "immediate", "CACHE_URL": "locmem://"})
    subprocess.run(  # noqa: S603 - our own interpreter running this file
        [
            sys.executable,
            __file__,
            "--leg",
            "--sizes",
            ",".join(str(size) for size in sizes),
            "--repeat",
            str(repeat),
            "--generate",
            str(generate),
        ],
        env=environment,
        check=True,
        cwd=ROOT,
    )


def _copy_rows(target: int, generated: int) -> None:
    """Grow the request table to `target` rows by copying the generated rows in SQL, each copy
    shifted a little further back in time (37 minutes a copy)."""
    from django.db import connection

    from civicdesk.service_requests.models import ServiceRequest

    table = ServiceRequest._meta.db_table
    shifted = ("created_at", "closed_at", "sla_due_at")
    columns = [
        field.column
        for field in ServiceRequest._meta.concrete_fields
        if field.column not in {"id", "public_id", "updated_at", *shifted}
    ]
    quoted = ", ".join(f'"{column}"' for column in columns)
    while (present := ServiceRequest.objects.count()) < target:
        batch = min(generated, target - present)
        minutes = 37 * max(1, present // generated)
        if connection.vendor == "postgresql":
            moved = [f"\"{column}\" - interval '{minutes} minutes'" for column in shifted]
            moved.append("now()")
        else:
            moved = [
                f"strftime('%Y-%m-%d %H:%M:%f', \"{column}\", '-{minutes} minutes')"
                for column in shifted
            ]
            moved.append("strftime('%Y-%m-%d %H:%M:%f', 'now')")
        started = time.perf_counter()
        targets = ", ".join(f'"{column}"' for column in ("public_id", *shifted, "updated_at"))
        sql = (
            f'INSERT INTO "{table}" ({targets}, {quoted}) '  # noqa: S608 - names from the model
            f"SELECT 'C{present // generated}-' || \"public_id\", {', '.join(moved)}, {quoted} "
            f'FROM "{table}" WHERE "id" IN (SELECT "id" FROM "{table}" ORDER BY "id" LIMIT %s)'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [batch])
        print(
            f"  copied {batch:,} rows in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{table}"')


def _time(client: object, url: str, repeat: int) -> tuple[float, float, float]:
    """Cold time (empty cache, as after a rollup refresh), then warm p50 and p95, in ms."""
    from django.core.cache import cache

    from civicdesk.reporting.selectors import rollup_version_forget

    cache.clear()
    rollup_version_forget()
    started = time.perf_counter()
    client.get(url)  # type: ignore[attr-defined]
    cold = time.perf_counter() - started
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    cuts = statistics.quantiles(timings, n=20, method="inclusive")
    return cold * 1000, statistics.median(timings) * 1000, cuts[18] * 1000


def _measure(sizes: list[int], repeat: int, generate: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicdesk.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.datagen import bulk_create_requests
    from civicdesk.accounts.models import User
    from civicdesk.catalog.models import Department
    from civicdesk.demo.seed import seed_catalog, seed_geography
    from civicdesk.reporting.services import rollups_refresh
    from civicdesk.service_requests.models import ServiceRequest

    call_command("migrate", verbosity=0)
    now = timezone.now()
    seed_catalog()
    seed_geography(now=now)
    admin = User.objects.create_superuser("bench", "bench@city.example", "bench-password-1234")
    client = Client()
    client.force_login(admin)
    department = Department.objects.order_by("code").first()
    assert department is not None  # noqa: S101
    for size in sizes:
        present = ServiceRequest.objects.count()
        started = time.perf_counter()
        missing = min(size, generate) - present
        if missing > 0:
            bulk_create_requests(missing, now=now, open_share=0.05, batch_size=10_000)
        if size > generate:
            _copy_rows(size, generate)
        loaded = ServiceRequest.objects.count()
        print(
            f"{connection.vendor}: {loaded:,} requests loaded in "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        started = time.perf_counter()
        result = rollups_refresh(now=now)
        refresh_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            # What autovacuum does soon after a bulk load: statistics, and the visibility map
            # that lets the percentile reads be index-only scans.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        pages = {
            "dashboard (30 days)": "/dashboard/",
            "dashboard, one department": f"/dashboard/?department={department.code}",
            "dashboard live figures": "/dashboard/live/",
            "public page (this month)": "/performance/",
            "public page, one district": "/performance/?district=3",
        }
        print(
            f"\n{connection.vendor} with {loaded:,} requests: refresh read "
            f"{result.requests_refreshed:,} requests in {refresh_seconds:.0f} s "
            f"({result.requests_refreshed / max(refresh_seconds, 1e-9):,.0f} req/s)"
        )
        for url in pages.values():  # load code and compile templates before measuring
            client.get(url)
        for name, url in pages.items():
            cold, p50, p95 = _time(client, url, repeat)
            print(
                f"  {name:<28} cold {cold:8.1f} ms   warm p50 {p50:8.1f} ms   p95 {p95:8.1f} ms",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--sqlite-max", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--generate",
        type=int,
        default=GENERATED_DEFAULT,
        help="requests made by the generator; larger sizes copy them in SQL",
    )
    parser.add_argument("--leg", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    sizes = sorted(int(size) for size in arguments.sizes.split(","))
    if arguments.leg:
        _measure(sizes, arguments.repeat, arguments.generate)
        return
    chosen = set(arguments.databases.split(","))
    if "sqlite" in chosen:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        database = folder / "reporting.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        sqlite_sizes = [size for size in sizes if size <= arguments.sqlite_max]
        if sqlite_sizes:
            _run_leg(f"sqlite:///{database}", sqlite_sizes, arguments.repeat, arguments.generate)
    if "postgres" in chosen:
        if _postgres_ready():
            _run_leg(POSTGRES_URL, sizes, arguments.repeat, arguments.generate)
        else:
            print("postgresql: no server answered at 127.0.0.1:5432; skipped")


if __name__ == "__main__":
    main()
