"""Import speed of `civicdesk import_requests`: rows per second and peak memory.

    .venv/bin/python bench/import_history.py [--generated 1000000] [--databases sqlite,postgres]

Two inputs: the real Boston 2015 export (121k rows, from $CIVICDESK_SHARED_DATA, skipped when
absent) and a generated file of `--generated` rows in the same layout (our own synthetic rows,
written to var/bench/ as gzip). Each runs through the real command in a child process against a
fresh database (a file under var/bench/, and PostgreSQL database `import_bench` on
127.0.0.1:5432 when it answers), with `--skip-rollups`; the dashboards' refresh that the command
would run afterwards is timed on its own line (`refresh_rollups`). Each line gives rows per
second, the child's own peak resident memory and CPU time (from wait4, so other children do not
count), and the load average: the machine may be shared, so compare CPU seconds rather than wall
time when the load is high. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CIVICDESK_SHARED_DATA") or ROOT.parent / "shared" / "data")
BOSTON = SHARED / "311" / "boston" / "boston_311_2015_by_type.csv.gz"
WORK = ROOT / "var" / "bench"
HEADER = [
    "",
    "CASE_ENQUIRY_ID",
    "OPEN_DT",
    "TARGET_DT",
    "CLOSED_DT",
    "OnTime_Status",
    "CASE_STATUS",
    "CLOSURE_REASON",
    "CASE_TITLE",
    "SUBJECT",
    "REASON",
    "TYPE",
    "QUEUE",
    "Department",
    "SubmittedPhoto",
    "ClosedPhoto",
    "Location",
    "fire_district",
    "pwd_district",
    "city_council_district",
    "police_district",
    "neighborhood",
    "neighborhood_services_district",
    "ward",
    "precinct",
    "land_usage",
    "LOCATION_STREET_NAME",
    "LOCATION_ZIPCODE",
    "Property_Type",
    "Property_ID",
    "LATITUDE",
    "LONGITUDE",
    "Source",
    "Geocoded_Location",
]
TYPES = [
    ("Pothole Repair", "Highway Maintenance", "Public Works Department"),
    ("Graffiti Removal", "Street Cleaning", "Public Works Department"),
    ("Missed Trash Pickup", "Sanitation", "Public Works Department"),
    ("Street Light Outage", "Street Lights", "Street Lighting"),
    ("Abandoned Vehicle", "Enforcement", "Transportation"),
    ("Rodent Activity", "Environmental Services", "Inspectional Services"),
    ("Tree Emergency", "Trees", "Parks & Recreation Department"),
    ("Noise Complaint", "Enforcement", "Police"),
]
SOURCES = ["Constituent Call", "Citizens Connect App", "Self Service", "Employee Generated"]
STREETS = ["Elm St", "Harbor Rd", "Main St", "Oak Ave", "River Way", "Mill St", "Park Pl"]


def generate(path: Path, rows: int) -> None:
    """`rows` synthetic requests of our own, in Boston's layout."""
    rng = random.Random(311)
    start = datetime(2024, 1, 1)  # noqa: DTZ001 - local times, as the export writes them
    with gzip.open(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(rows):
            opened = start + timedelta(minutes=index * 0.5 + rng.random())
            closed = opened + timedelta(hours=rng.uniform(1, 400))
            is_open = rng.random() < 0.15
            kind, reason, subject = rng.choice(TYPES)
            number, street = rng.randint(1, 999), rng.choice(STREETS)
            lat, long = 42.30 + rng.random() * 0.1, -71.12 + rng.random() * 0.1
            stamp = "%m/%d/%Y %I:%M:%S %p"
            writer.writerow(
                [
                    index,
                    f"9{index:011d}",
                    opened.strftime(stamp),
                    (opened + timedelta(days=3)).strftime(stamp),
                    "" if is_open else closed.strftime(stamp),
                    "ONTIME",
                    "Open" if is_open else "Closed",
                    "" if is_open else "Case Resolved.",
                    kind,
                    subject,
                    reason,
                    kind,
                    "QUEUE",
                    "DEPT",
                    "",
                    "",
                    f"{number} {street}  Boston  MA  02118",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    f"{number} {street}",
                    "2118.0",
                    "Address",
                    "",
                    f"{lat:.4f}",
                    f"{long:.4f}",
                    rng.choice(SOURCES),
                    "",
                ]
            )


def _fresh_postgres() -> bool:
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as connection:
            connection.execute("DROP DATABASE IF EXISTS import_bench")
            connection.execute("CREATE DATABASE import_bench")
    except psycopg.Error:
        return False
    return True


def _fresh_sqlite() -> str:
    database = WORK / "import.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{database}"


def _child(arguments: list[str], environment: dict[str, str]) -> tuple[float, float, float]:
    """Run our command; its wall seconds, its own peak memory (MB) and CPU seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own command
        arguments, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, arguments)
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def run(label: str, path: Path, database_url: str, rows: int) -> None:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CIVICDESK_ENV": "development",
        "DEBUG": "false",
    }
    civicdesk = str(Path(sys.executable).parent / "civicdesk")
    subprocess.run(  # noqa: S603 - our own command
        [civicdesk, "migrate", "-v0"], env=environment, check=True, cwd=ROOT
    )
    vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
    elapsed, peak, cpu = _child(
        [
            civicdesk,
            "import_requests",
            str(path),
            "--format",
            "boston",
            "--timezone",
            "America/New_York",
            "--skip-rollups",
            "-v0",
        ],
        environment,
    )
    print(
        f"{label:<22} {vendor:<10} {rows:>9} rows  {rows / elapsed:7.0f} rows/s  "
        f"{elapsed:7.1f} s  cpu {cpu:6.1f} s  peak memory {peak:5.0f} MB  "
        f"load {os.getloadavg()[0]:.2f}"
    )
    elapsed, peak, cpu = _child([civicdesk, "refresh_rollups", "-v0"], environment)
    print(
        f"{'  then refresh_rollups':<22} {vendor:<10} {'':>9}       {'':>7}         "
        f"{elapsed:7.1f} s  cpu {cpu:6.1f} s  peak memory {peak:5.0f} MB  "
        f"load {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    arguments = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    inputs: list[tuple[str, Path, int]] = []
    if BOSTON.exists():
        inputs.append(("Boston 2015 (real)", BOSTON, 121_145))
    else:
        print(f"{BOSTON} is absent: the real-export run is skipped")
    if arguments.generated:
        generated = WORK / f"generated_{arguments.generated}.csv.gz"
        if not generated.exists():
            generate(generated, arguments.generated)
        inputs.append((f"generated {arguments.generated:,}", generated, arguments.generated))
    chosen = arguments.databases.split(",")
    for label, path, rows in inputs:
        if "sqlite" in chosen:
            run(label, path, _fresh_sqlite(), rows)
        if "postgres" in chosen:
            if _fresh_postgres():
                run(label, path, "postgres://postgres@127.0.0.1:5432/import_bench", rows)
            else:
                print("postgresql: no server answered at 127.0.0.1:5432; skipped")


if __name__ == "__main__":
    main()
