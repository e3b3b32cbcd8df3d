"""The importer on every real city export in the shared data folder, mess included.

Every row of every file is read: it becomes a record or is reported with a reason. Then the first
rows of each file (`CIVICDESK_REAL_IMPORT_ROWS`, default 1,500) are imported into the database,
twice, and the counts reconciled. Whole-file imports are timed by bench/import_history.py.
Skipped when the folder (`$CIVICDESK_SHARED_DATA`) is absent.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from civicdesk.reporting.imports.formats import open_text, read_export
from civicdesk.reporting.imports.importer import import_rows
from civicdesk.reporting.imports.mapping import ServiceMapping
from civicdesk.service_requests.models import ServiceRequest
from tests.geo.real_data import SHARED_DATA

EXPORTS = SHARED_DATA / "311"
ZONES = {
    "boston": "America/New_York",
    "nyc": "America/New_York",
    "sf": "America/Los_Angeles",
    "la": "America/Los_Angeles",
}
SLICE = int(os.environ.get("CIVICDESK_REAL_IMPORT_ROWS", "1500"))
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def _exports() -> list[tuple[str, Path]]:
    if not EXPORTS.exists():
        return []
    return [
        (format_name, path)
        for format_name in ZONES
        for path in sorted((EXPORTS / format_name).glob("*.csv*"))
    ]


pytestmark = [
    pytest.mark.skipif(not EXPORTS.exists(), reason=f"no real exports at {EXPORTS}"),
    pytest.mark.slow,
]


@pytest.mark.parametrize(
    ("format_name", "path"), _exports(), ids=[path.name for _f, path in _exports()]
)
def test_real_export__every_row_is_read_or_reported_with_a_reason(
    format_name: str, path: Path
) -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("reading involves no database: checked once, on the SQLite leg")
    outcomes: Counter[str] = Counter()
    with open_text(path) as stream:
        for row in read_export(
            stream, format_name=format_name, timezone=ZoneInfo(ZONES[format_name])
        ):
            assert row.line > 1
            if row.record is None:
                assert row.error, f"line {row.line} failed without a reason"
                outcomes["reported"] += 1
                continue
            record = row.record
            outcomes["read"] += 1
            assert record.source_id
            assert record.service_name
            assert record.opened_at.tzinfo is not None
            assert record.closed_at is None or record.closed_at >= record.opened_at
            if record.latitude is not None:
                # Placeholder points (0, 0; Boston's City Hall) never survive as locations.
                assert abs(record.latitude) > 1
                assert (round(record.latitude, 4), round(record.longitude or 0, 4)) != (
                    42.3594,
                    -71.0587,
                )
    assert outcomes["read"] > 0
    # The files are real and almost entirely usable: nearly every row must come through.
    assert outcomes["reported"] <= 0.03 * (outcomes["read"] + outcomes["reported"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("format_name", "path"), _exports(), ids=[path.name for _f, path in _exports()]
)
def test_real_export__a_slice_imports_reconciled_and_only_once(
    format_name: str, path: Path
) -> None:
    zone = ZoneInfo(ZONES[format_name])

    def run() -> object:
        with open_text(path) as stream:
            rows = islice(read_export(stream, format_name=format_name, timezone=zone), SLICE)
            return import_rows(
                rows, source=path.name[:40], mapping=ServiceMapping(), now=NOW, batch_size=500
            )

    first = run()
    assert first.is_reconciled  # type: ignore[attr-defined]
    assert first.imported > 0.95 * first.rows  # type: ignore[attr-defined]
    stored = ServiceRequest.objects.filter(source=path.name[:40]).count()
    assert stored == first.imported  # type: ignore[attr-defined]
    second = run()
    assert second.imported == 0  # type: ignore[attr-defined]
    assert second.already_imported == first.imported  # type: ignore[attr-defined]
    assert ServiceRequest.objects.filter(source=path.name[:40]).count() == stored
