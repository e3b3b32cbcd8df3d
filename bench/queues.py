"""Server time of the /work/ queue pages, and the SLA escalation sweep, on PostgreSQL at scale.

    .venv/bin/python bench/queues.py [--total 1000000] [--open-share 0.2] [--repeat 40] [--fresh]

Uses the PostgreSQL database `queues_bench` on 127.0.0.1:5432 (kept between runs, so the million
rows are generated once; `--fresh` drops and rebuilds it). The demo catalog and districts are
loaded, then `bench.datagen.bulk_create_requests` writes `--total` requests (`--open-share`
open: 20 % of a million is 200k) spread over a year. The generator predates the SLA clock, so
this script then completes the rows as intake would have: the at-risk time (80 % of the way
to due), the clock paused for requests on hold, and every department's default queue
(`queue_defaults_create`), and vacuums the table as autovacuum would after a bulk load. Then:

1. **Queue pages** — each page of /work/ is requested through Django's full middleware stack
   (session, CSRF, templates) by a member of the busiest department, once to warm up and then
   `--repeat` times; p50/p95 per page and the p95 over all of them. The administrator's
   all-departments queue is measured too. The plan of the main list query is printed
   (EXPLAIN ANALYZE) to show it uses the `sr_open_queue_idx` partial index, and the plan of
   the at-risk filter (index ranges on running and paused clocks, no row filtered away).
2. **Sweep** — every escalation marker is cleared (and the table vacuumed), then
   `sla_escalations_sweep` runs twice: the first escalates every open request past a threshold
   (the worst case: the generator leaves most open requests overdue); the second finds nothing
   left to do, as every minute after.

Targets: queue page p95 < 150 ms, sweep of 200k open requests < 30 s. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "queues_bench"
POSTGRES_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def _postgres_ready(*, fresh: bool) -> bool:
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as connection:
            if fresh:
                connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone()
            if not exists:
                connection.execute(f"CREATE DATABASE {DATABASE}")
    except psycopg.Error:
        return False
    return True


def _run_leg(arguments: argparse.Namespace) -> None:
    """Measure in a child process with the benchmark's own settings."""
    environment = {**os.environ, "DATABASE_URL": POSTGRES_URL, "CIVICDESK_ENV": "development"}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    environment.update(
        {
            "DEBUG": "false",
            "TASKS_BACKEND": "immediate",
            "CACHE_URL": "locmem://",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    subprocess.run(  # noqa: S603 - our own interpreter running this file
        [
            sys.executable,
            __file__,
            "--leg",
            "--total",
            str(arguments.total),
            "--open-share",
            str(arguments.open_share),
            "--repeat",
            str(arguments.repeat),
        ],
        env=environment,
        check=True,
        cwd=ROOT,
    )


def _sql(statement: str, parameters: list[Any] | None = None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, parameters or [])
        return cursor.rowcount


def _complete_rows() -> None:
    """Fill in what intake sets and the generator does not: at-risk times, paused clocks."""
    from civicdesk.service_requests.models import ServiceRequest

    table = ServiceRequest._meta.db_table
    started = time.perf_counter()
    changed = _sql(
        f'UPDATE "{table}" SET "sla_at_risk_at" = "created_at" '  # noqa: S608 - model's table
        '+ ("sla_due_at" - "created_at") * 0.8 '
        'WHERE "sla_at_risk_at" IS NULL AND "sla_due_at" IS NOT NULL'
    )
    changed += _sql(
        f'UPDATE "{table}" SET "sla_paused_at" = "created_at" + interval \'1 day\' '  # noqa: S608
        'WHERE "status" = \'on_hold\' AND "sla_paused_at" IS NULL'
    )
    if changed:
        print(f"  completed {changed:,} rows in {time.perf_counter() - started:.0f} s", flush=True)


def _time(client: Any, url: str, repeat: int) -> list[float]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    return timings


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


def _load(total: int, open_share: float) -> tuple[Any, Any, int, int]:
    """Generate and complete the rows; return a worker of the busiest department, an
    administrator, the open count and the busiest department's open count."""
    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import timezone

    from bench.datagen import bulk_create_requests
    from civicdesk.accounts.enums import Role
    from civicdesk.accounts.models import RoleAssignment, User
    from civicdesk.demo.seed import seed_catalog, seed_geography
    from civicdesk.routing.services import queue_defaults_create
    from civicdesk.service_requests.models import SR_OPEN_STATUS_VALUES, ServiceRequest

    call_command("migrate", verbosity=0)
    now = timezone.now()
    present = ServiceRequest.objects.count()
    if present < total:
        seed_catalog()
        seed_geography(now=now)
        started = time.perf_counter()
        bulk_create_requests(total - present, now=now, open_share=open_share, batch_size=10_000)
        print(f"  generated {total - present:,} rows in {time.perf_counter() - started:.0f} s")
    _complete_rows()
    queue_defaults_create(now=now)
    open_requests = ServiceRequest.objects.filter(status__in=SR_OPEN_STATUS_VALUES)
    busiest = (
        open_requests.values("department_id").annotate(open=Count("pk")).order_by("-open").first()
    )
    assert busiest is not None  # noqa: S101
    worker, _created = User.objects.get_or_create(username="bench-staff")
    RoleAssignment.objects.get_or_create(
        user=worker, role=Role.DEPARTMENT_STAFF, department_id=busiest["department_id"]
    )
    administrator, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    # Bulk loads and updates leave the table without a visibility map; autovacuum would catch
    # up in production, so measure the steady state rather than the morning after a load.
    _sql(f'VACUUM ANALYZE "{ServiceRequest._meta.db_table}"')
    return worker, administrator, open_requests.count(), busiest["open"]


def _queue_pages(worker: Any, administrator: Any, repeat: int) -> None:
    from django.test import Client
    from django.utils import timezone

    from civicdesk.accounts import permissions
    from civicdesk.routing import selectors
    from civicdesk.service_requests.models import SR_OPEN_STATUS_VALUES, ServiceRequest

    staff = Client()
    staff.force_login(worker)
    sample = (
        ServiceRequest.objects.filter(
            department_id__in=permissions.work_department_ids(worker) or [],
            status__in=SR_OPEN_STATUS_VALUES,
        )
        .exclude(district="")
        .values_list("public_id", "district")
        .first()
    )
    assert sample is not None  # noqa: S101
    public_id, district = sample
    pages = {
        "queue (open, by SLA due)": "/work/",
        "queue, breached only": "/work/?sla=breached",
        "queue, at risk": "/work/?sla=at_risk",
        "queue, on track": "/work/?sla=on_track",
        "queue, at risk in a district": f"/work/?sla=at_risk&district={district}",
        "queue, unassigned 1-7 days": "/work/?assignee=none&age=7d",
        "queue, page 40 newest first": "/work/?sort=newest&page=40",
        "queue, by priority": "/work/?sort=priority",
        "request page": f"/work/requests/{public_id}/",
    }
    every: list[float] = []
    for name, url in pages.items():
        timings = _time(staff, url, repeat)
        every.extend(timings)
        print(
            f"  {name:<32} p50 {statistics.median(timings):7.1f} ms   p95 {_p95(timings):7.1f} ms",
            flush=True,
        )
    print(f"  {'all department pages':<32} p95 {_p95(every):7.1f} ms   (target < 150 ms)")
    admin = Client()
    admin.force_login(administrator)
    for name, url in {
        "administrator, every department": "/work/",
        "administrator, at risk": "/work/?sla=at_risk",
        "administrator, on track": "/work/?sla=on_track",
    }.items():
        timings = _time(admin, url, repeat)
        print(
            f"  {name:<32} p50 {statistics.median(timings):7.1f} ms   p95 {_p95(timings):7.1f} ms"
        )
    for title, state in (("queue's list", ""), ("at-risk filter", "at_risk")):
        plan = selectors.work_request_list(
            user=worker, filters=selectors.QueueFilters(sla_state=state), now=timezone.now()
        )[:50].explain(analyze=True)
        print(f"\n  plan of the {title} query (department staff):")
        for line in plan.splitlines():
            if "Scan" in line or "Index Cond" in line or "Execution Time" in line:
                print(f"    {line.strip()[:150]}")


def _sweep(open_count: int) -> None:
    from django.utils import timezone

    from civicdesk.routing.services import sla_escalations_sweep
    from civicdesk.service_requests.enums import EventType
    from civicdesk.service_requests.models import (
        SR_OPEN_STATUS_VALUES,
        ServiceRequest,
        ServiceRequestEvent,
    )

    ServiceRequestEvent.objects.filter(event_type=EventType.ESCALATED).delete()
    ServiceRequest.objects.filter(status__in=SR_OPEN_STATUS_VALUES).update(
        sla_at_risk_escalated_at=None, sla_breach_escalated_at=None
    )
    for model in (ServiceRequest, ServiceRequestEvent):
        _sql(f'VACUUM ANALYZE "{model._meta.db_table}"')
    now = timezone.now()
    started = time.perf_counter()
    first = sla_escalations_sweep(now=now)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = sla_escalations_sweep(now=now)
    second_seconds = time.perf_counter() - started
    print(
        f"\n  sweep of {open_count:,} open requests, first run: {first_seconds:6.1f} s "
        f"({first.breached:,} breached and {first.at_risk:,} at risk escalated; "
        f"target < 30 s)"
    )
    print(
        f"  sweep again (nothing new):          {second_seconds * 1000:6.1f} ms "
        f"({second.total} escalated)"
    )


def _measure(total: int, open_share: float, repeat: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicdesk.settings")
    django.setup()
    from civicdesk.service_requests.models import ServiceRequest

    worker, administrator, open_count, busiest_open = _load(total, open_share)
    print(
        f"\npostgresql with {ServiceRequest.objects.count():,} requests, {open_count:,} open; "
        f"the busiest department has {busiest_open:,} open"
    )
    _queue_pages(worker, administrator, repeat)
    _sweep(open_count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--total", type=int, default=1_000_000)
    parser.add_argument("--open-share", type=float, default=0.2)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--fresh", action="store_true", help="Drop and rebuild the database.")
    parser.add_argument("--leg", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.leg:
        _measure(arguments.total, arguments.open_share, arguments.repeat)
        return
    if not _postgres_ready(fresh=arguments.fresh):
        print("postgresql: no server answered at 127.0.0.1:5432; nothing measured")
        return
    _run_leg(arguments)


if __name__ == "__main__":
    main()
