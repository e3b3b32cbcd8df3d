"""The open-data file formats: the documented schema, and CSV / JSON Lines writers that stream.

The rows come from `selectors.open_data_rows` (public fields only); this module only encodes
them. docs/reporting.md and the page at /open-data/ show `OPEN_DATA_SCHEMA`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from civicdesk.reporting.selectors import OPEN_DATA_COLUMNS

OPEN_DATA_SCHEMA: tuple[tuple[str, str, Promise], ...] = (
    ("service_request_id", "string", _("The request number residents see, e.g. 26-00001234.")),
    ("requested_datetime", "datetime", _("When the request was received (ISO 8601, UTC offset).")),
    ("updated_datetime", "datetime", _("When the request last changed.")),
    ("closed_datetime", "datetime or empty", _("When it was closed; empty while open.")),
    (
        "status",
        "string",
        _(
            "Internal status: new, acknowledged, in_progress, on_hold, resolved, closed, "
            "closed_duplicate, cancelled or referred."
        ),
    ),
    ("open311_status", "string", _("open or closed, as the Open311 GeoReport v2 API reports it.")),
    ("service_code", "string", _("The service's code in the catalog (Open311 service_code).")),
    ("service_name", "string", _("The service's name.")),
    ("department_code", "string", _("The code of the department that owns the request.")),
    ("department_name", "string", _("The department's name.")),
    (
        "channel",
        "string",
        _("How it was reported: web, app, phone, ivr, sms, email, chat, social, walk_in or staff."),
    ),
    ("district", "string", _("The district code the location falls in; empty when unknown.")),
    ("zip_code", "string", _("The ZIP code of the location, when known.")),
    (
        "latitude",
        "number or empty",
        _("Latitude (WGS 84), rounded to 4 decimals, about 10 metres."),
    ),
    ("longitude", "number or empty", _("Longitude (WGS 84), rounded to 4 decimals.")),
    ("sla_due_datetime", "datetime or empty", _("When the service's target time runs out.")),
    (
        "duplicate_of",
        "string or empty",
        _("The request this one duplicates, when closed as a duplicate."),
    ),
)
assert tuple(name for name, _type, _description in OPEN_DATA_SCHEMA) == OPEN_DATA_COLUMNS  # noqa: S101


class _Line:
    """A file-like object whose `write` hands back what was written, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_values(row: dict[str, Any]) -> list[Any]:
    """A row's CSV cells in schema order; empty cells for missing values."""
    return ["" if row[name] is None else row[name] for name in OPEN_DATA_COLUMNS]


def jsonl_line(row: dict[str, Any]) -> str:
    """One JSON object on one line, keys in schema order, null for missing values."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A header line, then one CSV line per row."""
    writer = csv.writer(_Line())
    yield writer.writerow(OPEN_DATA_COLUMNS)
    for row in rows:
        yield writer.writerow(csv_values(row))


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """JSON Lines: one object per line."""
    for row in rows:
        yield jsonl_line(row)


def table_csv_lines(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """A dashboard table as CSV lines (a header, then the raw values)."""
    writer = csv.writer(_Line())
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow(row)


def encode(lines: Iterable[str], chunk_bytes: int = 64 * 1024) -> Iterator[bytes]:
    """Group lines into UTF-8 chunks so a streamed response is not one write per row."""
    buffer = io.StringIO()
    for line in lines:
        buffer.write(line)
        if buffer.tell() >= chunk_bytes:
            yield buffer.getvalue().encode()
            buffer = io.StringIO()
    if buffer.tell():
        yield buffer.getvalue().encode()
