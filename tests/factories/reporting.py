"""A small city whose performance figures are worked out by hand in tests/reporting.

Requests are written with their timelines directly (status changes through the lifecycle
services), so the dates are exactly those below. The period is May 2026, which has no
daylight-saving change in America/Chicago; "now" is 31 May, noon.

Requests (service, channel, district; received; timeline; SLA due):

- R1 pothole, phone, north; 2 May 10:00; ack 12:00, resolved 4 May 10:00; due 5 May.
- R2 pothole, web, north; 3 May 10:00; ack 14:00, resolved 9 May 10:00; due 6 May.
- R3 pothole, web, south; 5 May 10:00; in progress 11:00, resolved 6 May, reopened 7 May,
  resolved 8 May 10:00; due 10 May.
- R4 graffiti, app, south; 10 May 10:00; closed as a duplicate of R5 at 12:00; due 12 May.
- R5 graffiti, phone, south; 10 May 09:00; ack 11 May 09:00, in progress since; due 12 May.
- R6 graffiti, web, north; 31 May 09:00; new; due 2 June.
- R7 pothole, phone, north; 20 April 10:00; ack 11:00, resolved 2 May 10:00; due 25 April.
- R8 pothole, e-mail, no district; 25 May 10:00; in progress 10:30, resolved 26 May 10:00;
  no SLA.

Surveys (the event surveys will write): R1 scored 4, R2 scored 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count
from typing import cast
from zoneinfo import ZoneInfo

from civicdesk.accounts.models import User
from civicdesk.catalog.models import Department, Service
from civicdesk.crm.enums import Channel, IdentityKind, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Contact, Interaction
from civicdesk.geo.cells import cell_for
from civicdesk.reporting.facts import SURVEY_ANSWERED_EVENT
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services.lifecycle import (
    service_request_change_status,
    service_request_mark_duplicate,
)
from tests.factories.catalog import DepartmentFactory, ServiceFactory
from tests.factories.crm import ContactFactory, ContactIdentityFactory

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 5, 31, 12, 0, tzinfo=CHICAGO)
_numbers = count(1)

# Personal data of the fixture's residents, which no public output may contain.
RESIDENT_NAMES = ("Marisol", "Okonkwo-Pennyworth")
RESIDENT_EMAILS = ("marisol.okonkwo@mail.example",)
RESIDENT_PHONES = ("+13195550187", "319-555-0187", "3195550187")
RESIDENT_ADDRESS = "417 Wexford Lane"


def may(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=CHICAGO)


def service_request_with_timeline(
    *,
    service: Service,
    created_at: datetime,
    channel: str,
    district: str = "",
    sla_due_at: datetime | None = None,
    moves: tuple[tuple[Status, datetime], ...] = (),
    requester: Contact | None = None,
    actor: User | None = None,
) -> ServiceRequest:
    """A request received at `created_at` that then moved through `moves`."""
    service_request = ServiceRequest.objects.create(
        public_id=f"26-T{next(_numbers):07d}",
        service=service,
        department_id=service.department_id,
        channel=channel,
        district=district,
        sla_due_at=sla_due_at,
        created_at=created_at,
        description=f"Please call me, {RESIDENT_NAMES[0]}, at {RESIDENT_PHONES[1]}.",
        address=RESIDENT_ADDRESS,
        latitude=41.661234,
        longitude=-91.534567,
        h3_cell=cell_for(latitude=41.661234, longitude=-91.534567),
        zip_code="52240",
        requester=requester,
    )
    ServiceRequestEvent.objects.create(
        service_request=service_request,
        event_type=EventType.CREATED,
        occurred_at=created_at,
        channel=channel,
        to_status=Status.NEW,
    )
    for status, moment in moves:
        service_request_change_status(
            service_request=service_request, to_status=status, actor=actor, now=moment
        )
    return service_request


@dataclass
class FixtureCity:
    streets: Department
    parks: Department
    pothole: Service
    graffiti: Service
    requests: dict[str, ServiceRequest]
    resident: Contact


def fixture_city() -> FixtureCity:
    streets = cast(Department, DepartmentFactory(code="streets", name="Streets"))
    parks = cast(Department, DepartmentFactory(code="parks", name="Parks"))
    pothole = cast(Service, ServiceFactory(code="POTHOLE", name="Pothole", department=streets))
    graffiti = cast(Service, ServiceFactory(code="GRAFFITI", name="Graffiti", department=parks))
    resident = cast(
        Contact, ContactFactory(first_name=RESIDENT_NAMES[0], last_name=RESIDENT_NAMES[1])
    )
    ContactIdentityFactory(contact=resident, kind=IdentityKind.EMAIL, value=RESIDENT_EMAILS[0])
    ContactIdentityFactory(contact=resident, kind=IdentityKind.PHONE, value=RESIDENT_PHONES[0])

    def make(**kwargs: object) -> ServiceRequest:
        return service_request_with_timeline(requester=resident, **kwargs)  # type: ignore[arg-type]

    ack, work, done = Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED
    requests = {
        "R1": make(
            service=pothole,
            created_at=may(2, 10),
            channel=Channel.PHONE,
            district="north",
            sla_due_at=may(5, 10),
            moves=((ack, may(2, 12)), (done, may(4, 10))),
        ),
        "R2": make(
            service=pothole,
            created_at=may(3, 10),
            channel=Channel.WEB,
            district="north",
            sla_due_at=may(6, 10),
            moves=((ack, may(3, 14)), (done, may(9, 10))),
        ),
        "R3": make(
            service=pothole,
            created_at=may(5, 10),
            channel=Channel.WEB,
            district="south",
            sla_due_at=may(10, 10),
            moves=((work, may(5, 11)), (done, may(6, 10)), (work, may(7, 10)), (done, may(8, 10))),
        ),
        "R5": make(
            service=graffiti,
            created_at=may(10, 9),
            channel=Channel.PHONE,
            district="south",
            sla_due_at=may(12, 9),
            moves=((ack, may(11, 9)), (work, may(11, 10))),
        ),
        "R6": make(
            service=graffiti,
            created_at=may(31, 9),
            channel=Channel.WEB,
            district="north",
            sla_due_at=datetime(2026, 6, 2, 9, tzinfo=CHICAGO),
        ),
        "R7": make(
            service=pothole,
            created_at=datetime(2026, 4, 20, 10, tzinfo=CHICAGO),
            channel=Channel.PHONE,
            district="north",
            sla_due_at=datetime(2026, 4, 25, 10, tzinfo=CHICAGO),
            moves=((ack, datetime(2026, 4, 20, 11, tzinfo=CHICAGO)), (done, may(2, 10))),
        ),
        "R8": make(
            service=pothole,
            created_at=may(25, 10),
            channel=Channel.EMAIL,
            moves=((work, may(25, 10, 30)), (done, may(26, 10))),
        ),
    }
    r4 = make(
        service=graffiti,
        created_at=may(10, 10),
        channel=Channel.APP,
        district="south",
        sla_due_at=may(12, 10),
    )
    requests["R4"] = service_request_mark_duplicate(
        service_request=r4, original=requests["R5"], actor=None, now=may(10, 12)
    )
    for key, score in (("R1", 4), ("R2", 2)):
        ServiceRequestEvent.objects.create(
            service_request=requests[key],
            event_type=SURVEY_ANSWERED_EVENT,
            occurred_at=may(27, 9),
            is_public=False,
            data={"score": score},
        )
    _interactions(resident, requests)
    return FixtureCity(streets, parks, pothole, graffiti, requests, resident)


def _interactions(resident: Contact, requests: dict[str, ServiceRequest]) -> None:
    """Six contacts in May: 3 resolved first time, handle times 60-600 s, 4 questions of which
    2 were answered without a request, and one abandoned call that never ended."""
    question, answered = InteractionReason.QUESTION, InteractionOutcome.ANSWERED
    rows = (
        (Channel.PHONE, question, answered, None, True, may(4, 9), 300),
        (Channel.PHONE, question, answered, None, True, may(5, 9), 180),
        (Channel.PHONE, question, InteractionOutcome.REQUEST_CREATED, "R1", False, may(2, 10), 600),
        (
            Channel.WEB,
            InteractionReason.REQUEST,
            InteractionOutcome.REQUEST_CREATED,
            "R2",
            False,
            may(3, 10),
            120,
        ),
        (
            Channel.PHONE,
            InteractionReason.STATUS_CHECK,
            InteractionOutcome.STATUS_GIVEN,
            None,
            True,
            may(12, 9),
            60,
        ),
        (Channel.PHONE, question, InteractionOutcome.ABANDONED, None, False, may(13, 9), None),
    )
    for channel, reason, outcome, request_key, is_fcr, started_at, seconds in rows:
        Interaction.objects.create(
            contact=resident,
            channel=channel,
            reason=reason,
            outcome=outcome,
            service_request=requests[request_key] if request_key else None,
            started_at=started_at,
            ended_at=started_at + timedelta(seconds=seconds) if seconds is not None else None,
            is_first_contact_resolution=is_fcr,
            created_at=started_at,
            notes=f"Spoke with {RESIDENT_NAMES[0]} {RESIDENT_NAMES[1]}.",
        )
