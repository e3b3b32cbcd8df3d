"""`civicdesk import_requests`: a city's history comes in whole, once, every row accounted for.

The fixtures (fixtures/exports/) are our own rows in each city's export layout (headers as
published)."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel
from civicdesk.crm.models import Interaction
from civicdesk.reporting.imports.importer import import_file
from civicdesk.reporting.imports.mapping import MappingError, ServiceMapping
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from tests.factories import DepartmentFactory, ServiceFactory
from tests.factories.geo import jurisdiction

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
EASTERN = ZoneInfo("America/New_York")
FIXTURES = Path(__file__).parent / "fixtures" / "exports"

BOSTON = (FIXTURES / "boston.csv").read_text(encoding="utf-8")

NYC = (FIXTURES / "nyc.csv").read_text(encoding="utf-8")

NYC_COUNCIL = (FIXTURES / "nyc_council.csv").read_text(encoding="utf-8")

SF = (FIXTURES / "sf.csv").read_text(encoding="utf-8")

SF_BIGQUERY = (FIXTURES / "sf_bigquery.csv").read_text(encoding="utf-8")

SF_OPEN311 = (FIXTURES / "sf_open311.csv").read_text(encoding="utf-8")

LA = (FIXTURES / "la.csv").read_text(encoding="utf-8")

GENERIC = (FIXTURES / "generic.csv").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(path: Path, format_name: str, **kwargs: object):  # type: ignore[no-untyped-def]
    options = {"timezone": EASTERN, "mapping": ServiceMapping(), "now": NOW, **kwargs}
    return import_file(path, format_name=format_name, **options)  # type: ignore[arg-type]


def test_boston__rows_become_requests_with_their_past_and_bad_rows_are_reported(
    tmp_path: Path,
) -> None:
    report = _import(_write(tmp_path, BOSTON), "boston")
    assert (report.rows, report.imported, report.bad) == (4, 3, 1)
    assert report.is_reconciled
    assert report.problems[0].line == 5
    assert "“sometime in March” is not a date and time we can read" in report.problems[0].reason

    closed = ServiceRequest.objects.get(source="boston", source_id="900001")
    assert closed.status == Status.CLOSED
    assert closed.service.name == "Pothole Repair"
    assert closed.service.is_active is False  # history only, until an administrator decides
    assert closed.department.name == "Public Works Department"
    assert closed.channel == Channel.APP
    assert closed.created_at == datetime(2015, 3, 2, 8, 15, tzinfo=EASTERN)
    assert closed.closed_at == datetime(2015, 3, 3, 10, 0, tzinfo=EASTERN)
    assert closed.sla_due_at == datetime(2015, 3, 4, 8, 15, tzinfo=EASTERN)
    assert closed.zip_code == "02118"
    assert closed.public_id.startswith("15-")
    assert closed.updated_at == closed.closed_at
    events = list(closed.events.values_list("event_type", "to_status"))
    assert events == [(EventType.CREATED, Status.NEW), (EventType.STATUS_CHANGED, Status.CLOSED)]
    assert closed.events.last().data == {"source_note": "Case Resolved. Patched the hole."}  # type: ignore[union-attr]
    assert closed.channel == Channel.APP
    # The old system's contacts are not in the export: the contact center's figures stay ours.
    assert not Interaction.objects.exists()

    # City Hall's placeholder point is dropped; the address is kept.
    placeholder = ServiceRequest.objects.get(source_id="900002")
    assert (placeholder.latitude, placeholder.status) == (None, Status.NEW)
    assert placeholder.address.startswith("City Hall Plaza")
    # Closed before it was opened, and a duplicate by its closure note.
    duplicate = ServiceRequest.objects.get(source_id="900003")
    assert duplicate.status == Status.CLOSED_DUPLICATE
    assert duplicate.closed_at == duplicate.created_at
    assert {a.line for a in report.adjustments} == {3, 4}


def test_nyc__every_era_and_the_council_casework_import(tmp_path: Path) -> None:
    report = _import(_write(tmp_path, NYC), "nyc")
    assert (report.imported, report.bad) == (2, 1)
    assert report.problems[0].line == 4
    assert "complaint_type is empty" in report.problems[0].reason
    noise = ServiceRequest.objects.get(source_id="7000001")
    assert (noise.channel, noise.status) == (Channel.WEB, Status.CLOSED)
    light = ServiceRequest.objects.get(source_id="7000002")
    assert light.address == "11 AVENUE & WEST 22 STREET"
    assert (light.status, light.closed_at) == (Status.IN_PROGRESS, None)

    council = _import(_write(tmp_path, NYC_COUNCIL, "council.csv"), "nyc", source="nyc-council")
    assert (council.imported, council.bad) == (2, 0)
    casework = ServiceRequest.objects.get(source="nyc-council", source_id="NYCC01900002")
    assert (casework.status, casework.channel, casework.latitude) == (
        Status.NEW,
        Channel.STAFF,
        None,
    )


def test_sf__three_layouts_and_placeholder_points(tmp_path: Path) -> None:
    report = _import(_write(tmp_path, SF), "sf", timezone=ZoneInfo("America/Los_Angeles"))
    assert report.imported == 2
    bulky = ServiceRequest.objects.get(source_id="8000001")
    assert (bulky.service.group, bulky.zip_code, bulky.channel) == (
        "Street and Sidewalk Cleaning",
        "94107",
        Channel.PHONE,
    )
    assert bulky.latitude == pytest.approx(37.774007256355)
    assert ServiceRequest.objects.get(source_id="8000002").latitude is None

    pacific = ZoneInfo("America/Los_Angeles")
    _import(_write(tmp_path, SF_BIGQUERY, "bq.csv"), "sf", timezone=pacific, source="sf-bq")
    odor = ServiceRequest.objects.get(source="sf-bq")
    # BigQuery wrote local times with "+00:00": they are read as the city's local time.
    assert odor.created_at == datetime(2016, 7, 13, 15, 11, 7, tzinfo=pacific)

    _import(_write(tmp_path, SF_OPEN311, "o.csv"), "sf", timezone=pacific, source="sf-311")
    tent = ServiceRequest.objects.get(source="sf-311")
    assert tent.created_at == datetime(2025, 9, 4, 22, 37, 50, tzinfo=UTC)
    assert (tent.service.name, tent.service.group, tent.status) == (
        "Encampment",
        "Homeless",
        Status.CLOSED,
    )


def test_la__cancelled_and_referred_statuses_are_kept(tmp_path: Path) -> None:
    report = _import(_write(tmp_path, LA), "la", timezone=ZoneInfo("America/Los_Angeles"))
    assert report.imported == 3
    statuses = dict(ServiceRequest.objects.values_list("source_id", "status"))
    assert statuses == {
        "1-900000001": Status.CLOSED,
        "1-900000002": Status.CANCELLED,
        "1-900000003": Status.REFERRED,
    }
    cancelled = ServiceRequest.objects.get(source_id="1-900000002")
    # Closed in the export without a closing date: the last update stands in for it.
    assert cancelled.closed_at is not None


def test_generic__existing_services_are_used_and_the_jurisdiction_is_checked(
    tmp_path: Path,
) -> None:
    pothole = ServiceFactory(code="POTHOLE", name="Pothole")
    jurisdiction(-92.95, 42.30, -92.75, 42.50)
    report = _import(_write(tmp_path, GENERIC), "generic", timezone=ZoneInfo("America/Chicago"))
    assert (report.imported, report.bad) == (2, 1)
    assert report.problems[0].line == 4
    assert "outside" in report.problems[0].reason
    filled = ServiceRequest.objects.get(source_id="A-1")
    assert (filled.service, filled.channel, filled.status) == (pothole, Channel.WEB, Status.CLOSED)
    branch = ServiceRequest.objects.get(source_id="A-2")
    assert branch.service.name == "Fallen branch"
    assert branch.department.name == "Forestry"
    assert not ServiceRequest.objects.filter(source_id="A-3").exists()


def test_rerun__skips_what_was_imported_and_adds_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, BOSTON)
    _import(path, "boston")
    counts = (
        ServiceRequest.objects.count(),
        ServiceRequestEvent.objects.count(),
        Service.objects.count(),
    )
    again = _import(path, "boston")
    assert (again.imported, again.already_imported, again.bad) == (0, 3, 1)
    assert again.is_reconciled
    assert counts == (
        ServiceRequest.objects.count(),
        ServiceRequestEvent.objects.count(),
        Service.objects.count(),
    )


def test_mapping__sends_types_to_services_or_refuses_unknown_ones(tmp_path: Path) -> None:
    public_works = DepartmentFactory(code="public-works", name="Public works")
    pothole = ServiceFactory(code="POTHOLE", department=public_works)
    mapping_file = _write(
        tmp_path,
        'source = "bos"\n[services]\n"Pothole Repair" = "POTHOLE"\n[unknown]\ncreate = false\n',
        "mapping.toml",
    )
    report = _import(
        _write(tmp_path, BOSTON), "boston", mapping=ServiceMapping.from_file(mapping_file)
    )
    assert report.imported == 2
    assert ServiceRequest.objects.filter(service=pothole, source="bos").count() == 2
    assert "“Needle Pickup” is not a service here" in report.problems[0].reason
    assert report.created_services == []

    with pytest.raises(MappingError, match="service “NOPE”, which does not exist"):
        _import(
            _write(tmp_path, BOSTON),
            "boston",
            mapping=ServiceMapping.from_file(
                _write(tmp_path, '[services]\n"X" = "NOPE"\n', "bad.toml")
            ),
        )


def test_batches__a_refused_batch_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DatabaseError

    from civicdesk.core.bulk import TableWriter

    calls = {"n": 0}
    original = TableWriter.write

    def flaky(writer: TableWriter, rows):  # type: ignore[no-untyped-def]
        # The second batch fails on its last table, after its request was sent.
        if writer.model is ServiceRequestEvent:
            calls["n"] += 1
            if calls["n"] == 2:
                raise DatabaseError("disk full")
        return original(writer, rows)

    monkeypatch.setattr(TableWriter, "write", flaky)
    report = _import(_write(tmp_path, LA), "la", batch_size=1)
    assert (report.imported, report.bad) == (2, 1)
    assert "disk full" in report.problems[0].reason
    assert report.problems[0].line == 3
    # The failed batch's request and events are all gone; the others are whole.
    assert not ServiceRequest.objects.filter(source_id="1-900000002").exists()
    assert ServiceRequest.objects.count() == 2
    assert set(
        ServiceRequestEvent.objects.values_list("service_request__source_id", flat=True)
    ) == {"1-900000001", "1-900000003"}


def test_command__prints_a_summary_and_writes_a_report(tmp_path: Path) -> None:
    out = StringIO()
    report_file = tmp_path / "report.csv"
    call_command(
        "import_requests",
        str(_write(tmp_path, BOSTON)),
        format_name="boston",
        timezone="America/New_York",
        report=str(report_file),
        verbosity=0,
        stdout=out,
    )
    text = out.getvalue()
    assert "4 rows: 3 imported, 0 already imported, 1 not imported (bad rows)" in text
    assert "line 5:" in text
    lines = report_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "line,outcome,reason"
    assert any(line.startswith("5,not imported,") for line in lines)
    with pytest.raises(CommandError, match="Unknown time zone"):
        call_command(
            "import_requests", str(tmp_path / "report.csv"), format_name="boston", timezone="Mars"
        )


def test_command__imported_history_counts_on_the_dashboards_at_once(tmp_path: Path) -> None:
    from civicdesk.reporting.models import RequestFact

    call_command(
        "import_requests",
        str(_write(tmp_path, BOSTON)),
        format_name="boston",
        timezone="America/New_York",
        verbosity=0,
        stdout=StringIO(),
    )
    assert RequestFact.objects.count() == ServiceRequest.objects.count() == 3


def test_command__skip_rollups_leaves_the_dashboards_to_refresh_rollups(tmp_path: Path) -> None:
    from civicdesk.reporting.models import RequestFact

    call_command(
        "import_requests",
        str(_write(tmp_path, BOSTON)),
        format_name="boston",
        timezone="America/New_York",
        skip_rollups=True,
        verbosity=0,
        stdout=StringIO(),
    )
    assert ServiceRequest.objects.count() == 3
    assert RequestFact.objects.count() == 0
    call_command("refresh_rollups", verbosity=0, stdout=StringIO())
    assert RequestFact.objects.count() == 3


def _boston_rows(rows: list[tuple[str, str]]) -> str:
    """A Boston export of (case id, opened) rows, each a pothole on Elm Street."""
    header, first = BOSTON.splitlines()[:2]
    cells = first.split(",")
    lines = [header]
    for case_id, opened in rows:
        cells[1], cells[2] = case_id, opened
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pipelined_batches__written_on_a_second_connection_in_order_every_row_accounted_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a transaction, PostgreSQL writes one batch while the next is prepared: a source
    id repeated in the next batch is still written once, a refused batch leaves nothing, and
    every row is reported in the file's order."""
    import threading

    from django.db import DatabaseError

    from civicdesk.core.bulk import TableWriter
    from civicdesk.reporting.imports import importer

    opened = "03/02/2015 08:15:00 AM"
    rows = [
        ("800001", opened),
        ("800002", opened),
        ("800002", opened),  # again, in the next batch, while the first is being written
        ("800003", "not a date"),
        ("800004", opened),
        ("800005", opened),
        ("800006", opened),
    ]
    writers: set[str] = set()
    write = importer.history_batch_write

    def recorded(batch: object) -> object:
        writers.add(threading.current_thread().name)
        return write(batch)  # type: ignore[arg-type]

    original = TableWriter.write

    def refusing(writer: TableWriter, rows: object) -> None:
        # The batch holding 800004 and 800005 is refused by the database.
        if writer.model is ServiceRequest and any(row[-1] == "800005" for row in rows):  # type: ignore[attr-defined, index]
            raise DatabaseError("disk full")
        original(writer, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "history_batch_write", recorded)
    monkeypatch.setattr(TableWriter, "write", refusing)
    report = _import(_write(tmp_path, _boston_rows(rows)), "boston", batch_size=2)

    assert writers
    assert threading.main_thread().name not in writers
    assert (report.rows, report.imported, report.already_imported, report.bad) == (7, 3, 1, 3)
    assert report.is_reconciled
    assert [problem.line for problem in report.problems] == [5, 6, 7]
    assert "not a date" in report.problems[0].reason
    assert all("disk full" in problem.reason for problem in report.problems[1:])
    assert sorted(ServiceRequest.objects.values_list("source_id", flat=True)) == [
        "800001",
        "800002",
        "800006",
    ]
    assert ServiceRequestEvent.objects.count() == 6  # created and closed, for each


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once__each_new_type_becomes_one_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports of the same types start together, each having found no such service: the
    second to create one waits for the first and takes its service instead of making another
    (`IMP_…_2`) or failing on the taken code."""
    import threading

    from django.db import connection

    from civicdesk.reporting.imports.mapping import ServiceResolver

    path = _write(tmp_path, BOSTON)
    both_looked = threading.Barrier(2, timeout=30)
    look = ServiceResolver.__init__

    def looked_then_wait(resolver: ServiceResolver, *args: object, **kwargs: object) -> None:
        look(resolver, *args, **kwargs)  # type: ignore[arg-type]
        both_looked.wait()

    monkeypatch.setattr(ServiceResolver, "__init__", looked_then_wait)
    reports: dict[str, object] = {}
    failures: list[BaseException] = []

    def run(source: str) -> None:
        try:
            reports[source] = _import(path, "boston", source=source)
        except BaseException as error:  # noqa: BLE001 - the assertion below shows it
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(source,)) for source in ("east", "west")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    names = list(Service.objects.values_list("name", flat=True))
    assert sorted(names) == sorted(set(names))
    assert not Service.objects.filter(code__endswith="_2").exists()
    created = [code for report in reports.values() for code in report.created_services]  # type: ignore[attr-defined]
    assert sorted(created) == sorted(Service.objects.values_list("code", flat=True))
    assert ServiceRequest.objects.filter(source="east").count() == 3
    assert ServiceRequest.objects.filter(source="west").count() == 3


def test_resolver__a_code_before_a_name_and_the_active_service_before_the_old_one() -> None:
    from civicdesk.reporting.imports.mapping import ServiceResolver
    from civicdesk.reporting.imports.records import HistoricalRecord

    by_code = ServiceFactory(code="GRAFFITI", name="Tags")
    ServiceFactory(code="OLD_GRAFFITI", name="graffiti")
    ServiceFactory(code="OLD_POTHOLE", name="Pothole", is_active=False)
    active_pothole = ServiceFactory(code="NEW_POTHOLE", name="POTHOLE")
    resolver = ServiceResolver(ServiceMapping(), source="test")

    def record(service_name: str) -> HistoricalRecord:
        return HistoricalRecord(
            line=2, source_id="1", service_name=service_name, opened_at=NOW, status=Status.NEW
        )

    assert resolver.service_for(record("Graffiti")) == by_code
    assert resolver.service_for(record("pothole")) == active_pothole
    assert resolver.service_for(record("Sinkhole")).code == "IMP_SINKHOLE"
    assert resolver.service_for(record("SINKHOLE")).code == "IMP_SINKHOLE"
    assert Service.objects.filter(name__iexact="sinkhole").count() == 1
