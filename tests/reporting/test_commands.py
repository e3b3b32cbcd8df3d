"""The refresh and export commands, the nightly snapshot and the background tasks."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from civicdesk.core import clock
from civicdesk.reporting import selectors
from civicdesk.reporting.forms import DASHBOARD_DEFAULT_DAYS, last_days
from civicdesk.reporting.models import DailyRequestRollup, RequestFact
from civicdesk.reporting.services import open_data_snapshot_write
from civicdesk.reporting.tasks import open_data_snapshot_task, rollups_refresh_task
from tests.factories.reporting import (
    NOW,
    RESIDENT_EMAILS,
    RESIDENT_NAMES,
    RESIDENT_PHONES,
    FixtureCity,
    fixture_city,
)

pytestmark = pytest.mark.django_db


def test_refresh_rollups__builds_facts_and_rollups_from_nothing() -> None:
    fixture_city()
    out = io.StringIO()
    call_command("refresh_rollups", stdout=out, stderr=io.StringIO())
    assert RequestFact.objects.count() == 8
    assert DailyRequestRollup.objects.exists()
    assert "Refreshed 8 requests" in out.getvalue()
    call_command("refresh_rollups", "--full", stdout=out, stderr=io.StringIO())
    assert RequestFact.objects.count() == 8


def test_refresh_task__runs_the_refresh() -> None:
    fixture_city()
    result = rollups_refresh_task.enqueue()
    assert result.return_value == 8
    assert RequestFact.objects.count() == 8


def test_snapshot__writes_dated_and_latest_files_without_personal_data(city: FixtureCity) -> None:
    result = open_data_snapshot_write(now=NOW)
    assert result.row_count == 8
    assert sorted(result.names) == [
        "open-data/requests-2026-05-31.csv",
        "open-data/requests-2026-05-31.jsonl",
        "open-data/requests-latest.csv",
        "open-data/requests-latest.jsonl",
    ]
    with default_storage.open("open-data/requests-latest.jsonl") as handle:
        text = handle.read().decode()
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == 8
    with default_storage.open("open-data/requests-latest.csv") as handle:
        csv_text = handle.read().decode()
    assert csv_text.count("\n") == 9
    for secret in (*RESIDENT_NAMES, *RESIDENT_EMAILS, *RESIDENT_PHONES):
        assert secret not in text
        assert secret not in csv_text
    # A second night replaces the latest files instead of piling up renamed copies.
    open_data_snapshot_write(now=NOW)
    _folders, files = default_storage.listdir("open-data")
    assert len(files) == 4


def test_snapshot_task__returns_the_file_names(city: FixtureCity) -> None:
    result = open_data_snapshot_task.enqueue()
    assert "open-data/requests-latest.csv" in (result.return_value or [])


def test_export_open_data__writes_a_filtered_file(city: FixtureCity, tmp_path: Path) -> None:
    target = tmp_path / "parks.jsonl"
    call_command(
        "export_open_data",
        "--format",
        "jsonl",
        "--department",
        "parks",
        "-o",
        str(target),
        stderr=io.StringIO(),
    )
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert sorted(record["service_code"] for record in records) == ["GRAFFITI"] * 3


def test_export_open_data__to_stdout_and_as_a_snapshot(city: FixtureCity) -> None:
    out = io.StringIO()
    call_command("export_open_data", "--start", "2026-05-01", stdout=out, stderr=io.StringIO())
    assert out.getvalue().count("\n") == 8  # header and the seven requests of May
    err = io.StringIO()
    call_command("export_open_data", "--snapshot", stdout=io.StringIO(), stderr=err)
    assert "Wrote 8 requests" in err.getvalue()


def test_refresh_task__computes_the_default_figures_ahead_of_visitors(
    django_assert_num_queries: Any,
) -> None:
    fixture_city()
    rollups_refresh_task.enqueue()
    start, end = last_days(timezone.localdate(clock.now()), DASHBOARD_DEFAULT_DAYS)
    with django_assert_num_queries(0):
        selectors.request_breakdown(
            filters=selectors.MetricFilters(start_date=start, end_date=end),
            dimension=selectors.Dimension.DEPARTMENT,
        )
