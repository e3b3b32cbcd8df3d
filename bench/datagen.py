"""Fast bulk generation of service requests for benchmarks — and for benchmarks only.

`bulk_create_requests` writes many `ServiceRequest` rows in batches behind a tqdm progress bar:
`bulk_create` on SQLite, `COPY` on PostgreSQL (several times faster). It **bypasses the intake
service on purpose**: no validation, no timeline events, no interactions, no notifications, no
CRM contacts. That is what makes a million rows load in minutes, and it is why nothing outside
`bench/` may call it. Every channel files real
requests through `civicdesk.service_requests.services.service_request_submit`.

The rows still look like the demo city's: points inside the City of Alderport (denser
downtown), each with its H3 cell and — when boundaries are loaded — its district and areas;
services and departments from the seeded catalog (seeded here if the catalog is empty); creation
times spread over `days` before `now`; an `open_share` of them open, the rest closed.

Use it from a benchmark script after Django is set up::

    from bench.datagen import bulk_create_requests, django_setup
    django_setup()
    bulk_create_requests(1_000_000, now=timezone.now(), open_share=1.0)
"""

from __future__ import annotations

import os
import random
import sys
from datetime import datetime, timedelta
from typing import Any

OPEN_STATUSES = ("new", "acknowledged", "in_progress", "on_hold")
OPEN_WEIGHTS = (35, 30, 30, 5)
CLOSED_STATUSES = ("closed", "resolved", "closed_duplicate", "cancelled", "referred")
CLOSED_WEIGHTS = (80, 8, 6, 4, 2)
CHANNELS = ("phone", "web", "app", "email", "staff", "sms", "ivr", "walk_in", "social")
CHANNEL_WEIGHTS = (31, 27, 18, 6, 6, 4, 3, 3, 2)


def django_setup(settings_module: str = "civicdesk.settings") -> None:
    """Make a bench script a Django program (honours DATABASE_URL like the app does)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def random_city_points(count: int, *, seed: int = 311) -> list[tuple[float, float]]:
    """`count` (longitude, latitude) points inside Alderport, 45% in a downtown cluster."""
    import numpy as np
    import shapely

    from civicdesk.demo.geography import CITY_CENTER, CITY_LIMIT

    city = shapely.Polygon(CITY_LIMIT)
    min_lon, min_lat, max_lon, max_lat = city.bounds
    generator = np.random.default_rng(seed)
    found_lon: list[Any] = []
    found_lat: list[Any] = []
    found = 0
    while found < count:
        size = max(1024, int((count - found) * 1.6))
        downtown = generator.random(size) < 0.45
        lon = np.where(
            downtown,
            generator.normal(CITY_CENTER[0], 0.012, size),
            generator.uniform(min_lon, max_lon, size),
        )
        lat = np.where(
            downtown,
            generator.normal(CITY_CENTER[1], 0.009, size),
            generator.uniform(min_lat, max_lat, size),
        )
        inside = shapely.contains_xy(city, lon, lat)
        found_lon.append(lon[inside])
        found_lat.append(lat[inside])
        found += int(inside.sum())
    lons = np.round(np.concatenate(found_lon)[:count], 6)
    lats = np.round(np.concatenate(found_lat)[:count], 6)
    return list(zip(lons.tolist(), lats.tolist(), strict=True))


def _copy_rows(rows: list[Any]) -> None:
    """PostgreSQL: stream the rows with COPY, several times faster than INSERT.

    Every concrete column is written as `bulk_create` would write it (defaults, `auto_now`,
    JSON adaptation); the database numbers the ids.
    """
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the per-thread proxy
    model = type(rows[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(row, True), connection)
                        for field in fields
                    ]
                )


def bulk_create_requests(
    count: int,
    *,
    now: datetime,
    seed: int = 311,
    open_share: float = 0.25,
    days: int = 365,
    batch_size: int = 5000,
    progress: bool = True,
) -> int:
    """Insert `count` service requests straight into the table; return how many were written.

    Benchmarks only: this skips intake (see the module docstring). Public ids are `BYY-NNNNNNNNN`
    numbered after the rows already present, so repeated calls add rather than clash.
    """
    from django.db import connection, transaction
    from tqdm import tqdm

    from civicdesk.catalog.models import Service
    from civicdesk.demo import catalog_data
    from civicdesk.geo.cells import cell_for
    from civicdesk.geo.spatial import boundary_index
    from civicdesk.service_requests.models import ServiceRequest

    if count <= 0:
        return 0
    services = list(Service.objects.filter(is_active=True).order_by("code"))
    if not services:
        from civicdesk.demo.seed import seed_catalog

        seed_catalog()
        services = list(Service.objects.filter(is_active=True).order_by("code"))
    rng = random.Random(seed)
    index = boundary_index()
    offset = ServiceRequest.objects.count()
    year = now.year % 100
    points = random_city_points(count, seed=seed + offset)
    written = 0
    with tqdm(
        total=count, desc="Generated requests", unit="req", disable=not progress, file=sys.stderr
    ) as bar:
        for start in range(0, count, batch_size):
            rows: list[ServiceRequest] = []
            for number in range(start, min(count, start + batch_size)):
                lon, lat = points[number]
                service = rng.choice(services)
                created_at = now - timedelta(seconds=rng.uniform(0, days * 86400))
                is_open = rng.random() < open_share
                status = (
                    rng.choices(OPEN_STATUSES, OPEN_WEIGHTS)[0]
                    if is_open
                    else rng.choices(CLOSED_STATUSES, CLOSED_WEIGHTS)[0]
                )
                closed_at = (
                    None
                    if is_open
                    else min(now, created_at + timedelta(hours=rng.uniform(2, 24 * 20)))
                )
                placement = index.place(longitude=lon, latitude=lat)
                rows.append(
                    ServiceRequest(
                        public_id=f"B{year:02d}-{offset + number + 1:09d}",
                        service=service,
                        description="Generated for a benchmark.",
                        status=status,
                        channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                        language="en",
                        address=(
                            f"{rng.randint(1, 48) * 100 + rng.randint(0, 99)} "
                            f"{rng.choice(catalog_data.STREET_NAMES)} "
                            f"{rng.choice(catalog_data.STREET_SUFFIXES)}"
                        ),
                        latitude=lat,
                        longitude=lon,
                        h3_cell=cell_for(latitude=lat, longitude=lon),
                        district=placement.district,
                        areas=placement.areas,
                        department_id=service.department_id,
                        sla_due_at=created_at + timedelta(days=3),
                        expected_at=created_at + timedelta(days=3),
                        closed_at=closed_at,
                        created_at=created_at,
                    )
                )
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    _copy_rows(rows)
                else:
                    ServiceRequest.objects.bulk_create(rows, batch_size=1000)
            written += len(rows)
            bar.update(len(rows))
    return written
