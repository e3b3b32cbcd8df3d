"""`import_requests`'s engine: stream an export, map it, import it in batches, report every row.

Memory stays flat whatever the file's size: rows are read one at a time and written a batch at
a time. Each batch is prepared (`history_batch_prepare`) and written in one transaction
(`history_batch_write`; on PostgreSQL on a second thread, while the next batch is prepared): it
is imported whole or, if the database refuses it, not at all — its rows are then reported as
failed and the next batch goes on. Rows already imported (same source and source id) are
skipped, so a run that was stopped can simply be started again.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Set
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

from civicdesk.reporting.imports.formats import ReadRow, open_text, read_export
from civicdesk.reporting.imports.mapping import ServiceMapping, ServiceResolver
from civicdesk.reporting.imports.records import RowError
from civicdesk.service_requests.services.history import (
    HistoricalRequest,
    HistoryBatchResult,
    PreparedHistoryBatch,
    history_batch_prepare,
    history_batch_write,
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


BatchOutcome = HistoryBatchResult | DatabaseError


def _write(batch: PreparedHistoryBatch) -> BatchOutcome:
    try:
        return history_batch_write(batch)
    except DatabaseError as error:
        return error


def _close_connection() -> None:
    connections[DEFAULT_DB_ALIAS].close()


class _BatchWriter:
    """Writes prepared batches in order.

    On PostgreSQL, outside a transaction, the batches are written on a second thread with its
    own connection while the next ones are read and worked out: the database's work on one batch
    then overlaps ours on the next, instead of each waiting for the other. Up to `DEPTH` batches
    wait in the writer's hands, which evens out batches that take longer on one side or the
    other; their requests' source ids count as already imported for the batches prepared
    meanwhile (`pending_keys`), so a source id repeated across batches is written once. Elsewhere
    (SQLite, whose writes are serialised anyway, or inside a caller's transaction, which a
    second connection would not see) each batch is written at once, on this thread.
    """

    DEPTH = 2

    def __init__(self, done: Callable[[BatchOutcome, list[int], int], None]) -> None:
        self._done = done
        threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
        self._thread = ThreadPoolExecutor(max_workers=1) if threaded else None
        self._writing: deque[tuple[Future[BatchOutcome], PreparedHistoryBatch, list[int], int]]
        self._writing = deque()

    @property
    def pending_keys(self) -> Set[tuple[str, str]]:
        if not self._writing:
            return frozenset()
        if len(self._writing) == 1:
            return self._writing[0][1].keys
        return set().union(*(batch.keys for _future, batch, _lines, _rows in self._writing))

    def submit(self, batch: PreparedHistoryBatch, lines: list[int], rows: int) -> None:
        if self._thread is None:
            self._done(_write(batch), lines, rows)
            return
        while len(self._writing) >= self.DEPTH:
            self._report_oldest()
        self._writing.append((self._thread.submit(_write, batch), batch, lines, rows))

    def _report_oldest(self) -> None:
        future, _batch, lines, rows = self._writing.popleft()
        self._done(future.result(), lines, rows)

    def wait(self) -> None:
        """Until every batch handed over is written (or refused), and reported."""
        while self._writing:
            self._report_oldest()

    def close(self) -> None:
        self.wait()
        if self._thread is not None:
            self._thread.submit(_close_connection).result()
            self._thread.shutdown()


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

    def refused(lines: list[int], error: DatabaseError) -> None:
        for line in lines:
            report.add_problem(line, f"the database refused this row's batch: {error}")

    def done(outcome: BatchOutcome, lines: list[int], size: int) -> None:
        if isinstance(outcome, DatabaseError):
            refused(lines, outcome)
        else:
            report.imported += len(outcome.imported)
            report.already_imported += len(outcome.already_imported)
            for index, reason in outcome.refused.items():
                report.add_problem(lines[index], reason)
        if progress is not None:
            progress(size)

    writer = _BatchWriter(done)
    try:
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
            if not requests:
                writer.wait()  # reports stay in the file's order
                done(HistoryBatchResult(), [], len(batch))
                continue
            try:
                prepared = history_batch_prepare(
                    requests=requests, now=now, pending_keys=writer.pending_keys
                )
            except DatabaseError as error:
                writer.wait()
                refused(lines, error)
                if progress is not None:
                    progress(len(batch))
                continue
            writer.submit(prepared, lines, len(batch))
    finally:
        writer.close()
    # A batch's refusal is known only after the next batch's bad rows were counted.
    report.problems.sort(key=lambda problem: problem.line)
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
