"""Readers for real cities' 311 exports and for CivicDesk's own generic format.

Every reader streams: it reads one CSV row at a time (gzip or plain), so a multi-gigabyte export
needs no more memory than a small one. Column names are compared after folding case and
punctuation ("Complaint Type", "complaint_type" and "COMPLAINT.TYPE" are one column), which
absorbs the schema drift between the eras of one city's exports.

- boston: Boston 311 (CASE_ENQUIRY_ID, OPEN_DT, TYPE, …);
- nyc: NYC 311 in its 2013 to 2023 layouts (Unique Key, Created Date, Complaint Type, …), and
  NYC Council constituent services (unique_key, opendate, complaint_type, …);
- sf: DataSF case data (CaseID, Opened, Category, …), its BigQuery copy (unique_key,
  created_date, …) and SF311's Open311-style records (service_request_id, requested_datetime, …);
- la: MyLA311 2017 to 2020 (SRNumber, CreatedDate, RequestType, …);
- generic: CivicDesk's documented layout (docs/import.md).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from civicdesk.crm.enums import Channel
from civicdesk.reporting.imports.records import (
    DateReader,
    HistoricalRecord,
    RowError,
    clean_text,
    read_channel,
    read_coordinates,
    read_point,
    read_status,
    read_zip,
    settle_times,
)

FORMATS = ("boston", "nyc", "sf", "la", "generic")

# The default City Hall point Boston writes on rows it could not place.
BOSTON_PLACEHOLDERS = ((42.3594, -71.0587),)

Row = dict[str, str]
RowReader = Callable[[Row, int, DateReader], HistoricalRecord]


@dataclass(slots=True)
class ReadRow:
    """What a reader yields: a record, or the line's error."""

    line: int
    record: HistoricalRecord | None = None
    error: str = ""


def fold(name: str) -> str:
    """'Complaint Type' → 'complaint_type'; 'Request.Type' → 'request_type'."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def open_text(path: Path) -> IO[str]:
    """The file as text, gunzipped when it is gzip; a UTF-8 byte-order mark is dropped."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="", errors="replace")
    return path.open(encoding="utf-8-sig", newline="", errors="replace")


def _required(row: Row, *names: str) -> str:
    for name in names:
        value = clean_text(row.get(name))
        if value:
            return value
    raise RowError(f"{' / '.join(names)} is empty.")


def _first(row: Row, *names: str) -> str:
    for name in names:
        value = clean_text(row.get(name))
        if value:
            return value
    return ""


def _record(
    row: Row,
    line: int,
    dates: DateReader,
    *,
    source_id: str,
    service_name: str,
    opened: str,
    closed: str = "",
    due: str = "",
    status_text: str = "",
    note: str = "",
    placeholders: tuple[tuple[float, float], ...] = (),
    latitude: str = "",
    longitude: str = "",
    **fields: object,
) -> HistoricalRecord:
    opened_at = dates.read(row.get(opened), column=opened)
    if opened_at is None:
        raise RowError(f"{opened} is empty: a request needs the time it was opened.")
    closed_at = dates.read(row.get(closed), column=closed) if closed else None
    due_at = dates.read(row.get(due), column=due) if due else None
    closure_note = clean_text(row.get(note)) if note else ""
    status = read_status(
        row.get(status_text) if status_text else "", closed=closed_at is not None, note=closure_note
    )
    closed_at, status, adjustments = settle_times(opened_at, closed_at, status)
    lat, long, coordinate_note = read_coordinates(
        latitude or None, longitude or None, placeholders=placeholders
    )
    if coordinate_note:
        adjustments = (*adjustments, coordinate_note)
    return HistoricalRecord(
        line=line,
        source_id=source_id[:100],
        service_name=service_name[:150],
        opened_at=opened_at,
        closed_at=closed_at,
        due_at=due_at,
        status=status,
        latitude=lat,
        longitude=long,
        closure_note=closure_note[:4000],
        adjustments=adjustments,
        **fields,  # type: ignore[arg-type]
    )


def _boston(row: Row, line: int, dates: DateReader) -> HistoricalRecord:
    return _record(
        row,
        line,
        dates,
        source_id=_required(row, "case_enquiry_id"),
        service_name=_required(row, "type", "case_title"),
        service_group=_first(row, "reason"),
        department_name=_first(row, "subject", "department"),
        description=_first(row, "case_title")[:4000],
        opened="open_dt",
        closed="closed_dt",
        due="target_dt",
        status_text="case_status",
        note="closure_reason",
        address=_first(row, "location")[:300],
        zip_code=read_zip(row.get("location_zipcode")),
        latitude=row.get("latitude", ""),
        longitude=row.get("longitude", ""),
        placeholders=BOSTON_PLACEHOLDERS,
        channel=read_channel(row.get("source")),
    )


def _nyc_address(row: Row) -> str:
    address = _first(row, "incident_address")
    if address:
        return address
    first, second = _first(row, "intersection_street_1"), _first(row, "intersection_street_2")
    if first and second:
        return f"{first} & {second}"
    return _first(row, "street_name", "landmark")


def _nyc(row: Row, line: int, dates: DateReader) -> HistoricalRecord:
    if "opendate" in row:  # NYC Council constituent services: council offices' casework
        return _record(
            row,
            line,
            dates,
            source_id=_required(row, "unique_key"),
            # About 2% of cases name no committee; their descriptor says what they are about.
            service_name=_required(row, "complaint_type", "descriptor"),
            department_name=_first(row, "account"),
            description=_first(row, "descriptor")[:4000],
            opened="opendate",
            closed="closedate",
            zip_code=read_zip(row.get("zip")),
            address=", ".join(
                part for part in (_first(row, "city"), _first(row, "borough")) if part
            ),
            channel=Channel.STAFF,
        )
    descriptor = " — ".join(
        part for part in (_first(row, "descriptor"), _first(row, "descriptor_2")) if part
    )
    return _record(
        row,
        line,
        dates,
        source_id=_required(row, "unique_key"),
        service_name=_required(row, "complaint_type"),
        department_name=_first(row, "agency_name", "agency"),
        description=descriptor[:4000],
        opened="created_date",
        closed="closed_date",
        due="due_date",
        status_text="status",
        note="resolution_description",
        address=_nyc_address(row)[:300],
        zip_code=read_zip(row.get("incident_zip")),
        latitude=row.get("latitude", ""),
        longitude=row.get("longitude", ""),
        channel=read_channel(row.get("open_data_channel_type")),
    )


def _sf(row: Row, line: int, dates: DateReader) -> HistoricalRecord:
    if "caseid" in row:  # DataSF "Case Data from SF311"
        latitude, longitude = read_point(row.get("point"))
        return _record(
            row,
            line,
            dates,
            source_id=_required(row, "caseid"),
            service_name=_required(row, "request_type", "category"),
            service_group=_first(row, "category"),
            department_name=_first(row, "responsible_agency"),
            description=_first(row, "request_details")[:4000],
            opened="opened",
            closed="closed",
            status_text="status",
            note="status_notes",
            address=_first(row, "address")[:300],
            zip_code=read_zip(_zip_in(_first(row, "address"))),
            latitude=latitude,
            longitude=longitude,
            channel=read_channel(row.get("source")),
        )
    if "service_request_id" in row:  # SF311's Open311-style records
        closed = "updated_datetime" if "closed" in _first(row, "status").lower() else ""
        code = _required(row, "service_code")
        return _record(
            row,
            line,
            dates,
            source_id=_required(row, "service_request_id"),
            service_name=code.rsplit(":", 1)[-1],
            service_group=code.split(":")[1] if code.count(":") >= 2 else "",
            description=_first(row, "description")[:4000],
            opened="requested_datetime",
            closed=closed,
            status_text="status",
            note="status_notes",
            address=_first(row, "address")[:300],
            latitude=row.get("lat", ""),
            longitude=row.get("long", ""),
            channel=Channel.APP,
        )
    return _record(  # the BigQuery copy: local times written with "+00:00"
        row,
        line,
        dates,
        source_id=_required(row, "unique_key"),
        service_name=_required(row, "complaint_type", "category"),
        service_group=_first(row, "category"),
        department_name=_first(row, "agency_name"),
        description=_first(row, "descriptor")[:4000],
        opened="created_date",
        closed="closed_date",
        status_text="status",
        note="status_notes",
        address=_first(row, "incident_address")[:300],
        latitude=row.get("latitude", ""),
        longitude=row.get("longitude", ""),
        channel=read_channel(row.get("source")),
    )


def _zip_in(address: str) -> str:
    match = re.search(r"\b(\d{5})(?:-\d{4})?\s*$", address)
    return match.group(1) if match else ""


def _la(row: Row, line: int, dates: DateReader) -> HistoricalRecord:
    status = _first(row, "status")
    closed = "closeddate"
    if not clean_text(row.get("closeddate")) and status.lower() in {"closed", "cancelled"}:
        closed = "updateddate"
    return _record(
        row,
        line,
        dates,
        source_id=_required(row, "srnumber"),
        service_name=_required(row, "requesttype"),
        department_name=_first(row, "owner"),
        description=_first(row, "actiontaken")[:4000],
        opened="createddate",
        closed=closed,
        status_text="status",
        address=_first(row, "address")[:300],
        zip_code=read_zip(row.get("zipcode")),
        latitude=row.get("latitude", ""),
        longitude=row.get("longitude", ""),
        channel=read_channel(row.get("requestsource")),
    )


GENERIC_COLUMNS = (
    "source_id",
    "service",
    "group",
    "department",
    "description",
    "status",
    "opened_at",
    "closed_at",
    "due_at",
    "address",
    "zip",
    "latitude",
    "longitude",
    "channel",
    "closure_note",
)


_CHANNEL_VALUES = frozenset(Channel.values)


def _generic(row: Row, line: int, dates: DateReader) -> HistoricalRecord:
    channel_text = clean_text(row.get("channel")).lower()
    channel = (
        Channel(channel_text) if channel_text in _CHANNEL_VALUES else read_channel(channel_text)
    )
    return _record(
        row,
        line,
        dates,
        source_id=_required(row, "source_id"),
        service_name=_required(row, "service"),
        service_group=_first(row, "group"),
        department_name=_first(row, "department"),
        description=_first(row, "description")[:4000],
        opened="opened_at",
        closed="closed_at",
        due="due_at",
        status_text="status",
        note="closure_note",
        address=_first(row, "address")[:300],
        zip_code=read_zip(row.get("zip")),
        latitude=row.get("latitude", ""),
        longitude=row.get("longitude", ""),
        channel=channel,
    )


READERS: dict[str, RowReader] = {
    "boston": _boston,
    "nyc": _nyc,
    "sf": _sf,
    "la": _la,
    "generic": _generic,
}


def read_export(stream: IO[str], *, format_name: str, timezone: ZoneInfo) -> Iterator[ReadRow]:
    """Each data row of `stream` as a record or an error, with its line number in the file."""
    if format_name not in READERS:
        raise ValueError(f"Unknown format {format_name!r}; choose one of {', '.join(FORMATS)}.")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(stream)
    try:
        header = [fold(name) for name in next(reader)]
    except StopIteration:
        return
    row_reader = READERS[format_name]
    dates = DateReader(timezone, offsets_are_local=format_name == "sf" and "unique_key" in header)
    width = len(header)
    for values in reader:
        line = reader.line_num
        if not "".join(values).strip():
            continue
        if len(values) != width:
            yield ReadRow(
                line=line,
                error=f"the row has {len(values)} cells where the header has {width}.",
            )
            continue
        try:
            yield ReadRow(
                line=line, record=row_reader(dict(zip(header, values, strict=True)), line, dates)
            )
        except RowError as error:
            yield ReadRow(line=line, error=str(error))


def read_text(text: str, *, format_name: str, timezone: ZoneInfo) -> list[ReadRow]:
    """The same for a small text (tests, previews)."""
    return list(read_export(io.StringIO(text), format_name=format_name, timezone=timezone))
