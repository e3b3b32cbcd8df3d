"""The open-data file formats: the documented schema, and CSV / JSON Lines writers that stream.

The rows come from `selectors.open_data_rows` (public fields only); this module only encodes
them. docs/reporting.md and the page at /open-data/ show `OPEN_DATA_SCHEMA`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicdesk.reporting.selectors import OPEN_DATA_COLUMNS

# How people read each column type on /open-data/. The type names themselves are the schema's,
# the same in every language (docs/reporting.md lists them): translate only these.
COLUMN_TYPE_LABELS: dict[str, Promise] = {
    "string": pgettext_lazy("open data column type", "string"),
    "string or empty": pgettext_lazy("open data column type", "string or empty"),
    "number or empty": pgettext_lazy("open data column type", "number or empty"),
    "datetime": pgettext_lazy("open data column type", "datetime"),
    "datetime or empty": pgettext_lazy("open data column type", "datetime or empty"),
}


class SchemaColumn(NamedTuple):
    """One column of the open-data files: its name, its type name, and what it holds."""

    name: str
    type: str
    description: Promise

    @property
    def type_label(self) -> Promise:
        """The type as people read it, in the active language."""
        return COLUMN_TYPE_LABELS[self.type]


OPEN_DATA_SCHEMA: tuple[SchemaColumn, ...] = (
    SchemaColumn(
        "service_request_id", "string", _("The request number residents see, e.g. 26-00001234.")
    ),
    SchemaColumn(
        "requested_datetime", "datetime", _("When the request was received (ISO 8601, UTC offset).")
    ),
    SchemaColumn("updated_datetime", "datetime", _("When the request last changed.")),
    SchemaColumn(
        "closed_datetime", "datetime or empty", _("When it was closed; empty while open.")
    ),
    SchemaColumn(
        "status",
        "string",
        _(
            "Internal status: new, acknowledged, in_progress, on_hold, resolved, closed, "
            "closed_duplicate, cancelled or referred."
        ),
    ),
    SchemaColumn(
        "open311_status", "string", _("open or closed, as the Open311 GeoReport v2 API reports it.")
    ),
    SchemaColumn(
        "service_code", "string", _("The service's code in the catalog (Open311 service_code).")
    ),
    SchemaColumn("service_name", "string", _("The service's name.")),
    SchemaColumn(
        "department_code", "string", _("The code of the department that owns the request.")
    ),
    SchemaColumn("department_name", "string", _("The department's name.")),
    SchemaColumn(
        "channel",
        "string",
        _("How it was reported: web, app, phone, ivr, sms, email, chat, social, walk_in or staff."),
    ),
    SchemaColumn(
        "district", "string", _("The district code the location falls in; empty when unknown.")
    ),
    SchemaColumn("zip_code", "string", _("The ZIP code of the location, when known.")),
    SchemaColumn(
        "latitude",
        "number or empty",
        _("Latitude (WGS 84), rounded to 4 decimals, about 10 metres."),
    ),
    SchemaColumn("longitude", "number or empty", _("Longitude (WGS 84), rounded to 4 decimals.")),
    SchemaColumn(
        "sla_due_datetime", "datetime or empty", _("When the service's target time runs out.")
    ),
    SchemaColumn(
        "duplicate_of",
        "string or empty",
        _("The request this one duplicates, when closed as a duplicate."),
    ),
)
assert tuple(column.name for column in OPEN_DATA_SCHEMA) == OPEN_DATA_COLUMNS  # noqa: S101
assert {column.type for column in OPEN_DATA_SCHEMA} <= COLUMN_TYPE_LABELS.keys()  # noqa: S101


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
