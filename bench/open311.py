"""Open311 API benchmark: POST requests/s and GET requests.json latency, against `civicdesk serve`.

For each database (SQLite file under var/bench/, PostgreSQL database `open311_bench`) and each
size (100k and 1M stored requests by default), this script

1. migrates the benchmark database (new each run unless `--keep`) and fills it: the first
   `--generated` rows (100k) with `bench.datagen.bulk_create_requests`, the rest by copying those
   rows with INSERT … SELECT (new public ids), so the 1M run reuses the 100k rows;
2. starts the production server (`civicdesk serve`, gunicorn) on a loopback port with
   CIVICDESK_ENV=production;
3. at concurrency 1 and 32 (keep-alive connections driven by one asyncio loop speaking raw
   HTTP/1.1, so that the load generator costs a fraction of a millisecond of CPU per request
   and the figure is the server's) measures
   * POST requests.json (urlencoded, one API key, rate limit on but far above the load):
     requests per second, and
   * GET requests.json as a mobile client asks (page_size=50, with a mix of no filter,
     status=open, a service_code, and both): p50/p95/p99 latency, once as clients poll (the
     same pages again, which each process keeps: `open311.pages`) and once with every page
     new (an unread argument makes each URL unique, so every page is built);
   and once, at concurrency 1, GET requests.json with the spec's default page (up to 1000);
   the server is first warmed with 100 GETs and 100 POSTs at concurrency 4 (not counted), so
   that its workers have loaded what they keep, as a server that has been up a while has;
4. prints a table — with the CPU time per request of the server (gunicorn's processes, from
   /proc), of PostgreSQL's backends and of the client, and the machine's load average, since a
   shared machine distorts wall-clock figures — and writes it to var/bench/open311-results.md.

The server runs with `civicdesk serve`'s defaults unless `--workers`/`--threads` are given, and
with the project's default cache unless `--cache-url` (e.g. Redis) is given.

Every loop is bounded by a count and a time limit. Typical use:

    .venv/bin/python bench/open311.py                       # everything (~15 minutes)
    .venv/bin/python bench/open311.py --sizes 20000 --databases sqlite   # a quick look
    .venv/bin/python bench/open311.py --sizes 100000 --databases postgres --keep --no-explain \
        --requests post --concurrency 32 --cache-url redis://127.0.0.1:6379/9
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import subprocess
import sys
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
    client_cpu_ms: float = 0.0
    server_cpu_ms: float = 0.0
    database_cpu_ms: float = 0.0

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
            f"{self.percentile(0.99):.1f} | {self.load:.1f} | {self.server_cpu_ms:.2f} | "
            f"{self.database_cpu_ms:.2f} | {self.client_cpu_ms:.2f} |"
        )


HEADER = (
    "| database | stored | request | concurrency | done | errors | per s | p50 ms | p95 ms "
    "| p99 ms | load | server CPU ms | database CPU ms | client CPU ms |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def environment(database_url: str, port: int, *, cache_url: str = "") -> dict[str, str]:
    env = dict(os.environ)
    if cache_url:
        env["CACHE_URL"] = cache_url
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


def start_server(
    env: dict[str, str], port: int, workers: int | None, threads: int | None
) -> subprocess.Popen:
    command = [str(BIN / "civicdesk"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    server = subprocess.Popen(  # noqa: S603 - our own command
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
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


# A call builds one request: (method, path with query, urlencoded body or b"").
Call = Callable[[random.Random], tuple[str, str, bytes]]


@dataclass
class Outcome:
    count: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    client_cpu_ms: float  # the load generator's own CPU per request: it must stay small
    server_cpu_ms: float = 0.0  # the web server's CPU per request (gunicorn, not the database)
    database_cpu_ms: float = 0.0  # PostgreSQL's backends' CPU per request


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one HTTP/1.1 response; (status, whether the server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {
        name.strip().lower(): value.strip()
        for name, _sep, value in (line.partition(":") for line in lines[1:] if line)
    }
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers.get("connection", "").lower() != "close"


async def _load(
    port: int, call: Call, *, concurrency: int, total: int, seconds: float
) -> tuple[int, int, list[float]]:
    remaining = [total]
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + seconds

    async def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while time.monotonic() < deadline and remaining[0] > 0:
            remaining[0] -= 1
            method, path, body = call(rng)
            request = (
                f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode("latin-1") + body
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = await asyncio.open_connection("127.0.0.1", port)
                reader, writer = connection
                writer.write(request)
                status, keep = await asyncio.wait_for(_read_response(reader), timeout=60)
                if not keep:
                    writer.close()
                    connection = None
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                if connection is not None:
                    connection[1].close()
                connection = None
                status = 599
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors[0] += 1
        if connection is not None:
            connection[1].close()

    await asyncio.gather(*(worker(seed) for seed in range(concurrency)))
    return len(latencies), errors[0], latencies


def load(
    port: int,
    call: Call,
    *,
    concurrency: int,
    total: int,
    seconds: float,
    server: subprocess.Popen | None = None,
    database_url: str | None = None,
) -> Outcome:
    """Send `total` requests over `concurrency` keep-alive connections, stopping early after
    `seconds`. One asyncio loop with raw HTTP/1.1: the client costs a fraction of a millisecond
    of CPU per request (reported), so the figure is the server's, not the load generator's."""
    cpu_started = time.process_time()
    server_started = server_cpu_seconds(server) if server is not None else 0.0
    database_started = database_backend_cpu(database_url)
    started = time.perf_counter()
    count, errors, latencies = asyncio.run(
        _load(port, call, concurrency=concurrency, total=total, seconds=seconds)
    )
    elapsed = time.perf_counter() - started
    cpu_ms = (time.process_time() - cpu_started) * 1000 / max(1, count)
    server_ms = (
        (server_cpu_seconds(server) - server_started) * 1000 / max(1, count)
        if server is not None
        else 0.0
    )
    database_ended = database_backend_cpu(database_url)
    database_ms = (
        sum(cpu - database_started.get(pid, 0.0) for pid, cpu in database_ended.items())
        * 1000
        / max(1, count)
    )
    return Outcome(count, errors, elapsed, latencies, cpu_ms, server_ms, database_ms)


def _process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time used so far by the server: gunicorn's master and its workers (on Linux; 0
    elsewhere). Per request, this is the figure a busy shared machine distorts least."""
    pids = [server.pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == server.pid:
            pids.append(int(stat.parent.name))
    return sum(_process_cpu_seconds(pid) for pid in pids)


def database_backend_cpu(database_url: str | None) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving the benchmark database (the server
    runs on this machine); empty for SQLite, which runs inside the web server's processes."""
    if not database_url or not database_url.startswith("postgres"):
        return {}
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        pids = [
            int(row[0])
            for row in connection.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ]
    return {pid: _process_cpu_seconds(pid) for pid in pids}


def machine_load() -> float:
    """The 1-minute load average: the machine is shared, so say how busy it was."""
    return os.getloadavg()[0]


def poster(key: str, codes: list[str]) -> Call:
    def call(rng: random.Random) -> tuple[str, str, bytes]:
        body = urllib.parse.urlencode(
            {
                "api_key": key,
                "service_code": rng.choice(codes),
                "lat": f"{42.40 + rng.uniform(-0.01, 0.01):.6f}",
                "long": f"{-92.85 + rng.uniform(-0.01, 0.01):.6f}",
                "description": "Benchmark report",
            }
        )
        return "POST", "/open311/v2/requests.json", body.encode()

    return call


def getter(codes: list[str], *, default_page: bool = False, new_pages: bool = False) -> Call:
    """GET requests.json as a mobile client asks; with `new_pages`, each URL carries an argument
    the API does not read and no one asked before, so no process has the page kept and every
    page is built (what a page costs without `open311.pages`)."""

    def call(rng: random.Random) -> tuple[str, str, bytes]:
        if default_page:
            query = ""
        else:
            arguments: dict[str, str] = {"page_size": "50"}
            choice = rng.randrange(4)
            if choice in {1, 3}:
                arguments["status"] = "open"
            if choice in {2, 3}:
                arguments["service_code"] = rng.choice(codes)
            if new_pages:
                arguments["unread"] = f"{rng.getrandbits(64):x}"
            query = "?" + urllib.parse.urlencode(arguments)
        return "GET", f"/open311/v2/requests.json{query}", b""

    return call


def _measure(database: str, size: int, what: str, concurrency: int, outcome: Outcome) -> Measure:
    return Measure(
        database,
        size,
        what,
        concurrency,
        outcome.count,
        outcome.errors,
        outcome.seconds,
        outcome.latencies_ms,
        machine_load(),
        outcome.client_cpu_ms,
        outcome.server_cpu_ms,
        outcome.database_cpu_ms,
    )


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
        # Warm every worker, as a server that has been up a while is: a worker's first POSTs
        # load what it then keeps (the catalog, routing rules, the calendars' holidays).
        load(port, get_call, concurrency=4, total=100, seconds=10)
        if "post" in options.requests:
            load(port, poster(key, codes), concurrency=4, total=100, seconds=10)
        for concurrency in options.concurrency:
            scale = 1 if concurrency == 1 else 4
            if "post" in options.requests:
                outcome = load(
                    port,
                    poster(key, codes),
                    concurrency=concurrency,
                    total=options.posts * scale,
                    seconds=options.seconds,
                    server=server,
                    database_url=env["DATABASE_URL"],
                )
                results.append(_measure(database, size, "POST requests.json", concurrency, outcome))
                print(results[-1].row(), flush=True)
            if "get" in options.requests:
                outcome = load(
                    port,
                    get_call,
                    concurrency=concurrency,
                    total=options.gets * scale,
                    seconds=options.seconds,
                    server=server,
                    database_url=env["DATABASE_URL"],
                )
                results.append(
                    _measure(database, size, "GET requests.json?page_size=50", concurrency, outcome)
                )
                print(results[-1].row(), flush=True)
                outcome = load(
                    port,
                    getter(codes, new_pages=True),
                    concurrency=concurrency,
                    total=options.gets * scale,
                    seconds=options.seconds,
                    server=server,
                    database_url=env["DATABASE_URL"],
                )
                results.append(
                    _measure(
                        database, size, "GET …?page_size=50, every page new", concurrency, outcome
                    )
                )
                print(results[-1].row(), flush=True)
        if "get" in options.requests:
            outcome = load(
                port,
                getter(codes, default_page=True),
                concurrency=1,
                total=50,
                seconds=30,
                server=server,
                database_url=env["DATABASE_URL"],
            )
            results.append(
                _measure(database, size, "GET requests.json (default: up to 1000)", 1, outcome)
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
    parser.add_argument("--concurrency", default="1,32", help="open connections (default 1,32)")
    parser.add_argument(
        "--requests", default="post,get", help="what to measure: post, get or both (default)"
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", ""),
        help="the server's CACHE_URL (rate-limit counters), e.g. redis://127.0.0.1:6379/9; "
        "default: the project's default, a file-based cache",
    )
    parser.add_argument("--posts", type=int, default=300, help="POSTs at concurrency 1")
    parser.add_argument("--gets", type=int, default=1000, help="GETs at concurrency 1")
    parser.add_argument("--seconds", type=float, default=20, help="time limit of each run")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: serve's)"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per worker (default: serve's)"
    )
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
    options.requests = set(options.requests.split(","))
    sizes = sorted(int(value) for value in options.sizes.split(","))
    VAR.mkdir(parents=True, exist_ok=True)
    results: list[Measure] = []
    print(HEADER)
    for database in options.databases.split(","):
        env = environment(DATABASES[database], options.port, cache_url=options.cache_url)
        prepare_database(database, env, fresh=not options.keep)
        for size in sizes:
            results.extend(measure_size(database, size, env, options.port, options))
    report = "\n".join([HEADER, *(measure.row() for measure in results)])
    (VAR / "open311-results.md").write_text(report + "\n")
    print("\n" + report)


if __name__ == "__main__":
    main()
