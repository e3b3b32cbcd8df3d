"""Geography benchmarks: point-in-polygon look-ups, duplicate-candidate queries, geocoding.

    DATABASE_URL=sqlite:////tmp/geo_bench.sqlite3 .venv/bin/python -m bench.geo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/geo_bench .venv/bin/python -m bench.geo

Parts (`--parts pip,duplicates,geocode`, all by default):

- pip: look-ups per second through `BoundaryIndex.place` (what intake calls) with the real NYC
  council districts and Boston precincts from the shared data folder (skipped when absent);
- duplicates: p50/p95 of `service_request_list_duplicate_candidates` with `--sizes` open
  requests (default 100000,1000000) loaded by `bench.datagen` into the database DATABASE_URL
  names — use a throwaway database: the requests table is emptied first;
- geocode: forward geocodes per second on 2,000 and 100,000 generated address points.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.datagen import bulk_create_requests, django_setup, random_city_points

if TYPE_CHECKING:
    from civicdesk.geo.geocoding.address_points import GazetteerPoint
    from civicdesk.geo.spatial import BoundaryIndex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _rate(items: list[Any], work: Callable[[Any], object]) -> float:
    """Calls per second of `work` over `items`."""
    started = time.perf_counter()
    for item in items:
        work(item)
    return len(items) / (time.perf_counter() - started)


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return p50, p95, ordered[-1]


# --- Point in polygon ----------------------------------------------------------------------------


def _place(index: BoundaryIndex, point: tuple[float, float]) -> object:
    return index.place(longitude=point[0], latitude=point[1])


def bench_point_in_polygon(lookups: int) -> None:
    import shapely
    from shapely.geometry import shape
    from tests.geo import real_data

    from civicdesk.geo.spatial import BoundaryIndex, BoundaryRef

    layers = [
        ("NYC council districts", real_data.NYC_COUNCIL, "district_number"),
        ("Boston precincts", real_data.BOSTON_PRECINCTS, "WARD_PRECINCT"),
    ]
    for title, path, code_field in layers:
        if not path.exists():
            print(f"pip: {title}: {path} absent, skipped")
            continue
        features = real_data.load_geojson(path)["features"]
        refs = [
            BoundaryRef(
                pk=n,
                kind="district",
                layer="bench",
                code=str(feature["properties"][code_field]),
                name="",
            )
            for n, feature in enumerate(features)
        ]
        geometries = [shape(feature["geometry"]) for feature in features]
        started = time.perf_counter()
        index = BoundaryIndex(refs, geometries)
        index.place(longitude=0.0, latitude=0.0)  # the tree is built on its first query
        built_ms = (time.perf_counter() - started) * 1000
        min_x = min(g.bounds[0] for g in geometries)
        min_y = min(g.bounds[1] for g in geometries)
        max_x = max(g.bounds[2] for g in geometries)
        max_y = max(g.bounds[3] for g in geometries)
        rng = random.Random(311)
        points = [(rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)) for _ in range(lookups)]
        hits = sum(
            1 for lon, lat in points[:2000] if index.place(longitude=lon, latitude=lat).district
        )
        rate = _rate(points, partial(_place, index))
        vertices = sum(shapely.get_num_coordinates(geometry) for geometry in geometries)
        print(
            f"pip: {title}: {len(features)} polygons, {vertices:,} vertices, index built in "
            f"{built_ms:.0f} ms; {rate:,.0f} look-ups/s ({hits / 20:.0f}% of random points in "
            f"the box fall in a polygon)"
        )


# --- Duplicate candidates ------------------------------------------------------------------------


def bench_duplicates(sizes: list[int], queries: int, *, reuse: bool = False) -> None:
    from django.db import connection
    from django.utils import timezone

    from civicdesk.catalog.models import Service
    from civicdesk.geo.selectors import service_request_list_duplicate_candidates
    from civicdesk.service_requests.models import ServiceRequest

    vendor = connection.vendor
    now = timezone.now()
    if reuse:
        loaded = ServiceRequest.objects.count()
    else:
        ServiceRequest.objects.all().delete()
        loaded = 0
    for size in sorted(sizes):
        started = time.perf_counter()
        if size > loaded:
            loaded += bulk_create_requests(
                size - loaded, now=now, seed=311 + loaded, open_share=1.0, days=365
            )
        load_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        services = list(Service.objects.filter(is_active=True))
        points = random_city_points(queries, seed=size)
        rng = random.Random(size)
        plan = [(rng.choice(services), lat, lon) for lon, lat in points]
        # Warm up (plans, caches), then measure.
        for service, lat, lon in plan[:50]:
            service_request_list_duplicate_candidates(
                service=service, latitude=lat, longitude=lon, now=now
            )
        samples: list[float] = []
        cpu_samples: list[float] = []
        found = 0
        for service, lat, lon in plan:
            started, cpu_started = time.perf_counter(), time.thread_time()
            result = service_request_list_duplicate_candidates(
                service=service, latitude=lat, longitude=lon, now=now
            )
            samples.append((time.perf_counter() - started) * 1000)
            cpu_samples.append((time.thread_time() - cpu_started) * 1000)
            found += len(result)
        p50, p95, worst = _percentiles(samples)
        cpu_p50, cpu_p95, _cpu_worst = _percentiles(cpu_samples)
        round_trips: list[float] = []
        with connection.cursor() as cursor:
            for _ in range(200):
                started = time.perf_counter()
                cursor.execute("SELECT 1")
                cursor.fetchone()
                round_trips.append((time.perf_counter() - started) * 1000)
        trip_p50, trip_p95, _worst = _percentiles(round_trips)
        print(
            f"duplicates: {vendor}: a bare SELECT 1 round trip right after: "
            f"p50 {trip_p50:.2f} ms, p95 {trip_p95:.2f} ms (the machine's load, for scale)"
        )
        print(
            f"duplicates: {vendor}: {loaded:,} open requests (loaded in {load_seconds:.0f} s): "
            f"p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {worst:.2f} ms over {queries} queries "
            f"(50 m, 30 days; {found / queries:.2f} candidates per query); this process's CPU "
            f"time per query p50 {cpu_p50:.2f} ms, p95 {cpu_p95:.2f} ms"
        )
    window = now - timedelta(days=30)
    print(
        f"duplicates: {vendor}: {ServiceRequest.objects.filter(created_at__gte=window).count():,}"
        " requests in the 30-day window"
    )


# --- Geocoding -----------------------------------------------------------------------------------


def _synthetic_points(count: int, rng: random.Random) -> list[GazetteerPoint]:
    from civicdesk.geo.geocoding.address_points import GazetteerPoint

    types = ["Street", "Avenue", "Road", "Boulevard", "Lane", "Drive", "Court", "Place"]
    streets: list[str] = []
    seen: set[str] = set()
    per_street = 100
    while len(streets) < max(1, count // per_street):
        name = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))
        street = f"{name.title()} {rng.choice(types)}"
        if street not in seen:
            seen.add(street)
            streets.append(street)
    points: list[GazetteerPoint] = []
    for street_number, street in enumerate(streets):
        base_lat = 42.36 + (street_number % 100) * 0.0008
        base_lon = -92.91 + (street_number // 100) * 0.01
        for position in range(per_street):
            if len(points) >= count:
                break
            house = 100 + position * 2 + (position % 2)
            points.append(
                GazetteerPoint(
                    address_id=f"S{len(points)}",
                    house_number=str(house),
                    number=house,
                    street=street,
                    unit="",
                    zip_code="52840",
                    latitude=base_lat,
                    longitude=base_lon + position * 0.0001,
                )
            )
    return points


def bench_geocoding(sizes: list[int], queries: int) -> None:
    from civicdesk.geo.addressing import street_key
    from civicdesk.geo.geocoding.address_points import Gazetteer

    rng = random.Random(2000)
    for size in sizes:
        points = _synthetic_points(size, rng)
        started = time.perf_counter()
        index = Gazetteer(points, [street_key(p.street) for p in points])
        built = time.perf_counter() - started
        typed: list[str] = []
        for number in range(queries):
            point = rng.choice(points)
            words = point.street.split()
            kind = number % 10
            if kind < 6:  # as written, abbreviated or lower-case
                text = f"{point.house_number} {' '.join(words)}"
                typed.append(text.lower() if kind % 2 else text.replace("Street", "St"))
            elif kind < 9:  # one-letter typo in the street name
                name = words[0]
                cut = rng.randrange(1, len(name))
                typed.append(f"{point.house_number} {name[:cut] + name[cut + 1 :]} {words[-1]}")
            else:  # a number between two known ones
                typed.append(f"{int(point.house_number) + 2} {' '.join(words)}")
        found = sum(1 for text in typed[:1000] if index.geocode(text, limit=1))
        rate = _rate(typed, index.geocode)
        print(
            f"geocode: {size:,} address points ({len(index.street_names):,} streets, index built "
            f"in {built:.2f} s): {rate:,.0f} forward geocodes/s; {found / 10:.1f}% found "
            f"(60% exact, 30% one-letter typo, 10% interpolated)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="pip,duplicates,geocode")
    parser.add_argument("--sizes", default="100000,1000000", help="open requests to load")
    parser.add_argument("--queries", type=int, default=2000, help="duplicate queries per size")
    parser.add_argument("--lookups", type=int, default=100_000, help="point-in-polygon look-ups")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the requests already loaded, top them up"
    )
    parser.add_argument("--address-sizes", default="2000,100000")
    parser.add_argument("--geocodes", type=int, default=20_000)
    arguments = parser.parse_args()
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    parts = set(arguments.parts.split(","))
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    if "pip" in parts:
        bench_point_in_polygon(arguments.lookups)
    if "geocode" in parts:
        bench_geocoding([int(s) for s in arguments.address_sizes.split(",")], arguments.geocodes)
    if "duplicates" in parts:
        call_command("migrate", verbosity=0)
        bench_duplicates(
            [int(s) for s in arguments.sizes.split(",")], arguments.queries, reuse=arguments.reuse
        )


if __name__ == "__main__":
    main()
