"""Open311 API benchmark: POST requests/s and GET requests.json latency, against `civicdesk serve`.

For each database (SQLite file under var/bench/, PostgreSQL database `open311_bench`) and each
size (100k and 1M stored requests by default), this script

1. migrates the benchmark database (new each run unless `--keep`) and fills it: the first
   `--generated` rows (100k) with `bench.datagen.bulk_create_requests`, the rest by copying those
   rows with INSERT … SELECT (new public ids), so the 1M run reuses the 100k rows;
2. starts the production server (`civicdesk serve`, gunicorn) on a loopback port with
   CIVICDESK_ENV=production;
3. at concurrency 1 and 32 (threads with keep-alive connections) measures
   * POST requests.json (urlencoded, one API key, rate limit on but far above the load):
     requests per second, and
   * GET requests.json as a mobile client asks (page_size=50, with a mix of no filter,
     status=open, a service_code, and both): p50/p95/p99 latency;
   and once, at concurrency 1, GET requests.json with the spec's default page (up to 1000);
4. prints a table, and writes it to var/bench/open311-results.md.

Every loop is bounded by a count and a time limit. Typical use:

    .venv/bin/python bench/open311.py                       # everything (~15 minutes)
    .venv/bin/python bench/open311.py --sizes 20000 --databases sqlite   # a quick look
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN", "postgres://postgres@127.0.0.1:5432")
DATABASES = {
    "sqlite": f"sqlite:///{VAR / 'open311.sqlite3'}",
    "postgres": f"{POSTGRES_ADMIN_URL}/open311_bench",
}


@dataclass
class Measure:
    database: str
    size: int
    what: str
    concurrency: int
    count: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    load: float = 0.0

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def row(self) -> str:
        return (
            f"| {self.database} | {self.size:,} | {self.what} | {self.concurrency} | "
            f"{self.count} | {self.errors} | {self.per_second:.0f} | "
            f"{self.percentile(0.50):.1f} | {self.percentile(0.95):.1f} | "
            f"{self.percentile(0.99):.1f} | {self.load:.1f} |"
        )


HEADER = (
    "| database | stored | request | concurrency | done | errors | per s | p50 ms | p95 ms "
    "| p99 ms | load |\n|---|---|---|---|---|---|---|---|---|---|---|"
)


def environment(database_url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "CIVICDESK_ENV": "production",
            "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_CONN_MAX_AGE": "60",
            "TASKS_BACKEND": "immediate",
            "CIVICDESK_VAR_DIR": str(VAR / "runtime"),
            "LOG_LEVEL": "WARNING",
            "PORT": str(port),
        }
    )
    return env


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 - our own commands
        args, env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_database(name: str, env: dict[str, str], *, fresh: bool) -> None:
    if name == "postgres":
        import psycopg

        with psycopg.connect(f"{POSTGRES_ADMIN_URL}/postgres", autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'open311_bench'"
            ).fetchone()
            if exists and fresh:
                connection.execute("DROP DATABASE open311_bench")
            if not exists or fresh:
                connection.execute("CREATE DATABASE open311_bench")
    elif fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{VAR / 'open311.sqlite3'}{suffix}").unlink(missing_ok=True)
    run([str(BIN / "civicdesk"), "migrate", "--no-input", "-v0"], env)


FILL_SCRIPT = """
from bench.datagen import bulk_create_requests, django_setup
django_setup()
from django.db import connection, transaction
from django.utils import timezone
from civicdesk.service_requests.models import ServiceRequest

size, generated_limit = {size}, {generated_limit}
count = ServiceRequest.objects.count()
added = 0
if count < min(size, generated_limit):
    added += bulk_create_requests(
        min(size, generated_limit) - count, now=timezone.now(), open_share=0.3, days=365,
        progress=False,
    )
    count = ServiceRequest.objects.count()
table = connection.ops.quote_name(ServiceRequest._meta.db_table)
fields = [f for f in ServiceRequest._meta.concrete_fields if not f.primary_key]
columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
while count < size:
    copied = min(count, size - count)
    selected = ", ".join(
        "'C{{}}-' || CAST(id AS TEXT)".format(count)  # count only grows: a fresh prefix
        if f.name == "public_id"
        else connection.ops.quote_name(f.column)
        for f in fields
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {{table}} ({{columns}}) SELECT {{selected}} FROM {{table}} "
            f"ORDER BY id LIMIT %s",
            [copied],
        )
        inserted = cursor.rowcount
    added += inserted
    count += inserted
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print(added, ServiceRequest.objects.count())
"""


def fill(env: dict[str, str], size: int, generated_limit: int) -> tuple[int, int]:
    """Bring the table to `size` requests; return how many were added and how many are stored.

    Up to `generated_limit` rows come from `bench.datagen.bulk_create_requests`; beyond that the
    generated rows are copied with INSERT … SELECT (new public ids, same times, places and
    statuses), which turns 100k into 1M in seconds instead of the generator's quarter hour.
    """
    script = FILL_SCRIPT.format(size=size, generated_limit=generated_limit)
    added, stored = run([sys.executable, "-c", script], env).strip().splitlines()[-1].split()
    return int(added), int(stored)


def api_key(env: dict[str, str]) -> str:
    output = run(
        [str(BIN / "civicdesk"), "create_api_key", "Benchmark", "--rate-limit", "1000000"], env
    )
    return output.strip().splitlines()[-1]


def service_codes(env: dict[str, str]) -> list[str]:
    script = (
        "from bench.datagen import django_setup\n"
        "django_setup()\n"
        "import json\n"
        "from civicdesk.catalog.models import Service\n"
        "print(json.dumps([s.code for s in Service.objects.filter(is_active=True, "
        "allows_anonymous=True).exclude(attributes__required=True)]))\n"
    )
    return list(json.loads(run([sys.executable, "-c", script], env).strip().splitlines()[-1]))


EXPLAIN_SCRIPT = """
from bench.datagen import django_setup
django_setup()
from django.db import connection
from django.utils import timezone
from civicdesk.catalog.models import Service
from civicdesk.open311.selectors import RequestFilters, service_request_page_query
code = Service.objects.filter(is_active=True).order_by("code").values_list("code", flat=True)[0]
cases = {
    "default page": RequestFilters(page_size=50),
    "status=open": RequestFilters(statuses=["open"], page_size=50),
    "service_code": RequestFilters(service_codes=[code], page_size=50),
    "service_code+status=open": RequestFilters(
        service_codes=[code], statuses=["open"], page_size=50
    ),
}
for name, filters in cases.items():
    query = service_request_page_query(filters=filters, now=timezone.now())
    plan = query.values_list("pk").explain(analyze=True)
    print(f"--- {name}")
    print(plan)
"""


def explain(env: dict[str, str]) -> str:
    """EXPLAIN ANALYZE of the page queries (PostgreSQL): which indexes they use, how long."""
    return run([sys.executable, "-c", EXPLAIN_SCRIPT], env)


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - our own command
        [
            str(BIN / "civicdesk"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/open311/v2/discovery.json")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start within 30 s")


Call = Callable[[http.client.HTTPConnection, random.Random], int]


def load(
    port: int, call: Call, *, concurrency: int, total: int, seconds: float
) -> tuple[int, int, float, list[float]]:
    """Run `call` `total` times over `concurrency` threads, stopping early after `seconds`."""
    lock = threading.Lock()
    remaining = [total]
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                status = call(connection, rng)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 599
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), errors[0], time.perf_counter() - started, latencies


def machine_load() -> float:
    """The 1-minute load average: the machine is shared, so say how busy it was."""
    return os.getloadavg()[0]


def poster(key: str, codes: list[str]) -> Call:
    def call(connection: http.client.HTTPConnection, rng: random.Random) -> int:
        body = urllib.parse.urlencode(
            {
                "api_key": key,
                "service_code": rng.choice(codes),
                "lat": f"{42.40 + rng.uniform(-0.01, 0.01):.6f}",
                "long": f"{-92.85 + rng.uniform(-0.01, 0.01):.6f}",
                "description": "Benchmark report",
            }
        )
        connection.request(
            "POST",
            "/open311/v2/requests.json",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        response.read()
        return response.status

    return call


def getter(codes: list[str], *, default_page: bool = False) -> Call:
    def call(connection: http.client.HTTPConnection, rng: random.Random) -> int:
        if default_page:
            query = ""
        else:
            arguments: dict[str, str] = {"page_size": "50"}
            choice = rng.randrange(4)
            if choice in {1, 3}:
                arguments["status"] = "open"
            if choice in {2, 3}:
                arguments["service_code"] = rng.choice(codes)
            query = "?" + urllib.parse.urlencode(arguments)
        connection.request("GET", f"/open311/v2/requests.json{query}")
        response = connection.getresponse()
        response.read()
        return response.status

    return call


def measure_size(
    database: str, size: int, env: dict[str, str], port: int, options: argparse.Namespace
) -> list[Measure]:
    started = time.monotonic()
    added, size = fill(env, size, options.generated)
    print(f"[{database} {size:,}] added {added:,} rows in {time.monotonic() - started:.0f} s")
    key = api_key(env)
    codes = service_codes(env)
    if database == "postgres" and options.explain:
        plans = explain(env)
        (VAR / f"open311-explain-{size}.txt").write_text(plans)
        print(plans)
    server = start_server(env, port, options.workers, options.threads)
    results: list[Measure] = []
    try:
        get_call = getter(codes)
        load(port, get_call, concurrency=4, total=100, seconds=10)  # warm every worker
        for concurrency in options.concurrency:
            count, errors, seconds, latencies = load(
                port,
                poster(key, codes),
                concurrency=concurrency,
                total=options.posts * (1 if concurrency == 1 else 4),
                seconds=options.seconds,
            )
            results.append(
                Measure(
                    database,
                    size,
                    "POST requests.json",
                    concurrency,
                    count,
                    errors,
                    seconds,
                    latencies,
                    machine_load(),
                )
            )
            count, errors, seconds, latencies = load(
                port,
                get_call,
                concurrency=concurrency,
                total=options.gets * (1 if concurrency == 1 else 4),
                seconds=options.seconds,
            )
            results.append(
                Measure(
                    database,
                    size,
                    "GET requests.json?page_size=50",
                    concurrency,
                    count,
                    errors,
                    seconds,
                    latencies,
                    machine_load(),
                )
            )
            for measure in results[-2:]:
                print(measure.row(), flush=True)
        count, errors, seconds, latencies = load(
            port, getter(codes, default_page=True), concurrency=1, total=50, seconds=30
        )
        results.append(
            Measure(
                database,
                size,
                "GET requests.json (default: up to 1000)",
                1,
                count,
                errors,
                seconds,
                latencies,
                machine_load(),
            )
        )
        print(results[-1].row(), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes",
        default="100000,1000000",
        help="stored-request counts to measure at, comma-separated (default 100000,1000000)",
    )
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--concurrency", default="1,32", help="client threads (default 1,32)")
    parser.add_argument("--posts", type=int, default=300, help="POSTs at concurrency 1")
    parser.add_argument("--gets", type=int, default=300, help="GETs at concurrency 1")
    parser.add_argument("--seconds", type=float, default=20, help="time limit of each run")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--port", type=int, default=8311)
    parser.add_argument(
        "--generated",
        type=int,
        default=100_000,
        help="rows made by bench.datagen; more are copies of these (default 100000)",
    )
    parser.add_argument("--keep", action="store_true", help="reuse existing benchmark databases")
    parser.add_argument(
        "--explain",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="print EXPLAIN ANALYZE of the page queries on PostgreSQL (default on)",
    )
    options = parser.parse_args()
    options.concurrency = [int(value) for value in options.concurrency.split(",")]
    sizes = sorted(int(value) for value in options.sizes.split(","))
    VAR.mkdir(parents=True, exist_ok=True)
    results: list[Measure] = []
    print(HEADER)
    for database in options.databases.split(","):
        env = environment(DATABASES[database], options.port)
        prepare_database(database, env, fresh=not options.keep)
        for size in sizes:
            results.extend(measure_size(database, size, env, options.port, options))
    report = "\n".join([HEADER, *(measure.row() for measure in results)])
    (VAR / "open311-results.md").write_text(report + "\n")
    print("\n" + report)


if __name__ == "__main__":
    main()
