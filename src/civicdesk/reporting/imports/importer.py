"""`import_requests`'s engine: stream an export, map it, import it in batches, report every row.

Memory stays flat whatever the file's size: rows are read one at a time and written a batch at
a time. Each batch is one transaction (`service_requests_import_history`): it is imported whole
or, if the database refuses it, not at all — its rows are then reported as failed and the next
batch goes on. Rows already imported (same source and source id) are skipped, so a run that was
stopped can simply be started again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import DatabaseError

from civicdesk.reporting.imports.formats import ReadRow, open_text, read_export
from civicdesk.reporting.imports.mapping import ServiceMapping, ServiceResolver
from civicdesk.reporting.imports.records import RowError
from civicdesk.service_requests.services.history import (
    HistoricalRequest,
    service_requests_import_history,
)
from civicdesk.service_requests.services.intake import Location

BATCH_SIZE = 1000
# How many bad rows the report keeps word for word; the rest are counted by reason.
KEPT_PROBLEMS = 1000


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    already_imported: int = 0
    bad: int = 0
    adjusted: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    adjustments: list[RowProblem] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    created_services: list[str] = field(default_factory=list)
    created_departments: list[str] = field(default_factory=list)

    def add_problem(self, line: int, reason: str) -> None:
        self.bad += 1
        self.reasons[reason.split("“", maxsplit=1)[0].strip() or reason] += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(RowProblem(line, reason))

    def add_adjustment(self, line: int, reasons: Iterable[str]) -> None:
        self.adjusted += 1
        if len(self.adjustments) < KEPT_PROBLEMS:
            self.adjustments.append(RowProblem(line, "; ".join(reasons)))

    @property
    def is_reconciled(self) -> bool:
        """Every row is accounted for: imported, already there, or reported."""
        return self.rows == self.imported + self.already_imported + self.bad


def _batches(rows: Iterator[ReadRow], size: int) -> Iterator[list[ReadRow]]:
    while batch := list(islice(rows, size)):
        yield batch


def import_rows(
    rows: Iterator[ReadRow],
    *,
    source: str,
    mapping: ServiceMapping,
    now: datetime,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    report = ImportReport()
    resolver = ServiceResolver(mapping, source=source)
    for batch in _batches(rows, batch_size):
        report.rows += len(batch)
        lines: list[int] = []
        requests: list[HistoricalRequest] = []
        for row in batch:
            record = row.record
            if record is None:
                report.add_problem(row.line, row.error)
                continue
            try:
                service = resolver.service_for(record)
            except RowError as error:
                report.add_problem(row.line, str(error))
                continue
            if record.adjustments:
                report.add_adjustment(row.line, record.adjustments)
            lines.append(row.line)
            requests.append(
                HistoricalRequest(
                    source=source,
                    source_id=record.source_id,
                    service=service,
                    opened_at=record.opened_at,
                    closed_at=record.closed_at,
                    due_at=record.due_at,
                    status=record.status,
                    description=record.description,
                    closure_note=record.closure_note,
                    channel=record.channel,
                    location=Location(
                        latitude=record.latitude,
                        longitude=record.longitude,
                        address=record.address,
                        zip_code=record.zip_code,
                    ),
                )
            )
        if requests:
            try:
                result = service_requests_import_history(requests=requests, now=now)
            except DatabaseError as error:
                for line in lines:
                    report.add_problem(line, f"the database refused this row's batch: {error}")
            else:
                report.imported += len(result.imported)
                report.already_imported += len(result.already_imported)
                for index, reason in result.refused.items():
                    report.add_problem(lines[index], reason)
        if progress is not None:
            progress(len(batch))
    report.created_services = [service.code for service in resolver.created_services]
    report.created_departments = [d.code for d in resolver.created_departments]
    return report


def import_file(
    path: Path,
    *,
    format_name: str,
    timezone: ZoneInfo,
    mapping: ServiceMapping,
    now: datetime,
    source: str = "",
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], object] | None = None,
) -> ImportReport:
    with open_text(path) as stream:
        return import_rows(
            read_export(stream, format_name=format_name, timezone=timezone),
            source=source or mapping.source or format_name,
            mapping=mapping,
            now=now,
            batch_size=batch_size,
            progress=progress,
        )
