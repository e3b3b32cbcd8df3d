"""The one road in: what a submission writes, and that a refused one writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from civicdesk.catalog.enums import AttributeDatatype, SlaUnit
from civicdesk.catalog.models import Service
from civicdesk.core.versions import SharedVersion
from civicdesk.crm.enums import Channel, IdentityKind, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Contact, ContactIdentity, Interaction
from civicdesk.crm.services import ContactDetails
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services import (
    IntakeValidationError,
    Location,
    service_request_submit,
)
from tests.factories import (
    ContactIdentityFactory,
    ServiceAttributeFactory,
    ServiceAttributeValueFactory,
    ServiceFactory,
    SlaPolicyFactory,
    office_calendar,
    staff_user,
)

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
# Friday 20 November 2026, 15:00 in the city.
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=CHICAGO)
HERE = Location(latitude=41.881, longitude=-87.623, address="100 Main Street")


@pytest.fixture
def pothole() -> Service:
    service = ServiceFactory(
        code="POTHOLE",
        name="Pothole",
        sla_policy=SlaPolicyFactory(
            calendar=office_calendar(), target_unit=SlaUnit.BUSINESS_HOURS, target_value=8
        ),
    )
    size = ServiceAttributeFactory(
        service=service,
        code="size",
        datatype=AttributeDatatype.SINGLEVALUELIST,
        description="How big is it?",
        required=True,
    )
    ServiceAttributeValueFactory(attribute=size, key="small", name="Small")
    ServiceAttributeValueFactory(attribute=size, key="large", name="Large")
    return service


def counts() -> tuple[int, int, int, int]:
    return (
        ServiceRequest.objects.count(),
        ServiceRequestEvent.objects.count(),
        Interaction.objects.count(),
        Contact.objects.count(),
    )


def submit(**overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "service_code": "POTHOLE",
        "description": "Deep hole in the bike lane",
        "attributes": {"size": "large"},
        "location": HERE,
        "channel": Channel.WEB,
        "now": NOW,
    }
    arguments.update(overrides)
    return service_request_submit(**arguments)


def test_submit__writes_one_request_one_event_one_interaction(pothole: Service) -> None:
    result = submit(
        contact=ContactDetails(
            first_name="Ana", last_name="Ruiz", email="Ana@Mail.example", language="es"
        )
    )

    assert counts() == (1, 1, 1, 1)
    request = ServiceRequest.objects.get()
    assert request == result.service_request
    assert request.public_id == "26-00000001"
    assert request.status == Status.NEW
    assert request.open311_status == "open"
    assert request.department == pothole.department
    assert request.attributes == {"size": "large"}
    assert request.channel == Channel.WEB
    assert request.language == "es"
    assert request.created_at == NOW
    # Eight business hours from Friday 15:00: two on Friday, six on Monday.
    assert request.sla_due_at == datetime(2026, 11, 23, 14, 0, tzinfo=CHICAGO)
    assert request.expected_at == request.sla_due_at

    event = ServiceRequestEvent.objects.get()
    assert (event.service_request, event.event_type, event.to_status) == (
        request,
        EventType.CREATED,
        Status.NEW,
    )
    assert event.is_public
    assert event.data == {
        "service_code": "POTHOLE",
        "department": pothole.department.code,
        "located_by": "given",
        "routing": {
            "department": pothole.department.code,
            "queue": "",
            "priority": 2,
            "source": "department",
        },
    }

    interaction = Interaction.objects.get()
    assert interaction == result.interaction
    assert interaction.service_request == request
    assert interaction.contact == request.requester
    assert (interaction.channel, interaction.reason, interaction.outcome) == (
        Channel.WEB,
        InteractionReason.REQUEST,
        InteractionOutcome.REQUEST_CREATED,
    )
    contact = Contact.objects.get()
    assert (contact.first_name, contact.preferred_language) == ("Ana", "es")
    assert ContactIdentity.objects.get().value == "ana@mail.example"


def test_submit__request_numbers_count_up_within_a_year(pothole: Service) -> None:
    first = submit().service_request
    second = submit().service_request
    next_year = submit(now=datetime(2027, 1, 2, 9, tzinfo=CHICAGO)).service_request
    assert [first.public_id, second.public_id, next_year.public_id] == [
        "26-00000001",
        "26-00000002",
        "27-00000001",
    ]


def test_submit__known_resident_is_found_not_duplicated(pothole: Service) -> None:
    identity = ContactIdentityFactory(kind=IdentityKind.PHONE, value="+13195550123")
    result = submit(channel=Channel.PHONE, contact=ContactDetails(phone="(319) 555-0123"))
    assert result.service_request.requester == identity.contact
    assert Contact.objects.count() == 1


def test_submit__agent_filing_on_a_call_is_recorded(pothole: Service) -> None:
    from civicdesk.accounts.enums import Role

    agent = staff_user(Role.AGENT)
    started = datetime(2026, 11, 20, 14, 55, tzinfo=CHICAGO)
    result = submit(channel=Channel.PHONE, actor=agent, interaction_started_at=started)
    assert result.interaction.agent == agent
    assert result.interaction.started_at == started
    assert result.interaction.duration is not None
    assert result.interaction.duration.total_seconds() == 300
    assert result.service_request.events.get().actor == agent


def test_submit__anonymous_report_has_no_requester(pothole: Service) -> None:
    result = submit()
    assert result.service_request.requester is None
    assert result.interaction.contact is None


def test_submit__address_alone_is_enough(pothole: Service) -> None:
    result = submit(location=Location(address="12 Elm Street"))
    assert result.service_request.latitude is None
    assert result.service_request.address == "12 Elm Street"


def _notifying(callbacks: list[Callable[[], object]]) -> list[Callable[[], object]]:
    """The commit callbacks but those moving version stamps (`core.versions`)."""
    return [
        call for call in callbacks if not isinstance(getattr(call, "__self__", None), SharedVersion)
    ]


def test_submit__confirmation_is_emailed_after_commit(
    pothole: Service, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = submit(
            contact=ContactDetails(
                first_name="Ana", email="ana@mail.example", wants_email_updates=True
            )
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(_notifying(callbacks)) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@mail.example"]
    assert result.service_request.public_id in message.subject
    assert "Hello Ana," in message.body
    assert f"/requests/{result.service_request.public_id}/" in message.body


def test_submit__no_email_without_consent(
    pothole: Service, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        submit(contact=ContactDetails(email="ana@mail.example", wants_email_updates=False))
    assert mail.outbox == []


def test_submit__import_can_skip_notifications(
    pothole: Service, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(
            contact=ContactDetails(email="ana@mail.example", wants_email_updates=True),
            notify=False,
        )
    assert _notifying(callbacks) == []
    assert mail.outbox == []


REFUSALS: list[tuple[dict[str, Any], str, str]] = [
    ({"service_code": "NOPE"}, "service_code", "“NOPE” is not a service we offer"),
    ({"service_code": " "}, "service_code", "Choose the kind of problem"),
    ({"attributes": {}}, "attribute[size]", "“How big is it?” is required."),
    ({"attributes": {"size": "huge"}}, "attribute[size]", "“huge” is not a choice"),
    ({"attributes": {"size": "small", "x": 1}}, "attribute[x]", "not a question"),
    ({"location": Location()}, "location", "Tell us where the problem is"),
    ({"location": Location(latitude=41.0)}, "location", "both latitude and longitude"),
    ({"location": Location(latitude=95.0, longitude=10.0)}, "lat", "between -90 and 90"),
    ({"description": "x" * 4001}, "description", "at most 4000 characters"),
    ({"contact": ContactDetails(email="not-an-email")}, "email", "e-mail address such as"),
    ({"contact": ContactDetails(phone="12")}, "phone", "phone number such as"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), REFUSALS)
def test_submit__refused_submission_writes_nothing(
    pothole: Service, overrides: dict[str, Any], field: str, message: str
) -> None:
    before = counts()
    with pytest.raises(IntakeValidationError) as caught:
        submit(**overrides)
    assert counts() == before == (0, 0, 0, 0)
    assert field in caught.value.field_errors
    assert message in " ".join(caught.value.field_errors[field])


def test_submit__service_without_anonymous_reports_needs_contact(pothole: Service) -> None:
    pothole.allows_anonymous = False
    pothole.save()
    with pytest.raises(IntakeValidationError) as caught:
        submit()
    assert caught.value.field_errors["email"] == [
        (
            "“Pothole” needs an e-mail address or phone number, so that the city can reach you "
            "about it."
        )
    ]
    assert counts() == (0, 0, 0, 0)
    assert submit(contact=ContactDetails(phone="319-555-0101")).service_request.requester


def test_submit__inactive_service_is_refused(pothole: Service) -> None:
    pothole.is_active = False
    pothole.save()
    with pytest.raises(IntakeValidationError):
        submit()
    assert counts() == (0, 0, 0, 0)


def test_submit__every_problem_is_reported_at_once(pothole: Service) -> None:
    with pytest.raises(IntakeValidationError) as caught:
        submit(attributes={}, location=Location(), contact=ContactDetails(email="bad"))
    assert set(caught.value.field_errors) == {"attribute[size]", "location", "email"}


def test_submit__failure_after_checks_rolls_everything_back(
    pothole: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault half-way (here: writing the interaction) leaves no request, event or contact."""
    from civicdesk.service_requests.services import intake

    def broken(**kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(intake, "interaction_record", broken)
    with pytest.raises(RuntimeError):
        submit(contact=ContactDetails(email="ana@mail.example"))
    assert counts() == (0, 0, 0, 0)
