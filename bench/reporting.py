"""Server time of the performance dashboard and the public performance page at scale.

    .venv/bin/python bench/reporting.py [--sizes 1000000,10000000] [--databases sqlite,postgres]
                                        [--sqlite-max 1000000] [--repeat 15] [--reuse] [--drop]
                                        [--pages-only] [--import-generated 1000000] [--skip-import]

First, import speed: `bench/import_history.py` runs `import_requests` on the real Boston 2015
export and on a generated file of `--import-generated` rows in the same layout, on each database,
and prints rows per second and peak memory (`--skip-import` leaves it out).

Each database is a fresh one made for the run (var/bench/reporting.sqlite3, and the PostgreSQL
database `reporting_bench` on 127.0.0.1:5432, skipped when no server answers); `--reuse` keeps
what an earlier run loaded and only adds the missing rows (`--pages-only` measures the pages on
it without loading or refreshing anything), `--drop` deletes the PostgreSQL
database at the end (10M requests take about 12 GB). The demo catalog and districts are loaded,
then requests are generated up to each size in turn:

- the first `--generate` (250,000) with `bench.datagen.bulk_create_requests` (5% open, spread
  over a year, districts from the demo city's boundaries);
- the rest by copying those rows in SQL (`INSERT … SELECT`, each copy shifted 37 minutes further
  back in time), which loads millions in minutes instead of an hour of Python; the copies keep
  the generator's mix of services, districts, channels and statuses. Progress is printed.

After each load `rollups_refresh` brings the facts, daily rollups and distributions up to date
(its rate is printed; then the rate of an incremental refresh after 2,000 requests changed), and
each page — the dashboard and the public page, unfiltered and with the common filters (a
department, a district, a service, a channel, 90 days) — is requested through Django's full
middleware stack, as an administrator: `--repeat` times with an empty cache (cold: what the
first visitor after a rollup refresh waits, the figure cache and the rollup version both
forgotten) and `--repeat` times warm. Prints p50/p95 of each, with the machine's load average.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/reporting_bench"
GENERATED_DEFAULT = 250_000


def _postgres(*statements: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]
    except psycopg.Error:
        return False
    return True


def _postgres_ready(*, reuse: bool) -> bool:
    if reuse:
        if not _postgres("SELECT 1"):
            return False
        _postgres("CREATE DATABASE reporting_bench")  # fails when it exists, as it may
        return True
    return _postgres(
        "DROP DATABASE IF EXISTS reporting_bench WITH (FORCE)", "CREATE DATABASE reporting_bench"
    )


def _load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _run_leg(
    database_url: str, sizes: list[int], repeat: int, generate: int, extra: list[str]
) -> None:
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
            *extra,
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
        print(f"  {present:,} of {target:,} requests", file=sys.stderr, flush=True)
        if connection.vendor == "postgresql":
            moved = [f"\"{column}\" - interval '{minutes} minutes'" for column in shifted]
            moved.append(f'COALESCE("closed_at", "created_at") - interval \'{minutes} minutes\'')
        else:
            moved = [
                f"strftime('%Y-%m-%d %H:%M:%f', \"{column}\", '-{minutes} minutes')"
                for column in shifted
            ]
            moved.append(
                f'strftime(\'%Y-%m-%d %H:%M:%f\', COALESCE("closed_at", "created_at"), '
                f"'-{minutes} minutes')"
            )
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


def _age_updates() -> None:
    """Date each request's last change to when it closed (or arrived), as a city's history
    looks, rather than to the moment the benchmark wrote it — so that an incremental refresh
    reads only what changed after the load."""
    from django.db import connection

    from civicdesk.service_requests.models import ServiceRequest

    table = ServiceRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" SET "updated_at" = COALESCE("closed_at", "created_at") '  # noqa: S608
            'WHERE "updated_at" > COALESCE("closed_at", "created_at")'
        )


def _percentiles(timings: list[float]) -> tuple[float, float]:
    """p50 and p95 in ms."""
    if len(timings) == 1:
        return timings[0] * 1000, timings[0] * 1000
    cuts = statistics.quantiles(timings, n=20, method="inclusive")
    return statistics.median(timings) * 1000, cuts[18] * 1000


def _time(client: object, url: str, repeat: int) -> tuple[float, float, float, float]:
    """Cold p50 and p95 (empty cache each time, as after a rollup refresh), then warm p50 and
    p95, in ms."""
    from django.core.cache import cache

    from civicdesk.reporting.selectors import rollup_version_forget

    cold, warm = [], []
    for timings, is_cold in ((cold, True), (warm, False)):
        for _ in range(repeat):
            if is_cold:
                cache.clear()
                rollup_version_forget()
            started = time.perf_counter()
            response = client.get(url)  # type: ignore[attr-defined]
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    return (*_percentiles(cold), *_percentiles(warm))


def _touch(count: int, now: object) -> None:
    """Close the `count` newest requests still new, touching `updated_at` as the lifecycle
    services do, for the incremental refresh's rate."""
    from django.db.models import F

    from civicdesk.service_requests.models import ServiceRequest

    ids = list(
        ServiceRequest.objects.filter(status="new")
        .order_by("-created_at")
        .values_list("id", flat=True)[:count]
    )
    ServiceRequest.objects.filter(id__in=ids).update(
        status="closed", closed_at=F("created_at"), updated_at=now
    )


def _measure_pages(client: object, department: str, service: str, repeat: int) -> None:
    """Print the cold and warm server time of the dashboard and the public page, unfiltered and
    with the common filters."""
    from django.utils import timezone

    today = timezone.localdate()
    ninety = f"start={today - timedelta(days=89)}&end={today}"
    pages = {
        "dashboard (30 days)": "/dashboard/",
        "dashboard, a department": f"/dashboard/?department={department}",
        "dashboard, a district": "/dashboard/?district=3",
        "dashboard, a service": f"/dashboard/?service={service}",
        "dashboard, a channel": "/dashboard/?channel=phone",
        "dashboard, 90 days": f"/dashboard/?{ninety}",
        "dashboard, dept + channel": f"/dashboard/?department={department}&channel=web",
        "dashboard live figures": "/dashboard/live/",
        "public page (this month)": "/performance/",
        "public page, a department": f"/performance/?department={department}",
        "public page, a district": "/performance/?district=3",
        "public page, a service": f"/performance/?service={service}",
        "public page, a channel": "/performance/?channel=web",
        "public page, 90 days": f"/performance/?{ninety}",
    }
    for url in pages.values():  # load code and compile templates before measuring
        client.get(url)
    print(f"  {'page':<28} {'cold p50':>9} {'cold p95':>9} {'warm p50':>9} {'warm p95':>9}")
    for name, url in pages.items():
        cold_p50, cold_p95, p50, p95 = _time(client, url, repeat)
        print(
            f"  {name:<28} {cold_p50:6.0f} ms {cold_p95:6.0f} ms {p50:6.0f} ms {p95:6.0f} ms"
            f"   ({_load()})",
            flush=True,
        )


def _refresh(loaded: int, now: datetime) -> None:
    """Refresh everything the load wrote, then time an incremental refresh; print both."""
    from django.db import connection
    from django.utils import timezone

    from civicdesk.reporting.services import rollups_refresh

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  refreshing the rollups ({_load()})", file=sys.stderr, flush=True)
    started = time.perf_counter()
    # Full: the load bypassed the services, and its rows carry old `updated_at` times.
    result = rollups_refresh(now=now, full=True)
    refresh_seconds = time.perf_counter() - started
    print(
        f"\n{connection.vendor} with {loaded:,} requests: refresh read "
        f"{result.requests_refreshed:,} requests in {refresh_seconds:.0f} s "
        f"({result.requests_refreshed / max(refresh_seconds, 1e-9):,.0f} req/s; {_load()})",
        flush=True,
    )
    _touch(2000, timezone.now())
    started = time.perf_counter()
    result = rollups_refresh(now=timezone.now())
    refresh_seconds = time.perf_counter() - started
    print(
        f"  incremental refresh after 2,000 changed requests: read "
        f"{result.requests_refreshed:,} requests and rebuilt {result.request_days_refreshed} "
        f"days in {refresh_seconds:.1f} s ({_load()})",
        flush=True,
    )
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load: statistics, and the visibility map
        # that lets index reads skip the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _measure(sizes: list[int], repeat: int, generate: int, *, pages_only: bool) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicdesk.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.datagen import bulk_create_requests
    from civicdesk.accounts.models import User
    from civicdesk.catalog.models import Department, Service
    from civicdesk.demo.seed import seed_catalog, seed_geography
    from civicdesk.service_requests.models import ServiceRequest

    call_command("migrate", verbosity=0)
    now = timezone.now()
    if not Department.objects.exists():
        seed_catalog()
        seed_geography(now=now)
    admin = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", "bench@city.example", "bench-password-1234"
    )
    client = Client()
    client.force_login(admin)
    department = Department.objects.order_by("code").first()
    service = Service.objects.order_by("code").first()
    assert department is not None  # noqa: S101
    assert service is not None  # noqa: S101
    if pages_only:
        print(f"\n{connection.vendor} with {ServiceRequest.objects.count():,} requests, as loaded")
        _measure_pages(client, department.code, service.code, repeat)
        return
    for size in sizes:
        present = ServiceRequest.objects.count()
        started = time.perf_counter()
        missing = min(size, generate) - present
        if missing > 0:
            bulk_create_requests(missing, now=now, open_share=0.05, batch_size=10_000)
        if size > generate:
            _copy_rows(size, generate)
        _age_updates()
        loaded = ServiceRequest.objects.count()
        print(
            f"{connection.vendor}: {loaded:,} requests loaded in "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        _refresh(loaded, now)
        _measure_pages(client, department.code, service.code, repeat)


def _measure_import(databases: str, generated: int) -> None:
    """Import speed first: `bench/import_history.py` (the real Boston 2015 export and a
    generated file in its layout, each into a fresh database), which prints its own lines."""
    subprocess.run(  # noqa: S603 - our own interpreter running our own script
        [
            sys.executable,
            str(ROOT / "bench" / "import_history.py"),
            "--generated",
            str(generated),
            "--databases",
            databases,
        ],
        check=True,
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
    parser.add_argument("--reuse", action="store_true", help="keep the rows a run loaded")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL database after")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="measure the pages on what an earlier run loaded and refreshed (implies --reuse)",
    )
    parser.add_argument(
        "--import-generated",
        type=int,
        default=1_000_000,
        help="rows of the generated import file (0: only the real Boston export)",
    )
    parser.add_argument(
        "--skip-import", action="store_true", help="do not measure `import_requests` first"
    )
    parser.add_argument("--leg", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    sizes = sorted(int(size) for size in arguments.sizes.split(","))
    if arguments.leg:
        _measure(sizes, arguments.repeat, arguments.generate, pages_only=arguments.pages_only)
        return
    chosen = set(arguments.databases.split(","))
    if not (arguments.skip_import or arguments.pages_only):
        _measure_import(arguments.databases, arguments.import_generated)
    extra = ["--pages-only"] if arguments.pages_only else []
    arguments.reuse = arguments.reuse or arguments.pages_only
    if "sqlite" in chosen:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        database = folder / "reporting.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if not arguments.reuse:
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        sqlite_sizes = [size for size in sizes if size <= arguments.sqlite_max]
        if sqlite_sizes:
            _run_leg(
                f"sqlite:///{database}", sqlite_sizes, arguments.repeat, arguments.generate, extra
            )
    if "postgres" in chosen:
        if _postgres_ready(reuse=arguments.reuse):
            try:
                _run_leg(POSTGRES_URL, sizes, arguments.repeat, arguments.generate, extra)
            finally:
                if arguments.drop:
                    _postgres("DROP DATABASE IF EXISTS reporting_bench WITH (FORCE)")
        else:
            print("postgresql: no server answered at 127.0.0.1:5432; skipped")


if __name__ == "__main__":
    main()
