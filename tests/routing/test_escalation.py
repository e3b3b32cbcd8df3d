"""The escalation sweep: at risk and breached fire once each, however often the task runs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from civicdesk.accounts.enums import Role
from civicdesk.catalog.enums import SlaUnit
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Interaction
from civicdesk.notifications.models import WebhookDelivery, WebhookSubscription
from civicdesk.routing.models import ChannelSla, InteractionSla
from civicdesk.routing.services import (
    SweepResult,
    interaction_first_response_record,
    interaction_sla_start,
    sla_escalations_sweep,
)
from civicdesk.service_requests.enums import EventType, Priority, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location, service_request_submit
from civicdesk.service_requests.services.lifecycle import (
    service_request_acknowledge,
    service_request_hold,
    service_request_staff_change_status,
)
from tests.factories import ServiceFactory, SlaPolicyFactory, office_calendar, staff_user
from tests.factories.routing import QueueFactory

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
Capture = Callable[..., AbstractContextManager[Any]]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


@pytest.fixture
def pothole() -> Service:
    return ServiceFactory(
        code="POTHOLE",
        sla_policy=SlaPolicyFactory(
            calendar=office_calendar(), target_unit=SlaUnit.BUSINESS_HOURS, target_value=8
        ),
    )


WEDNESDAY_10 = at(18, 10)


def submit(service: Service, now: datetime = WEDNESDAY_10) -> ServiceRequest:
    # Wednesday 10:00: at risk from 16:24, due Thursday 09:00.
    return service_request_submit(
        service_code=service.code,
        location=Location(latitude=42.40, longitude=-92.85),
        channel=Channel.WEB,
        now=now,
    ).service_request


def sweep(capture: Capture, now: datetime) -> SweepResult:
    with capture(execute=True):
        return sla_escalations_sweep(now=now)


def escalations(request: ServiceRequest) -> list[str]:
    return [
        event.data["threshold"]
        for event in request.events.filter(event_type=EventType.ESCALATED).order_by("pk")
    ]


def test_sweep__at_risk_then_breach_fire_once_each_when_run_twice(
    pothole: Service, django_capture_on_commit_callbacks: Capture
) -> None:
    supervisor = staff_user(Role.SUPERVISOR, pothole.department, email="dana@city.example")
    queue = QueueFactory(department=pothole.department, is_default=True, name="Streets")
    queue.supervisors.add(supervisor)
    request = submit(pothole)
    on_track = submit(pothole, now=at(18, 15))

    assert sweep(django_capture_on_commit_callbacks, at(18, 16)).total == 0
    first = sweep(django_capture_on_commit_callbacks, at(18, 16, 30))
    again = sweep(django_capture_on_commit_callbacks, at(18, 16, 31))

    assert (first.at_risk, first.breached, again.total) == (1, 0, 0)
    request.refresh_from_db()
    assert request.priority == Priority.HIGH
    assert escalations(request) == ["at_risk"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@city.example"]
    assert "1 request in Streets is at risk" in mail.outbox[0].subject
    assert request.public_id in mail.outbox[0].body

    late = sweep(django_capture_on_commit_callbacks, at(19, 9, 30))
    late_again = sweep(django_capture_on_commit_callbacks, at(19, 9, 31))

    assert (late.breached, late_again.breached) == (1, 0)
    request.refresh_from_db()
    assert request.priority == Priority.URGENT
    assert escalations(request) == ["at_risk", "breached"]
    event = request.events.filter(event_type=EventType.ESCALATED).last()
    assert event is not None
    assert (event.is_public, event.data["priority_from"], event.data["priority_to"]) == (
        False,
        Priority.HIGH,
        Priority.URGENT,
    )
    # Filed at 15:00 on Wednesday, it is at risk only from 12:24 on Thursday.
    assert escalations(on_track) == []
    assert len(mail.outbox) == 2
    assert "past its SLA due time" in mail.outbox[1].subject


def test_sweep__crossing_both_thresholds_at_once_escalates_only_the_breach(
    pothole: Service, django_capture_on_commit_callbacks: Capture
) -> None:
    staff_user(Role.SUPERVISOR, pothole.department, email="dana@city.example")
    request = submit(pothole)

    sweep(django_capture_on_commit_callbacks, at(20, 12))
    sweep(django_capture_on_commit_callbacks, at(20, 13))

    request.refresh_from_db()
    assert escalations(request) == ["breached"]
    assert request.priority == Priority.HIGH
    assert request.sla_at_risk_escalated_at == request.sla_breach_escalated_at == at(20, 12)
    # No queue: the department's supervisors hear about it.
    assert [message.to for message in mail.outbox] == [["dana@city.example"]]


def test_sweep__skips_requests_on_hold_and_closed_ones(
    pothole: Service, django_capture_on_commit_callbacks: Capture
) -> None:
    worker = staff_user(Role.DEPARTMENT_STAFF, pothole.department)
    held = submit(pothole)
    resolved = submit(pothole)
    for request in (held, resolved):
        service_request_acknowledge(service_request=request, actor=worker, now=at(18, 11))
    service_request_hold(
        service_request=held, note="Waiting for parts.", actor=worker, now=at(18, 12)
    )
    service_request_staff_change_status(
        service_request=resolved,
        to_status=Status.RESOLVED,
        note="Patched.",
        actor=worker,
        now=at(18, 13),
    )

    result = sweep(django_capture_on_commit_callbacks, at(23, 12))

    assert result.total == 0
    assert escalations(held) == escalations(resolved) == []


def test_escalate_command__runs_one_sweep(
    pothole: Service,
    django_capture_on_commit_callbacks: Capture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    request = submit(pothole, now=at(2, 10))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate")

    assert "breached: 1" in capsys.readouterr().out
    assert escalations(request) == ["breached"]


def test_contact_center__first_response_clock_escalates_once_until_answered(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    policy = SlaPolicyFactory(
        calendar=office_calendar(), target_unit=SlaUnit.BUSINESS_HOURS, target_value=4
    )
    ChannelSla.objects.create(
        channel=Channel.EMAIL, sla_policy=policy, escalation_email="contact-center@city.example"
    )
    agent = staff_user(Role.AGENT)

    def incoming(channel: Channel) -> Interaction:
        return Interaction.objects.create(
            channel=channel,
            reason=InteractionReason.QUESTION,
            outcome=InteractionOutcome.RECORDED,
            started_at=at(18, 9),
        )

    email = incoming(Channel.EMAIL)
    answered = incoming(Channel.EMAIL)
    clock = interaction_sla_start(interaction=email, now=at(18, 9))
    interaction_sla_start(interaction=answered, now=at(18, 9))
    assert interaction_sla_start(interaction=incoming(Channel.PHONE), now=at(18, 9)) is None
    assert clock is not None
    assert (clock.at_risk_at, clock.due_at) == (at(18, 12, 12), at(18, 13))
    assert interaction_first_response_record(interaction=answered, actor=agent, now=at(18, 10))
    assert not interaction_first_response_record(interaction=answered, actor=None, now=at(18, 11))

    risky = sweep(django_capture_on_commit_callbacks, at(18, 12, 30))
    sweep(django_capture_on_commit_callbacks, at(18, 12, 40))
    late = sweep(django_capture_on_commit_callbacks, at(18, 14))
    sweep(django_capture_on_commit_callbacks, at(18, 15))

    assert (risky.contacts_at_risk, late.contacts_breached) == (1, 1)
    assert [message.to for message in mail.outbox] == [["contact-center@city.example"]] * 2
    stored = InteractionSla.objects.get(interaction=answered)
    assert (stored.first_response_at, stored.responder, stored.is_on_time) == (
        at(18, 10),
        agent,
        True,
    )


def test_create_default_queues__places_open_requests_and_is_repeatable(
    pothole: Service, capsys: pytest.CaptureFixture[str]
) -> None:
    supervisor = staff_user(Role.SUPERVISOR, pothole.department)
    request = submit(pothole)

    call_command("create_default_queues")
    call_command("create_default_queues")

    request.refresh_from_db()
    assert request.queue is not None
    assert request.queue.is_default
    assert list(request.queue.supervisors.all()) == [supervisor]
    out = capsys.readouterr().out
    assert "Queues created: 1; open requests placed: 1." in out
    assert "Queues created: 0; open requests placed: 0." in out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sweep__two_sweeps_at_once_escalate_each_request_once(pothole: Service) -> None:
    requests = [submit(pothole) for _ in range(40)]
    # Nothing listens there: each delivery is written once and stays pending for a retry.
    WebhookSubscription.objects.create(
        name="Work-management system",
        url="http://127.0.0.1:9/hooks",
        secret="shared",
        event_types=[EventType.ESCALATED.value],
    )
    results: list[SweepResult] = []

    def run() -> None:
        try:
            results.append(sla_escalations_sweep(now=at(20, 12), batch_size=7))
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sum(result.breached for result in results) == 40
    for request in requests:
        assert escalations(request) == ["breached"]
    deliveries = WebhookDelivery.objects.filter(event_type=EventType.ESCALATED)
    assert deliveries.count() == 40
    assert deliveries.values("event__service_request").distinct().count() == 40


def test_scheduler__once_queues_a_sweep_for_the_worker(
    pothole: Service, capsys: pytest.CaptureFixture[str]
) -> None:
    request = submit(pothole, now=at(2, 10))

    call_command("scheduler", "--once")

    assert "Queued the SLA escalation sweep" in capsys.readouterr().out
    # The test settings run tasks at once, as a worker would pick this one up.
    assert escalations(request) == ["breached"]
